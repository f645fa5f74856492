package io.q2o.llm;

import io.q2o.llm.internal.ConversationRules;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One request to {@link LlmService}. Immutable and thread-safe; build it with {@link #builder()}.
 *
 * <p>Unset optional fields take the service's configuration: temperature
 * ({@code Q2O_LLM_TEMPERATURE}, default 0.7), max tokens ({@code Q2O_LLM_MAX_TOKENS}, default
 * 8192), timeout ({@code Q2O_LLM_TIMEOUT_SECONDS}, default 120 s), provider chain
 * ({@code Q2O_LLM_PRIMARY} then {@code Q2O_LLM_FALLBACK}) and each provider's model list.
 *
 * <p>The prompt is a conversation ({@link #messages()}): system, user (text and images),
 * assistant (text and tool calls) and tool-result messages, provider-neutral so that a fallback
 * continues the same conversation on another provider. {@link Builder#systemPrompt} plus
 * {@link Builder#userPrompt} is the shorthand for a one-turn conversation. A request may also
 * offer {@linkplain #tools() tools} with a {@linkplain #toolChoice() tool choice}, and ask for an
 * answer following a {@linkplain #responseSchema() JSON Schema}. The conversation is checked when
 * the request is built (see {@link Builder#build()}).
 */
public final class LlmRequest {
    /** Amounts (a cost cap, a loop budget) are below this many USD... */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    /** ...with at most this many decimal places, so that no amount can make a message explode. */
    static final int MAX_AMOUNT_SCALE = 10;

    private final String systemPrompt;
    private final String userPrompt;
    private final Double temperature;
    private final Integer maxTokens;
    private final String provider;
    private final String model;
    private final RequestTags tags;
    private final CachePolicy cachePolicy;
    private final Duration timeout;
    private final List<String> stopSequences;
    private final ResponseFormat responseFormat;
    private final List<ChatMessage> messages;
    private final boolean shorthand;
    private final List<ToolDefinition> tools;
    private final ToolChoice toolChoice;
    private final Boolean parallelToolCalls;
    private final ResponseSchema responseSchema;
    private final BigDecimal maxCost;
    private final Boolean pinnedModelFallback;

    private LlmRequest(Builder b, List<ChatMessage> messages) {
        this.messages = List.copyOf(messages);
        this.shorthand = b.messages.isEmpty();
        this.systemPrompt = joinedSystem(this.messages);
        this.userPrompt = lastUserText(this.messages);
        this.tools = List.copyOf(b.tools);
        this.toolChoice = b.toolChoice;
        this.parallelToolCalls = b.parallelToolCalls;
        this.responseSchema = b.responseSchema;
        this.maxCost = b.maxCost;
        this.pinnedModelFallback = b.pinnedModelFallback;
        this.temperature = b.temperature;
        this.maxTokens = b.maxTokens;
        this.provider = b.provider;
        this.model = b.model;
        this.tags = b.tags;
        this.cachePolicy = b.cachePolicy;
        this.timeout = b.timeout;
        this.stopSequences = List.copyOf(b.stopSequences);
        this.responseFormat = b.responseSchema != null ? ResponseFormat.JSON : b.responseFormat;
    }

    /**
     * Checks a USD amount given in code: &gt; 0, below 10<sup>9</sup>, at most 10 decimal places
     * (so that writing it out in a message stays short; {@code toPlainString} of 1e-999999999 is a
     * gigabyte).
     *
     * @param what   the amount's name, for the message
     * @param amount the amount, {@code null} for none (accepted)
     * @throws IllegalArgumentException naming {@code what} if the amount is out of bounds
     */
    static void checkAmount(String what, BigDecimal amount) {
        if (amount != null && (amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) >= 0
                || amount.stripTrailingZeros().scale() > MAX_AMOUNT_SCALE)) {
            throw new IllegalArgumentException(what + " must be > 0 and below " + MAX_AMOUNT.toPlainString()
                    + " USD with at most " + MAX_AMOUNT_SCALE + " decimal places, was "
                    + (amount.precision() > 40 ? "a number of " + amount.precision() + " digits" : amount.toString()));
        }
    }

    /**
     * @param messages a conversation
     * @return the texts of its system messages joined with a blank line; empty if none
     */
    static String joinedSystem(List<ChatMessage> messages) {
        return messages.stream().filter(SystemMessage.class::isInstance).map(m -> ((SystemMessage) m).text())
                .collect(Collectors.joining("\n\n"));
    }

    /**
     * @param messages a conversation
     * @return the text of its last user message; empty if none
     */
    static String lastUserText(List<ChatMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i) instanceof UserMessage u) {
                return u.text();
            }
        }
        return "";
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Shortcut for a request with a system and a user prompt.
     *
     * @param systemPrompt the system/instruction prompt (may be empty)
     * @param userPrompt   the user prompt
     * @return the request
     */
    public static LlmRequest of(String systemPrompt, String userPrompt) {
        return builder().systemPrompt(systemPrompt).userPrompt(userPrompt).build();
    }

    /** @return a builder pre-filled with this request's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        if (shorthand) {
            b.systemPrompt = systemPrompt.isEmpty() ? null : systemPrompt;
            b.userPrompt = userPrompt;
        } else {
            b.messages = new ArrayList<>(messages);
        }
        b.tools = tools;
        b.toolChoice = toolChoice;
        b.parallelToolCalls = parallelToolCalls;
        b.responseSchema = responseSchema;
        b.maxCost = maxCost;
        b.pinnedModelFallback = pinnedModelFallback;
        b.temperature = temperature;
        b.maxTokens = maxTokens;
        b.provider = provider;
        b.model = model;
        b.tags = tags;
        b.cachePolicy = cachePolicy;
        b.timeout = timeout;
        b.stopSequences = stopSequences;
        b.responseFormat = responseFormat;
        return b;
    }

    /** @return the texts of the system messages joined with a blank line; empty if none */
    public String systemPrompt() { return systemPrompt; }

    /** @return the most this one call may cost in USD, or {@code null} for no cap (default); see {@link Builder#maxCost} */
    public BigDecimal maxCost() { return maxCost; }

    /** @return whether a pinned model may fall back to others for this request, or {@code null} for the setting; see {@link Builder#pinnedModelFallback} */
    public Boolean pinnedModelFallback() { return pinnedModelFallback; }

    /**
     * @return the text of the last user message (its text parts joined with a newline); for the
     *         shorthand, the user prompt. Use {@link #messages()} for the whole conversation.
     */
    public String userPrompt() { return userPrompt; }

    /** @return the whole conversation, system messages first; never empty */
    public List<ChatMessage> messages() { return messages; }

    /** @return the tools the model may call, possibly empty */
    public List<ToolDefinition> tools() { return tools; }

    /**
     * @return the tool choice, or {@code null} for the provider's default (auto when tools are given)
     */
    public ToolChoice toolChoice() { return toolChoice; }

    /**
     * @return whether the model may call several tools in one turn, or {@code null} for the
     *         provider's default (allowed)
     */
    public Boolean parallelToolCalls() { return parallelToolCalls; }

    /** @return the JSON Schema the answer must follow, or {@code null} for none */
    public ResponseSchema responseSchema() { return responseSchema; }

    /** @return the temperature, or {@code null} for the configured default */
    public Double temperature() { return temperature; }

    /** @return the output token limit, or {@code null} for the configured default */
    public Integer maxTokens() { return maxTokens; }

    /** @return the forced provider, or {@code null} for the configured chain */
    public String provider() { return provider; }

    /** @return the forced model, or {@code null} for the provider's model list */
    public String model() { return model; }

    /** @return statistics tags, never {@code null} */
    public RequestTags tags() { return tags; }

    /** @return how this request uses the cache; default {@link CachePolicy#USE} */
    public CachePolicy cachePolicy() { return cachePolicy; }

    /** @return the overall deadline for this call, or {@code null} for the configured default */
    public Duration timeout() { return timeout; }

    /** @return stop sequences, possibly empty */
    public List<String> stopSequences() { return stopSequences; }

    /** @return the requested answer format; default {@link ResponseFormat#TEXT}, always {@link ResponseFormat#JSON} with a response schema */
    public ResponseFormat responseFormat() { return responseFormat; }

    /** @return a summary without the prompt texts */
    @Override
    public String toString() {
        return "LlmRequest{systemChars=" + systemPrompt.length() + ", userChars=" + userPrompt.length()
                + ", messages=" + messages.size() + ", tools=" + tools.size()
                + (responseSchema == null ? "" : ", schema=" + responseSchema.name())
                + ", temperature=" + temperature + ", maxTokens=" + maxTokens + ", provider=" + provider
                + ", model=" + model + ", tags=" + tags + ", cachePolicy=" + cachePolicy
                + (maxCost == null ? "" : ", maxCost=" + maxCost.toPlainString()) + "}";
    }

    /** Builder for {@link LlmRequest}; validates eagerly on {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private String systemPrompt;
        private String userPrompt;
        private Double temperature;
        private Integer maxTokens;
        private String provider;
        private String model;
        private RequestTags tags = RequestTags.NONE;
        private CachePolicy cachePolicy = CachePolicy.USE;
        private Duration timeout;
        private List<String> stopSequences = List.of();
        private ResponseFormat responseFormat = ResponseFormat.TEXT;
        private List<ChatMessage> messages = new ArrayList<>();
        private List<ToolDefinition> tools = List.of();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private ResponseSchema responseSchema;
        private BigDecimal maxCost;
        private Boolean pinnedModelFallback;

        private Builder() {
        }

        /**
         * Sets the whole conversation, replacing any set before. Use either this (optionally with
         * {@link #systemPrompt}, which is then put first) or {@link #userPrompt}, not both.
         *
         * @param messages the messages in order
         * @return this
         */
        public Builder messages(List<? extends ChatMessage> messages) {
            Objects.requireNonNull(messages, "messages");
            this.messages = new ArrayList<>(messages);
            return this;
        }

        /** @param message a message appended to the conversation @return this */
        public Builder addMessage(ChatMessage message) {
            this.messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** @param tools the tools the model may call (names unique); empty for none @return this */
        public Builder tools(List<ToolDefinition> tools) {
            Objects.requireNonNull(tools, "tools");
            this.tools = new ArrayList<>(tools);
            return this;
        }

        /** @param toolChoice whether and which tool to call; {@code null} for the default (auto) @return this */
        public Builder toolChoice(ToolChoice toolChoice) { this.toolChoice = toolChoice; return this; }

        /** @param parallelToolCalls whether several tool calls per turn are allowed; {@code null} for the provider default @return this */
        public Builder parallelToolCalls(Boolean parallelToolCalls) { this.parallelToolCalls = parallelToolCalls; return this; }

        /** @param responseSchema the schema the answer must follow (implies JSON); {@code null} for none @return this */
        public Builder responseSchema(ResponseSchema responseSchema) { this.responseSchema = responseSchema; return this; }

        /**
         * Caps what this one call may cost, like a hard budget of its own: before the call, its
         * worst case (an upper bound of the input tokens plus the output limit, at the dearest
         * candidate model's prices) must fit; if it does not, the output limit is lowered to what
         * fits, down to {@code Q2O_LLM_BUDGET_MIN_OUTPUT_TOKENS}, and the response says so
         * ({@link LlmResponse#maxTokensClamped()}); below that floor the call fails with
         * {@link ErrorKind#BUDGET_EXCEEDED} (reason {@code cost-cap}) without reaching a provider.
         * Candidate models without a price are skipped. Not part of the cache key (a cache hit
         * costs nothing). {@link ToolLoop} sets it on every step to what is left of its budget.
         *
         * @param maxCostUsd USD, &gt; 0, below 10<sup>9</sup>, at most 10 decimal places; {@code null}
         *                   for no cap (default)
         * @return this
         */
        public Builder maxCost(BigDecimal maxCostUsd) { this.maxCost = maxCostUsd; return this; }

        /**
         * Whether, when this request pins a {@link #provider} and a {@link #model}, other models and
         * providers may answer if that model does not exist, cannot be used (no key) or has no price
         * under a hard budget. By default (and with {@code false}) such a call fails with a clear
         * error instead of being answered by another vendor.
         *
         * @param allow {@code true} to allow, {@code false} to forbid, {@code null} for
         *              {@code Q2O_LLM_PINNED_MODEL_FALLBACK} (default {@code false})
         * @return this
         */
        public Builder pinnedModelFallback(Boolean allow) { this.pinnedModelFallback = allow; return this; }

        /** @param systemPrompt the system/instruction prompt; {@code null} means none @return this */
        public Builder systemPrompt(String systemPrompt) { this.systemPrompt = systemPrompt; return this; }

        /** @param userPrompt the user prompt; required, not blank @return this */
        public Builder userPrompt(String userPrompt) { this.userPrompt = userPrompt; return this; }

        /** @param temperature 0.0 to 2.0, or {@code null} for the default @return this */
        public Builder temperature(Double temperature) { this.temperature = temperature; return this; }

        /** @param maxTokens output token limit &gt; 0, or {@code null} for the default @return this */
        public Builder maxTokens(Integer maxTokens) { this.maxTokens = maxTokens; return this; }

        /** @param provider force one provider by name (e.g. {@code "openai"}); fallback still applies after it unless disabled in config @return this */
        public Builder provider(String provider) { this.provider = provider; return this; }

        /** @param model force a model of the chosen provider @return this */
        public Builder model(String model) { this.model = model; return this; }

        /** @param tags statistics labels; {@code null} means none @return this */
        public Builder tags(RequestTags tags) { this.tags = tags == null ? RequestTags.NONE : tags; return this; }

        /** @param cachePolicy cache use for this request @return this */
        public Builder cachePolicy(CachePolicy cachePolicy) { this.cachePolicy = Objects.requireNonNull(cachePolicy, "cachePolicy"); return this; }

        /** @param timeout overall deadline for the call, &gt; 0, or {@code null} for the default @return this */
        public Builder timeout(Duration timeout) { this.timeout = timeout; return this; }

        /** @param stopSequences stop sequences @return this */
        public Builder stopSequences(List<String> stopSequences) {
            this.stopSequences = new ArrayList<>(Objects.requireNonNull(stopSequences, "stopSequences"));
            return this;
        }

        /** @param responseFormat the answer format @return this */
        public Builder responseFormat(ResponseFormat responseFormat) { this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat"); return this; }

        /**
         * Checks and builds the request. Besides the single values, the conversation must hold:
         * system messages first, at least one user message, every tool result directly after the
         * assistant turn that made its call (each call answered exactly once), unique tool names,
         * and a named tool choice naming a defined tool.
         *
         * @return the request
         * @throws IllegalArgumentException naming the offending field or message if a value is invalid
         */
        public LlmRequest build() {
            List<ChatMessage> conversation = new ArrayList<>();
            if (messages.isEmpty()) {
                if (userPrompt == null || userPrompt.isBlank()) {
                    throw new IllegalArgumentException("userPrompt must not be null or blank (or give messages)");
                }
                if (systemPrompt != null && !systemPrompt.isBlank()) {
                    conversation.add(new SystemMessage(systemPrompt));
                }
                conversation.add(UserMessage.of(userPrompt));
            } else {
                if (userPrompt != null) {
                    throw new IllegalArgumentException("give either userPrompt or messages, not both");
                }
                if (systemPrompt != null && !systemPrompt.isBlank()) {
                    conversation.add(new SystemMessage(systemPrompt));
                }
                conversation.addAll(messages);
            }
            ConversationRules.check(conversation, tools, toolChoice, responseSchema);
            if (temperature != null && (temperature.isNaN() || temperature < 0.0 || temperature > 2.0)) {
                throw new IllegalArgumentException("temperature must be between 0.0 and 2.0, was " + temperature);
            }
            if (maxTokens != null && maxTokens <= 0) {
                throw new IllegalArgumentException("maxTokens must be > 0, was " + maxTokens);
            }
            checkAmount("maxCost", maxCost);
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("timeout must be > 0, was " + timeout);
            }
            if (provider != null && provider.isBlank()) {
                throw new IllegalArgumentException("provider must not be blank");
            }
            if (model != null && model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank");
            }
            for (String s : stopSequences) {
                if (s == null || s.isEmpty()) {
                    throw new IllegalArgumentException("stop sequences must not be null or empty");
                }
            }
            return new LlmRequest(this, conversation);
        }
    }
}
