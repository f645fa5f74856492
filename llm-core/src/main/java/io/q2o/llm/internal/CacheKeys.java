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
        MessageDigest md = digest();
        field(md, VERSION);
        list(md, providerChain);
        field(md, modelOverride == null ? "\u0000none" : modelOverride);
        list(md, chainModels);
        field(md, system);
        field(md, user);
        field(md, BigDecimal.valueOf(temperature).stripTrailingZeros().toPlainString());
        field(md, Integer.toString(maxTokens));
        field(md, responseFormat);
        list(md, stopSequences);
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Feeds a length-prefixed field straight into the digest: no copy of the whole prompt is built. */
    private static void field(MessageDigest md, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        md.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        md.update(bytes);
        md.update((byte) ';');
    }

    private static void list(MessageDigest md, List<String> items) {
        md.update(("[" + items.size() + "]").getBytes(StandardCharsets.US_ASCII));
        for (String s : items) {
            field(md, s);
        }
    }
}
