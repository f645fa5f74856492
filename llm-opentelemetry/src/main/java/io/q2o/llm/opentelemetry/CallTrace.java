package io.q2o.llm.opentelemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.q2o.llm.Attempt;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmError;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.RequestTags;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.q2o.llm.opentelemetry.GenAiAttributes.*;

/**
 * The spans of one call: the call span, started when the call starts under the caller's context,
 * and one child span per provider request, written when the listener hears of the attempt (its
 * start is the attempt's end minus its duration). The successful attempt's span stays open until
 * the call's response brings the response model, usage and finish reason, then ends at the time
 * the attempt ended. Skips, fallbacks and budget refusals are events on the call span.
 *
 * <p>Events of one call arrive one after another but possibly on different threads, so every
 * method is synchronized (for visibility; there is no contention).
 */
final class CallTrace {

    private final Tracer tracer;
    private final ProviderNames names;
    private final Clock clock;
    private final boolean captureContent;
    private final LlmRequest request;
    private final Span span;
    private final Context callContext;

    private String requestModel;
    private String lastProvider;
    private long fallbacks;
    private Span pendingSuccess;
    private Instant pendingEnd;

    private CallTrace(Tracer tracer, ProviderNames names, Clock clock, boolean captureContent,
                      LlmListener.RequestStart start, Context parent) {
        this.tracer = tracer;
        this.names = names;
        this.clock = clock;
        this.captureContent = captureContent;
        this.request = start.request();
        this.requestModel = blankToNull(request.model());
        SpanBuilder b = tracer.spanBuilder(spanName(requestModel)).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(clock.instant())
                .setAttribute(OPERATION_NAME, CHAT)
                .setAttribute(REQUEST_ID, start.requestId())
                .setAttribute(STREAMING, start.streaming());
        if (requestModel != null) {
            b.setAttribute(REQUEST_MODEL, requestModel);
        }
        String forced = blankToNull(request.provider());
        if (forced != null) {
            b.setAttribute(PROVIDER_NAME, names.of(forced));
        }
        requestParameters(b);
        RequestTags tags = request.tags();
        if (tags != null) {
            setIfPresent(b, AGENT, tags.agentId());
            setIfPresent(b, TASK, tags.taskId());
            setIfPresent(b, PROJECT, tags.projectId());
        }
        if (captureContent) {
            setIfPresent(b, SYSTEM_INSTRUCTIONS, ContentCapture.systemInstructions(request));
            b.setAttribute(INPUT_MESSAGES, ContentCapture.inputMessages(request));
        }
        this.span = b.startSpan();
        this.callContext = parent.with(span);
    }

    static CallTrace start(Tracer tracer, ProviderNames names, Clock clock, boolean captureContent,
                           LlmListener.RequestStart start, Context parent) {
        return new CallTrace(tracer, names, clock, captureContent, start, parent);
    }

    /** @return the call span (for tests and for callers who want to correlate) */
    synchronized Span span() {
        return span;
    }

    synchronized void attempt(LlmListener.AttemptEvent event) {
        Attempt a = event.attempt();
        Instant now = clock.instant();
        endPendingSuccess(null);
        if (requestModel == null) {
            requestModel = a.model();
            span.setAttribute(REQUEST_MODEL, requestModel);
            span.updateName(spanName(requestModel));
        }
        lastProvider = a.provider();
        String skip = switch (a.outcome()) {
            case SKIPPED_CIRCUIT_OPEN -> "circuit_open";
            case SKIPPED_RATE_LIMIT -> "rate_limit";
            case SKIPPED_PRICE_UNKNOWN -> "price_unknown";
            case SUCCESS, FAILED -> null;
        };
        if (skip != null) {
            span.addEvent(SKIP_EVENT, Attributes.of(PROVIDER_NAME, names.of(a.provider()), REQUEST_MODEL, a.model(),
                    SKIP_REASON, skip), now);
            return;
        }
        SpanBuilder b = tracer.spanBuilder(spanName(a.model())).setParent(callContext).setSpanKind(SpanKind.CLIENT)
                .setStartTimestamp(now.minus(a.duration()))
                .setAttribute(OPERATION_NAME, CHAT)
                .setAttribute(PROVIDER_NAME, names.of(a.provider()))
                .setAttribute(PROVIDER, a.provider())
                .setAttribute(REQUEST_MODEL, a.model())
                .setAttribute(ATTEMPT, (long) event.number());
        requestParameters(b);
        Span attempt = b.startSpan();
        if (a.outcome() == Attempt.Outcome.SUCCESS) {
            pendingSuccess = attempt;
            pendingEnd = now;
            return;
        }
        attempt.setAttribute(ERROR_TYPE, errorType(a.error()));
        attempt.setStatus(StatusCode.ERROR, a.message());
        attempt.end(now);
    }

    synchronized void fallback(LlmListener.FallbackEvent event) {
        fallbacks++;
        span.addEvent(FALLBACK_EVENT, Attributes.of(FALLBACK_FROM, names.of(event.fromProvider()),
                FALLBACK_TO, names.of(event.toProvider()),
                FALLBACK_REASON, event.reason() == null ? "skipped" : errorType(event.reason())), clock.instant());
    }

