package io.q2o.llm.internal;

import io.q2o.llm.CostAlert;
import io.q2o.llm.LlmListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/** Calls every listener, logging and swallowing what they throw. Immutable and thread-safe. */
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
            } catch (RuntimeException e) {
                log.warn("LLM listener {} failed in {}: {}", l.getClass().getName(), what, e.toString(), e);
            }
        }
    }

    /** @return whether there is no listener at all */
    public boolean isEmpty() {
        return listeners.isEmpty();
    }

    public void requestStart(LlmListener.RequestStart e) {
        each("onRequestStart", l -> l.onRequestStart(e));
    }

    public void attempt(LlmListener.AttemptEvent e) {
        each("onAttempt", l -> l.onAttempt(e));
    }

    public void fallback(LlmListener.FallbackEvent e) {
        each("onFallback", l -> l.onFallback(e));
    }

    public void cacheHit(LlmListener.CallEvent e) {
        each("onCacheHit", l -> l.onCacheHit(e));
    }

    public void response(LlmListener.CallEvent e) {
        each("onResponse", l -> l.onResponse(e));
    }

    public void costAlert(CostAlert a) {
        each("onCostAlert", l -> l.onCostAlert(a));
    }

    public void budgetExhausted(LlmListener.BudgetEvent e) {
        each("onBudgetExhausted", l -> l.onBudgetExhausted(e));
    }
}
