package io.q2o.demo.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.q2o.llm.AssistantMessage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolLoopResult;
import io.q2o.llm.TypedResponse;
import io.q2o.llm.testing.CannedAnswers;
import io.q2o.llm.testing.CannedToolCalls;
import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the conversation, typed-answer, tool-loop and image examples through the OpenAI adapter
 * against recorded answers in OpenAI's wire format, and checks what they sent.
 */
class ChatExamplesTest {
    private static final String MODEL = "gpt-4o-mini";
    private static final ObjectMapper JSON = new ObjectMapper();
    private ReplayServer replay;

    @AfterEach
    void stop() {
        if (replay != null) {
            replay.close();
        }
    }

    private LlmService serve(Recording... answers) {
        replay = ReplayServer.start(Recordings.of(answers));
        LlmConfig config = replay.configure(LlmConfig.builder().environment(Map.of()).isolated())
                .set("Q2O_LLM_PRIMARY", "openai").set("OPENAI_MODEL", MODEL).set("Q2O_LLM_FALLBACK", "none")
                .set("Q2O_LLM_AUTO_FALLBACK", "false").build();
        return LlmService.builder().config(config).discoverProviders(true).build();
    }

    private JsonNode sent(int i) throws Exception {
        return JSON.readTree(replay.requests().get(i).body());
    }

    @Test
    void conversationKeepsTheHistoryAndSendsItWhole() throws Exception {
        try (LlmService llm = serve(CannedAnswers.text(WireProvider.OPENAI, MODEL, "Bergen.", TokenCounts.of(30, 3)),
                CannedAnswers.text(WireProvider.OPENAI, MODEL, "The KODE art museums.", TokenCounts.of(45, 6)))) {
            List<ChatMessage> history = ChatExamples.conversation(llm);

            assertThat(history).hasSize(5);
            assertThat(history.get(2)).isEqualTo(ChatMessage.assistant("Bergen."));
            assertThat(history.get(4)).isEqualTo(ChatMessage.assistant("The KODE art museums."));
            JsonNode messages = sent(1).get("messages");
            assertThat(messages).hasSize(4);
            assertThat(messages.get(2).get("role").asText()).isEqualTo("assistant");
            assertThat(messages.get(2).get("content").asText()).isEqualTo("Bergen.");
            assertThat(messages.get(3).get("content").asText()).isEqualTo("What should I see there on a rainy day?");
        }
    }

    @Test
    void recordOutputSendsTheSchemaAndReadsTheRecord() throws Exception {
        String json = "{\"customer\":\"ACME Ltd\",\"items\":[{\"description\":\"bolt\",\"quantity\":3,\"unitPrice\":0.50},"
                + "{\"description\":\"drill\",\"quantity\":1,\"unitPrice\":49.00}],\"total\":50.50}";
        try (LlmService llm = serve(CannedAnswers.text(WireProvider.OPENAI, MODEL, json, TokenCounts.of(120, 60)))) {
            TypedResponse<ChatExamples.Invoice> r = ChatExamples.recordOutput(llm);

            assertThat(r.success()).isTrue();
            assertThat(r.value().customer()).isEqualTo("ACME Ltd");
            assertThat(r.value().items()).hasSize(2);
            assertThat(r.value().total()).isEqualByComparingTo("50.50");
            JsonNode format = sent(0).get("response_format");
            assertThat(format.get("type").asText()).isEqualTo("json_schema");
            assertThat(format.get("json_schema").get("name").asText()).isEqualTo("Invoice");
            assertThat(format.get("json_schema").get("schema").get("properties").has("items")).isTrue();
        }
    }

    @Test
    void recordOutputRepairsOnceThenSucceeds() throws Exception {
        String bad = "{\"customer\":\"ACME Ltd\",\"total\":\"fifty\"}";
        String good = "{\"customer\":\"ACME Ltd\",\"items\":[],\"total\":50.5}";
        try (LlmService llm = serve(CannedAnswers.text(WireProvider.OPENAI, MODEL, bad, TokenCounts.of(120, 20)),
                CannedAnswers.text(WireProvider.OPENAI, MODEL, good, TokenCounts.of(200, 20)))) {
            TypedResponse<ChatExamples.Invoice> r = ChatExamples.recordOutput(llm);

            assertThat(r.repaired()).isTrue();
            JsonNode messages = sent(1).get("messages");
            assertThat(messages.get(messages.size() - 2).get("content").asText()).isEqualTo(bad);
            assertThat(messages.get(messages.size() - 1).get("content").asText()).contains("total").contains("items");
        }
    }

    @Test
    void toolLoopRunsTheToolsAndFinishes() throws Exception {
        try (LlmService llm = serve(
                CannedToolCalls.turn(WireProvider.OPENAI, MODEL, List.of(
                        new ToolCall("call_1", "current_temperature", "{\"city\":\"Oslo\"}"),
                        new ToolCall("call_2", "current_temperature", "{\"city\":\"Rome\"}")), TokenCounts.of(200, 40)),
                CannedAnswers.text(WireProvider.OPENAI, MODEL, "Rome is warmer: 18 °C against 4 °C.",
                        TokenCounts.of(300, 20)))) {
            ToolLoopResult r = ChatExamples.toolLoop(llm);

            assertThat(r.status()).isEqualTo(ToolLoopResult.Status.COMPLETED);
            assertThat(r.steps()).hasSize(2);
            assertThat(r.toolCalls()).isEqualTo(2);
            assertThat(((AssistantMessage) r.conversation().get(2)).toolCalls()).hasSize(2);
            BigDecimal sum = r.steps().get(0).usage().totalCost().orElseThrow()
                    .add(r.steps().get(1).usage().totalCost().orElseThrow());
            assertThat(r.totalCost()).contains(sum);
            JsonNode first = sent(0);
            assertThat(first.get("tools").get(0).get("function").get("name").asText()).isEqualTo("current_temperature");
            JsonNode messages = sent(1).get("messages");
            assertThat(messages).hasSize(5);
            assertThat(messages.get(3).get("role").asText()).isEqualTo("tool");
            assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("call_1");
            assertThat(JSON.readTree(messages.get(3).get("content").asText()).get("celsius").asDouble()).isEqualTo(4.0);
            assertThat(messages.get(4).get("tool_call_id").asText()).isEqualTo("call_2");
        }
    }

    @Test
    void imageIsSentAsADataUrlPart() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        try (LlmService llm = serve(CannedAnswers.text(WireProvider.OPENAI, MODEL, "Sales doubled in May.",
                TokenCounts.of(900, 8)))) {
            LlmResponse r = ChatExamples.image(llm, png);

            assertThat(r.success()).isTrue();
            assertThat(r.usage().inputTokens()).isEqualTo(900);
            JsonNode parts = sent(0).get("messages").get(0).get("content");
            assertThat(parts.get(0).get("text").asText()).isEqualTo("What does this chart show? One sentence.");
            assertThat(parts.get(1).get("image_url").get("url").asText()).isEqualTo("data:image/png;base64,iVBORw0KGgo=");
        }
    }
}
