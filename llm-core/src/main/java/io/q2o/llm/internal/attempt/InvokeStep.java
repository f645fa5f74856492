package io.q2o.llm.internal.attempt;

import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.internal.Redactor;
import io.q2o.llm.internal.call.Candidate;
import io.q2o.llm.spi.MalformedResponseException;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.ProviderTimeoutException;
import io.q2o.llm.spi.Throwables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.TimeoutException;

/**
 * Last step of an attempt: builds the provider-neutral {@link ProviderRequest} and makes exactly
 * one call to the adapter on the calling thread — {@code complete} on the SDK's blocking client,
 * or {@code stream} with a {@link StreamRelay}. The adapter bounds the call by the attempt's
 * timeout. Whatever the adapter throws becomes a classified {@link ProviderException}; anything
 * that is not one is an adapter bug ({@link ErrorKind#INTERNAL}).
 */
final class InvokeStep implements AttemptStep {
    private static final Logger log = LoggerFactory.getLogger("io.q2o.llm.LlmService");

    /** More tokens than any model bills for one call (a trillion); the price table's bound too. */
    static final long MAX_TOKENS = 1_000_000_000_000L;

    private final LlmConfig config;
    private final Clock clock;
    private final Redactor redactor;
    private final int debugMaxChars;

    InvokeStep(LlmConfig config, Clock clock, Redactor redactor, int debugMaxChars) {
        this.config = config;
        this.clock = clock;
        this.redactor = redactor;
        this.debugMaxChars = debugMaxChars;
    }

    @Override
    public AttemptResult handle(AttemptContext attempt, Next next) {
        Candidate c = attempt.candidate();
        String name = c.provider();
        LlmRequest req = attempt.request();
        double temperature = req.temperature() != null ? req.temperature()
                : config.providerTemperature(name).orElse(config.temperature());
        ProviderRequest pr = ProviderRequest.of(req, c.model(), temperature, attempt.maxTokens(), attempt.timeout());
        if (config.debug()) {
            log.info("LLM request -> {}/{} temperature={} maxTokens={} system: {} | user: {}", name, c.model(),
                    temperature, attempt.maxTokens(), debugText(req.systemPrompt()), debugText(req.userPrompt()));
        }
        StreamRelay relay = attempt.listener() == null ? null
                : new StreamRelay(attempt.listener(), clock, attempt.deadline(), name);
        try {
            ProviderResponse r = relay == null ? c.handle().provider().complete(pr) : c.handle().provider().stream(pr, relay);
            if (r == null) {
                throw new MalformedResponseException(name, -1, "adapter returned no response", null);
            }
            if (implausible(r.tokens())) {
                throw new MalformedResponseException(name, -1, "the answer reports more than " + MAX_TOKENS
                        + " tokens for one call: " + r.tokens(), null);
            }
            if (config.debug()) {
                log.info("LLM response <- {}/{} {} in + {} out tokens: {}", name, r.model(), r.tokens().inputTokens(),
                        r.tokens().outputTokens(), debugText(r.content()));
            }
            return new AttemptResult.Answered(r);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            return new AttemptResult.Failed(classify(name, Throwables.unwrapAsync(e)),
                    relay != null && relay.delivered() ? relay.partial() : null);
        }
    }

    /**
     * @return whether a count is beyond any real call: a garbled usage field, which would corrupt
     *         the stats' sums (they overflow) and the day's cost if it were accounted
     */
    private static boolean implausible(io.q2o.llm.TokenCounts t) {
        return t.inputTokens() > MAX_TOKENS || t.outputTokens() > MAX_TOKENS;
    }

    private static ProviderException classify(String name, Throwable t) {
        if (t instanceof ProviderException pe) {
            return pe;
        }
        if (t instanceof StreamRelay.ListenerFailure lf) {
            return new ProviderException(ErrorKind.INTERNAL, name, -1, null, "the stream listener threw "
                    + lf.getCause(), lf.getCause());
        }
        if (t instanceof TimeoutException) {
            return new ProviderTimeoutException(name, -1, "timed out: " + t.getMessage(), t);
        }
        return new ProviderException(ErrorKind.INTERNAL, name, -1, null, "adapter " + name
                + " failed unexpectedly: " + t, t);
    }

    private String debugText(String s) {
        String r = redactor.redact(s);
        if (r.length() <= debugMaxChars) {
            return r;
        }
        int end = Character.isHighSurrogate(r.charAt(debugMaxChars - 1)) ? debugMaxChars - 1 : debugMaxChars;
        return r.substring(0, end) + "…(" + r.length() + " chars)";
    }
}
