package io.q2o.llm;

/** Why the model stopped producing output, normalised across providers. */
public enum FinishReason {
    /** Natural end of the answer or a stop sequence. */
    STOP,
    /** The output token limit ({@code maxTokens}) was reached; the answer is truncated. */
    LENGTH,
    /** The provider's safety system withheld or cut the answer. */
    CONTENT_FILTER,
    /** The model asked for a tool call. */
    TOOL_CALLS,
    /** The provider reported a reason this library does not map. */
    OTHER,
    /** No reason was reported (cache hits of old entries, dry runs, failures). */
    UNKNOWN
}
