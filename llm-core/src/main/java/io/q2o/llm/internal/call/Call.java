package io.q2o.llm.internal.call;

import io.q2o.llm.Attempt;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.StreamListener;
import io.q2o.llm.internal.Listeners;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The state of one call as it passes down the chain. A call runs on one thread from start to end,
 * so this object is confined to that thread and needs no synchronisation.
 */
public final class Call {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("io.q2o.llm.LlmService");
    private final String id = new UUID(ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong())
            .toString(); // no global lock, unlike UUID.randomUUID()
    private final Instant start;
    private final LlmRequest request;
    private final StreamListener listener;
    private final Listeners listeners;
    private final List<Attempt> attempts = new ArrayList<>();
    private Plan plan;
    private boolean counted;
    private Integer clampedMaxTokens;
    private Reservation reservation;
    private boolean announced;
    private java.util.Map<String, io.q2o.llm.ErrorKind> knownFailures;

    /**
     * @param start     when the call started
     * @param request   the request
     * @param listener  the stream listener, or {@code null} for a non-streaming call
     * @param listeners the service's listeners, told of every attempt and fallback
     */
    public Call(Instant start, LlmRequest request, StreamListener listener, Listeners listeners) {
        this.start = start;
        this.request = request;
        this.listener = listener;
        this.listeners = listeners;
    }

    /** @return the call id shared by all its events */
    public String id() { return id; }

    /** @return when the call started */
    public Instant start() { return start; }

    /** @return the request */
    public LlmRequest request() { return request; }

    /** @return the stream listener, or {@code null} for a non-streaming call */
    public StreamListener streamListener() { return listener; }

    /** @return whether this is a streaming call */
    public boolean streaming() { return listener != null; }

    /** @return the plan; set by {@link PlanStep} */
    public Plan plan() { return plan; }

    void plan(Plan plan) { this.plan = plan; }

    /** @return the attempts so far (the list the response will carry) */
    public List<Attempt> attempts() { return attempts; }

    /** @return whether the call was counted against the daily call limit */
    public boolean counted() { return counted; }

    void counted(boolean counted) { this.counted = counted; }

    /** @return the output token limit of the attempts: the plan's, unless a budget lowered it */
    public int maxTokens() { return clampedMaxTokens != null ? clampedMaxTokens : plan.maxTokens(); }

    /** @return whether a budget lowered this call's output token limit */
    public boolean maxTokensClamped() { return clampedMaxTokens != null; }

    void clampMaxTokens(int maxTokens) { this.clampedMaxTokens = maxTokens; }

    boolean announced() { return announced; }

    void announced(boolean announced) { this.announced = announced; }

    /** @return the budget reservation, or {@code null} when no budget is active */
    Reservation reservation() { return reservation; }

    void reservation(Reservation reservation) { this.reservation = reservation; }

    /**
     * Records an attempt (or skip) and tells the listeners, with a fallback event first when the
     * provider changed. The fallback's reason is the last real failure of the provider given up,
     * even when its last attempt was a skip.
     *
     * @param a the attempt
     */
    public void attempt(Attempt a) {
        if (!attempts.isEmpty()) {
            Attempt prev = attempts.get(attempts.size() - 1);
            if (!prev.provider().equals(a.provider())) {
                io.q2o.llm.ErrorKind reason = lastError(prev.provider());
                LOG.warn("LLM call {} falls back from {} to {} ({})", id, prev.provider(), a.provider(),
                        reason == null ? prev.outcome() : reason);
                listeners.fallback(new LlmListener.FallbackEvent(id, request, prev.provider(), a.provider(), reason));
            }
        }
        attempts.add(a);
        listeners.attempt(new LlmListener.AttemptEvent(id, request, a, attempts.size()));
    }

    /**
     * Notes the failure that made a provider unusable without an attempt in this call (the one
     * that opened its circuit breaker), so that a fallback away from it names a real reason.
     *
     * @param provider the provider
     * @param kind     its last failure, or {@code null} if unknown
     */
    void noteFailure(String provider, io.q2o.llm.ErrorKind kind) {
        if (kind != null) {
            if (knownFailures == null) {
                knownFailures = new java.util.HashMap<>();
            }
            knownFailures.put(provider, kind);
        }
    }

    private io.q2o.llm.ErrorKind lastError(String provider) {
        for (int i = attempts.size() - 1; i >= 0; i--) {
            Attempt a = attempts.get(i);
            if (!a.provider().equals(provider)) {
                break;
            }
            if (a.error() != null) {
                return a.error();
            }
        }
        return knownFailures == null ? null : knownFailures.get(provider);
    }
}
