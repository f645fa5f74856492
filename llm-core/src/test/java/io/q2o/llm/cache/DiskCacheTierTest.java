package io.q2o.llm.cache;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DiskCacheTierTest {

    private final TestClock clock = TestClock.standard();

    private LlmService service(Path dir, ScriptedProvider p) {
        LlmConfig config = LlmConfig.builder().isolated().environment(Map.of("Q2O_LLM_CACHE_DIR", dir.toString(),
                "Q2O_LLM_PRIMARY", "gemini", "Q2O_LLM_FALLBACK", "none", "Q2O_LLM_CACHE_TTL", "1")).build();
        return LlmService.builder().config(config).discoverProviders(false).provider(p, List.of("gpt-4o-mini"))
                .clock(clock).executor(Runnable::run).build();
    }

    private static ScriptedProvider provider() {
        return new ScriptedProvider("gemini").byDefault(r -> new io.q2o.llm.spi.ProviderResponse(
                "answer to " + r.userPrompt(), r.model(), io.q2o.llm.FinishReason.STOP, TokenCounts.of(10, 100)));
    }

    private static List<Path> entries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".llm")).toList();
        }
    }

    @Test
    void anAnswerSurvivesARestart(@TempDir Path dir) {
        ScriptedProvider p = provider();
        try (LlmService first = service(dir, p)) {
            first.complete(LlmRequest.of("", "q"));
        }
        try (LlmService second = service(dir, p)) {
            LlmResponse r = second.complete(LlmRequest.of("", "q"));
            assertThat(r.cacheHit()).isTrue();
            assertThat(r.content()).isEqualTo("answer to q");
            assertThat(r.usage().totalCost()).hasValueSatisfying(c -> assertThat(c).isZero());
        }
        assertThat(p.calls()).isEqualTo(1);
    }

    @Test
    void entriesExpireByTheInjectedClock(@TempDir Path dir) {
        ScriptedProvider p = provider();
        try (LlmService first = service(dir, p)) {
            first.complete(LlmRequest.of("", "q"));
        }
        clock.advance(Duration.ofDays(2));
        try (LlmService second = service(dir, p)) {
            assertThat(second.complete(LlmRequest.of("", "q")).cacheHit()).isFalse();
        }
        assertThat(p.calls()).isEqualTo(2);
    }

    @Test
    void aCorruptFileIsAMissWithAWarning(@TempDir Path dir) throws Exception {
        ScriptedProvider p = provider();
        try (LlmService first = service(dir, p)) {
            first.complete(LlmRequest.of("", "q"));
        }
        Path entry = entries(dir).get(0);
        byte[] bytes = Files.readAllBytes(entry);
        bytes[bytes.length - 3] = '#';
        bytes[20] = '{';
        Files.write(entry, bytes);
        Logger logger = (Logger) LoggerFactory.getLogger("io.q2o.llm.LlmService");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (LlmService second = service(dir, p)) {
            LlmResponse r = second.complete(LlmRequest.of("", "q"));
            assertThat(r.success()).isTrue();
            assertThat(r.cacheHit()).isFalse();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("corrupt or foreign"));
        assertThat(p.calls()).isEqualTo(2);
    }

    @Test
    void aTruncatedOrForeignFileIsAMiss(@TempDir Path dir) {
        DiskCacheTier tier = new DiskCacheTier(dir, 1_000_000, clock);
        String key = "a".repeat(64);
        tier.put(key, "hello".getBytes(), Duration.ofDays(1));
        assertThat(tier.get(key)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("hello"));
        assertThat(tier.get("b".repeat(64))).isEmpty();
        try {
            Files.write(dir.resolve(key + ".llm"), new byte[] {1, 2});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(tier.get(key)).isEmpty();
    }

    @Test
    void twoServicesSharingAFolderDoNotCorruptEachOther(@TempDir Path dir) throws Exception {
        ScriptedProvider p1 = provider();
        ScriptedProvider p2 = provider();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (LlmService a = service(dir, p1); LlmService b = service(dir, p2)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                LlmService s = t % 2 == 0 ? a : b;
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        assertThat(s.complete(LlmRequest.of("", "q" + ((i + thread) % 20))).success()).isTrue();
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(entries(dir)).hasSize(20);
        ScriptedProvider p3 = provider();
        try (LlmService c = service(dir, p3)) {
            for (int i = 0; i < 20; i++) {
                LlmResponse r = c.complete(LlmRequest.of("", "q" + i));
                assertThat(r.cacheHit()).isTrue();
                assertThat(r.content()).isEqualTo("answer to q" + i);
            }
        }
        assertThat(p3.calls()).isZero();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void theFolderStaysWithinItsByteBound(@TempDir Path dir) {
        DiskCacheTier tier = new DiskCacheTier(dir, 10_000, clock);
        byte[] kb = new byte[1_000];
        for (int i = 0; i < 100; i++) {
            tier.put(String.format("%064x", i), kb, Duration.ofDays(1));
        }
        assertThat(tier.sizeInBytes()).isLessThanOrEqualTo(10_000);
        assertThat(tier.get(String.format("%064x", 99))).as("the newest entry stays").isPresent();
    }
}
