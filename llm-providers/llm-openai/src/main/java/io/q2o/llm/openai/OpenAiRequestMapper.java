package io.q2o.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.q2o.llm.AssistantMessage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.ContentPart;
import io.q2o.llm.ImagePart;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.SystemMessage;
import io.q2o.llm.TextPart;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolChoice;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.ToolResultMessage;
import io.q2o.llm.UserMessage;
import io.q2o.llm.spi.ProviderRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps a provider-neutral {@link ProviderRequest} onto Chat Completions parameters: the
 * conversation ({@code system}, {@code user} with text and {@code image_url} parts — inline
 * images as {@code data:} URLs —, {@code assistant} with {@code tool_calls}, one {@code tool}
 * message per result), the tools ({@code type: function}, {@code strict} when the definition is),
 * {@code tool_choice}, {@code parallel_tool_calls} (only with tools: OpenAI rejects it otherwise)
 * and the answer format: a schema becomes {@code response_format: json_schema} (strict as the
 * schema says); plain JSON mode {@code json_object}, for which OpenAI requires a message to
 * mention JSON, so {@value OpenAiProvider#JSON_INSTRUCTION} is added to the system text when none
 * does. A failed tool result has no flag on OpenAI's wire: its content is prefixed with
 * {@value #TOOL_ERROR_PREFIX}. Provider extras of other providers are never sent.
 *
 * <p>Stateless and thread-safe.
 */
final class OpenAiRequestMapper {
    /** Prefix of the content of a tool result that reports a failure. */
    static final String TOOL_ERROR_PREFIX = "Error: ";

    private OpenAiRequestMapper() {
    }

    /**
     * The Chat Completions parameters of a request: model, what {@link #apply} adds,
     * {@code temperature}, the token limit in the given field (when &gt; 0), {@code stop} (when
     * any) and, for a stream, {@code stream_options.include_usage=true}.
     *
     * @param request        the request
     * @param maxTokensField the field the token limit goes in
     * @param stream         whether the call streams
     * @return the parameters
     */
    static ChatCompletionCreateParams params(ProviderRequest request, MaxTokensField maxTokensField, boolean stream) {
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder().model(request.model());
        apply(b, request);
        b.temperature(request.temperature());
        if (request.maxTokens() > 0) {
            if (maxTokensField == MaxTokensField.MAX_TOKENS) {
                b.maxTokens((long) request.maxTokens());
            } else {
                b.maxCompletionTokens((long) request.maxTokens());
            }
        }
        if (!request.stopSequences().isEmpty()) {
            b.stop(ChatCompletionCreateParams.Stop.ofStrings(request.stopSequences()));
        }
        if (stream) {
            b.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        return b.build();
    }

    /**
     * Adds messages, tools, tool choice, parallel tool calls and response format.
     *
     * @param b       the parameters being built
     * @param request the request
     */
    static void apply(ChatCompletionCreateParams.Builder b, ProviderRequest request) {
        boolean jsonMode = request.responseFormat() == ResponseFormat.JSON && request.responseSchema() == null;
        boolean needsJsonInstruction = jsonMode && request.messages().stream().noneMatch(OpenAiRequestMapper::mentionsJson);
        boolean instructed = false;
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage s) {
                String text = s.text();
                if (needsJsonInstruction && !instructed) {
                    text = text + "\n\n" + OpenAiProvider.JSON_INSTRUCTION;
                    instructed = true;
                }
                b.addSystemMessage(text);
            } else {
                if (needsJsonInstruction && !instructed) {
                    b.addSystemMessage(OpenAiProvider.JSON_INSTRUCTION);
                    instructed = true;
                }
                addMessage(b, m);
            }
        }
        for (ToolDefinition t : request.tools()) {
            b.addTool(tool(t));
        }
        if (request.toolChoice() != null) {
            b.toolChoice(toolChoice(request.toolChoice()));
        }
        if (request.parallelToolCalls() != null && !request.tools().isEmpty()) {
            b.parallelToolCalls(request.parallelToolCalls());
        }
        if (request.responseSchema() != null) {
            b.responseFormat(schemaFormat(request.responseSchema()));
        } else if (jsonMode) {
            b.responseFormat(ResponseFormatJsonObject.builder().build());
        }
    }

    private static void addMessage(ChatCompletionCreateParams.Builder b, ChatMessage m) {
        if (m instanceof UserMessage u) {
            if (u.parts().size() == 1 && u.parts().get(0) instanceof TextPart t) {
                b.addUserMessage(t.text());
            } else {
                List<ChatCompletionContentPart> parts = new ArrayList<>();
                for (ContentPart p : u.parts()) {
                    parts.add(part(p));
                }
                b.addUserMessageOfArrayOfContentParts(parts);
            }
        } else if (m instanceof AssistantMessage a) {
            ChatCompletionAssistantMessageParam.Builder ab = ChatCompletionAssistantMessageParam.builder();
            if (!a.text().isEmpty()) {
                ab.content(a.text());
            }
            for (ToolCall c : a.toolCalls()) {
                ab.addToolCall(ChatCompletionMessageFunctionToolCall.builder().id(c.id())
                        .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                .name(c.name()).arguments(c.arguments()).build())
                        .build());
            }
            b.addMessage(ab.build());
        } else if (m instanceof ToolResultMessage r) {
            String content = r.error() && !r.content().startsWith(TOOL_ERROR_PREFIX)
                    ? TOOL_ERROR_PREFIX + r.content() : r.content();
            b.addMessage(ChatCompletionToolMessageParam.builder().toolCallId(r.toolCallId()).content(content).build());
        }
    }

    private static ChatCompletionContentPart part(ContentPart p) {
        if (p instanceof TextPart t) {
            return ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text(t.text()).build());
        }
        ImagePart i = (ImagePart) p;
        return ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url(i.dataUrlOrUrl()).build())
                .build());
    }

    private static ChatCompletionFunctionTool tool(ToolDefinition t) {
        FunctionParameters.Builder params = FunctionParameters.builder();
        t.parameters().fields().forEachRemaining(e -> params.putAdditionalProperty(e.getKey(), json(e.getValue())));
        FunctionDefinition.Builder f = FunctionDefinition.builder().name(t.name()).parameters(params.build());
        if (!t.description().isEmpty()) {
            f.description(t.description());
        }
        if (t.strict()) {
            f.strict(true);
        }
        return ChatCompletionFunctionTool.builder().function(f.build()).build();
    }

    private static ChatCompletionToolChoiceOption toolChoice(ToolChoice c) {
        switch (c.mode()) {
            case NONE:
                return ChatCompletionToolChoiceOption.ofAuto(ChatCompletionToolChoiceOption.Auto.NONE);
            case REQUIRED:
                return ChatCompletionToolChoiceOption.ofAuto(ChatCompletionToolChoiceOption.Auto.REQUIRED);
            case NAMED:
                return ChatCompletionToolChoiceOption.ofNamedToolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name(c.toolName()).build()).build());
            case AUTO:
            default:
                return ChatCompletionToolChoiceOption.ofAuto(ChatCompletionToolChoiceOption.Auto.AUTO);
        }
    }

    private static ResponseFormatJsonSchema schemaFormat(ResponseSchema s) {
        ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
        s.schema().fields().forEachRemaining(e -> schema.putAdditionalProperty(e.getKey(), json(e.getValue())));
        return ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                .name(s.name()).schema(schema.build()).strict(s.strict()).build()).build();
    }

    private static JsonValue json(JsonNode node) {
        return JsonValue.fromJsonNode(node);
    }

    private static boolean mentionsJson(ChatMessage m) {
        String text;
        if (m instanceof SystemMessage s) {
            text = s.text();
        } else if (m instanceof UserMessage u) {
            text = u.text();
        } else {
            return false;
        }
        return text.toLowerCase(Locale.ROOT).contains("json");
    }
}
