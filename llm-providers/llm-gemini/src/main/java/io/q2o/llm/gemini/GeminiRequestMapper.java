package io.q2o.llm.gemini;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.types.Blob;
import com.google.genai.types.Content;
import com.google.genai.types.FileData;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionCallingConfig;
import com.google.genai.types.FunctionCallingConfigMode;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.Part;
import com.google.genai.types.Tool;
import com.google.genai.types.ToolConfig;
import io.q2o.llm.AssistantMessage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.ContentPart;
import io.q2o.llm.ImagePart;
import io.q2o.llm.ProviderExtra;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.SystemMessage;
import io.q2o.llm.TextPart;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolChoice;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.ToolResultMessage;
import io.q2o.llm.UserMessage;
import io.q2o.llm.spi.ProviderRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Maps a provider-neutral {@link ProviderRequest} onto Gemini {@code contents} and the
 * generation config: its sampling settings, system instruction, tools, tool config and response
 * schema.
 *
 * <ul>
 *   <li><b>Turns</b>: user messages → role {@code user} with {@code text}, {@code inlineData}
 *       (bytes + MIME type) and, for image URLs, {@code fileData{fileUri, mimeType}} parts (the MIME
 *       type guessed from the URL's extension, omitted when unknown); assistant messages → role
 *       {@code model} with a {@code text} part and one {@code functionCall{name, args}} part per
 *       tool call; tool results → {@code functionResponse{name, response}} parts of a {@code user}
 *       turn, the response being the result's JSON object, or {@code {"output": …}} for other
 *       content, or {@code {"error": …}} for a failed call. Consecutive turns of one role are merged,
 *       function responses first. System messages go to {@code systemInstruction} ({@link #config}).</li>
 *   <li><b>Ids</b>: the Developer API matches results to calls by name and order, so no ids are
 *       sent; the ids of {@link GeminiToolCalls} only pair calls and results on the caller's side.</li>
 *   <li><b>Thought signatures</b>: a {@code gemini}/{@value GeminiToolCalls#THOUGHT_SIGNATURE}
 *       {@link ProviderExtra} (base64) on a tool call, or on the assistant message for its text part,
 *       is sent back byte-identical as that part's {@code thoughtSignature}. Extras of other
 *       providers are never sent.</li>
 *   <li><b>Tools</b>: one {@code tools[]} entry with {@code functionDeclarations[]{name,
 *       description, parametersJsonSchema}}; tool choice → {@code toolConfig.functionCallingConfig.mode}
 *       AUTO / NONE / ANY (REQUIRED) / ANY with {@code allowedFunctionNames=[name]} (NAMED). Gemini
 *       has no parallel-calls switch, so {@link ProviderRequest#parallelToolCalls()} is not sent.</li>
 *   <li><b>Schema</b>: {@code responseMimeType: application/json} and {@code responseJsonSchema}.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class GeminiRequestMapper {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private GeminiRequestMapper() {
    }

    /**
     * @param request the request
     * @return the conversation as Gemini contents (system messages excluded)
     */
    static List<Content> contents(ProviderRequest request) {
        List<Content> out = new ArrayList<>();
        String role = null;
        List<Part> responses = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage) {
                continue;
            }
            String r = m instanceof AssistantMessage ? "model" : "user";
            if (role != null && !role.equals(r)) {
                out.add(content(role, responses, parts));
                responses = new ArrayList<>();
                parts = new ArrayList<>();
            }
            role = r;
            if (m instanceof UserMessage u) {
                for (ContentPart p : u.parts()) {
                    parts.add(part(p));
                }
            } else if (m instanceof ToolResultMessage t) {
                responses.add(Part.builder().functionResponse(FunctionResponse.builder().name(t.toolName())
                        .response(response(t))).build());
            } else if (m instanceof AssistantMessage a) {
                if (!a.text().isEmpty()) {
                    Part.Builder text = Part.builder().text(a.text());
                    signature(a.extras()).ifPresent(text::thoughtSignature);
                    parts.add(text.build());
                }
                for (ToolCall c : a.toolCalls()) {
                    Part.Builder call = Part.builder().functionCall(FunctionCall.builder().name(c.name()).args(args(c)));
                    signature(c.extras()).ifPresent(call::thoughtSignature);
                    parts.add(call.build());
                }
            }
        }
        if (role != null) {
            out.add(content(role, responses, parts));
        }
        return out;
    }

    /**
     * The request's generation config: {@code temperature}, one candidate, the system prompt as
     * {@code systemInstruction} (when any), {@code maxOutputTokens} (when &gt; 0),
     * {@code stopSequences} (when any), {@code responseMimeType: application/json} for
     * {@link ResponseFormat#JSON}, and what {@link #apply} adds. The caller adds transport options.
     *
     * @param request the request
     * @return the config builder
     */
    static GenerateContentConfig.Builder config(ProviderRequest request) {
        GenerateContentConfig.Builder b = GenerateContentConfig.builder()
                .temperature((float) request.temperature())
                .candidateCount(1);
        if (!request.systemPrompt().isEmpty()) {
            b.systemInstruction(Content.fromParts(Part.fromText(request.systemPrompt())));
        }
        if (request.maxTokens() > 0) {
            b.maxOutputTokens(request.maxTokens());
        }
        if (!request.stopSequences().isEmpty()) {
            b.stopSequences(request.stopSequences());
        }
        if (request.responseFormat() == ResponseFormat.JSON) {
            b.responseMimeType("application/json");
        }
        apply(b, request);
        return b;
    }

    /**
     * Adds tools, tool config and the response schema.
     *
     * @param b       the config being built
     * @param request the request
     */
    static void apply(GenerateContentConfig.Builder b, ProviderRequest request) {
        if (!request.tools().isEmpty()) {
            List<FunctionDeclaration> declarations = new ArrayList<>();
            for (ToolDefinition t : request.tools()) {
                FunctionDeclaration.Builder d = FunctionDeclaration.builder().name(t.name())
                        .parametersJsonSchema(toMap(t.parameters()));
                if (!t.description().isEmpty()) {
                    d.description(t.description());
                }
                declarations.add(d.build());
            }
            b.tools(List.of(Tool.builder().functionDeclarations(declarations).build()));
            if (request.toolChoice() != null) {
                b.toolConfig(ToolConfig.builder().functionCallingConfig(callingConfig(request.toolChoice())).build());
            }
        }
        if (request.responseSchema() != null) {
            b.responseMimeType("application/json");
            b.responseJsonSchema(toMap(request.responseSchema().schema()));
        }
    }

    private static FunctionCallingConfig callingConfig(ToolChoice choice) {
        FunctionCallingConfig.Builder c = FunctionCallingConfig.builder();
        switch (choice.mode()) {
            case NONE -> c.mode(FunctionCallingConfigMode.Known.NONE);
            case REQUIRED -> c.mode(FunctionCallingConfigMode.Known.ANY);
            case NAMED -> c.mode(FunctionCallingConfigMode.Known.ANY).allowedFunctionNames(List.of(choice.toolName()));
            default -> c.mode(FunctionCallingConfigMode.Known.AUTO);
        }
        return c.build();
    }

    private static Content content(String role, List<Part> responses, List<Part> parts) {
        List<Part> all = new ArrayList<>(responses);
        all.addAll(parts);
        return Content.builder().role(role).parts(all).build();
    }

    private static Part part(ContentPart p) {
        if (p instanceof TextPart t) {
            return Part.fromText(t.text());
        }
        ImagePart i = (ImagePart) p;
        if (i.isUrl()) {
            String url = i.urlValue().orElseThrow();
            FileData.Builder f = FileData.builder().fileUri(url);
            mimeFromUrl(url).ifPresent(f::mimeType);
            return Part.builder().fileData(f.build()).build();
        }
        return Part.builder().inlineData(Blob.builder().data(i.bytes()).mimeType(i.mimeType()).build()).build();
    }

    static Optional<String> mimeFromUrl(String url) {
        String path = url.toLowerCase(Locale.ROOT).replaceAll("[?#].*$", "");
        if (path.endsWith(".png")) {
            return Optional.of("image/png");
        } else if (path.endsWith(".jpg") || path.endsWith(".jpeg")) {
            return Optional.of("image/jpeg");
        } else if (path.endsWith(".gif")) {
            return Optional.of("image/gif");
        } else if (path.endsWith(".webp")) {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    /** A call's arguments as an object; arguments that are not a JSON object are sent under {@code "arguments"}. */
    private static Map<String, Object> args(ToolCall c) {
        JsonNode node = parse(c.arguments());
        if (node != null && node.isObject()) {
            return toMap(node);
        }
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("arguments", c.arguments());
        return wrapped;
    }

    private static Map<String, Object> response(ToolResultMessage t) {
        JsonNode node = parse(t.content());
        if (!t.error() && node != null && node.isObject()) {
            return toMap(node);
        }
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put(t.error() ? "error" : "output", node != null && !node.isMissingNode()
                ? JSON.convertValue(node, Object.class) : t.content());
        return wrapped;
    }

    private static Optional<byte[]> signature(List<ProviderExtra> extras) {
        for (ProviderExtra e : extras) {
            if (e.isFor(GeminiProviderFactory.NAME) && e.name().equals(GeminiToolCalls.THOUGHT_SIGNATURE)) {
                try {
                    return Optional.of(Base64.getDecoder().decode(e.value()));
                } catch (IllegalArgumentException notBase64) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static JsonNode parse(String json) {
        if (json.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return null;
        }
    }

    static Map<String, Object> toMap(JsonNode node) {
        return JSON.convertValue(node, MAP);
    }
}
