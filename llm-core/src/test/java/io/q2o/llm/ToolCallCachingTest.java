package io.q2o.llm;

import io.q2o.llm.internal.AnswerCodec;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tool calls and provider extras survive the response cache, in memory and serialized. */
class ToolCallCachingTest {

    private static final ToolCall CALL = new ToolCall("c1", "lookup", "{\"q\":\"x\"}",
            List.of(new ProviderExtra("gemini", "thoughtSignature", "c2ln")));
    private static final List<ProviderExtra> TURN = List.of(new ProviderExtra("anthropic", "thinking", "{\"t\":1}"));

    @Test
    void aCacheHitReturnsTheToolCallsAtZeroCost() {
        Fixture fx = new Fixture().set("Q2O_LLM_CACHE_ENABLED", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        gemini.answer("gpt-4o-mini", new ProviderResponse("", "gpt-4o-mini", FinishReason.TOOL_CALLS,
                TokenCounts.of(100, 10), List.of(CALL), TURN));
        LlmRequest req = LlmRequest.builder().userPrompt("find x")
                .tools(List.of(ToolDefinition.of("lookup", "", "{\"type\":\"object\"}"))).build();
        try (LlmService s = fx.build()) {
            LlmResponse first = s.complete(req);
            LlmResponse hit = s.complete(req);

            assertThat(first.toolCalls()).containsExactly(CALL);
            assertThat(hit.cacheHit()).isTrue();
            assertThat(hit.toolCalls()).containsExactly(CALL);
            assertThat(hit.extras()).isEqualTo(TURN);
            assertThat(hit.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
            assertThat(hit.usage().totalCost()).hasValueSatisfying(c -> assertThat(c).isZero());
            assertThat(gemini.calls()).isEqualTo(1);
            assertThat(hit.toMessage()).isEqualTo(new AssistantMessage("", List.of(CALL), TURN));
        }
    }

    @Test
    void serializedAnswersKeepToolCallsAndExtras() {
        LlmUsage usage = new LlmUsage("gemini", "gpt-4o-mini", TokenCounts.of(1, 2), java.util.Optional.empty(),
                java.util.Optional.empty(), java.time.Instant.parse("2026-01-01T00:00:00Z"), java.time.Duration.ZERO,
                false, false);
        LlmResponse r = LlmResponse.success("", usage, FinishReason.TOOL_CALLS, List.of(), false, false)
                .withToolCalls(List.of(CALL, new ToolCall("c2", "lookup", "{}")), TURN);
        AnswerCodec codec = new AnswerCodec();

        LlmResponse back = codec.decode("k", codec.encode("k", r)).orElseThrow();

        assertThat(back.toolCalls()).isEqualTo(r.toolCalls());
        assertThat(back.extras()).isEqualTo(TURN);
        assertThat(back.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(codec.decode("other", codec.encode("k", r))).isEmpty();
    }
}
