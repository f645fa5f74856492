package io.q2o.llm.testing;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Prompt hashes of conversations with tool calls, tool results and images. */
class ConversationPromptHashTest {

    private static String hash(WireProvider p, String body) {
        return Recording.promptHash(p, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String openAi(String args, String result, String image) {
        return "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"weather?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + image + "\"}}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"weather\",\"arguments\":\"" + args.replace("\"", "\\\"") + "\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"" + result + "\"}]}";
    }

    @Test
    void toolCallArgumentsResultsAndImagesAllChangeTheOpenAiPromptHash() {
        String base = hash(WireProvider.OPENAI, openAi("{\"city\":\"Oslo\"}", "4", "data:image/png;base64,AAA"));
        assertThat(hash(WireProvider.OPENAI, openAi("{ \"city\" : \"Oslo\" }", "4", "data:image/png;base64,AAA")))
                .as("argument JSON compared by value").isEqualTo(base);
        assertThat(hash(WireProvider.OPENAI, openAi("{\"city\":\"Rome\"}", "4", "data:image/png;base64,AAA"))).isNotEqualTo(base);
        assertThat(hash(WireProvider.OPENAI, openAi("{\"city\":\"Oslo\"}", "5", "data:image/png;base64,AAA"))).isNotEqualTo(base);
        assertThat(hash(WireProvider.OPENAI, openAi("{\"city\":\"Oslo\"}", "4", "data:image/png;base64,AAB"))).isNotEqualTo(base);
    }

    @Test
    void anthropicAndGeminiToolTurnsChangeTheHashToo() {
        String anthropic = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":"
                + "[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"weather\",\"input\":{\"city\":\"%s\"}}]},{\"role\":\"user\","
                + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"4\"}]}]}";
        assertThat(hash(WireProvider.ANTHROPIC, anthropic.formatted("Oslo")))
                .isNotEqualTo(hash(WireProvider.ANTHROPIC, anthropic.formatted("Rome")));
        String gemini = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"q\"}]},{\"role\":\"model\",\"parts\":"
                + "[{\"functionCall\":{\"name\":\"weather\",\"args\":{\"city\":\"Oslo\"}}}]},{\"role\":\"user\",\"parts\":"
                + "[{\"functionResponse\":{\"name\":\"weather\",\"response\":{\"c\":%s}}}]}]}";
        assertThat(hash(WireProvider.GEMINI, gemini.formatted("4"))).isNotEqualTo(hash(WireProvider.GEMINI, gemini.formatted("5")));
    }

    @Test
    void aTextOnlyPromptHashesAsItAlwaysDid() throws Exception {
        String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":\"u\"}]}";
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("[[\"system\",\"s\"],[\"user\",\"u\"]]".getBytes(StandardCharsets.UTF_8)));
        assertThat(hash(WireProvider.OPENAI, body)).isEqualTo(expected);
    }
}
