package io.q2o.llm.internal.call;

import io.github.resilience4j.core.IntervalFunction;
import io.q2o.llm.Attempt;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmError;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.ModelPrice;
import io.q2o.llm.internal.Answers;
import io.q2o.llm.internal.Redactor;
import io.q2o.llm.internal.Sleeper;
import io.q2o.llm.internal.attempt.AttemptChain;
import io.q2o.llm.internal.attempt.AttemptContext;
import io.q2o.llm.internal.attempt.AttemptResult;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The last call step: tries the plan's (provider, model) candidates in order, one
 * {@link AttemptChain} run per attempt, and decides after each failure (DESIGN.md §2's table):
 *
 * <ul>
 *   <li>429, 408, 5xx, 529, timeout, connection, garbled answer: retry the same model with
 *       exponential backoff and jitter, honouring {@code Retry-After} up to a cap, then move on;</li>
 *   <li>401/403: skip the provider's remaining models;</li>
 *   <li>404 model not found: next model — but a model the request pinned is a clear error unless
 *       {@code Q2O_LLM_PINNED_MODEL_FALLBACK=true};</li>
 *   <li>400 context length: a larger-context model of the same provider, else the next provider;</li>
 *   <li>other 400/422: fail fast ({@code Q2O_LLM_FAIL_FAST_ON_INVALID_REQUEST}, default true).</li>
 * </ul>
 *
 * A stream falls back only before its first chunk reached the caller; after that a failure ends
 * the call with {@link ErrorKind#STREAM_INTERRUPTED} and the partial text. Waits go through the
 * injected {@link Sleeper} on the calling thread.
 */
final class FallbackLoop implements CallStep {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private final LlmConfig config;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AttemptChain attempts;
    private final UsagePricer pricer;
    private final FailureReport report;
    private final Redactor redactor;
    private final IntervalFunction backoff;
    private final boolean pinnedModelFallback;

    FallbackLoop(LlmConfig config, Clock clock, Sleeper sleeper, AttemptChain attempts, UsagePricer pricer,
                 FailureReport report, Redactor redactor, boolean pinnedModelFallback) {
        this.config = config;
        this.clock = clock;
        this.sleeper = sleeper;
        this.attempts = attempts;
        this.pricer = pricer;
        this.report = report;
        this.redactor = redactor;
        this.pinnedModelFallback = pinnedModelFallback;
        long initial = config.retryInitialDelay().toMillis();
        this.backoff = initial <= 0 ? null : IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.5,
                Math.max(initial, config.retryMaxDelay().toMillis()));
    }

    @Override
    public LlmResponse handle(Call call, Next next) {
        Plan plan = call.plan();
        List<Candidate> candidates = plan.candidates();
        if (candidates.isEmpty()) {
            return LlmResponse.failure(report.noProvider(plan), call.attempts());
        }
        LlmRequest req = call.request();
        if (!pinnedFallback(call) && req.model() != null && req.provider() != null
                && !isPinned(candidates.get(0), call)) {
            return LlmResponse.failure(report.pinnedUnusable(plan.chain().get(0), req.model()), call.attempts());
        }
        if (call.reservation() != null) {
            candidates = candidates.stream().filter(c -> config.prices().find(c.model()).isPresent()).toList();
        }
        Set<String> skipped = new HashSet<>();
        String contextProvider = null;
        long contextFloor = -1;
        ProviderException last = null;
        int index = 0;
        int retry = 0;
        while (index < candidates.size()) {
            Candidate c = candidates.get(index);
            String name = c.provider();
            if (skipped.contains(name) || (name.equals(contextProvider) && contextWindow(c.model()) <= contextFloor)) {
                index++;
                retry = 0;
                continue;
            }
            Instant started = clock.instant();
            AttemptResult result = attempts.run(new AttemptContext(call.id(), call.request(), call.streamListener(),
                    c, call.maxTokens(), plan.deadline()));
            if (result instanceof AttemptResult.Answered a) {
                call.attempt(new Attempt(name, c.model(), Attempt.Outcome.SUCCESS, null, "", since(started)));
                LlmUsage usage = pricer.usage(c, a.response(), call.start());
                return Answers.success(call.request(), a.response(), usage, call.attempts());
            }
            if (result instanceof AttemptResult.Expired e) {
                last = e.error();
                break;
            }
            if (result instanceof AttemptResult.Skipped s) {
                if (s.outcome() == Attempt.Outcome.SKIPPED_CIRCUIT_OPEN) {
                    call.noteFailure(name, c.handle().lastFailure());
                }
                call.attempt(new Attempt(name, c.model(), s.outcome(), null, s.message(), Duration.ZERO));
                skipped.add(name);
                index++;
                retry = 0;
                continue;
            }
            AttemptResult.Failed f = (AttemptResult.Failed) result;
            ProviderException pe = withKeyHint(f.error(), c);
            String message = redactor.redact(FailureReport.oneLine(pe.getMessage()));
            call.attempt(new Attempt(name, c.model(), Attempt.Outcome.FAILED, pe.kind(), message, since(started)));
            log.debug("LLM attempt {}/{} failed: {} {}", name, c.model(), pe.kind(), message);
            last = pe;
            if (f.partial() != null) {
                LlmError e = new LlmError(ErrorKind.STREAM_INTERRUPTED, "partial", "stream from " + name + "/"
                        + c.model() + " broke after " + f.partial().length() + " characters: " + message, name);
                return LlmResponse.partialFailure(f.partial(), e, name, c.model(), call.attempts());
            }
            switch (pe.kind()) {
                case RATE_LIMITED, OVERLOADED, SERVER_ERROR, TIMEOUT, CONNECTION, MALFORMED_RESPONSE -> {
                    Optional<Duration> wait = retryDelay(pe, c, retry, plan);
                    if (wait.isPresent()) {
                        retry++;
                        try {
                            sleeper.sleep(wait.get());
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                            last = new ProviderTimeoutException(name, -1, "interrupted while waiting to retry", ie);
                            index = candidates.size();
                        }
                        continue;
                    }
                    if (retry > 0) {
                        log.info("LLM {}/{} still failing after {} retries ({}): moving on", name, c.model(), retry,
                                pe.kind());
                    }
                }
                case AUTHENTICATION -> skipped.add(name);
                case MODEL_NOT_FOUND -> {
                    if (!pinnedFallback(call) && isPinned(c, call)) {
                        return failure(pe, call);
                    }
                }
                case CONTEXT_LENGTH_EXCEEDED -> {
                    contextProvider = name;
                    contextFloor = Math.max(contextFloor, contextWindow(c.model()));
                }
                case INVALID_REQUEST -> {
                    if (config.failFastOnInvalidRequest()) {
                        return failure(pe, call);
                    }
                }
                default -> skipped.add(name);
            }
            index++;
            retry = 0;
        }
        return failure(last, call);
    }

    /**
     * @param call     the call
     * @param setting  {@code Q2O_LLM_PINNED_MODEL_FALLBACK}
     * @return whether a pinned model may fall back for this call: the request's choice, else the setting
     */
    static boolean pinnedFallback(Call call, boolean setting) {
        Boolean perRequest = call.request().pinnedModelFallback();
        return perRequest != null ? perRequest : setting;
    }

    private boolean pinnedFallback(Call call) {
        return pinnedFallback(call, pinnedModelFallback);
    }

    /** @return whether {@code c} is the model the request pinned (on its provider, or on the primary) */
    static boolean isPinned(Candidate c, Call call) {
        String model = call.request().model();
        return model != null && c.model().equals(model) && c.provider().equals(call.plan().chain().get(0));
    }

    private LlmResponse failure(ProviderException last, Call call) {
        return LlmResponse.failure(report.failure(last, call.attempts()), call.attempts());
    }

    /** @return the wait before retrying the same model, or empty to move on */
    private Optional<Duration> retryDelay(ProviderException pe, Candidate c, int retry, Plan plan) {
        if (retry >= config.maxRetries()) {
            return Optional.empty();
        }
        Duration delay;
        Optional<Duration> retryAfter = pe.retryAfter();
        if (retryAfter.isPresent()) {
            if (retryAfter.get().compareTo(config.retryAfterCap()) > 0) {
                log.info("{}/{} asked to retry after {} s, more than the cap of {} s "
                        + "(Q2O_LLM_RETRY_AFTER_CAP_SECONDS): moving on", c.provider(), c.model(),
                        retryAfter.get().toSeconds(), config.retryAfterCap().toSeconds());
                return Optional.empty();
            }
            delay = retryAfter.get();
        } else {
            delay = backoff == null ? Duration.ZERO : Duration.ofMillis(backoff.apply(retry + 1));
        }
        return clock.instant().plus(delay).isAfter(plan.deadline()) ? Optional.empty() : Optional.of(delay);
    }

    private ProviderException withKeyHint(ProviderException pe, Candidate c) {
        String variable = c.handle().keyVariable();
        if (pe.kind() != ErrorKind.AUTHENTICATION || "-".equals(variable)) {
            return pe;
        }
        String message = redactor.redact(FailureReport.oneLine(pe.getMessage()));
        if (message.contains(variable)) {
            return pe;
        }
        return new ProviderException(ErrorKind.AUTHENTICATION, c.provider(), pe.statusCode().orElse(-1), null,
                message + " (check " + variable + ")", pe);
    }

    private long contextWindow(String model) {
        return config.prices().find(model).map(ModelPrice::contextWindow).orElse(0L);
    }

    private Duration since(Instant started) {
        Duration d = Duration.between(started, clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