    synchronized void budgetExhausted(LlmListener.BudgetEvent event) {
        span.addEvent(BUDGET_EXHAUSTED_EVENT, Attributes.of(BUDGET_DAILY_COST, plain(event.dailyCost()),
                BUDGET_MONTHLY_COST, plain(event.monthlyCost())), clock.instant());
    }

    synchronized void finish(LlmListener.CallEvent event) {
        LlmResponse r = event.response();
        endPendingSuccess(r);
        String provider = r.provider() != null ? r.provider()
                : r.error() != null && r.error().provider() != null ? r.error().provider()
                : lastProvider != null ? lastProvider : blankToNull(request.provider());
        if (provider != null) {
            span.setAttribute(PROVIDER_NAME, names.of(provider));
            span.setAttribute(PROVIDER, provider);
        }
        if (requestModel == null && r.model() != null && !r.model().isBlank()) {
            // no attempt (cache hit, dry run): the model that produced the answer is the one asked for
            requestModel = r.model();
            span.setAttribute(REQUEST_MODEL, requestModel);
            span.updateName(spanName(requestModel));
        }
        span.setAttribute(CACHE_HIT, r.cacheHit());
        if (fallbacks > 0) {
            span.setAttribute(FALLBACKS, fallbacks);
        }
        if (r.simulated()) {
            span.setAttribute(DRY_RUN, true);
        }
        if (r.success()) {
            setIfPresent(span, RESPONSE_MODEL, r.model());
            finishReasons(span, r.finishReason());
            LlmUsage u = r.usage();
            if (u != null && !r.simulated()) {
                if (!r.cacheHit()) {
                    span.setAttribute(USAGE_INPUT_TOKENS, u.inputTokens());
                    span.setAttribute(USAGE_OUTPUT_TOKENS, u.outputTokens());
                }
                Optional<BigDecimal> cost = u.totalCost();
                span.setAttribute(COST_KNOWN, cost.isPresent());
                cost.ifPresent(c -> span.setAttribute(COST_USD, plain(c)));
            }
        } else {
            LlmError e = r.error();
            if (r.partial()) {
                span.setAttribute(PARTIAL, true);
            }
            if (e != null) {
                span.setAttribute(ERROR_TYPE, errorType(e.kind()));
                setIfPresent(span, ERROR_CODE, e.code());
                span.setStatus(StatusCode.ERROR, e.message());
            } else {
                span.setAttribute(ERROR_TYPE, "_OTHER");
                span.setStatus(StatusCode.ERROR);
            }
        }
        if (captureContent && r.content() != null && !r.content().isEmpty()) {
            span.setAttribute(OUTPUT_MESSAGES, ContentCapture.outputMessages(r.content(), r.finishReason()));
        }
        span.end(clock.instant());
    }

    /** Ends the open span of a successful attempt, with the response's details when it is the answer. */
    private void endPendingSuccess(LlmResponse r) {
        Span s = pendingSuccess;
        if (s == null) {
            return;
        }
        pendingSuccess = null;
        if (r != null && r.success() && !r.cacheHit()) {
            setIfPresent(s, RESPONSE_MODEL, r.model());
            finishReasons(s, r.finishReason());
            LlmUsage u = r.usage();
            if (u != null && !r.simulated()) {
                s.setAttribute(USAGE_INPUT_TOKENS, u.inputTokens());
                s.setAttribute(USAGE_OUTPUT_TOKENS, u.outputTokens());
            }
        }
        s.end(pendingEnd);
    }

    private void requestParameters(SpanBuilder b) {
        if (request.maxTokens() != null) {
            b.setAttribute(REQUEST_MAX_TOKENS, request.maxTokens().longValue());
        }
        if (request.temperature() != null) {
            b.setAttribute(REQUEST_TEMPERATURE, request.temperature());
        }
    }

    private static void finishReasons(Span s, FinishReason reason) {
        String mapped = finishReason(reason);
        if (mapped != null) {
            s.setAttribute(RESPONSE_FINISH_REASONS, List.of(mapped));
        }
    }

    /** @return the conventions' finish reason, or {@code null} when none was reported */
    static String finishReason(FinishReason reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case STOP -> "stop";
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
            case TOOL_CALLS -> "tool_calls";
            case OTHER -> "other";
            case UNKNOWN -> null;
        };
    }

    static String errorType(ErrorKind kind) {
        return kind == null ? "_OTHER" : kind.name().toLowerCase(Locale.ROOT);
    }

    static String spanName(String model) {
        return model == null ? CHAT : CHAT + " " + model;
    }

    /** Exact decimal without exponent or trailing zeros: {@code 0.000800} → {@code "0.0008"}, zero → {@code "0"}. */
    static String plain(BigDecimal amount) {
        if (amount == null) {
            return "unknown";
        }
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void setIfPresent(SpanBuilder b, io.opentelemetry.api.common.AttributeKey<String> key, String value) {
        if (value != null && !value.isEmpty()) {
            b.setAttribute(key, value);
        }
    }

    private static void setIfPresent(Span s, io.opentelemetry.api.common.AttributeKey<String> key, String value) {
        if (value != null && !value.isEmpty()) {
            s.setAttribute(key, value);
        }
    }
}
