package io.q2o.llm.anthropic;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RetryAfterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    private static Optional<Duration> parse(Map<String, String> headers) {
        return RetryAfter.parse(name -> headers.containsKey(name) ? List.of(headers.get(name)) : List.of(), CLOCK);
    }

    @Test
    void readsDeltaSeconds() {
        assertThat(parse(Map.of("retry-after", "7"))).contains(Duration.ofSeconds(7));
        assertThat(parse(Map.of("retry-after", " 1.5 "))).contains(Duration.ofMillis(1500));
    }

    @Test
    void readsMillisecondsAndPrefersThem() {
        assertThat(parse(Map.of("retry-after-ms", "20"))).contains(Duration.ofMillis(20));
        assertThat(parse(Map.of("retry-after-ms", "20", "retry-after", "9"))).contains(Duration.ofMillis(20));
    }

    @Test
    void readsAnHttpDateAgainstTheClock() {
        assertThat(parse(Map.of("retry-after", "Sat, 28 Nov 2026 12:01:30 GMT"))).contains(Duration.ofSeconds(90));
        assertThat(parse(Map.of("retry-after", "Sat, 28 Nov 2026 11:00:00 GMT"))).contains(Duration.ZERO);
    }

    @Test
    void ignoresGarbageNegativeAndNonFiniteValues() {
        assertThat(parse(Map.of())).isEmpty();
        assertThat(parse(Map.of("retry-after", "soon"))).isEmpty();
        assertThat(parse(Map.of("retry-after", "-3"))).isEmpty();
        assertThat(parse(Map.of("retry-after", "NaN"))).isEmpty();
        assertThat(parse(Map.of("retry-after", "7d"))).isEmpty();
        assertThat(parse(Map.of("retry-after-ms", "Infinity", "retry-after", "2"))).contains(Duration.ofSeconds(2));
    }
}
