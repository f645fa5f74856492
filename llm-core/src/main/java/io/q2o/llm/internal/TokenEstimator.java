package io.q2o.llm.internal;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Estimates prompt tokens with jtokkit's {@code o200k_base} encoding. Other providers' tokenizers
 * differ, so the estimate is padded by 25 % plus 8 tokens when used for budget reservations.
 * Thread-safe.
 */
public final class TokenEstimator {
    /** The encoding tables are immutable and costly to load (about a second): load them once, on first use. */
    private static final class Holder {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }

    /**
     * @param text a text
     * @return its token count in o200k_base
     */
    public long count(String text) {
        return text == null || text.isEmpty() ? 0 : Holder.ENCODING.countTokens(text);
    }

    /**
     * @param system the system prompt
     * @param user   the user prompt
     * @return a padded upper estimate of the prompt tokens, for reservations and rate limits
     */
    public long upperEstimate(String system, String user) {
        long n = count(system) + count(user);
        return n + n / 4 + 8;
    }
}
