package io.q2o.llm;

import io.q2o.llm.spi.RetryAfter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private static Optional<Duration> headers(Map<String, String> h) {
        return RetryAfter.fromHeaders(name -> Optional.ofNullable(h.get(name)), NOW);
    }

    @Test
    void readsSecondsMillisecondsAndDates() {
        assertThat(RetryAfter.parse("7", NOW)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 1.5 ", NOW)).contains(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse("Sat, 28 Nov 2026 10:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Sat, 28 Nov 2026 09:00:00 GMT", NOW)).contains(Duration.ZERO);
        assertThat(RetryAfter.parseMillis("250")).contains(Duration.ofMillis(250));
    }

    @Test
    void millisecondsWinAndGarbageIsIgnored() {
        assertThat(headers(Map.of("retry-after-ms", "120", "retry-after", "9"))).contains(Duration.ofMillis(120));
        assertThat(headers(Map.of("retry-after-ms", "soon", "retry-after", "9"))).contains(Duration.ofSeconds(9));
        assertThat(headers(Map.of("retry-after", "-1"))).isEmpty();
        assertThat(headers(Map.of("retry-after", "tomorrow"))).isEmpty();
        assertThat(headers(Map.of("retry-after", "1e9"))).isEmpty();
        assertThat(headers(Map.of())).isEmpty();
        assertThat(RetryAfter.parse("NaN", NOW)).isEmpty();
        assertThat(RetryAfter.parse("7d", NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
        assertThat(headers(Map.of("retry-after-ms", "Infinity", "retry-after", "2"))).contains(Duration.ofSeconds(2));
    }

    @Test
    void keysNeverSurviveInMessagesOrCauseChains() {
        io.q2o.llm.spi.KeyRedactor r = io.q2o.llm.spi.KeyRedactor.of("sk-secret-123");
        assertThat(r.redact("bad key sk-secret-123!")).isEqualTo("bad key ****!");
        RuntimeException inner = new RuntimeException("Incorrect API key provided: sk-secret-123");
        RuntimeException outer = new RuntimeException("call failed", inner);
        Throwable safe = r.safeCause(outer);
        assertThat(safe).isNotSameAs(outer).hasNoCause();
        assertThat(safe.getMessage()).doesNotContain("sk-secret-123").contains("call failed");
        RuntimeException clean = new RuntimeException("timeout");
        assertThat(r.safeCause(clean)).isSameAs(clean);
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(r.safeCause(a)).as("a cause loop terminates").isSameAs(a);
        assertThat(io.q2o.llm.spi.Throwables.findCause(a, java.io.IOException.class)).isEmpty();
        assertThat(io.q2o.llm.spi.Throwables.unwrapAsync(new java.util.concurrent.CompletionException(clean))).isSameAs(clean);
    }
}
