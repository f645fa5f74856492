package io.q2o.llm.internal;

import io.q2o.llm.ChatMessage;
import io.q2o.llm.ImagePart;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.TextPart;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTextTest {

    @Test
    void estimateTextHoldsTheWholeConversationToolsAndSchema() {
        ToolCall call = new ToolCall("c1", "lookup", "{\"isbn\":\"978-0134685991\"}");
        LlmRequest r = LlmRequest.builder().systemPrompt("librarian").messages(List.of(
                        ChatMessage.user(new TextPart("find it"), ImagePart.of(new byte[] {1}, "image/gif"),
                                ImagePart.url("https://example.org/cover.png")),
                        ChatMessage.assistant("checking", List.of(call)),
                        ChatMessage.toolResult(call, "{\"title\":\"Effective Java\"}"),
                        ChatMessage.user("and the author?")))
                .tools(List.of(ToolDefinition.of("lookup", "finds books by ISBN",
                        "{\"type\":\"object\",\"properties\":{\"isbn\":{\"type\":\"string\"}}}")))
                .responseSchema(ResponseSchema.of("author", "{\"type\":\"object\",\"properties\":{\"nameOfAuthor\":{}}}"))
                .build();

        String text = RequestText.forEstimate(r);

        assertThat(text).contains("librarian", "find it", "checking", "978-0134685991", "Effective Java",
                "and the author?", "finds books by ISBN", "\"isbn\":{\"type\":\"string\"}", "nameOfAuthor");
        assertThat(RequestText.images(r)).hasSize(2);
        assertThat(RequestText.forEstimate(LlmRequest.of("", "hi"))).isEqualTo("hi\n");
    }
}
