package io.q2o.llm.internal;

import io.q2o.llm.AssistantMessage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.ContentPart;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.ResponseSchema;
import io.q2o.llm.SystemMessage;
import io.q2o.llm.TextPart;
import io.q2o.llm.ToolChoice;
import io.q2o.llm.ToolDefinition;
import io.q2o.llm.ToolResultMessage;
import io.q2o.llm.UserMessage;

import java.util.List;
import java.util.Objects;

/**
 * The in-memory response-cache key: every field that changes the answer — the provider chain and
 * its models, the whole conversation (messages with their text, images by hash, tool calls and
 * results), tools, tool choice, response schema, temperature, max tokens, format and stop
 * sequences — compared in full.
 *
 * <p>Design: a hit must cost a few microseconds, so the key is not a digest of the prompt. Its
 * hash code mixes the fields' own hash codes, computed once per key ({@link String} caches its
 * hash, so a prompt instance is hashed once), and {@link #equals} compares every field, so two
 * different requests never share an entry even if their hashes collide, crafted or not. A SHA-256
 * digest of the canonical encoding ({@link CacheKeys#digest}) is computed only when the key leaves
 * the process (a disk or Redis tier). Immutable and thread-safe.
 */
public final class CacheKey {
    private final List<String> providerChain;
    private final String modelOverride;
    private final List<String> chainModels;
    private final List<ChatMessage> messages;
    private final List<ToolDefinition> tools;
    private final ToolChoice toolChoice;
    private final Boolean parallelToolCalls;
    private final ResponseSchema schema;
    private final double temperature;
    private final int maxTokens;
    private final String format;
    private final List<String> stopSequences;
    private final int hash;

    /**
     * @param providerChain the providers the request may be answered by, in order
     * @param modelOverride the forced model, or {@code null}
     * @param chainModels   the models of the chain, in order (so a configuration change invalidates)
     * @param request       the request (its conversation, tools, tool choice, schema, format, stops)
     * @param temperature   the effective temperature
     * @param maxTokens     the effective output limit
     */
    public CacheKey(List<String> providerChain, String modelOverride, List<String> chainModels, LlmRequest request,
                    double temperature, int maxTokens) {
        this.providerChain = List.copyOf(providerChain);
        this.modelOverride = modelOverride;
        this.chainModels = List.copyOf(chainModels);
        this.messages = request.messages();
        this.tools = request.tools();
        this.toolChoice = request.toolChoice();
        this.parallelToolCalls = request.parallelToolCalls();
        this.schema = request.responseSchema();
        this.temperature = temperature;
        this.maxTokens = maxTokens;
        this.format = request.responseFormat().name();
        this.stopSequences = request.stopSequences();
        this.hash = Objects.hash(providerChain, modelOverride, chainModels, messages, tools, toolChoice,
                parallelToolCalls, schema, temperature, maxTokens, format, stopSequences);
    }

    List<String> providerChain() { return providerChain; }

    String modelOverride() { return modelOverride; }

    List<String> chainModels() { return chainModels; }

    List<ChatMessage> messages() { return messages; }

    List<ToolDefinition> tools() { return tools; }

    ToolChoice toolChoice() { return toolChoice; }

    Boolean parallelToolCalls() { return parallelToolCalls; }

    ResponseSchema schema() { return schema; }

    double temperature() { return temperature; }

    int maxTokens() { return maxTokens; }

    String format() { return format; }

    List<String> stopSequences() { return stopSequences; }

    /** @return the SHA-256 of the canonical encoding, 64 hex characters, for keys that leave the process */
    public String digest() {
        return CacheKeys.digest(this);
    }

    /** @return the characters of text the key holds, for the cache's byte bound */
    long textLength() {
        long n = 0;
        for (ChatMessage m : messages) {
            if (m instanceof SystemMessage s) {
                n += s.text().length();
            } else if (m instanceof UserMessage u) {
                for (ContentPart p : u.parts()) {
                    n += p instanceof TextPart t ? t.text().length() : 64;
                }
            } else if (m instanceof AssistantMessage a) {
                n += a.text().length() + 64L * a.toolCalls().size();
            } else if (m instanceof ToolResultMessage r) {
                n += 64;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CacheKey k) || hash != k.hash) {
            return false;
        }
        return maxTokens == k.maxTokens && Double.compare(temperature, k.temperature) == 0
                && format.equals(k.format) && providerChain.equals(k.providerChain)
                && Objects.equals(modelOverride, k.modelOverride) && chainModels.equals(k.chainModels)
                && stopSequences.equals(k.stopSequences) && Objects.equals(toolChoice, k.toolChoice)
                && Objects.equals(parallelToolCalls, k.parallelToolCalls) && Objects.equals(schema, k.schema)
                && tools.equals(k.tools) && messages.equals(k.messages);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** @return a summary without the conversation's text */
    @Override
    public String toString() {
        return "CacheKey{chain=" + providerChain + ", model=" + modelOverride + ", messages=" + messages.size()
                + ", tools=" + tools.size() + ", temperature=" + temperature + ", maxTokens=" + maxTokens + "}";
    }
}
