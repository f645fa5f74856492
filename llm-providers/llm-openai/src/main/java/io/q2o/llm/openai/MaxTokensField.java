package io.q2o.llm.openai;

import io.q2o.llm.ConfigException;
import io.q2o.llm.spi.HttpSettings;

import java.util.Locale;

/**
 * Which request field carries the output token limit.
 *
 * <p>OpenAI deprecated {@code max_tokens} in favour of {@code max_completion_tokens}, and its
 * reasoning models (o1, o3, o4-mini, gpt-5…) reject {@code max_tokens}. Many OpenAI-compatible
 * servers (Ollama, LM Studio) only know {@code max_tokens} and silently ignore
 * {@code max_completion_tokens} — the limit would then not apply at all. Hence the default:
 * {@link #MAX_COMPLETION_TOKENS} for {@code api.openai.com}, {@link #MAX_TOKENS} for any other
 * base URL; {@code OPENAI_MAX_TOKENS_FIELD} overrides it.
 */
enum MaxTokensField {
    /** {@code max_completion_tokens}: the current OpenAI field. */
    MAX_COMPLETION_TOKENS("max_completion_tokens"),
    /** {@code max_tokens}: the legacy field, the one most OpenAI-compatible servers understand. */
    MAX_TOKENS("max_tokens");

    private final String wireName;

    MaxTokensField(String wireName) {
        this.wireName = wireName;
    }

    /** @return the JSON field name */
    String wireName() {
        return wireName;
    }

    /**
     * @param value a setting value: {@code max_completion_tokens} or {@code max_tokens} (case-insensitive)
     * @return the field
     * @throws ConfigException naming {@code OPENAI_MAX_TOKENS_FIELD} and the value for any other value
     */
    static MaxTokensField parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (MaxTokensField f : values()) {
            if (f.wireName.equals(v)) {
                return f;
            }
        }
        throw new ConfigException(OpenAiProviderFactory.MAX_TOKENS_FIELD_VARIABLE, OpenAiProviderFactory.MAX_TOKENS_FIELD_VARIABLE
                + " must be max_completion_tokens or max_tokens, got '" + HttpSettings.escaped(value.strip()) + "'");
    }

    /**
     * @param official whether the base URL is the official API
     * @return the default for that base URL
     */
    static MaxTokensField defaultFor(boolean official) {
        return official ? MAX_COMPLETION_TOKENS : MAX_TOKENS;
    }
}
