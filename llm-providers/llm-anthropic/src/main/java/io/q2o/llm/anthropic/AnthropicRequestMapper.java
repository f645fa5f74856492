package io.q2o.llm.anthropic;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.ImageBlockParam;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.ThinkingBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolChoiceAuto;
import com.anthropic.models.messages.ToolChoiceNone;
import com.anthropic.models.messages.ToolChoiceTool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.q2o.llm.AssistantMessage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.ContentPart;
import io.q2o.llm.ImagePart;
import io.q2o.llm.ProviderExtra;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.SystemMessage;
import io.q2o.llm.TextPart;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolChoice;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.ToolResultMessage;
import io.q2o.llm.UserMessage;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.spi.ProviderRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Maps a provider-neutral {@link ProviderRequest} onto Messages API parameters.
 *
 * <ul>
 *   <li><b>System</b>: all system messages joined into the top-level {@code system} field (plus
 *       {@link AnthropicProvider#JSON_INSTRUCTION} for plain JSON mode, which Anthropic lacks).</li>
 *   <li><b>Turns</b>: user messages as {@code text} and {@code image} blocks (inline images as
 *       {@code source.type=base64}, URLs as {@code source.type=url}); assistant messages as
 *       {@code text} then {@code tool_use{id, name, input}} blocks; tool results as
 *       {@code tool_result{tool_use_id, content, is_error}} blocks of a user turn. Consecutive
 *       turns of one role are merged into one message (Anthropic requires alternation), and in a
 *       merged user turn the {@code tool_result} blocks come first, as Anthropic demands.</li>
 *   <li><b>Ids</b>: tool call ids made by other providers may hold characters Anthropic rejects
 *       (it accepts {@code [A-Za-z0-9_-]}); others are replaced by {@code _} in {@code tool_use}
 *       and {@code tool_result} alike, so the pairing is kept.</li>
 *   <li><b>Tools</b>: {@code tools[]{name, description, input_schema}}; {@code tool_choice}
 *       auto/none/any (REQUIRED)/tool{name} (NAMED); {@code parallelToolCalls=false} becomes
 *       {@code disable_parallel_tool_use}.</li>
 *   <li><b>Structured output</b>: a {@link ResponseSchema} becomes a synthetic tool named after the
 *       schema whose {@code input_schema} is the schema; it is forced ({@code tool{name}}) when the
 *       request has no tools of its own, otherwise {@code any} (call a real tool or answer), unless
 *       the request names a tool. {@link AnthropicToolCalls} returns that tool's input as the
 *       answer text.</li>
 *   <li><b>Thinking</b>: an assistant turn's {@code anthropic} thinking extras (see
 *       {@link AnthropicToolCalls}) are sent back first in that turn, unchanged, as Anthropic requires
 *       when a conversation with extended thinking continues after {@code tool_use}. Provider
 *       extras of other providers (e.g. Gemini thought signatures) are never sent.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
final class AnthropicRequestMapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicRequestMapper() {
    }

    /**
     * Adds system, messages, tools, tool choice and the structured-output tool.
     *
     * @param b       the parameters being built (model, max tokens, temperature already set)
     * @param request the request
     * @throws InvalidRequestException if the schema's name collides with a tool of the request
     */
    static void apply(MessageCreateParams.Builder b, ProviderRequest request) {
        String system = system(request);
        if (!system.isEmpty()) {
            b.system(system);
        }
        for (Turn turn : turns(request.messages())) {
            b.addMessage(turn.message());
        }
        ResponseSchema schema = request.responseSchema();
        for (ToolDefinition t : request.tools()) {
            if (schema != null && t.name().equals(schema.name())) {
                throw new InvalidRequestException(AnthropicErrors.PROVIDER, -1, "the response schema name '"
                        + schema.name() + "' is also the name of a tool; Anthropic answers a schema through a tool of"
                        + " that name, so rename the schema or the tool", null);
            }
            b.addTool(tool(t.name(), t.description(), t.parameters()));
        }
        if (schema != null) {
            b.addTool(tool(schema.name(), "Give the final answer: its input is the answer, following this schema.",
                    schema.schema()));
        }
        toolChoice(b, request);
    }

    /** @return the system text: system messages joined, plus the JSON instruction for plain JSON mode */
    static String system(ProviderRequest request) {
        String system = request.systemPrompt();
        if (request.responseFormat() != ResponseFormat.JSON || request.responseSchema() != null) {
            return system;
        }
        return system.isBlank() ? AnthropicProvider.JSON_INSTRUCTION : system + "\n\n" + AnthropicProvider.JSON_INSTRUCTION;
    }

    private static void toolChoice(MessageCreateParams.Builder b, ProviderRequest request) {
        ToolChoice choice = request.toolChoice();
        ResponseSchema schema = request.responseSchema();
        boolean noParallel = Boolean.FALSE.equals(request.parallelToolCalls());
        boolean ownTools = !request.tools().isEmpty();
        if (schema != null && (choice == null || choice.mode() != ToolChoice.Mode.NAMED)) {
            if (ownTools && (choice == null || choice.mode() != ToolChoice.Mode.NONE)) {
                b.toolChoice(ToolChoiceAny.builder().disableParallelToolUse(noParallel).build());
            } else {
                b.toolChoice(ToolChoiceTool.builder().name(schema.name()).disableParallelToolUse(true).build());
            }
            return;
        }
        if (choice == null) {
            if (noParallel && ownTools) {
                b.toolChoice(ToolChoiceAuto.builder().disableParallelToolUse(true).build());
            }
            return;
        }
        switch (choice.mode()) {
            case NONE -> b.toolChoice(ToolChoiceNone.builder().build());
            case REQUIRED -> b.toolChoice(ToolChoiceAny.builder().disableParallelToolUse(noParallel).build());
            case NAMED -> b.toolChoice(ToolChoiceTool.builder().name(choice.toolName())
                    .disableParallelToolUse(noParallel).build());
            default -> b.toolChoice(ToolChoiceAuto.builder().disableParallelToolUse(noParallel).build());
        }
    }

    private static Tool tool(String name, String description, JsonNode schema) {
        Tool.InputSchema.Builder input = Tool.InputSchema.builder();
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            if (!e.getKey().equals("type")) {
                input.putAdditionalProperty(e.getKey(), JsonValue.from(e.getValue()));
            }
        }
        Tool.Builder t = Tool.builder().name(name).inputSchema(input.build());
        if (!description.isEmpty()) {
            t.description(description);
        }
        return t.build();
    }

    /** One message of the wire conversation: a role and its blocks, tool results kept apart. */
    private static final class Turn {
        final boolean user;
        final List<ContentBlockParam> results = new ArrayList<>();
        final List<ContentBlockParam> blocks = new ArrayList<>();

        Turn(boolean user) {
            this.user = user;
        }

        /** @return the message; a turn of one plain text block is sent as a string, as before conversations */
        MessageParam message() {
            if (results.isEmpty() && blocks.size() == 1 && blocks.get(0).isText()
                    && blocks.get(0).asText().citations().isEmpty()) {
                String text = blocks.get(0).asText().text();
                return user ? MessageParam.ofUser(text) : MessageParam.ofAssistant(text);
            }
            List<ContentBlockParam> all = new ArrayList<>(results);
            all.addAll(blocks);
            return user ? MessageParam.ofUserOfContentBlockParams(all) : MessageParam.ofAssistantOfContentBlockParams(all);
        }
    }

    private static List<Turn> turns(List<ChatMessage> messages) {
        List<Turn> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            if (m instanceof SystemMessage) {
                continue;
            }
            boolean user = !(m instanceof AssistantMessage);
            Turn turn = turns.isEmpty() || turns.get(turns.size() - 1).user != user ? null : turns.get(turns.size() - 1);
            if (turn == null) {
                turn = new Turn(user);
                turns.add(turn);
            }
            if (m instanceof UserMessage u) {
                for (ContentPart p : u.parts()) {
                    turn.blocks.add(part(p));
                }
            } else if (m instanceof ToolResultMessage r) {
                ToolResultBlockParam.Builder tr = ToolResultBlockParam.builder().toolUseId(wireId(r.toolCallId()));
                if (!r.content().isEmpty()) {
                    tr.content(r.content());
                }
                if (r.error()) {
                    tr.isError(true);
                }
                turn.results.add(ContentBlockParam.ofToolResult(tr.build()));
            } else if (m instanceof AssistantMessage a) {
                turn.blocks.addAll(thinking(a));
                if (!a.text().isEmpty()) {
                    turn.blocks.add(ContentBlockParam.ofText(TextBlockParam.builder().text(a.text()).build()));
                }
                for (ToolCall c : a.toolCalls()) {
                    turn.blocks.add(ContentBlockParam.ofToolUse(ToolUseBlockParam.builder().id(wireId(c.id()))
                            .name(c.name()).input(input(c)).build()));
                }
            }
        }
        return turns;
    }

    /**
     * @param a an assistant turn
     * @return its Anthropic thinking blocks (kept as {@link AnthropicToolCalls#THINKING} and
     *         {@link AnthropicToolCalls#REDACTED_THINKING} extras), unchanged and in order
     */
    private static List<ContentBlockParam> thinking(AssistantMessage a) {
        List<ContentBlockParam> out = new ArrayList<>();
        for (ProviderExtra e : a.extras()) {
            if (!e.isFor(AnthropicErrors.PROVIDER)) {
                continue;
            }
            if (e.name().equals(AnthropicToolCalls.REDACTED_THINKING)) {
                out.add(ContentBlockParam.ofRedactedThinking(e.value()));
            } else if (e.name().equals(AnthropicToolCalls.THINKING)) {
                JsonNode block;
                try {
                    block = JSON.readTree(e.value());
                } catch (IOException notJson) {
                    continue;
                }
                if (block != null && block.path("signature").isTextual()) {
                    out.add(ContentBlockParam.ofThinking(ThinkingBlockParam.builder()
                            .thinking(block.path("thinking").asText("")).signature(block.get("signature").asText()).build()));
                }
            }
        }
        return out;
    }

    private static ContentBlockParam part(ContentPart p) {
        if (p instanceof TextPart t) {
            return ContentBlockParam.ofText(TextBlockParam.builder().text(t.text()).build());
        }
        ImagePart i = (ImagePart) p;
        if (i.isUrl()) {
            return ContentBlockParam.ofImage(ImageBlockParam.builder().urlSource(i.urlValue().orElseThrow()).build());
        }
        return ContentBlockParam.ofImage(Base64ImageSource.builder()
                .mediaType(Base64ImageSource.MediaType.of(i.mimeType())).data(i.base64()).build());
    }

    /** A call's arguments as the {@code input} object; arguments that are not a JSON object are sent under {@code "arguments"}. */
    private static ToolUseBlockParam.Input input(ToolCall c) {
        ToolUseBlockParam.Input.Builder input = ToolUseBlockParam.Input.builder();
        JsonNode args;
        try {
            args = JSON.readTree(c.arguments());
        } catch (IOException e) {
            args = null;
        }
        if (args != null && args.isObject()) {
            args.fields().forEachRemaining(e -> input.putAdditionalProperty(e.getKey(), JsonValue.from(e.getValue())));
        } else {
            input.putAdditionalProperty("arguments", JsonValue.from(c.arguments()));
        }
        return input.build();
    }

    /**
     * @param id a tool call id, possibly made by another provider
     * @return the id with every character outside {@code [A-Za-z0-9_-]} replaced by {@code _}
     */
    static String wireId(String id) {
        return id.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
