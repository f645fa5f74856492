package io.q2o.llm;

import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

/** Hard budgets hold whatever the provider counts, and a small budget lowers max tokens instead of refusing. */
class BudgetBoundTest {

    private static final BigDecimal LIMIT = new BigDecimal("0.02");

    /** gpt-4o-mini: $0.15 input and $0.60 output per million tokens (config/llm_config.json). */
    private static BigDecimal cost(long in, long out) {
        return new BigDecimal("0.15").multiply(BigDecimal.valueOf(in)).add(new BigDecimal("0.60")
                .multiply(BigDecimal.valueOf(out))).divide(BigDecimal.valueOf(1_000_000));
    }

    @ParameterizedTest(name = "provider reports {0}x the prompt's bytes/4 as input tokens")
    @ValueSource(ints = {1, 3, 10})
    void sixteenThreadsNeverPushSpendPastTheBudgetWhateverTheProviderCounts(int factor) throws Exception {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", LIMIT.toPlainString()).set("Q2O_LLM_MAX_TOKENS", "300");
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        List<BigDecimal> billed = java.util.Collections.synchronizedList(new ArrayList<>());
        gemini.byDefault(r -> {
            long bytes = (r.systemPrompt() + r.userPrompt()).getBytes(StandardCharsets.UTF_8).length;
            long input = Math.max(1, bytes / 4) * factor;
            long output = r.maxTokens();
            billed.add(cost(input, output));
            return new ProviderResponse("ok", r.model(), FinishReason.LENGTH, TokenCounts.of(input, output));
        });
        String prompt = "Summarise the quarterly report for the board, with every figure and its source. ".repeat(20);
        try (LlmService llm = fx.build()) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 40; i++) {
                        llm.complete(LlmRequest.of("sys", prompt + i));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            BigDecimal spent = billed.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(billed).as("calls went through until the budget ran out").hasSizeGreaterThan(10);
            assertThat(spent).as("overshoot is exactly zero").isLessThanOrEqualTo(LIMIT);
            assertThat(llm.usageStats().dailyCost()).isEqualByComparingTo(spent);
        }
    }

    @ParameterizedTest(name = "provider reports {0}x the library's estimate of dense text")
    @ValueSource(ints = {3, 10})
    void denseTextBilledAtAMultipleOfTheLibrarysOwnEstimateNeverOvershoots(int factor) throws Exception {
        // CSV and JSON data: o200k_base packs them at 1.7-2.5 bytes per token, so 10x its estimate passes
        // 4 tokens per byte
        io.q2o.llm.internal.TokenEstimator estimator = new io.q2o.llm.internal.TokenEstimator();
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", LIMIT.toPlainString()).set("Q2O_LLM_MAX_TOKENS", "300");
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        List<BigDecimal> billed = java.util.Collections.synchronizedList(new ArrayList<>());
        gemini.byDefault(r -> {
            long input = factor * estimator.count(io.q2o.llm.internal.RequestText.forEstimate(
                    LlmRequest.of(r.systemPrompt(), r.userPrompt())));
            billed.add(cost(input, r.maxTokens()));
            return new ProviderResponse("ok", r.model(), FinishReason.STOP, TokenCounts.of(input, r.maxTokens()));
        });
        try (LlmService llm = fx.build()) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 40; i++) {
                        StringBuilder csv = new StringBuilder("Sum the amounts:\n");
                        for (int row = 0; row < 60; row++) {
                            csv.append("2024-01-").append(row % 28 + 1).append(',').append(thread * 1000 + i * 37 + row)
                                    .append('.').append(row % 100).append(",").append(row * 7 % 13).append('\n');
                        }
                        llm.complete(LlmRequest.of("sys", csv.toString()));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
        BigDecimal spent = billed.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(billed).as("calls went through until the budget ran out").hasSizeGreaterThan(10).hasSizeLessThan(640);
        assertThat(spent).as("overshoot is exactly zero").isLessThanOrEqualTo(LIMIT);
    }

    @Test
    void aLargeImageIsReservedAtGeminisTileCountSoSixteenThreadsStillNeverOvershoot() throws Exception {
        // 8000 x 6000 px: Gemini bills 11 x 8 tiles x 258 = 22,704 tokens, far above the flat 8,192 per image
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8000, 6000,
                java.awt.image.BufferedImage.TYPE_BYTE_BINARY), "png", png);
        ImagePart photo = ImagePart.of(png.toByteArray(), "image/png");
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", LIMIT.toPlainString()).set("Q2O_LLM_MAX_TOKENS", "300");
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        List<BigDecimal> billed = java.util.Collections.synchronizedList(new ArrayList<>());
        gemini.byDefault(r -> {
            long input = 22_704 + 50;
            billed.add(cost(input, r.maxTokens()));
            return new ProviderResponse("ok", r.model(), FinishReason.STOP, TokenCounts.of(input, r.maxTokens()));
        });
        try (LlmService llm = fx.build()) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 5; i++) {
                        llm.complete(LlmRequest.builder().messages(List.of(ChatMessage.user(
                                new TextPart("Describe photo " + thread + "/" + i), photo))).build());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }
        BigDecimal spent = billed.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(billed).as("calls went through until the budget ran out").hasSizeGreaterThan(2).hasSizeLessThan(80);
        assertThat(spent).as("overshoot is exactly zero").isLessThanOrEqualTo(LIMIT);
    }

    @Test
    void anAnswerFromAModelWithoutAPriceCountsItsReservedWorstCaseSoTheBudgetStillEnds() {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", "0.01").set("Q2O_LLM_MAX_TOKENS", "300");
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        // the server answers with a model the price table does not know (not a dated snapshot)
        gemini.byDefault(r -> new ProviderResponse("ok", "gpt-4o-mini-experimental", FinishReason.STOP,
                TokenCounts.of(10, 300)));
        try (LlmService llm = fx.build()) {
            int answered = 0;
            for (int i = 0; i < 200 && llm.complete(req("q" + i)).success(); i++) {
                answered++;
            }
            assertThat(answered).as("the budget ends although no answer has a known cost").isBetween(1, 199);
            assertThat(llm.usageStats().dailyCost()).isPositive().isLessThanOrEqualTo(new BigDecimal("0.01"));
        }
    }

    @Test
    void aBudgetTooSmallForTheDefaultMaxTokensLowersThemInsteadOfRefusing() {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", "0.002");
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        gemini.byDefault(r -> new ProviderResponse("ok", r.model(), FinishReason.STOP, TokenCounts.of(10, 10)));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));

            assertThat(r.success()).isTrue();
            assertThat(r.maxTokensClamped()).isPresent();
            assertThat(r.maxTokensClamped().getAsInt()).isLessThan(8192).isGreaterThanOrEqualTo(256);
        }
        int sent = gemini.requests().get(0).maxTokens();
        assertThat(sent).isLessThan(8192).isGreaterThanOrEqualTo(256);
        long inputBound = new io.q2o.llm.internal.InputBound(4, 10).tokens(req("hi"));
        assertThat(cost(inputBound, sent)).as("the lowered limit's worst case fits the budget")
                .isLessThanOrEqualTo(new BigDecimal("0.002"));
    }

    @Test
    void aBudgetThatCannotAffordTheFloorRefusesWithoutCountingTheCall() {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", "0.00001").set("Q2O_LLM_DAILY_LIMIT", "3");
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        gemini.alwaysAnswer("ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            for (int i = 0; i < 5; i++) {
                LlmResponse r = llm.complete(req("hi " + i));
                assertThat(r.error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
            }
            assertThat(llm.usageStats().dailyCalls()).as("refused calls are never counted").isZero();
        }
        assertThat(gemini.calls()).isZero();
    }
}
