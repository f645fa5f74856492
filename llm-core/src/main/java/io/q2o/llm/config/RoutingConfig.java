package io.q2o.llm.config;

import io.q2o.llm.internal.config.Values;

import java.util.List;
import java.util.Objects;

/**
 * Whether and where calls go. Immutable.
 *
 * @param useLlm                   {@code Q2O_USE_LLM}: calls are made at all; default {@code true}
 * @param dryRun                   {@code Q2O_LLM_DRY_RUN}: simulate calls without network; default {@code false}
 * @param primary                  {@code Q2O_LLM_PRIMARY}: the first provider tried; default {@code gemini}
 * @param fallbacks                {@code Q2O_LLM_FALLBACK}: providers tried next, in order; default {@code [openai]}
 * @param autoFallback             {@code Q2O_LLM_AUTO_FALLBACK}: after the named chain, try every other
 *                                 configured provider; default {@code true}
 * @param failFastOnInvalidRequest {@code Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST}: an invalid request
 *                                 (400/422) ends the call instead of trying the next provider; default {@code true}
 */
public record RoutingConfig(boolean useLlm, boolean dryRun, String primary, List<String> fallbacks,
                            boolean autoFallback, boolean failFastOnInvalidRequest) {
    /** Validates the provider names and copies the list. */
    public RoutingConfig {
        primary = Values.parseProviderName("Q2O_LLM_PRIMARY", Objects.requireNonNull(primary, "primary"));
        Objects.requireNonNull(fallbacks, "fallbacks");
        for (String f : fallbacks) {
            Values.parseProviderName("Q2O_LLM_FALLBACK", Objects.requireNonNull(f, "fallback"));
        }
        fallbacks = List.copyOf(fallbacks);
    }
}
