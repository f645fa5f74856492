package io.q2o.llm.internal;

import io.q2o.llm.ImagePart;
import io.q2o.llm.LlmRequest;

/**
 * An upper bound of the input tokens any provider can bill for a request, for budget
 * reservations (not an estimate).
 *
 * <p>Why it holds: every tokenizer in use (byte-level BPE as in OpenAI's and Anthropic's, SentencePiece
 * with byte fallback as in Gemini's) emits at least one UTF-8 byte per token, so a text of
 * {@code b} bytes is at most {@code b} tokens; each message adds role and separator tokens, and
 * providers add a fixed preamble. The text is everything the request sends ({@link RequestText}:
 * every message, tool call and result, tool definitions and the response schema), so the bound
 * holds for conversations and tools too. Each image adds {@value #PER_IMAGE}
 * tokens — more than OpenAI's formulas (512 px tiles, or 32 px patches capped at 1,536) and
 * Anthropic's (width × height / 750 after scaling to at most 1,568 px a side) give for any image —
 * or, for an inline image whose header gives its size and that Gemini would cut into more tiles,
 * Gemini's formula: 258 tokens per 768 × 768 px tile. A URL image's size is unknown before the
 * provider fetches it: it gets {@value #PER_IMAGE}.
 * The bound is {@code max(tokensPerByte × bytes, estimateFactor × estimate) + 32 per message and tool + 64
 * + the images' tokens}.
 * {@code tokensPerByte} defaults to 4 ({@code Q2O_LLM_BUDGET_TOKENS_PER_BYTE}): 1 already covers
 * real tokenizers; the default also covers a provider (or proxy) that bills up to four times that,
 * at the price of reserving more while a call is in flight (released when it ends).
 *
 * <p>The text part is also at least {@code estimateFactor} times the library's own estimate of the
 * text ({@link TokenEstimator}, {@code Q2O_LLM_BUDGET_ESTIMATE_FACTOR}, default 10): for prose the
 * per-byte part is the larger, but text the estimator packs densely (numbers, CSV, JSON data: 1.7
 * to 2.5 bytes per token) billed at 10 times its estimate would pass 4 tokens per byte. Calls made
 * while the estimator's tables load in the background (about a second, once per process) assume
 * one estimated token per byte instead — more, never less — rather than wait.
 */
public final class InputBound {
    /** Tokens added per message (role markers, separators). */
    public static final long PER_MESSAGE = 32;
    /** Tokens added once per request (the provider's preamble). */
    public static final long PER_REQUEST = 64;
    /** Tokens reserved per image. */
    public static final long PER_IMAGE = 8_192;

    private final long tokensPerByte;
    private final long estimateFactor;
    private final TokenEstimator estimator = new TokenEstimator();

    /**
     * @param tokensPerByte  the tokens billed per UTF-8 byte at most, &ge; 1
     * @param estimateFactor the multiple of the estimated text tokens billed at most, &ge; 0 (0: per byte only)
     */
    public InputBound(long tokensPerByte, long estimateFactor) {
        if (tokensPerByte < 1 || estimateFactor < 0) {
            throw new IllegalArgumentException("tokensPerByte must be >= 1 and estimateFactor >= 0: " + tokensPerByte
                    + ", " + estimateFactor);
        }
        this.tokensPerByte = tokensPerByte;
        this.estimateFactor = estimateFactor;
    }

    /**
     * @param request the request
     * @return the most input tokens a provider can bill for it
     */
    public long tokens(LlmRequest request) {
        String text = RequestText.forEstimate(request);
        long bytes = utf8Length(text);
        for (String s : request.stopSequences()) {
            bytes += utf8Length(s);
        }
        // o200k_base never emits more tokens than bytes, so the estimate part stays below 100 x bytes: no
        // overflow; while its tables load (about a second, once) the part assumes one token per byte instead
        long byEstimate = estimateFactor == 0 ? 0
                : estimateFactor * (estimator.ready() ? estimator.count(text) : utf8Length(text));
        long parts = request.messages().size() + request.tools().size();
        long images = 0;
        for (ImagePart image : RequestText.images(request)) {
            images += imageTokens(image);
        }
        return Math.multiplyHigh(bytes, tokensPerByte) != 0 ? Long.MAX_VALUE / 2
                : Math.max(bytes * tokensPerByte, byEstimate) + parts * PER_MESSAGE + PER_REQUEST + images;
    }

    /**
     * @param image an image
     * @return the most input tokens any of the providers bills for it
     */
    public static long imageTokens(ImagePart image) {
        return image.pixelSize().map(s -> Math.max(PER_IMAGE, geminiTiles(s.width(), s.height())))
                .orElse(PER_IMAGE);
    }

    /** Gemini: 258 tokens up to 384 px a side, else 258 per 768 × 768 tile. */
    static long geminiTiles(long width, long height) {
        if (width <= 384 && height <= 384) {
            return 258;
        }
        return ((width + 767) / 768) * ((height + 767) / 768) * 258;
    }

    /**
     * @param s a text, possibly {@code null}
     * @return its UTF-8 length in bytes, without encoding it
     */
    public static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
