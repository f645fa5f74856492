package io.q2o.llm.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Canonical cache-key digests, for keys that leave the process (disk, Redis): SHA-256 over a fixed-order, length-prefixed encoding of every field that
 * changes the answer. No map iteration, no locale- or float-formatting dependence.
 */
public final class CacheKeys {
    private static final String VERSION = "q2o-cache-v2";

    private CacheKeys() {
    }

    /**
     * @param key the in-memory key
     * @return the SHA-256 of its canonical encoding: 64 lower-case hex characters
     */
    public static String digest(CacheKey key) {
        MessageDigest md = digest();
        field(md, VERSION);
        list(md, key.providerChain());
        field(md, key.modelOverride() == null ? "\u0000none" : key.modelOverride());
        list(md, key.chainModels());
        CanonicalEncoding.update(md, key.messages(), key.tools(), key.toolChoice(), key.parallelToolCalls(),
                key.schema());
        field(md, BigDecimal.valueOf(key.temperature()).stripTrailingZeros().toPlainString());
        field(md, Integer.toString(key.maxTokens()));
        field(md, key.format());
        list(md, key.stopSequences());
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
        byte[] bytes = CanonicalEncoding.bytes(s);
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
