package io.q2o.llm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.q2o.llm.spi.ProviderResponse;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /** An object schema with {@code levels} nested "properties" objects, built in code (no parser limit applies). */
    private static ObjectNode deepSchema(int levels) {
        ObjectNode root = JsonNodeFactory.instance.objectNode().put("type", "object");
        ObjectNode current = root;
        for (int i = 0; i < levels; i++) {
            ObjectNode next = JsonNodeFactory.instance.objectNode();
            current.set("properties", JsonNodeFactory.instance.objectNode().set("a", next));
            current = next;
        }
        return root;
    }

    private static String deepArray(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    @Test
    void schemaTreesNestedTooDeepAreRefusedByNameInsteadOfOverflowingTheStack() {
        ObjectNode deep = deepSchema(100_000);

        assertThatThrownBy(() -> ToolDefinition.of("lookup", "d", deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool 'lookup' parameters schema").hasMessageContaining("deeper than 500");
        assertThatThrownBy(() -> ResponseSchema.of("Report", deep))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("response schema 'Report'").hasMessageContaining("deeper than 500");
        String text = deepSchema(300).toString();
        assertThatThrownBy(() -> ToolDefinition.of("lookup", "d", text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tool 'lookup'");
        assertThat(ToolDefinition.of("lookup", "d", deepSchema(200)).name()).isEqualTo("lookup");
    }

    record Answer(String a) {
    }

    @Test
    void aTypedAnswerNestedDeeperThanTheValidatorAcceptsIsAnInvalidAnswerNotAnInternalFailure() {
        gemini.alwaysAnswer("{\"a\":" + deepArray(900) + "}", TokenCounts.of(3, 1));
        try (LlmService s = fx.build()) {
            TypedResponse<Answer> r = s.complete(LlmRequest.of("s", "u"), Answer.class);

            assertThat(r.value()).isNull();
            assertThat(r.response().error().kind()).isEqualTo(ErrorKind.STRUCTURED_OUTPUT_INVALID);
            assertThat(r.response().error().message()).contains("nested deeper than 500");
            assertThat(gemini.calls()).as("one repair round").isEqualTo(2);
        }
    }

    @Test
    void aPlainJsonAnswerNestedDeeperThanTheValidatorReadsIsStillAcceptedWithoutASchema() {
        String deep = "{\"a\":" + deepArray(900) + "}";
        gemini.alwaysAnswer(deep, TokenCounts.of(3, 1));
        try (LlmService s = fx.build()) {
            LlmResponse r = s.complete(LlmRequest.builder().userPrompt("u").responseFormat(ResponseFormat.JSON).build());

            assertThat(r.success()).as(String.valueOf(r.error())).isTrue();
            assertThat(r.content()).isEqualTo(deep);
        }
    }

    @Test
    void toolArgumentsNestedTooDeepAreAToolErrorTheModelSeesNotAnExceptionFromTheLoop() {
        gemini.answer("gemini-2.5-pro", new ProviderResponse("", "gemini-2.5-pro", FinishReason.TOOL_CALLS,
                TokenCounts.of(3, 1), List.of(new ToolCall("c1", "lookup", "{\"q\":" + deepArray(900) + "}")), List.of()));
        gemini.answer("gemini-2.5-pro", new ProviderResponse("done", "gemini-2.5-pro", FinishReason.STOP,
                TokenCounts.of(3, 1)));
        AtomicInteger invoked = new AtomicInteger();
        Tool lookup = Tool.ofJson(ToolDefinition.of("lookup", "d", "{\"type\":\"object\"}"), a -> invoked.incrementAndGet());
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(lookup).build().run(LlmRequest.of("s", "u"));

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(invoked).hasValue(0);
            ToolResultMessage result = (ToolResultMessage) r.conversation().get(3);
            assertThat(result.error()).isTrue();
            assertThat(result.content()).contains("invalid arguments for tool 'lookup'").contains("deeper than 500");
        }
    }

    @Test
    void aSchemaNoAnswerCouldBeCheckedAgainstIsRefusedWhenDefinedNamingIt() {
        String danglingRef = "{\"type\":\"object\",\"properties\":{\"x\":{\"$ref\":\"#/$defs/missing\"}}}";
        String badPattern = "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\",\"pattern\":\"([\"}}}";

        assertThatThrownBy(() -> ResponseSchema.of("Report", danglingRef))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("response schema 'Report' is not a usable JSON Schema");
        assertThatThrownBy(() -> ToolDefinition.of("lookup", "d", badPattern))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tool 'lookup' parameters schema is not a usable JSON Schema");
        String localRef = "{\"type\":\"object\",\"$defs\":{\"id\":{\"type\":\"string\"}},"
                + "\"properties\":{\"x\":{\"$ref\":\"#/$defs/id\"}}}";
        assertThat(ResponseSchema.of("Report", localRef).name()).isEqualTo("Report");
    }

    @Test
    void tokenCountsWhoseCachedPartsOverflowWhenAddedAreRefused() {
        assertThatThrownBy(() -> new TokenCounts(10, 1, Long.MAX_VALUE, Long.MAX_VALUE, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceed input tokens (10)");
        assertThat(new TokenCounts(10, 1, 4, 6, 0).uncachedInputTokens()).isZero();
    }

    @Test
    void aProviderAnswerReportingAnAbsurdTokenCountIsAMalformedAnswerAndCorruptsNoFigures() {
        gemini.byDefault(r -> new ProviderResponse("ok", "gemini-2.5-pro", FinishReason.STOP,
                TokenCounts.of(Long.MAX_VALUE, Long.MAX_VALUE)));
        try (LlmService s = fx.build()) {
            for (int i = 0; i < 2; i++) {
                LlmResponse r = s.complete(LlmRequest.of("s", "u" + i));

                assertThat(r.success()).isFalse();
                assertThat(r.error().message()).contains("more than 1000000000000 tokens");
            }
            UsageStats stats = s.usageStats();
            assertThat(stats.dailyCost()).isEqualByComparingTo("0");
            assertThat(stats.byProvider().values()).allSatisfy(b -> assertThat(b.inputTokens()).isNotNegative());
        }
    }

    @Test
    void stopSequencesThatAreNullOrHoldNullAreRefusedByName() {
        assertThatThrownBy(() -> LlmRequest.builder().userPrompt("u").stopSequences(null))
                .isInstanceOf(NullPointerException.class).hasMessage("stopSequences");
        assertThatThrownBy(() -> LlmRequest.builder().userPrompt("u").stopSequences(java.util.Arrays.asList("a", null)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stop sequences must not be null");
    }

    private static io.q2o.llm.spi.LlmProviderFactory openAiFactory() {
        return new io.q2o.llm.spi.LlmProviderFactory() {
            @Override
            public String name() {
                return "openai";
            }

            @Override
            public String apiKeyVariable() {
                return "OPENAI_API_KEY";
            }

            @Override
            public List<String> defaultModels() {
                return List.of("gpt-4o");
            }

            @Override
            public io.q2o.llm.spi.LlmProvider create(io.q2o.llm.spi.ProviderConfig config) {
                return new ScriptedProvider("openai").alwaysAnswer("ok", TokenCounts.of(1, 1));
            }
        };
    }

    @Test
    void anApiKeyThatCannotTravelInAnHttpHeaderIsRefusedNamingTheVariableButNeverShowingTheValue() {
        String secretPart = "sk-proj-Abc123SECRET";
        for (String key : List.of(secretPart + "\nX-Injected: 1", secretPart + " tail", secretPart + "\u0000",
                secretPart + "\u00e9")) {
            LlmConfig config = LlmConfig.builder().isolated().environment(java.util.Map.of("OPENAI_API_KEY", key,
                    "Q2O_LLM_PRIMARY", "openai", "Q2O_LLM_FALLBACK", "none")).build();

            assertThatThrownBy(() -> LlmService.builder().config(config).discoverProviders(false)
                    .providerFactory(openAiFactory()).build())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("OPENAI_API_KEY").hasMessageContaining("not shown")
                    .hasMessageNotContaining(secretPart);
        }
        LlmConfig fine = LlmConfig.builder().isolated().environment(java.util.Map.of("OPENAI_API_KEY",
                "  " + secretPart + "-_.~+/= \n", "Q2O_LLM_PRIMARY", "openai", "Q2O_LLM_FALLBACK", "none")).build();
        try (LlmService s = LlmService.builder().config(fine).discoverProviders(false).providerFactory(openAiFactory())
                .build()) {
            assertThat(s.complete(LlmRequest.of("s", "u")).content()).isEqualTo("ok");
        }
    }

    @Test
    void aLoopBudgetWithAnExtremeScaleIsRefusedBrieflyInsteadOfExhaustingMemoryInAMessage() {
        try (LlmService s = fx.build()) {
            for (String amount : List.of("1e-999999999", "-1e-999999999", "1e999999999", "0", "1000000000",
                    "0.00000000001")) {
                Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                        () -> s.toolLoop().budget(new java.math.BigDecimal(amount)));

                assertThat(t).as(amount).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("loop budget must be > 0 and below 1000000000 USD");
                assertThat(t.getMessage()).hasSizeLessThan(200);
            }
            assertThat(s.toolLoop().budget(new java.math.BigDecimal("0.0000000001"))).isNotNull();
            assertThat(s.toolLoop().budget(new java.math.BigDecimal("999999999.99"))).isNotNull();
        }
    }

    @Test
    void aMalformedDotenvLineIsReportedByNumberWithoutQuotingWhatMayBeAKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(".env"), "Q2O_LLM_MAX_TOKENS=100\nOPENAI_API_KEY='sk-proj-FIRSTHALF\nSECONDHALFofTheKey'\n");

        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> LlmConfig.builder().environment(java.util.Map.of()).dotenvDirectory(dir).build());

        assertThat(t).isInstanceOf(ConfigException.class).hasMessageContaining(".env").hasMessageContaining("line 3")
                .hasMessageContaining("not NAME=value");
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(c.getMessage()).doesNotContain("SECONDHALF").doesNotContain("FIRSTHALF");
        }
    }

    @Test
    void aToolThatOverflowsItsStackOrReturnsNullGivesAToolResultAndTheLoopGoesOn() {
        gemini.answer("gemini-2.5-pro", new ProviderResponse("", "gemini-2.5-pro", FinishReason.TOOL_CALLS,
                TokenCounts.of(3, 1), List.of(new ToolCall("c1", "recurse", "{}"), new ToolCall("c2", "nothing", "{}")),
                List.of()));
        gemini.answer("gemini-2.5-pro", new ProviderResponse("done", "gemini-2.5-pro", FinishReason.STOP,
                TokenCounts.of(3, 1)));
        Tool recurse = Tool.ofJson(ToolDefinition.of("recurse", "d", "{\"type\":\"object\"}"), a -> depthOf(0));
        Tool nothing = Tool.ofJson(ToolDefinition.of("nothing", "d", "{\"type\":\"object\"}"), a -> null);
        try (LlmService s = fx.build()) {
            ToolLoopResult r = s.toolLoop().tool(recurse).tool(nothing).build().run(LlmRequest.of("s", "u"));

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(r.content()).isEqualTo("done");
            ToolResultMessage overflow = (ToolResultMessage) r.conversation().get(3);
            assertThat(overflow.error()).isTrue();
            assertThat(overflow.content()).isEqualTo("tool 'recurse' failed: StackOverflowError");
            ToolResultMessage none = (ToolResultMessage) r.conversation().get(4);
            assertThat(none.error()).isFalse();
            assertThat(none.content()).isEqualTo("null");
        }
    }

    private static int depthOf(int n) {
        return depthOf(n + 1) + 1;
    }
}
