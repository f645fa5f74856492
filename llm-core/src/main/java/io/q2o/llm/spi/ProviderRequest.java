package io.q2o.llm.spi;

import io.q2o.llm.ChatMessage;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.SystemMessage;
import io.q2o.llm.ToolChoice;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.UserMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One attempt as handed to an adapter: every value is resolved (no defaults left to apply).
 *
 * <p>{@link #messages()} is the conversation to send; {@link #systemPrompt()} and
 * {@link #userPrompt()} are derived from it (joined system texts, last user text) for adapters
 * and logs that only need the shorthand. Build one from a request with
 * {@link #of(LlmRequest, String, double, int, Duration)}.
 *
 * @param model             the model to call
 * @param systemPrompt      the system messages' text joined with a blank line, possibly empty (then send none)
 * @param userPrompt        the last user message's text
 * @param temperature       the temperature
 * @param maxTokens         the output token limit
 * @param stopSequences     stop sequences, possibly empty
 * @param responseFormat    the requested format ({@link ResponseFormat#JSON} whenever a schema is set)
 * @param timeout           the time this attempt may take; the adapter must not exceed it
 * @param messages          the conversation, system messages first; never empty
 * @param tools             the tools the model may call, possibly empty
 * @param toolChoice        the tool choice, or {@code null} for the provider default
 * @param parallelToolCalls whether several calls per turn are allowed, or {@code null} for the provider default
 * @param responseSchema    the schema the answer must follow, or {@code null}
 */
public record ProviderRequest(String model, String systemPrompt, String userPrompt, double temperature,
                              int maxTokens, List<String> stopSequences, ResponseFormat responseFormat,
                              Duration timeout, List<ChatMessage> messages, List<ToolDefinition> tools,
                              ToolChoice toolChoice, Boolean parallelToolCalls, ResponseSchema responseSchema) {
    /**
     * Validates and copies the components. When {@code messages} is empty it is built from the
     * system and user prompts; otherwise the prompts are derived from the messages.
     */
    public ProviderRequest {
        Objects.requireNonNull(model, "model");
        stopSequences = List.copyOf(stopSequences);
        Objects.requireNonNull(responseFormat, "responseFormat");
        Objects.requireNonNull(timeout, "timeout");
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (messages.isEmpty()) {
            Objects.requireNonNull(systemPrompt, "systemPrompt");
            Objects.requireNonNull(userPrompt, "userPrompt");
            if (userPrompt.isEmpty()) {
                throw new IllegalArgumentException("userPrompt must not be empty when no messages are given");
            }
            List<ChatMessage> built = new ArrayList<>(2);
            if (!systemPrompt.isBlank()) {
                built.add(new SystemMessage(systemPrompt));
            }
            built.add(UserMessage.of(userPrompt));
            messages = List.copyOf(built);
        } else {
            systemPrompt = systemText(messages);
            userPrompt = "";
            for (int i = messages.size() - 1; i >= 0; i--) {
                if (messages.get(i) instanceof UserMessage u) {
                    userPrompt = u.text();
                    break;
                }
            }
        }
        if (responseSchema != null) {
            responseFormat = ResponseFormat.JSON;
        }
    }

    /**
     * A one-turn request (system and user prompt) without tools: the form before conversations.
     *
     * @param model          the model to call
     * @param systemPrompt   the system prompt, possibly empty
     * @param userPrompt     the user prompt
     * @param temperature    the temperature
     * @param maxTokens      the output token limit
     * @param stopSequences  stop sequences
     * @param responseFormat the requested format
     * @param timeout        the time this attempt may take
     */
    public ProviderRequest(String model, String systemPrompt, String userPrompt, double temperature, int maxTokens,
                           List<String> stopSequences, ResponseFormat responseFormat, Duration timeout) {
        this(model, systemPrompt, userPrompt, temperature, maxTokens, stopSequences, responseFormat, timeout,
                List.of(), List.of(), null, null, null);
    }

    /**
     * Copies everything provider-neutral from a request (messages, tools, tool choice, parallel
     * tool calls, response schema, response format, stop sequences) and adds the resolved values.
     *
     * @param request     the request
     * @param model       the model to call
     * @param temperature the effective temperature
     * @param maxTokens   the effective output limit
     * @param timeout     the time this attempt may take
     * @return the adapter's request
     */
    public static ProviderRequest of(LlmRequest request, String model, double temperature, int maxTokens,
                                     Duration timeout) {
        return new ProviderRequest(model, request.systemPrompt(), request.userPrompt(), temperature, maxTokens,
                request.stopSequences(), request.responseFormat(), timeout, request.messages(), request.tools(),
                request.toolChoice(), request.parallelToolCalls(), request.responseSchema());
    }

    /**
     * @param model the model to call instead
     * @return a copy asking for that model, everything else unchanged
     */
    public ProviderRequest withModel(String model) {
        return new ProviderRequest(model, systemPrompt, userPrompt, temperature, maxTokens, stopSequences,
                responseFormat, timeout, messages, tools, toolChoice, parallelToolCalls, responseSchema);
    }

    /** @return a summary without the prompt texts */
    @Override
    public String toString() {
        return "ProviderRequest{model=" + model + ", systemChars=" + systemPrompt.length() + ", userChars="
                + userPrompt.length() + ", messages=" + messages.size() + ", tools=" + tools.size()
                + ", temperature=" + temperature + ", maxTokens=" + maxTokens + ", timeout=" + timeout + "}";
    }

    /** The system messages' texts joined with a blank line; without a stream for the usual zero or one. */
    private static String systemText(List<ChatMessage> messages) {
        String single = null;
        StringBuilder joined = null;
        for (ChatMessage m : messages) {
            if (m instanceof SystemMessage sys) {
                if (single == null) {
                    single = sys.text();
                } else {
                    if (joined == null) {
                        joined = new StringBuilder(single);
                    }
                    joined.append("\n\n").append(sys.text());
                }
            }
        }
        return joined != null ? joined.toString() : single != null ? single : "";
    }
}
