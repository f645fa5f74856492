package io.q2o.llm.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Turns an MCP tool result into the text a tool result message carries (llm-core's tool results
 * are text).
 *
 * <p>Mapping: structured content, when the server sends it, is the result (compact JSON) — the
 * protocol asks servers to repeat it as text, so the text blocks are then left out. Otherwise the
 * content blocks in order, one per line: text as it is; an image or audio block as a short
 * placeholder naming its MIME type and decoded size (the bytes are not sent to the model, whose
 * tool results are text); an embedded text resource as its URI and text; a blob resource or a
 * resource link as its URI and MIME type. Stateless.
 */
final class McpResultText {
    private McpResultText() {
    }

    /**
     * @param result the server's result
     * @param mapper the JSON mapper for structured content
     * @return the text for the model, never {@code null}
     */
    static String of(McpSchema.CallToolResult result, McpJsonMapper mapper) {
        if (result.structuredContent() != null) {
            try {
                return mapper.writeValueAsString(result.structuredContent());
            } catch (IOException | RuntimeException e) {
                // fall through to the content blocks
            }
        }
        List<String> parts = new ArrayList<>();
        if (result.content() != null) {
            for (McpSchema.Content c : result.content()) {
                parts.add(block(c));
            }
        }
        return String.join("\n", parts);
    }

    private static String block(McpSchema.Content c) {
        if (c instanceof McpSchema.TextContent t) {
            return t.text() == null ? "" : t.text();
        }
        if (c instanceof McpSchema.ImageContent i) {
            return "[image " + i.mimeType() + ", " + decodedSize(i.data()) + " bytes]";
        }
        if (c instanceof McpSchema.AudioContent a) {
            return "[audio " + a.mimeType() + ", " + decodedSize(a.data()) + " bytes]";
        }
        if (c instanceof McpSchema.EmbeddedResource r) {
            if (r.resource() instanceof McpSchema.TextResourceContents t) {
                return "[resource " + t.uri() + "]\n" + (t.text() == null ? "" : t.text());
            }
            if (r.resource() instanceof McpSchema.BlobResourceContents b) {
                return "[resource " + b.uri() + ", " + b.mimeType() + ", " + decodedSize(b.blob()) + " bytes]";
            }
            return "[resource]";
        }
        if (c instanceof McpSchema.ResourceLink l) {
            return "[resource link " + l.uri() + (l.mimeType() == null ? "" : ", " + l.mimeType()) + "]";
        }
        return "[" + c.getClass().getSimpleName() + "]";
    }

    private static long decodedSize(String base64) {
        if (base64 == null) {
            return 0;
        }
        try {
            return Base64.getDecoder().decode(base64).length;
        } catch (IllegalArgumentException e) {
            return base64.length() * 3L / 4;
        }
    }
}
