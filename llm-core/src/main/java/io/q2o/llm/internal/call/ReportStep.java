package io.q2o.llm.internal.call;

import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmError;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.internal.Listeners;
import io.q2o.llm.internal.Redactor;
import io.q2o.llm.internal.StatsRecorder;
import io.q2o.llm.spi.Throwables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/**
 * Second step: tells the listeners that the call started and, whatever happens below, how it
 * ended — statistics, {@code onCacheHit} for cached answers, then {@code onResponse} exactly once,
 * and for a stream its listener's {@code onCompleted} or {@code onFailed}.
 * A failure thrown by a later step (a bug, never a provider failure) becomes an
 * {@link ErrorKind#INTERNAL} response here, so a call never throws to its caller from below this step.
 */
final class ReportStep implements CallStep {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private final Clock clock;
    private final Listeners listeners;
    private final StatsRecorder stats;
    private final Redactor redactor;

    ReportStep(Clock clock, Listeners listeners, StatsRecorder stats, Redactor redactor) {
        this.clock = clock;
        this.listeners = listeners;
        this.stats = stats;
        this.redactor = redactor;
    }

    /** Emits {@code onRequestStart} once per call. */
    void announce(Call call) {
        if (!call.announced()) {
            call.announced(true);
            listeners.requestStart(new LlmListener.RequestStart(call.id(), call.start(), call.request(),
                    call.streaming()));
        }
    }

    @Override
    public LlmResponse handle(Call call, Next next) {
        announce(call);
        LlmResponse r;
        try {
            r = next.proceed(call);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            r = internalFailure(e, call.attempts());
        }
        stats.record(r, call.request().tags());
        LlmListener.CallEvent event = new LlmListener.CallEvent(call.id(), call.start(), clock.instant(),
                call.request(), r, call.counted());
        if (r.cacheHit()) {
            listeners.cacheHit(event);
        }
        listeners.response(event);
        if (call.streaming()) {
            finishStream(call, r);
        }
        return r;
    }

    /** Tells the stream listener how the stream ended; what it throws is logged, the response stands. */
    private static void finishStream(Call call, LlmResponse r) {
        try {
            if (r.success()) {
                call.streamListener().onCompleted(r);
            } else {
                call.streamListener().onFailed(r);
            }
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            log.warn("The stream listener failed in {}: {}", r.success() ? "onCompleted" : "onFailed", e.toString());
        }
    }

    private LlmResponse internalFailure(Throwable t, List<io.q2o.llm.Attempt> attempts) {
        Throwable cause = Throwables.unwrapAsync(t);
        log.error("Unexpected failure in the LLM call chain", cause);
        return LlmResponse.failure(new LlmError(ErrorKind.INTERNAL, "", "unexpected failure: "
                + redactor.redact(String.valueOf(cause)), null), attempts);
    }
}
