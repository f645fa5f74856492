package io.q2o.llm.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.q2o.llm.LlmListener;
import io.q2o.llm.spi.LlmProviderFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * OpenTelemetry spans for an {@link io.q2o.llm.LlmService}, following the
 * <a href="https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/">GenAI semantic
 * conventions</a>: one span per call and one child span per provider request (attempt), both
 * named {@code "chat {gen_ai.request.model}"} and of kind {@code CLIENT}. Register it as a
 * listener:
 *
 * <pre>{@code
 * LlmTracing tracing = LlmTracing.builder(openTelemetry).build();
 * LlmService llm = LlmService.builder().listener(tracing).build();
 * }</pre>
 *
 * <p><b>Parent.</b> The call span's parent is {@link Context#current()} on the thread that starts
 * the call ({@link LlmListener#onRequestStart} runs there, before any hand-off), for
 * {@code complete}, {@code completeAsync} and {@code stream} alike; attempt spans are children of
 * the call span whatever thread reports them. The call span is not made current while the provider
 * request runs, so spans of an instrumented HTTP client are siblings of it, not children.
 *
 * <p><b>Attributes</b> are listed in {@link GenAiAttributes} and this module's {@code README.md}.
 * Prompt and answer text are <em>not</em> recorded unless {@link Builder#captureContent(boolean)}
 * is switched on. Cost is the exact decimal string {@code q2o.cost.usd}.
 *
 * <p><b>Provider names.</b> {@code gen_ai.provider.name} is
 * {@link LlmProviderFactory#telemetryName()} of the provider's factory (found with
 * {@link ServiceLoader} and/or given to the builder); a provider without a factory keeps its name.
 *
 * <p><b>Timestamps</b> come from the builder's clock (by default the system clock); a service
 * with an injected clock should be given the same one so attempt durations line up.
 *
 * <p>Thread-safe: one instance can serve several services and any number of concurrent calls. It
 * keeps state only for calls in flight (dropped at {@link #onResponse}).
 */
public final class LlmTracing implements LlmListener {

    /** The instrumentation scope name of the spans, {@value}. */
    public static final String INSTRUMENTATION_SCOPE = "io.q2o.llm";

    private final Tracer tracer;
    private final ProviderNames names;
    private final Clock clock;
    private final boolean captureContent;
    private final Map<String, CallTrace> calls = new ConcurrentHashMap<>();

    private LlmTracing(Builder b, ProviderNames names) {
        this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_SCOPE);
        this.names = names;
        this.clock = b.clock;
        this.captureContent = b.captureContent;
    }

    /**
     * @param openTelemetry where the spans go (e.g. the application's {@code OpenTelemetrySdk})
     * @return a builder with content capture off, the system clock and provider factories
     *         discovered with {@link ServiceLoader}
     */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    /**
     * Spans with the default settings (no prompt or answer text).
     *
     * @param openTelemetry where the spans go
     * @return the listener
     */
    public static LlmTracing of(OpenTelemetry openTelemetry) {
        return builder(openTelemetry).build();
    }

    /** @return whether prompt and answer text are recorded (default {@code false}) */
    public boolean capturesContent() {
        return captureContent;
    }

    /** @return the library's provider names and the {@code gen_ai.provider.name} each is reported as */
    public Map<String, String> providerNames() {
        return names.asMap();
    }

    // ------------------------------------------------------------ callbacks

    @Override
    public void onRequestStart(RequestStart event) {
        calls.put(event.requestId(), CallTrace.start(tracer, names, clock, captureContent, event, Context.current()));
    }

    @Override
    public void onAttempt(AttemptEvent event) {
        CallTrace t = calls.get(event.requestId());
        if (t != null) {
            t.attempt(event);
        }
    }

    @Override
    public void onFallback(FallbackEvent event) {
        CallTrace t = calls.get(event.requestId());
        if (t != null) {
            t.fallback(event);
        }
    }

    @Override
    public void onBudgetExhausted(BudgetEvent event) {
        CallTrace t = calls.get(event.requestId());
        if (t != null) {
            t.budgetExhausted(event);
        }
    }

    @Override
    public void onResponse(CallEvent event) {
        CallTrace t = calls.remove(event.requestId());
        if (t != null) {
            t.finish(event);
        }
    }

    /**
     * The span of a call in flight, for correlating from another listener.
     *
     * @param requestId the call's id ({@link RequestStart#requestId()})
     * @return the call span, or an invalid span when the call is unknown or finished
     */
    public Span callSpan(String requestId) {
        CallTrace t = calls.get(requestId);
        return t == null ? Span.getInvalid() : t.span();
    }

    /** @return a summary: scope, content capture and provider names */
    @Override
    public String toString() {
        return "LlmTracing{scope=" + INSTRUMENTATION_SCOPE + ", captureContent=" + captureContent
                + ", providerNames=" + names.asMap() + "}";
    }

    /** Builds an {@link LlmTracing}. Not thread-safe; build once. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private boolean captureContent;
        private Clock clock = Clock.systemUTC();
        private boolean discover = true;
        private final List<LlmProviderFactory> factories = new ArrayList<>();

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        }

        /**
         * Records the system prompt, the user prompt and the answer as the conventions'
         * {@code gen_ai.system_instructions}, {@code gen_ai.input.messages} and
         * {@code gen_ai.output.messages} attributes of the call span. Default {@code false}:
         * prompts and answers may hold personal or secret data and large texts.
         *
         * @param capture whether to record the text
         * @return this
         */
        public Builder captureContent(boolean capture) {
            this.captureContent = capture;
            return this;
        }

        /**
         * @param clock the clock for span timestamps; default {@link Clock#systemUTC()}; give the
         *              service's clock when it has an injected one
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param discover whether to find provider factories with {@link ServiceLoader} (on the
         *                 thread's context class loader) for their telemetry names; default {@code true}
         * @return this
         */
        public Builder discoverProviderFactories(boolean discover) {
            this.discover = discover;
            return this;
        }

        /**
         * Adds a factory whose {@link LlmProviderFactory#telemetryName()} names its provider; it wins
         * over a discovered factory of the same name. Use it for factories registered explicitly on
         * {@code LlmService.builder()}.
         *
         * @param factory the factory
         * @return this
         */
        public Builder providerFactory(LlmProviderFactory factory) {
            factories.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /**
         * @return the listener
         * @throws IllegalArgumentException naming the factory if a factory has a blank name
         */
        public LlmTracing build() {
            Map<String, String> map = new LinkedHashMap<>();
            for (LlmProviderFactory f : factories) {
                ProviderNames.add(map, f);
            }
            if (discover) {
                ClassLoader cl = Thread.currentThread().getContextClassLoader();
                for (LlmProviderFactory f : ServiceLoader.load(LlmProviderFactory.class,
                        cl != null ? cl : LlmTracing.class.getClassLoader())) {
                    ProviderNames.add(map, f);
                }
            }
            return new LlmTracing(this, new ProviderNames(map));
        }
    }
}
