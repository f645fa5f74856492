package io.q2o.llm.internal;

import java.util.List;
import java.util.Objects;

/**
 * The in-memory response-cache key: every field that changes the answer, compared in full.
 *
 * <p>Design: a hit must cost a few microseconds, so the key is not a digest of the prompt. Its
 * hash code mixes the fields' own hash codes ({@link String} caches its hash, so a prompt
 * instance is hashed once), and {@link #equals} compares every field, so two different requests
 * never share an entry even if their hashes collide, crafted or not. A SHA-256 digest of the
 * canonical encoding ({@link CacheKeys#digest}) is computed only when the key leaves the
 * process (a disk or Redis tier), once per key object.
 *
 * @param providerChain the providers the request may be answered by, in order
 * @param modelOverride the forced model, or {@code null}
 * @param chainModels   the models of the chain, in order (so a configuration change invalidates)
 * @param system        the system prompt
 * @param user          the user prompt
 * @param temperature   the effective temperature
 * @param maxTokens     the effective output limit
 * @param format        the response format name
 * @param stopSequences the stop sequences, in order
 */
public record CacheKey(List<String> providerChain, String modelOverride, List<String> chainModels, String system,
                       String user, double temperature, int maxTokens, String format, List<String> stopSequences) {

    /** Validates the components (the lists are expected to be immutable already). */
    public CacheKey {
        Objects.requireNonNull(providerChain, "providerChain");
        Objects.requireNonNull(chainModels, "chainModels");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(stopSequences, "stopSequences");
    }

    /** @return the SHA-256 of the canonical encoding, 64 hex characters, for keys that leave the process */
    public String digest() {
        return CacheKeys.digest(this);
    }

    /** @return a summary without the prompt texts */
    @Override
    public String toString() {
        return "CacheKey{chain=" + providerChain + ", model=" + modelOverride + ", systemChars=" + system.length()
                + ", userChars=" + user.length() + ", temperature=" + temperature + ", maxTokens=" + maxTokens + "}";
    }
}
