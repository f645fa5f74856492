package io.q2o.llm.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Canonical cache keys: SHA-256 over a fixed-order, length-prefixed encoding of every field that
 * changes the answer. No map iteration, no locale- or float-formatting dependence.
 */
public final class CacheKeys {
    private static final String VERSION = "q2o-cache-v1";

    private CacheKeys() {
    }

    /**
     * @param providerChain  the providers the request may be answered by, in order
     * @param modelOverride  the forced model, or {@code null}
     * @param chainModels    the models of the chain, in order (so a config change invalidates)
     * @param system         the system prompt
     * @param user           the user prompt
     * @param temperature    the effective temperature
     * @param maxTokens      the effective output limit
     * @param responseFormat the response format name
     * @param stopSequences  the stop sequences, in order
     * @return 64 lower-case hex characters
     */
    public static String key(List<String> providerChain, String modelOverride, List<String> chainModels,
                             String system, String user, double temperature, int maxTokens,
                             String responseFormat, List<String> stopSequences) {
        StringBuilder sb = new StringBuilder(system.length() + user.length() + 256);
        field(sb, VERSION);
        list(sb, providerChain);
        field(sb, modelOverride == null ? "\u0000none" : modelOverride);
        list(sb, chainModels);
        field(sb, system);
        field(sb, user);
        field(sb, BigDecimal.valueOf(temperature).stripTrailingZeros().toPlainString());
        field(sb, Integer.toString(maxTokens));
        field(sb, responseFormat);
        list(sb, stopSequences);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static void field(StringBuilder sb, String s) {
        sb.append(s.length()).append(':').append(s).append(';');
    }

    private static void list(StringBuilder sb, List<String> items) {
        sb.append('[').append(items.size()).append(']');
        for (String s : items) {
            field(sb, s);
        }
    }
}
