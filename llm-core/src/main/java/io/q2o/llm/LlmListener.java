package io.q2o.llm;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Observes what {@link LlmService} does, for metrics, ledgers, dashboards and alerts. Register
 * with {@link LlmService.Builder#listener}. Every method has an empty default, so implement only
 * what you need.
 *
 * <p>Callbacks run synchronously. {@link #onRequestStart} runs on the caller's thread at the
 * public entry point for every kind of call ({@code complete}, {@code completeAsync},
 * {@code stream}), so a listener can capture the caller's context there (a tracing span, an MDC).
 * The other callbacks run on the thread that drives the call: the caller's for a blocking
 * {@code complete}, the service's executor thread for async calls and streams. For one call they
 * come in this order: {@link #onRequestStart}, then
 * {@link #onAttempt} for every attempt or skip (with {@link #onFallback} before the first attempt
 * on a different provider), then {@link #onBudgetExhausted} if a hard budget refused the call,
 * then {@link #onCacheHit} for answers served from the cache, then {@link #onResponse} exactly
 * once. {@link #onCostAlert} follows the response that crossed the threshold. Keep callbacks
 * short and non-blocking. An exception thrown by a listener is logged and never breaks a call or
 * stops other listeners.
 */
public interface LlmListener {

    /** @param event a call starts */
    default void onRequestStart(RequestStart event) {
    }

    /** @param event an attempt finished or a candidate was skipped */
    default void onAttempt(AttemptEvent event) {
    }

    /** @param event the call moves from one provider to another */
    default void onFallback(FallbackEvent event) {
    }

    /** @param event the answer came from the response cache (followed by {@link #onResponse}) */
    default void onCacheHit(CallEvent event) {
    }

    /** @param event the call finished (success, failure, cache hit or dry run); exactly once per call */
    default void onResponse(CallEvent event) {
    }

    /** @param alert the day's cost crossed {@code Q2O_LLM_COST_ALERT}; once per day */
    default void onCostAlert(CostAlert alert) {
    }

    /** @param event a hard budget refused a call */
    default void onBudgetExhausted(BudgetEvent event) {
    }

    /**
     * A listener that only handles cost alerts.
     *
     * @param handler receives each alert
     * @return the listener
     */
    static LlmListener onCostAlert(Consumer<CostAlert> handler) {
        Objects.requireNonNull(handler, "handler");
        return new LlmListener() {
            @Override
            public void onCostAlert(CostAlert alert) {
                handler.accept(alert);
            }
        };
    }

    /**
     * A call starts.
     *
     * @param requestId unique id of the call, shared by all its events
     * @param time      when it started
     * @param request   the request
     * @param streaming whether it is a streaming call
     */
    record RequestStart(String requestId, Instant time, LlmRequest request, boolean streaming) {
    }

    /**
     * One attempt (or skip) of a call.
     *
     * @param requestId the call's id
     * @param request   the request
     * @param attempt   what happened
     * @param number    1 for the call's first attempt, then 2, 3, …
     */
    record AttemptEvent(String requestId, LlmRequest request, Attempt attempt, int number) {
    }

    /**
     * The call leaves a provider for the next one.
     *
     * @param requestId    the call's id
     * @param request      the request
     * @param fromProvider the provider given up
     * @param toProvider   the provider tried next
     * @param reason       the last error of {@code fromProvider}, or {@code null} if it was skipped
     */
    record FallbackEvent(String requestId, LlmRequest request, String fromProvider, String toProvider,
                         ErrorKind reason) {
    }

    /**
     * A finished call.
     *
     * @param requestId the call's id
     * @param start     when it started
     * @param end       when it finished (the service's clock)
     * @param request   the request
     * @param response  the response returned to the caller
     * @param counted   whether the call was counted against the daily call limit (it reached the
     *                  provider stage; false for cache hits, dry runs and calls refused early)
     */
    record CallEvent(String requestId, Instant start, Instant end, LlmRequest request, LlmResponse response,
                     boolean counted) {
    }

    /**
     * A hard budget refused a call.
     *
     * @param requestId   the call's id
     * @param request     the request
     * @param error       the error returned ({@link ErrorKind#BUDGET_EXCEEDED})
     * @param dailyCost   today's committed cost
     * @param monthlyCost this month's committed cost
     */
    record BudgetEvent(String requestId, LlmRequest request, LlmError error, BigDecimal dailyCost,
                       BigDecimal monthlyCost) {
    }

    // ---- tool calls executed outside the service (tools from MCP servers, llm-mcp) ----------------

    /**
     * A tool was called through a tool source that reports its calls (for example
     * {@code io.q2o.llm.mcp.McpToolSource}). Runs on the thread that executed the tool, after the
     * call ended. Default: nothing.
     *
     * @param event the call
     */
    default void onToolCall(ToolCallEvent event) {
    }

    /**
     * One tool call through a tool source.
     *
     * @param tool     the tool's name as the model sees it (with any prefix)
     * @param server   the name of the server (or other source) that ran it
     * @param start    when the call started (the source's clock)
     * @param duration how long it took, never negative
     * @param outcome  how it ended
     * @param detail   a short description of a failure, empty on success; never holds arguments
     */
    record ToolCallEvent(String tool, String server, Instant start, Duration duration, Outcome outcome,
                         String detail) {
        /** Validates the components; {@code null} detail becomes empty. */
        public ToolCallEvent {
            Objects.requireNonNull(tool, "tool");
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(outcome, "outcome");
            detail = detail == null ? "" : detail;
        }

        /** How a tool call ended. */
        public enum Outcome {
            /** the tool returned a result */
            SUCCESS,
            /** the tool ran and reported an error (MCP {@code isError}) */
            TOOL_ERROR,
            /** the server refused the call with a protocol error (for example invalid arguments) */
            REJECTED,
            /** no answer within the call timeout */
            TIMEOUT,
            /** the server could not be reached, died during the call, or was dropped */
            SERVER_UNAVAILABLE
        }
    }
}
