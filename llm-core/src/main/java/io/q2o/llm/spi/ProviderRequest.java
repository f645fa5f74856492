package io.q2o.llm.spi;

import io.q2o.llm.ResponseFormat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One attempt as handed to an adapter: every value is resolved (no defaults left to apply).
 *
 * @param model          the model to call
 * @param systemPrompt   the system prompt, possibly empty (then send none)
 * @param userPrompt     the user prompt
 * @param temperature    the temperature
 * @param maxTokens      the output token limit
 * @param stopSequences  stop sequences, possibly empty
 * @param responseFormat the requested format
 * @param timeout        the time this attempt may take; the adapter must not exceed it
 */
public record ProviderRequest(String model, String systemPrompt, String userPrompt, double temperature,
                              int maxTokens, List<String> stopSequences, ResponseFormat responseFormat,
                              Duration timeout) {
    /** Validates and copies the components. */
    public ProviderRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(systemPrompt, "systemPrompt");
        Objects.requireNonNull(userPrompt, "userPrompt");
        stopSequences = List.copyOf(stopSequences);
        Objects.requireNonNull(responseFormat, "responseFormat");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** @return a summary without the prompt texts */
    @Override
    public String toString() {
        return "ProviderRequest{model=" + model + ", systemChars=" + systemPrompt.length() + ", userChars="
                + userPrompt.length() + ", temperature=" + temperature + ", maxTokens=" + maxTokens
                + ", timeout=" + timeout + "}";
    }
}
