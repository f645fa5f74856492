package io.q2o.llm.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Estimates prompt tokens with jtokkit's {@code o200k_base} encoding. Other providers' tokenizers
 * differ: estimates serve the dry run and the tokens-per-minute limit; budget reservations use
 * {@link InputBound}, an upper bound.
 * Thread-safe.
 */
public final class TokenEstimator {
    /** The encoding tables are immutable and costly to load (about a second): load them once, on first use. */
    private static final class Holder {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    private static final AtomicBoolean LOADING = new AtomicBoolean();
    private static volatile boolean loaded;

    /**
     * @param text a text
     * @return its token count in o200k_base
     */
    public long count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        long n = Holder.ENCODING.countTokens(text);
        loaded = true;
        return n;
    }

    /**
     * Whether counting is ready without waiting for the tables to load; if they are not loaded
     * yet, starts loading them on a daemon thread (once), so a caller that must not wait can use
     * a fallback meanwhile.
     *
     * @return whether {@link #count} answers without loading the tables first
     */
    public boolean ready() {
        if (loaded) {
            return true;
        }
        if (LOADING.compareAndSet(false, true)) {
            Thread t = new Thread(() -> {
                Holder.ENCODING.countTokens("warm up");
                loaded = true;
            }, "q2o-llm-tokenizer-load");
            t.setDaemon(true);
            t.start();
        }
        return false;
    }

    /**
     * @param text everything a request sends as text ({@link RequestText#forEstimate})
     * @return a padded estimate of its tokens (+25 % + 8), for the tokens-per-minute limit
     */
    public long paddedEstimate(String text) {
        long n = count(text);
        return n + n / 4 + 8;
    }
}
