package io.q2o.llm;

import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input a caller can hand the public API — extreme values, listeners that throw errors —
 * ends in a clear result, never in an exception or an {@link Error} out of the call.
 */
class BadInputTest {
    private final Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "0");
    private final ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");

    @Test
    void aTimeoutTooLargeForTheClockMeansNoDeadlineInsteadOfAnOverflow() {
        gemini.alwaysAnswer("ok", TokenCounts.of(3, 1));
        try (LlmService s = fx.build()) {
            for (Duration huge : List.of(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofDays(365L * 2_000_000_000L))) {
                LlmResponse r = s.complete(LlmRequest.builder().userPrompt("hi").timeout(huge).build());

                assertThat(r.success()).as("timeout %s: %s", huge, r.error()).isTrue();
                assertThat(r.content()).isEqualTo("ok");
            }
        }
    }

    @Test
    void aListenerThrowingAnErrorBreaksNeitherTheCallNorTheLedgerNorTheListenersAfterIt(@TempDir Path dir)
            throws Exception {
        fx.set("Q2O_LLM_USAGE_DIR", dir.toString());
        gemini.alwaysAnswer("ok", TokenCounts.of(3, 1));
        AtomicInteger later = new AtomicInteger();
        fx.alerts.add(new LlmListener() {
            @Override
            public void onRequestStart(RequestStart event) {
                throw new StackOverflowError("listener start");
            }

            @Override
            public void onResponse(CallEvent event) {
                throw new AssertionError("listener response");
            }
        });
        fx.alerts.add(new LlmListener() {
            @Override
            public void onResponse(CallEvent event) {
                later.incrementAndGet();
            }
        });
        try (LlmService s = fx.build()) {
            LlmResponse r = s.complete(LlmRequest.of("s", "u"));

            assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
            assertThat(r.content()).isEqualTo("ok");
            assertThat(later).hasValue(1);
            assertThat(s.usageStats().totalCalls()).isEqualTo(1);
        }
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        assertThat(lines).singleElement().asString().contains("\"provider\":\"gemini\"");
    }

    @Test
    void aStreamListenerThrowingAnErrorEndsTheStreamWithAFailureNotAnError() {
        gemini.alwaysAnswer("ok", TokenCounts.of(3, 1));
        try (LlmService s = fx.build()) {
            LlmResponse r = s.stream(LlmRequest.of("s", "u"), new StreamListener() {
                @Override
                public void onText(String chunk) {
                    throw new StackOverflowError("chunk");
                }
            }).join();

            assertThat(r.success()).isFalse();
            assertThat(r.error().message()).contains("stream listener threw").contains("StackOverflowError");
        }
    }

    @Test
    void aStreamListenerThrowingAnErrorWhenTheStreamCompletesKeepsTheAnswer() {
        gemini.alwaysAnswer("ok", TokenCounts.of(3, 1));
        try (LlmService s = fx.build()) {
            LlmResponse r = s.stream(LlmRequest.of("s", "u"), new StreamListener() {
                @Override
                public void onText(String chunk) {
                }

                @Override
                public void onCompleted(LlmResponse response) {
                    throw new StackOverflowError("completed");
                }
            }).join();

            assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
            assertThat(r.content()).isEqualTo("ok");
        }
    }
}
