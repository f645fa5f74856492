package io.q2o.llm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One request to {@link LlmService}. Immutable and thread-safe; build it with {@link #builder()}.
 *
 * <p>Unset optional fields take the service's configuration: temperature
 * ({@code Q2O_LLM_TEMPERATURE}, default 0.7), max tokens ({@code Q2O_LLM_MAX_TOKENS}, default
 * 8192), timeout ({@code Q2O_LLM_TIMEOUT_SECONDS}, default 120 s), provider chain
 * ({@code Q2O_LLM_PRIMARY} then {@code Q2O_LLM_FALLBACK}) and each provider's model list.
 */
public final class LlmRequest {
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

    private LlmRequest(Builder b) {
        this.systemPrompt = b.systemPrompt == null ? "" : b.systemPrompt;
        this.userPrompt = b.userPrompt;
        this.temperature = b.temperature;
        this.maxTokens = b.maxTokens;
        this.provider = b.provider;
        this.model = b.model;
        this.tags = b.tags;
        this.cachePolicy = b.cachePolicy;
        this.timeout = b.timeout;
        this.stopSequences = List.copyOf(b.stopSequences);
        this.responseFormat = b.responseFormat;
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
        b.systemPrompt = systemPrompt;
        b.userPrompt = userPrompt;
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

    /** @return the system prompt, empty if none */
    public String systemPrompt() { return systemPrompt; }

    /** @return the user prompt, never blank */
    public String userPrompt() { return userPrompt; }

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

    /** @return the requested answer format; default {@link ResponseFormat#TEXT} */
    public ResponseFormat responseFormat() { return responseFormat; }

    /** @return a summary without the prompt texts */
    @Override
    public String toString() {
        return "LlmRequest{systemChars=" + systemPrompt.length() + ", userChars=" + userPrompt.length()
                + ", temperature=" + temperature + ", maxTokens=" + maxTokens + ", provider=" + provider
                + ", model=" + model + ", tags=" + tags + ", cachePolicy=" + cachePolicy + "}";
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

        private Builder() {
        }

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
        public Builder stopSequences(List<String> stopSequences) { this.stopSequences = List.copyOf(stopSequences); return this; }

        /** @param responseFormat the answer format @return this */
        public Builder responseFormat(ResponseFormat responseFormat) { this.responseFormat = Objects.requireNonNull(responseFormat, "responseFormat"); return this; }

        /**
         * @return the request
         * @throws IllegalArgumentException naming the offending field if a value is invalid
         */
        public LlmRequest build() {
            if (userPrompt == null || userPrompt.isBlank()) {
                throw new IllegalArgumentException("userPrompt must not be null or blank");
            }
            if (temperature != null && (temperature.isNaN() || temperature < 0.0 || temperature > 2.0)) {
                throw new IllegalArgumentException("temperature must be between 0.0 and 2.0, was " + temperature);
            }
            if (maxTokens != null && maxTokens <= 0) {
                throw new IllegalArgumentException("maxTokens must be > 0, was " + maxTokens);
            }
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
            return new LlmRequest(this);
        }
    }
}
