package io.q2o.llm.internal;

import io.q2o.llm.ChatMessage;
import io.q2o.llm.ImagePart;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.TextPart;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolChoice;
import io.q2o.llm.ToolDefinition;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalEncodingTest {

    private static final ToolDefinition WEATHER = ToolDefinition.of("weather", "current weather",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}");
    private static final ToolCall CALL = new ToolCall("c1", "weather", "{\"city\":\"Oslo\"}");

    private static LlmRequest.Builder base() {
        return LlmRequest.builder().systemPrompt("sys").messages(List.of(
                        ChatMessage.user(new TextPart("look"), ImagePart.of(new byte[] {1, 2, 3}, "image/png")),
                        ChatMessage.assistant("", List.of(CALL)),
                        ChatMessage.toolResult(CALL, "{\"t\":3}")))
                .tools(List.of(WEATHER)).toolChoice(ToolChoice.AUTO);
    }

    @Test
    void equalRequestsBuiltSeparatelyEncodeEqually() throws Exception {
        byte[] a = CanonicalEncoding.encode(base().build());
        byte[] b = CanonicalEncoding.encode(base().build());
        assertThat(a).isEqualTo(b);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        CanonicalEncoding.update(md, base().build());
        assertThat(md.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(a));
    }

    @Test
    void everyConversationPartChangesTheEncoding() {
        List<UnaryOperator<LlmRequest.Builder>> changes = new ArrayList<>();
        changes.add(b -> b.systemPrompt("sys2"));
        changes.add(b -> b.messages(List.of(ChatMessage.user(new TextPart("look"),
                ImagePart.of(new byte[] {1, 2, 4}, "image/png")), ChatMessage.assistant("", List.of(CALL)),
                ChatMessage.toolResult(CALL, "{\"t\":3}"))));
        changes.add(b -> b.messages(List.of(ChatMessage.user(new TextPart("look"),
                ImagePart.of(new byte[] {1, 2, 3}, "image/jpeg")), ChatMessage.assistant("", List.of(CALL)),
                ChatMessage.toolResult(CALL, "{\"t\":3}"))));
        changes.add(b -> b.messages(List.of(ChatMessage.user(new TextPart("look"),
                ImagePart.of(new byte[] {1, 2, 3}, "image/png")), ChatMessage.assistant("", List.of(CALL)),
                ChatMessage.toolResult(CALL, "{\"t\":4}"))));
        changes.add(b -> b.messages(List.of(ChatMessage.user(new TextPart("look"),
                ImagePart.of(new byte[] {1, 2, 3}, "image/png")), ChatMessage.assistant("", List.of(CALL)),
                ChatMessage.toolError(CALL, "{\"t\":3}"))));
        ToolCall other = new ToolCall("c1", "weather", "{\"city\":\"Bergen\"}");
        changes.add(b -> b.messages(List.of(ChatMessage.user(new TextPart("look"),
                ImagePart.of(new byte[] {1, 2, 3}, "image/png")), ChatMessage.assistant("", List.of(other)),
                ChatMessage.toolResult(other, "{\"t\":3}"))));
        changes.add(b -> b.messages(List.of(ChatMessage.user("look"))));
        changes.add(b -> b.messages(List.of(ChatMessage.user("look"), ChatMessage.assistant("a"), ChatMessage.user("b"))));
        changes.add(b -> b.messages(List.of(ChatMessage.user("look"), ChatMessage.assistant("a b"))));
        changes.add(b -> b.tools(List.of(ToolDefinition.of("weather", "current weather!",
                "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"))));
        changes.add(b -> b.tools(List.of(ToolDefinition.of("weather", "current weather",
                "{\"type\":\"object\",\"properties\":{\"town\":{\"type\":\"string\"}}}"))));
        changes.add(b -> b.tools(List.of(WEATHER.withStrict(true))));
        changes.add(b -> b.tools(List.of(WEATHER, ToolDefinition.of("time", "", "{\"type\":\"object\"}"))));
        changes.add(b -> b.toolChoice(null));
        changes.add(b -> b.toolChoice(ToolChoice.REQUIRED));
        changes.add(b -> b.toolChoice(ToolChoice.named("weather")));
        changes.add(b -> b.parallelToolCalls(false));
        changes.add(b -> b.responseSchema(ResponseSchema.of("answer", "{\"type\":\"object\"}")));
        List<String> seen = new ArrayList<>();
        seen.add(new String(CanonicalEncoding.encode(base().build()), java.nio.charset.StandardCharsets.ISO_8859_1));
        for (UnaryOperator<LlmRequest.Builder> change : changes) {
            String enc = new String(CanonicalEncoding.encode(change.apply(base()).build()),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(seen).as("change %d", seen.size()).doesNotContain(enc);
            seen.add(enc);
        }
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        LlmRequest a = LlmRequest.builder().messages(List.of(ChatMessage.user(new TextPart("ab"), new TextPart("c")))).build();
        LlmRequest b = LlmRequest.builder().messages(List.of(ChatMessage.user(new TextPart("a"), new TextPart("bc")))).build();
        assertThat(CanonicalEncoding.encode(a)).isNotEqualTo(CanonicalEncoding.encode(b));
        assertThat(a.userPrompt()).isNotEqualTo(b.userPrompt());
    }

    private static String digest(String system, String user) {
        return new CacheKey(List.of("gemini"), null, List.of("gemini/m"), LlmRequest.of(system, user), 0.7, 100).digest();
    }

    @Test
    void loneSurrogatesAreNotConfusedWithTheQuestionMarkUtf8EncodingWouldReplaceThemWith() {
        assertThat(CanonicalEncoding.encode(LlmRequest.of("s", "a\uD800")))
                .isNotEqualTo(CanonicalEncoding.encode(LlmRequest.of("s", "a?")));
        assertThat(digest("s", "a\uDC00b")).isNotEqualTo(digest("s", "a?b"));
        assertThat(digest("\uD800", "u")).isNotEqualTo(digest("?", "u"));
        assertThat(digest("s", "\uD800")).isNotEqualTo(digest("s", "\uDBFF"));
        assertThat(digest("s", "x\uD800")).isEqualTo(digest("s", "x\uD800"));
    }

    @Test
    void wellFormedTextIsEncodedAsItsPlainUtf8() {
        String text = "caf\u00e9 \uD83D\uDE00 \u4e2d ?";
        assertThat(CanonicalEncoding.bytes(text)).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(CanonicalEncoding.bytes("a\uD800b")).containsExactly('a', 0xED, 0xA0, 0x80, 'b');
    }
}
