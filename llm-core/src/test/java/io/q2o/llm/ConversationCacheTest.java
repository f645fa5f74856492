package io.q2o.llm;

import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The response cache keys on the whole conversation: messages, tools, tool choice and schema. */
class ConversationCacheTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"],\"additionalProperties\":false}";

    private static LlmRequest.Builder conversation(String lastUser) {
        return LlmRequest.builder().messages(List.of(new SystemMessage("You plan trips."), UserMessage.of("Where to?"),
                new AssistantMessage("Somewhere warm?", List.of(), List.of()), UserMessage.of(lastUser)));
    }

    @Test
    void anIdenticalConversationHitsAndAnyChangeOfMessageToolOrChoiceMisses() {
        Fixture fx = new Fixture().set("Q2O_LLM_CACHE_ENABLED", "true");
        ScriptedProvider gemini = fx.provider("gemini", "gemini-2.5-flash");
        gemini.alwaysAnswer("Lisbon", TokenCounts.of(10, 2));
        ToolDefinition weather = ToolDefinition.of("weather", "Current weather of a city", SCHEMA);
        ToolDefinition weatherV2 = ToolDefinition.of("weather", "Current weather and forecast of a city", SCHEMA);
        try (LlmService llm = fx.build()) {
            LlmResponse first = llm.complete(conversation("Yes, in Europe").tools(List.of(weather)).build());
            LlmResponse same = llm.complete(conversation("Yes, in Europe").tools(List.of(weather)).build());
            LlmResponse otherMessage = llm.complete(conversation("Yes, in Asia").tools(List.of(weather)).build());
            LlmResponse otherTool = llm.complete(conversation("Yes, in Europe").tools(List.of(weatherV2)).build());
            LlmResponse otherChoice = llm.complete(conversation("Yes, in Europe").tools(List.of(weather))
                    .toolChoice(ToolChoice.REQUIRED).build());
            LlmResponse noTools = llm.complete(conversation("Yes, in Europe").build());

            assertThat(first.cacheHit()).isFalse();
            assertThat(same.cacheHit()).as("identical conversation").isTrue();
            assertThat(List.of(otherMessage, otherTool, otherChoice, noTools)).noneMatch(LlmResponse::cacheHit);
        }
        assertThat(gemini.calls()).isEqualTo(5);
    }
}
