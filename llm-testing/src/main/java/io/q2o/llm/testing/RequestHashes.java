package io.q2o.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request hashes a {@link Recording} is matched by: {@link Recording#bodyHash} (the body in
 * canonical JSON) and {@link Recording#promptHash} (the prompt alone, read from each provider's
 * request format, with roles normalised and markers for tool calls, tool results and images).
 */
final class RequestHashes {

    private RequestHashes() {
    }

    /** @see Recording#bodyHash */
    static String body(byte[] body) {
        byte[] canonical = body;
        try {
            JsonNode node = Recording.JSON.readTree(body);
            if (node != null) {
                canonical = Recording.JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsBytes(canonical(node));
            }
        } catch (IOException e) {
            // not JSON: hash the bytes
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** @see Recording#promptHash */
    static String prompt(WireProvider provider, byte[] body) {
        JsonNode root;
        try {
            root = Recording.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        if (root == null || !root.isObject()) {
            return null;
        }
        ArrayNode turns = Recording.JSON.createArrayNode();
        switch (provider) {
            case OPENAI:
                root.path("messages").forEach(m -> {
                    StringBuilder t = new StringBuilder(text(m.path("content")));
                    m.path("tool_calls").forEach(c -> t.append(callMarker(c.path("function").path("name").asText(),
                            parsed(c.path("function").path("arguments")))));
                    turn(turns, m.path("role").asText(), t.toString());
                });
                break;
            case ANTHROPIC:
                if (!root.path("system").isMissingNode()) {
                    turn(turns, "system", text(root.path("system")));
                }
                root.path("messages").forEach(m -> turn(turns, m.path("role").asText(), text(m.path("content"))));
                break;
            default:
                if (!root.path("systemInstruction").isMissingNode()) {
                    turn(turns, "system", text(root.path("systemInstruction").path("parts")));
                }
                root.path("contents").forEach(c -> turn(turns, c.path("role").asText("user"), text(c.path("parts"))));
                break;
        }
        if (turns.isEmpty()) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(turns.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void turn(ArrayNode turns, String role, String text) {
        String r = role.equals("developer") ? "system" : role.equals("model") ? "assistant" : role;
        turns.addArray().add(r).add(text);
    }

    /**
     * @return the text of a content value: a string, or the "text" of each part/block in order; tool
     *         calls, tool results and images in a part add a marker (calls by name and canonical
     *         arguments, images by the hash of their data or URL), so conversations that differ only
     *         in those still hash differently — a text-only prompt hashes as before
     */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder sb = new StringBuilder();
        content.forEach(part -> {
            sb.append(part.path("text").asText(""));
            if (part.has("image_url")) {
                sb.append(imageMarker(part.path("image_url").path("url").asText("")));
            } else if ("image".equals(part.path("type").asText()) && part.has("source")) {
                JsonNode src = part.path("source");
                sb.append(imageMarker(src.path("data").asText(src.path("url").asText(""))));
            } else if (part.has("inlineData")) {
                sb.append(imageMarker(part.path("inlineData").path("data").asText("")));
            } else if ("tool_use".equals(part.path("type").asText())) {
                sb.append(callMarker(part.path("name").asText(), part.path("input")));
            } else if (part.has("functionCall")) {
                sb.append(callMarker(part.path("functionCall").path("name").asText(), part.path("functionCall").path("args")));
            } else if ("tool_result".equals(part.path("type").asText())) {
                sb.append("\u0000result:").append(text(part.path("content")));
            } else if (part.has("functionResponse")) {
                sb.append("\u0000result:").append(canonicalText(part.path("functionResponse").path("response")));
            }
        });
        return sb.toString();
    }

    private static String callMarker(String name, JsonNode arguments) {
        return "\u0000call:" + name + ":" + canonicalText(arguments);
    }

    private static String imageMarker(String data) {
        return "\u0000image:" + body(data.getBytes(StandardCharsets.UTF_8));
    }

    /** @return a JSON string value parsed as JSON (OpenAI's arguments), else the node itself */
    private static JsonNode parsed(JsonNode value) {
        if (value.isTextual()) {
            try {
                JsonNode n = Recording.JSON.readTree(value.asText());
                return n == null ? value : n;
            } catch (IOException e) {
                return value;
            }
        }
        return value;
    }

    private static String canonicalText(JsonNode node) {
        try {
            return Recording.JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(canonical(node));
        } catch (IOException e) {
            return node.toString();
        }
    }

    private static Object canonical(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), canonical(e.getValue()));
            }
            return sorted;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(canonical(n)));
            return list;
        }
        return node;
    }
}
