package io.q2o.llm.internal;

import io.q2o.llm.AssistantMessage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.ContentPart;
import io.q2o.llm.ImagePart;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.ProviderExtra;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.SystemMessage;
import io.q2o.llm.TextPart;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolChoice;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.ToolResultMessage;
import io.q2o.llm.UserMessage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The deterministic byte encoding of a request's conversation part — messages, tools, tool
 * choice, parallel tool calls and response schema — for cache keys.
 *
 * <p>Every field is length-prefixed ({@code <bytes>:<utf-8>;}), every list count-prefixed
 * ({@code [n]}), every message and part tagged with its kind, in a fixed order, so no two
 * different requests share an encoding and equal requests always do. Images are encoded by MIME
 * type and SHA-256 (never their bytes); schemas by their compact text (key order counts). Absent
 * optional values are a NUL-prefixed marker no real text can equal. Provider extras
 * (signatures) are included: they change what the provider sees.
 *
 * <p>Stateless and thread-safe. Feed a {@link MessageDigest} directly with
 * {@link #update(MessageDigest, LlmRequest)} to avoid a copy of the conversation per call.
 */
public final class CanonicalEncoding {
    private static final String VERSION = "q2o-conversation-v1";
    private static final String NONE = "\u0000none";

    private CanonicalEncoding() {
    }

    /** Where the encoding goes. */
    private interface Out {
        void write(byte[] bytes);
    }

    /**
     * @param request the request
     * @return the encoding of its messages, tools, tool choice, parallel tool calls and schema
     */
    public static byte[] encode(LlmRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(out::writeBytes, request);
        return out.toByteArray();
    }

    /**
     * Feeds the same encoding as {@link #encode} into a digest.
     *
     * @param md      the digest
     * @param request the request
     */
    public static void update(MessageDigest md, LlmRequest request) {
        write(md::update, request);
    }

    /**
     * Feeds the encoding of a conversation's parts into a digest (the same bytes as {@link #encode}
     * of a request holding them).
     *
     * @param md                the digest
     * @param messages          the messages
     * @param tools             the tools
     * @param choice            the tool choice, or {@code null}
     * @param parallelToolCalls the parallel tool calls flag, or {@code null}
     * @param schema            the response schema, or {@code null}
     */
    public static void update(MessageDigest md, List<ChatMessage> messages, List<ToolDefinition> tools,
                              ToolChoice choice, Boolean parallelToolCalls, ResponseSchema schema) {
        write(md::update, messages, tools, choice, parallelToolCalls, schema);
    }

    private static void write(Out out, LlmRequest r) {
        write(out, r.messages(), r.tools(), r.toolChoice(), r.parallelToolCalls(), r.responseSchema());
    }

    private static void write(Out out, List<ChatMessage> messageList, List<ToolDefinition> toolList, ToolChoice choice,
                              Boolean parallelToolCalls, ResponseSchema s) {
        field(out, VERSION);
        messages(out, messageList);
        tools(out, toolList);
        field(out, choice == null ? NONE : choice.mode().name());
        field(out, choice == null || choice.toolName() == null ? NONE : choice.toolName());
        field(out, parallelToolCalls == null ? NONE : parallelToolCalls.toString());
        if (s == null) {
            field(out, NONE);
        } else {
            field(out, "schema");
            field(out, s.name());
            field(out, s.schemaJson());
            field(out, Boolean.toString(s.strict()));
        }
    }

    private static void messages(Out out, List<ChatMessage> messages) {
        count(out, messages.size());
        for (ChatMessage m : messages) {
            field(out, m.role().name());
            if (m instanceof SystemMessage s) {
                field(out, s.text());
            } else if (m instanceof UserMessage u) {
                count(out, u.parts().size());
                for (ContentPart p : u.parts()) {
                    if (p instanceof TextPart t) {
                        field(out, "text");
                        field(out, t.text());
                    } else if (p instanceof ImagePart i) {
                        if (i.isUrl()) {
                            field(out, "image-url");
                            field(out, i.urlValue().orElseThrow());
                        } else {
                            field(out, "image");
                            field(out, i.mimeType());
                            field(out, i.sha256());
                        }
                    }
                }
            } else if (m instanceof AssistantMessage a) {
                field(out, a.text());
                count(out, a.toolCalls().size());
                for (ToolCall c : a.toolCalls()) {
                    field(out, c.id());
                    field(out, c.name());
                    field(out, c.arguments());
                    extras(out, c.extras());
                }
                extras(out, a.extras());
            } else if (m instanceof ToolResultMessage t) {
                field(out, t.toolCallId());
                field(out, t.toolName());
                field(out, t.content());
                field(out, Boolean.toString(t.error()));
            }
        }
    }

    private static void tools(Out out, List<ToolDefinition> tools) {
        count(out, tools.size());
        for (ToolDefinition t : tools) {
            field(out, t.name());
            field(out, t.description());
            field(out, t.parametersJson());
            field(out, Boolean.toString(t.strict()));
        }
    }

    private static void extras(Out out, List<ProviderExtra> extras) {
        count(out, extras.size());
        for (ProviderExtra e : extras) {
            field(out, e.provider());
            field(out, e.name());
            field(out, e.value());
        }
    }

    private static void count(Out out, int n) {
        out.write(("[" + n + "]").getBytes(StandardCharsets.US_ASCII));
    }

    private static void field(Out out, String s) {
        byte[] bytes = bytes(s);
        out.write((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write(SEMICOLON);
    }

    private static final byte[] SEMICOLON = {';'};

    /**
     * The UTF-8 bytes of a text, losslessly even for a malformed one: {@link String#getBytes}
     * turns each lone UTF-16 surrogate into {@code '?'}, which would give {@code "a\uD800"} and
     * {@code "a?"} the same encoding (and so the same cache entry) although providers receive
     * different text. A lone surrogate is written as its three-byte generalised UTF-8 form
     * ({@code ED A0 80} for U+D800), which no well-formed text encodes to.
     *
     * @param s a text
     * @return its bytes; exactly its UTF-8 when it has no lone surrogate
     */
    static byte[] bytes(String s) {
        if (!hasLoneSurrogate(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 3);
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                out.writeBytes(s.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
                start = i + 1;
            }
        }
        out.writeBytes(s.substring(start).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
