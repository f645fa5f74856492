package io.q2o.llm.internal;

import io.q2o.llm.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.Semaphore;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.q2o.llm.spi.BucketFactory;
import io.q2o.llm.spi.LlmProvider;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * A usable provider with its model list, circuit breaker and rate-limit buckets.
 */
public final class ProviderHandle {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    private final String name;
    private final LlmProvider provider;
    private final List<String> models;
    private final String keyVariable;
    private final CircuitBreaker breaker;
    private final Bucket requests;
    private final Bucket tokens;
    private final long tokenCapacity;
    private final int maxConcurrent;
    private final String concurrencyVariable;
    private final Semaphore slots;
    private volatile ErrorKind lastFailure;

    /**
     * @param provider           the adapter
     * @param models             the models to try in order
     * @param keyVariable        the API key variable, for messages
     * @param clock              the time source for the breaker and buckets
     * @param failureThreshold   consecutive failures that open the breaker
     * @param cooldown           how long the breaker stays open
     * @param requestsPerMinute  the RPM limit, if any
     * @param tokensPerMinute    the TPM limit, if any
     * @param buckets            supplies the buckets, or {@code null} for local buckets on {@code clock}
     * @param maxConcurrent      the most attempts in flight at once, &ge; 1
     * @param concurrencyVariable the variable that sets {@code maxConcurrent}, for messages
     */
    public ProviderHandle(LlmProvider provider, List<String> models, String keyVariable, Clock clock,
                          int failureThreshold, Duration cooldown, OptionalLong requestsPerMinute,
                          OptionalLong tokensPerMinute, BucketFactory buckets, int maxConcurrent,
                          String concurrencyVariable) {
        this.name = provider.name();
        this.provider = provider;
        this.models = List.copyOf(models);
        this.keyVariable = keyVariable;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(failureThreshold)
                .minimumNumberOfCalls(failureThreshold)
                .failureRateThreshold(100.0f)
                .waitDurationInOpenState(cooldown)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .clock(clock)
                .build();
        this.breaker = CircuitBreaker.of("q2o-llm-" + name, config);
        BucketFactory factory = buckets != null ? buckets : localBuckets(clock);
        this.requests = requestsPerMinute.isPresent() ? factory.bucket(name + ":rpm", requestsPerMinute.getAsLong()) : null;
        this.tokens = tokensPerMinute.isPresent() ? factory.bucket(name + ":tpm", tokensPerMinute.getAsLong()) : null;
        this.tokenCapacity = tokensPerMinute.orElse(Long.MAX_VALUE);
        this.maxConcurrent = maxConcurrent;
        this.concurrencyVariable = concurrencyVariable;
        this.slots = new Semaphore(maxConcurrent);
        breaker.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN -> log.warn("LLM provider {}: circuit breaker opened after {} consecutive failures (last: {}); "
                        + "skipped for {} s", name, failureThreshold, lastFailure, cooldown.toSeconds());
                case CLOSED -> log.info("LLM provider {}: circuit breaker closed, the provider answers again", name);
                default -> log.debug("LLM provider {}: circuit breaker {}", name, e.getStateTransition());
            }
        });
    }

    /** @return the semaphore of in-flight attempts */
    public Semaphore slots() { return slots; }

    /** @return the most attempts in flight at once */
    public int maxConcurrent() { return maxConcurrent; }

    /** @return the variable that sets the in-flight limit */
    public String concurrencyVariable() { return concurrencyVariable; }

    /** @return the kind of the provider's last failure that counted against its breaker, or {@code null} */
    public ErrorKind lastFailure() { return lastFailure; }

    /** @param kind the provider's latest failure that counted against its breaker */
    public void lastFailure(ErrorKind kind) { this.lastFailure = kind; }

    /**
     * @param clock the time source
     * @return a factory of in-memory buckets refilled by {@code clock}
     */
    public static BucketFactory localBuckets(Clock clock) {
        TimeMeter meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return Math.multiplyExact(clock.millis(), 1_000_000L);
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        return (key, perMinute) -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(meter)
                .build();
    }

    /** @return the provider name */
    public String name() { return name; }

    /** @return the adapter */
    public LlmProvider provider() { return provider; }

    /** @return the models to try, in order */
    public List<String> models() { return models; }

    /** @return the API key variable */
    public String keyVariable() { return keyVariable; }

    /** @return the circuit breaker */
    public CircuitBreaker breaker() { return breaker; }

    /**
     * Takes one request and {@code estimatedTokens} tokens from the buckets, or tells how long to wait.
     *
     * @param estimatedTokens the tokens the call may use
     * @return 0 if taken, the nanoseconds to wait before trying again, or -1 if it can never fit
     */
    public long tryAcquire(long estimatedTokens) {
        if (tokens != null && estimatedTokens > tokenCapacity) {
            return -1;
        }
        long wait = 0;
        if (requests != null) {
            ConsumptionProbe p = requests.tryConsumeAndReturnRemaining(1);
            if (!p.isConsumed()) {
                return Math.max(1, p.getNanosToWaitForRefill());
            }
        }
        if (tokens != null) {
            ConsumptionProbe p = tokens.tryConsumeAndReturnRemaining(Math.max(1, estimatedTokens));
            if (!p.isConsumed()) {
                if (requests != null) {
                    requests.addTokens(1);
                }
                wait = Math.max(1, p.getNanosToWaitForRefill());
            }
        }
        return wait;
    }

    /**
     * Returns unused tokens after a call used fewer than estimated.
     *
     * @param unused tokens to give back
     */
    public void refundTokens(long unused) {
        if (tokens != null && unused > 0) {
            tokens.addTokens(unused);
        }
    }

    /** @return whether this provider has any rate limit */
    public boolean rateLimited() {
        return requests != null || tokens != null;
    }
}
