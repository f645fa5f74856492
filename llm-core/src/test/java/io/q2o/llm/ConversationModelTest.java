package io.q2o.llm;

import io.q2o.llm.spi.ProviderRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConversationModelTest {

    record Weather(String city, Unit unit) {
    }

    enum Unit { CELSIUS, FAHRENHEIT }

    record Line(String item, int quantity, java.math.BigDecimal price) {
    }

    record Order(String customer, List<Line> lines, Line featured) {
    }

    private static final ToolCall CALL = new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}");

    @Test
    void shorthandBecomesSystemAndUserMessages() {
        LlmRequest r = LlmRequest.of("be brief", "hello");
        assertThat(r.messages()).containsExactly(ChatMessage.system("be brief"), ChatMessage.user("hello"));
        assertThat(r.systemPrompt()).isEqualTo("be brief");
        assertThat(r.userPrompt()).isEqualTo("hello");
        assertThat(r.toBuilder().userPrompt("other").build().userPrompt()).isEqualTo("other");
    }

    @Test
    void conversationWithToolRoundTripIsAcceptedAndSummarised() {
        LlmRequest r = LlmRequest.builder().systemPrompt("sys").messages(List.of(
                ChatMessage.user("weather in Oslo?"),
                ChatMessage.assistant("", List.of(CALL)),
                ChatMessage.toolResult(CALL, "{\"temp\":3}"),
                ChatMessage.user(new TextPart("and this?"), ImagePart.of(new byte[] {1, 2, 3}, "image/png"))))
                .tools(List.of(ToolDefinition.fromType("weather", "current weather", Weather.class)))
                .toolChoice(ToolChoice.named("weather")).build();
        assertThat(r.messages()).hasSize(5).first().isEqualTo(ChatMessage.system("sys"));
        assertThat(r.userPrompt()).isEqualTo("and this?");
        assertThat(r.toBuilder().build()).usingRecursiveComparison().isEqualTo(r);
        ProviderRequest pr = ProviderRequest.of(r, "m", 0.5, 100, Duration.ofSeconds(5));
        assertThat(pr.messages()).isEqualTo(r.messages());
        assertThat(pr.tools()).isEqualTo(r.tools());
        assertThat(pr.toolChoice()).isEqualTo(ToolChoice.named("weather"));
        assertThat(pr.systemPrompt()).isEqualTo("sys");
    }

    @Test
    void generatedToolSchemaIsStrictObjectWithEveryPropertyRequired() {
        ToolDefinition t = ToolDefinition.fromType("weather", "w", Weather.class);
        assertThat(t.strict()).isTrue();
        assertThat(t.parameters().path("type").asText()).isEqualTo("object");
        assertThat(t.parameters().path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(t.parameters().path("required")).extracting(n -> n.asText()).containsExactlyInAnyOrder("city", "unit");
        assertThat(t.parameters().path("properties").path("unit").path("enum")).hasSize(2);
        assertThat(t.parameters().has("$schema")).isFalse();
    }

    @Test
    void nestedRecordsAreStrictAtEveryLevel() {
        com.fasterxml.jackson.databind.JsonNode s = ResponseSchema.fromType(Order.class).schema();
        String text = s.toString();
        assertThat(s.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(text).doesNotContain("\"additionalProperties\":true");
        long objects = text.split("\"type\":\"object\"", -1).length - 1;
        long closed = text.split("\"additionalProperties\":false", -1).length - 1;
        assertThat(objects).isGreaterThanOrEqualTo(2);
        assertThat(closed).isEqualTo(objects);
        assertThat(text).contains("\"quantity\":{\"type\":\"integer\"}").contains("\"price\":{\"type\":\"number\"}");
    }

    @Test
    void brokenConversationsFailWithTheRuleNamed() {
        assertThatThrownBy(() -> LlmRequest.builder().messages(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userPrompt");
        assertThatThrownBy(() -> LlmRequest.builder().messages(List.of(ChatMessage.user("q"),
                new ToolResultMessage("nope", "weather", "x", false))).build())
                .hasMessageContaining("'nope'").hasMessageContaining("no earlier assistant message");
        assertThatThrownBy(() -> LlmRequest.builder().messages(List.of(ChatMessage.user("q"),
                ChatMessage.assistant("", List.of(CALL)), ChatMessage.user("next"))).build())
                .hasMessageContaining("call_1").hasMessageContaining("no tool result");
        assertThatThrownBy(() -> LlmRequest.builder().messages(List.of(ChatMessage.user("q"),
                ChatMessage.system("late"))).build()).hasMessageContaining("system messages must come first");
        assertThatThrownBy(() -> LlmRequest.builder().messages(List.of(ChatMessage.assistant("hi"))).build())
                .hasMessageContaining("no user message");
        assertThatThrownBy(() -> ToolDefinition.of("bad name!", "", "{\"type\":\"object\"}"))
                .hasMessageContaining("tool name 'bad name!'");
        assertThatThrownBy(() -> ToolDefinition.of("t", "", "{\"type\":"))
                .hasMessageContaining("tool 't' parameters schema is not valid JSON");
        assertThatThrownBy(() -> LlmRequest.builder().userPrompt("q").toolChoice(ToolChoice.named("x"))
                .tools(List.of(ToolDefinition.of("y", "", "{\"type\":\"object\"}"))).build())
                .hasMessageContaining("tool choice names tool 'x'");
        assertThatThrownBy(() -> LlmRequest.builder().userPrompt("q").messages(List.of(ChatMessage.user("r"))).build())
                .hasMessageContaining("either userPrompt or messages");
        assertThatThrownBy(() -> ImagePart.of(new byte[] {1}, "image/tiff")).hasMessageContaining("image/tiff");
        assertThatThrownBy(() -> ImagePart.url("file:///etc/passwd")).hasMessageContaining("http or https");
    }

    @Test
    void imagesAreEqualByContentAndHash() {
        byte[] bytes = {9, 8, 7};
        ImagePart a = ImagePart.of(bytes, "image/png");
        bytes[0] = 0;
        ImagePart b = ImagePart.of(new byte[] {9, 8, 7}, "IMAGE/PNG");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(ImagePart.of(new byte[] {9, 8, 6}, "image/png"));
        assertThat(a.sha256()).hasSize(64);
        assertThat(a.dataUrlOrUrl()).isEqualTo("data:image/png;base64,CQgH");
    }

    @Test
    void responseSchemaImpliesJsonFormat() {
        LlmRequest r = LlmRequest.builder().userPrompt("q").responseSchema(ResponseSchema.fromType(Weather.class)).build();
        assertThat(r.responseFormat()).isEqualTo(ResponseFormat.JSON);
        assertThat(r.responseSchema().name()).isEqualTo("Weather");
    }
}
