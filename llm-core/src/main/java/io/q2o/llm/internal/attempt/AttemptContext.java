package io.q2o.llm.internal.attempt;

import io.q2o.llm.LlmRequest;
import io.q2o.llm.StreamListener;
import io.q2o.llm.internal.call.Candidate;

import java.time.Duration;
import java.time.Instant;

/**
 * The state of one attempt: what to call, by when, and for how long. Confined to the call's thread.
 */
public final class AttemptContext {
    private final String callId;
    private final LlmRequest request;
    private final StreamListener listener;
    private final Candidate candidate;
    private final int maxTokens;
    private final Instant deadline;
    private Duration timeout;

    /**
     * @param callId    the call id
     * @param request   the request
     * @param listener  the stream listener, or {@code null}
     * @param candidate the (provider, model) to call
     * @param maxTokens the output token limit of this call
     * @param deadline  when the whole call must end
     */
    public AttemptContext(String callId, LlmRequest request, StreamListener listener, Candidate candidate,
                          int maxTokens, Instant deadline) {
        this.callId = callId;
        this.request = request;
        this.listener = listener;
        this.candidate = candidate;
        this.maxTokens = maxTokens;
        this.deadline = deadline;
    }

    /** @return the call id */
    public String callId() { return callId; }

    /** @return the request */
    public LlmRequest request() { return request; }

    /** @return the stream listener, or {@code null} for a non-streaming call */
    public StreamListener listener() { return listener; }

    /** @return the candidate */
    public Candidate candidate() { return candidate; }

    /** @return the output token limit */
    public int maxTokens() { return maxTokens; }

    /** @return when the whole call must end */
    public Instant deadline() { return deadline; }

    /** @return this attempt's timeout; set by {@link DeadlineStep} */
    public Duration timeout() { return timeout; }

    void timeout(Duration timeout) { this.timeout = timeout; }
}
