package io.q2o.llm.internal;

import io.q2o.llm.CostAlert;
import io.q2o.llm.LlmListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * Calls every listener, logging and swallowing what they throw — exceptions and errors alike (a
 * listener's {@link StackOverflowError} must not break the call or keep the listeners after it,
 * such as the usage ledger, from their record); only {@link OutOfMemoryError} passes.
 * Immutable and thread-safe.
 */
public final class Listeners {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private final List<LlmListener> listeners;

    /** @param listeners the listeners, in call order */
    public Listeners(List<LlmListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    private void each(String what, Consumer<LlmListener> call) {
        for (LlmListener l : listeners) {
            try {
                call.accept(l);
            } catch (OutOfMemoryError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                log.warn("LLM listener {} failed in {}: {}", l.getClass().getName(), what, e.toString(), e);
            }
        }
    }

    /** @return whether there is no listener at all */
    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** @param e a call started; every listener is told, in order */
    public void requestStart(LlmListener.RequestStart e) {
        each("onRequestStart", l -> l.onRequestStart(e));
    }

    /** @param e an attempt finished or a candidate was skipped; every listener is told, in order */
    public void attempt(LlmListener.AttemptEvent e) {
        each("onAttempt", l -> l.onAttempt(e));
    }

    /** @param e the call moves to another provider; every listener is told, in order */
    public void fallback(LlmListener.FallbackEvent e) {
        each("onFallback", l -> l.onFallback(e));
    }

    /** @param e the answer came from the cache; every listener is told, in order */
    public void cacheHit(LlmListener.CallEvent e) {
        each("onCacheHit", l -> l.onCacheHit(e));
    }

    /** @param e the call finished; every listener is told, in order */
    public void response(LlmListener.CallEvent e) {
        each("onResponse", l -> l.onResponse(e));
    }

    /** @param a the day's cost crossed the alert threshold; every listener is told, in order */
    public void costAlert(CostAlert a) {
        each("onCostAlert", l -> l.onCostAlert(a));
    }

    /** @param e a hard budget refused the call; every listener is told, in order */
    public void budgetExhausted(LlmListener.BudgetEvent e) {
        each("onBudgetExhausted", l -> l.onBudgetExhausted(e));
    }
}
