package io.q2o.llm;

import io.q2o.llm.spi.AuthenticationException;
import io.q2o.llm.spi.ContextLengthExceededException;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ModelNotFoundException;
import io.q2o.llm.spi.OverloadedException;
import io.q2o.llm.spi.ProviderConnectionException;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderTimeoutException;
import io.q2o.llm.spi.RateLimitedException;
import io.q2o.llm.spi.ServerErrorException;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FallbackAndRetryTest {

    static Stream<Arguments> retryableFailures() {
        return Stream.of(
                Arguments.of("429", new RateLimitedException("gemini", 429, null, "rate limited", null)),
                Arguments.of("408", new ProviderTimeoutException("gemini", 408, "request timeout", null)),
                Arguments.of("500", new ServerErrorException("gemini", 500, null, "internal", null)),
                Arguments.of("503", new ServerErrorException("gemini", 503, null, "unavailable", null)),
                Arguments.of("529", new OverloadedException("gemini", 529, null, "overloaded", null)),
                Arguments.of("timeout", new ProviderTimeoutException("gemini", -1, "read timed out", null)),
                Arguments.of("connection", new ProviderConnectionException("gemini", -1, "connection reset", null)),
                Arguments.of("garbled", new MalformedResponseException("gemini", 200, "bad json", null)));
    }

    @ParameterizedTest(name = "{0} is retried on the same model, then the next provider answers")
    @MethodSource("retryableFailures")
    void retryableFailuresAreRetriedThenFallBack(String label, ProviderException error) {
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "2");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-pro", 3, error);
        openai.answer("gpt-4o-mini", "from openai", TokenCounts.of(10, 5));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));

            assertThat(r.success()).isTrue();
            assertThat(r.provider()).isEqualTo("openai");
            assertThat(gemini.calls("gemini-2.5-pro")).isEqualTo(3);
            assertThat(r.attempts()).hasSize(4);
            assertThat(r.attempts().subList(0, 3)).allMatch(a -> a.error() == error.kind());
            assertThat(fx.scheduler.delays()).hasSize(2);
        }
    }

    @Test
    void fallsBackToOpenAiWhenGeminiReturns503AndCostCountsOnlyTheAnswer() {
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "1");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-pro", 2, new ServerErrorException("gemini", 503, null, "unavailable", null));
        openai.answer("gpt-4o-mini", "ok", TokenCounts.of(1000, 500));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));

            assertThat(r.success()).isTrue();
            assertThat(r.attempts()).extracting(Attempt::provider).containsExactly("gemini", "gemini", "openai");
            // 1000 x 0.15 + 500 x 0.60 per 1M = 0.00015 + 0.0003
            assertThat(r.usage().totalCost()).contains(new BigDecimal("0.00045"));
            assertThat(llm.usageStats().totalCost()).isEqualByComparingTo("0.00045");
        }
    }

    @Test
    void backoffGrowsExponentiallyWithJitterWithinBounds() {
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "3").set("Q2O_LLM_RETRY_INITIAL_MS", "1000")
                .set("Q2O_LLM_RETRY_MAX_MS", "60000");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        gemini.fail("gemini-2.5-pro", 3, new ServerErrorException("gemini", 500, null, "x", null));
        gemini.answer("gemini-2.5-pro", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(req("hi")).success()).isTrue();
        }
        List<Duration> d = fx.scheduler.delays();
        assertThat(d).hasSize(3);
        assertThat(d.get(0).toMillis()).isBetween(500L, 1500L);
        assertThat(d.get(1).toMillis()).isBetween(1000L, 3000L);
        assertThat(d.get(2).toMillis()).isBetween(2000L, 6000L);
    }

    @Test
    void retryAfterIsHonouredExactly() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        gemini.fail("gemini-2.5-pro", new RateLimitedException("gemini", 429, Duration.ofSeconds(7), "slow down", null));
        gemini.answer("gemini-2.5-pro", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.success()).isTrue();
            assertThat(r.provider()).isEqualTo("gemini");
        }
        assertThat(fx.scheduler.delays()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterAboveTheCapMovesOnAtOnce() {
        Fixture fx = new Fixture().set("Q2O_LLM_RETRY_AFTER_CAP_SECONDS", "30");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-pro", new RateLimitedException("gemini", 429, Duration.ofSeconds(120), "quota", null));
        openai.answer("gpt-4o-mini", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.provider()).isEqualTo("openai");
        }
        assertThat(gemini.calls()).isEqualTo(1);
        assertThat(fx.scheduler.delays()).isEmpty();
    }

    @Test
    void authenticationFailureIsNotRetriedAndSkipsTheProvidersOtherModels() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-pro", new AuthenticationException("gemini", 401, "API key not valid", null));
        openai.answer("gpt-4o-mini", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.provider()).isEqualTo("openai");
        }
        assertThat(gemini.calls()).isEqualTo(1);
        assertThat(fx.scheduler.delays()).isEmpty();
    }

    @Test
    void whenEveryProviderRejectsTheKeyTheErrorNamesTheVariable() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-pro", new AuthenticationException("gemini", 401, "API key not valid", null));
        openai.fail("gpt-4o-mini", new AuthenticationException("openai", 401, "Incorrect API key provided", null));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.AUTHENTICATION);
            assertThat(r.error().message()).contains("OPENAI_API_KEY").doesNotContain("\n");
            assertThat(r.attempts()).extracting(Attempt::message)
                    .anySatisfy(m -> assertThat(m).contains("GOOGLE_API_KEY"));
            assertThatThrownBy(r::orThrow).isInstanceOf(LlmException.class).hasMessageContaining("AUTHENTICATION");
        }
    }

    @Test
    void unknownModelMovesToTheNextModelOfTheSameProvider() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-1.5-pro", "gemini-2.5-flash");
        gemini.fail("gemini-1.5-pro", new ModelNotFoundException("gemini", 404, "model not found", null));
        gemini.answer("gemini-2.5-flash", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.model()).isEqualTo("gemini-2.5-flash");
            assertThat(gemini.calls("gemini-1.5-pro")).isEqualTo(1);
        }
    }

    @Test
    void contextTooLongMovesToALargerContextModelSkippingSmallerOnes() {
        Fixture fx = new Fixture().set("Q2O_LLM_PRIMARY", "openai").set("Q2O_LLM_FALLBACK", "none");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o", "gpt-4o-mini", "gpt-4.1");
        openai.fail("gpt-4o", new ContextLengthExceededException("openai", 400, "maximum context length is 128000", null));
        openai.answer("gpt-4.1", "ok", TokenCounts.of(200_000, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("a very long prompt"));
            assertThat(r.model()).isEqualTo("gpt-4.1");
        }
        assertThat(openai.calls("gpt-4o-mini")).isZero();
    }

    @Test
    void contextTooLongWithoutALargerModelMovesToTheNextProvider() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4.1");
        gemini.fail("gemini-2.5-pro", new ContextLengthExceededException("gemini", 400, "input too long", null));
        openai.answer("gpt-4.1", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(req("long")).provider()).isEqualTo("openai");
        }
        assertThat(gemini.calls("gemini-2.5-flash")).isZero();
    }

    @Test
    void otherBadRequestsFailFastWithTheProvidersMessage() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-pro", new InvalidRequestException("gemini", 400, "temperature out of range", null));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
            assertThat(r.error().message()).contains("temperature out of range");
            assertThat(r.error().code()).isEqualTo("http-400");
        }
        assertThat(openai.calls()).isZero();
    }

    @Test
    void badRequestsCanBeConfiguredToFallBack() {
        Fixture fx = new Fixture().set("Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST", "false");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.fail("gemini-2.5-pro", new InvalidRequestException("gemini", 422, "unsupported", null));
        openai.answer("gpt-4o-mini", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(req("hi")).provider()).isEqualTo("openai");
        }
    }

    @Test
    void aHangingAttemptTimesOutAndTheNextProviderAnswers() {
        Fixture fx = new Fixture().set("Q2O_LLM_REQUEST_TIMEOUT_SECONDS", "5").set("Q2O_LLM_MAX_RETRIES", "0");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.hang("gemini-2.5-pro");
        openai.answer("gpt-4o-mini", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.provider()).isEqualTo("openai");
            assertThat(r.attempts().get(0).error()).isEqualTo(ErrorKind.TIMEOUT);
        }
        assertThat(fx.scheduler.delays()).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void theOverallDeadlineEndsTheCallEvenWhenProvidersHang() {
        Fixture fx = new Fixture().set("Q2O_LLM_TIMEOUT_SECONDS", "10").set("Q2O_LLM_REQUEST_TIMEOUT_SECONDS", "60");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.hang("gemini-2.5-pro");
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.TIMEOUT);
        }
        assertThat(openai.calls()).isZero();
        assertThat(fx.scheduler.delays()).containsExactly(Duration.ofSeconds(10));
    }

    @Test
    void anAdapterBugIsReportedAsInternalAndTheNextProviderAnswers() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        gemini.byDefault(r -> {
            throw new NullPointerException("adapter bug");
        });
        openai.answer("gpt-4o-mini", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.provider()).isEqualTo("openai");
            assertThat(r.attempts().get(0).error()).isEqualTo(ErrorKind.INTERNAL);
        }
    }

    @Test
    void aForcedProviderIsTriedFirstAndFallbackStillApplies() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        openai.fail("gpt-4o-mini", new AuthenticationException("openai", 401, "bad key", null));
        gemini.answer("gemini-2.5-pro", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete("sys", "hi", 0.2, 100, "openai");
            assertThat(r.provider()).isEqualTo("gemini");
            assertThat(openai.requests().get(0).temperature()).isEqualTo(0.2);
            assertThat(openai.requests().get(0).maxTokens()).isEqualTo(100);
        }
    }

    @Test
    void aModelOverrideReplacesTheFirstProvidersModelList() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        gemini.answer("gemini-2.5-flash", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("hi").model("gemini-2.5-flash").build());
            assertThat(r.model()).isEqualTo("gemini-2.5-flash");
        }
    }

    @Test
    void autoFallbackAddsOtherUsableProvidersAfterTheNamedChain() {
        Fixture fx = new Fixture().set("Q2O_LLM_FALLBACK", "none").set("Q2O_LLM_AUTO_FALLBACK", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        ScriptedProvider anthropic = fx.provider("anthropic", "claude-sonnet-4-20250514");
        gemini.fail("gemini-2.5-pro", new AuthenticationException("gemini", 403, "denied", null));
        anthropic.answer("claude-sonnet-4-20250514", "ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            assertThat(llm.complete(req("hi")).provider()).isEqualTo("anthropic");
        }
    }

    @Test
    void providerDefaultTemperatureAppliesWhenTheRequestHasNone() {
        Fixture fx = new Fixture().set("GEMINI_TEMPERATURE", "0.15").set("Q2O_LLM_TEMPERATURE", "0.9");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        gemini.alwaysAnswer("ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            llm.complete(req("hi"));
        }
        assertThat(gemini.requests().get(0).temperature()).isEqualTo(0.15);
        assertThat(gemini.requests().get(0).maxTokens()).isEqualTo(8192);
    }

    @Test
    void withNoUsableProviderTheErrorNamesTheKeyVariables() {
        Fixture fx = new Fixture();
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.error().kind()).isEqualTo(ErrorKind.NO_PROVIDER);
            assertThat(r.error().message()).contains("GOOGLE_API_KEY").contains("OPENAI_API_KEY");
        }
    }

    @Test
    void anUnknownProviderInARequestIsRejectedByName() {
        Fixture fx = new Fixture();
        fx.provider("gemini", "gemini-2.5-pro");
        try (LlmService llm = fx.build()) {
            assertThatThrownBy(() -> llm.complete(LlmRequest.builder().userPrompt("x").provider("gemnii").build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gemnii");
        }
    }

    @Test
    void switchedOffTheServiceAnswersDisabledWithoutTouchingAProvider() {
        Fixture fx = new Fixture().set("Q2O_USE_LLM", "false");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        try (LlmService llm = fx.build()) {
            assertThat(llm.isEnabled()).isFalse();
            LlmResponse r = llm.complete(req("hi"));
            assertThat(r.error().kind()).isEqualTo(ErrorKind.DISABLED);
        }
        assertThat(gemini.calls()).isZero();
    }

    @Test
    void asyncCallsGiveTheSameAnswer() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        gemini.answer("gemini-2.5-pro", "async ok", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.completeAsync(req("hi")).join();
            assertThat(r.content()).isEqualTo("async ok");
        }
    }

    @Test
    void closingClosesProvidersAndRejectsLaterCalls() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        LlmService llm = fx.build();
        llm.close();
        assertThat(gemini.isClosed()).isTrue();
        assertThatThrownBy(() -> llm.complete(req("x"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void generateCodeBuildsThePlansPromptWithResearchAsJson() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-pro");
        gemini.alwaysAnswer("print('hi')", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.generateCode("Create Stripe webhook endpoint", List.of("FastAPI", "Stripe"),
                    java.util.Map.of("docs", List.of("construct_event")), 0.3, "python");
            assertThat(r.success()).isTrue();
        }
        var sent = gemini.requests().get(0);
        assertThat(sent.systemPrompt()).contains("You are an expert FastAPI, Stripe developer.")
                .contains("production-quality python code").contains("Research Findings:")
                .contains("\"docs\" : [ \"construct_event\" ]").contains("Output ONLY the code");
        assertThat(sent.userPrompt()).startsWith("Task: Create Stripe webhook endpoint")
                .contains("Technology Stack: FastAPI, Stripe");
        assertThat(sent.temperature()).isEqualTo(0.3);
        assertThat(sent.maxTokens()).isEqualTo(8192);
    }
}
