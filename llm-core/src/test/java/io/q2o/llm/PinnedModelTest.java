package io.q2o.llm;

import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ModelNotFoundException;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request that pins provider and model gets that model or a clear error: another vendor answers
 * only when {@code Q2O_LLM_PINNED_MODEL_FALLBACK=true}.
 */
class PinnedModelTest {

    private static LlmRequest pinned(String provider, String model) {
        return LlmRequest.builder().provider(provider).model(model).systemPrompt("sys").userPrompt("hi").build();
    }

    private static ModelNotFoundException notFound(String provider, String model) {
        return new ModelNotFoundException(provider, 404, "The model `" + model + "` does not exist", null);
    }

    @Test
    void aPinnedModelThatDoesNotExistIsAClearErrorAndNoOtherVendorIsCalled() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        openai.fail("gpt-9-ultra", notFound("openai", "gpt-9-ultra"));
        gemini.alwaysAnswer("from gemini", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(pinned("openai", "gpt-9-ultra"));

            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
            assertThat(r.error().message()).contains("gpt-9-ultra");
        }
        assertThat(gemini.calls()).isZero();
        assertThat(openai.calls("gpt-4o-mini")).isZero();
    }

    @Test
    void aPinnedModelFallsBackOnlyWhenTheCallerAllowsIt() {
        Fixture fx = new Fixture().set("Q2O_LLM_PINNED_MODEL_FALLBACK", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        openai.fail("gpt-9-ultra", notFound("openai", "gpt-9-ultra"));
        gemini.alwaysAnswer("from gemini", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(pinned("openai", "gpt-9-ultra"));

            assertThat(r.success()).isTrue();
            assertThat(r.provider()).isIn("openai", "gemini");
        }
    }

    @Test
    void aRequestCanAllowOrForbidThePinnedModelsFallbackOverTheSetting() {
        for (boolean setting : new boolean[]{false, true}) {
            Fixture fx = new Fixture().set("Q2O_LLM_PINNED_MODEL_FALLBACK", String.valueOf(setting));
            ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
            ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
            openai.fail("gpt-9-ultra", 2, notFound("openai", "gpt-9-ultra"));
            gemini.alwaysAnswer("from gemini", TokenCounts.of(1, 1));
            try (LlmService llm = fx.build()) {
                LlmResponse allowed = llm.complete(pinned("openai", "gpt-9-ultra").toBuilder().pinnedModelFallback(true).build());
                LlmResponse forbidden = llm.complete(pinned("openai", "gpt-9-ultra").toBuilder().pinnedModelFallback(false).build());

                assertThat(allowed.success()).as("allowed, setting %s", setting).isTrue();
                assertThat(allowed.model()).isNotEqualTo("gpt-9-ultra");
                assertThat(forbidden.success()).as("forbidden, setting %s", setting).isFalse();
                assertThat(forbidden.error().kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
            }
        }
    }

    @Test
    void aPinnedModelThatFailsFirstForAnotherReasonIsStillAClearErrorWhenItTurnsOutMissing() {
        Fixture fx = new Fixture().set("Q2O_LLM_MAX_RETRIES", "1").set("Q2O_LLM_RETRY_INITIAL_MS", "0");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        openai.fail("gpt-9-ultra", 1, new ProviderException(ErrorKind.SERVER_ERROR, "openai", 500, null, "busy", null));
        openai.fail("gpt-9-ultra", notFound("openai", "gpt-9-ultra"));
        gemini.alwaysAnswer("from gemini", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(pinned("openai", "gpt-9-ultra"));

            assertThat(r.error()).isNotNull();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.MODEL_NOT_FOUND);
        }
        assertThat(gemini.calls()).isZero();
    }

    /** A factory for "anthropic" whose key is not set: the provider is known but unusable. */
    private static LlmProviderFactory keyless() {
        return new LlmProviderFactory() {
            @Override
            public String name() {
                return "anthropic";
            }

            @Override
            public String apiKeyVariable() {
                return "ANTHROPIC_API_KEY";
            }

            @Override
            public List<String> defaultModels() {
                return List.of("claude-3-5-haiku");
            }

            @Override
            public LlmProvider create(ProviderConfig config) {
                throw new AssertionError("never created without a key");
            }
        };
    }

    @Test
    void aPinnedModelOfAProviderWithoutAKeyIsAClearErrorNamingTheKey() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("from gemini", TokenCounts.of(1, 1));
        try (LlmService llm = LlmService.builder().config(fx.config()).discoverProviders(false).clock(fx.clock)
                .executor(Runnable::run).providerFactory(keyless())
                .provider(gemini, List.of("gemini-2.5-flash")).build()) {
            LlmResponse r = llm.complete(pinned("anthropic", "claude-3-5-haiku"));

            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.NO_PROVIDER);
            assertThat(r.error().message()).contains("anthropic/claude-3-5-haiku", "ANTHROPIC_API_KEY",
                    "Q2O_LLM_PINNED_MODEL_FALLBACK");
            // a provider alone (no model) still only goes first: the chain answers
            assertThat(llm.complete(LlmRequest.builder().provider("anthropic").userPrompt("hi").build()).provider())
                    .isEqualTo("gemini");
        }
        assertThat(gemini.calls()).isEqualTo(1);
    }

    @Test
    void underAHardBudgetAPinnedModelWithoutAPriceIsRefusedRatherThanAnsweredByAnotherVendor() {
        Fixture fx = new Fixture().set("Q2O_LLM_DAILY_COST_LIMIT", "5");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        ScriptedProvider openai = fx.provider("openai", "gpt-4o-mini");
        openai.alwaysAnswer("from the pinned model", TokenCounts.of(1, 1));
        gemini.alwaysAnswer("from gemini", TokenCounts.of(1, 1));
        try (LlmService llm = fx.build()) {
            LlmResponse r = llm.complete(pinned("openai", "gpt-9-ultra"));

            assertThat(r.success()).isFalse();
            assertThat(r.error().kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
            assertThat(r.error().code()).isEqualTo("price-unknown");
            assertThat(r.error().message()).contains("gpt-9-ultra");
        }
        assertThat(gemini.calls()).isZero();
        assertThat(openai.calls()).isZero();
    }
}
