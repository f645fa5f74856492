package io.q2o.llm.internal.attempt;

import io.q2o.llm.Attempt;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderResponse;

/** How one attempt ended. */
public sealed interface AttemptResult {

    /**
     * The provider answered.
     *
     * @param response the answer
     */
    record Answered(ProviderResponse response) implements AttemptResult {
    }

    /**
     * The provider was called and failed.
     *
     * @param error   the classified failure
     * @param partial the text already delivered to a stream listener, or {@code null} if none was
     */
    record Failed(ProviderException error, String partial) implements AttemptResult {
    }

    /**
     * The candidate was skipped without a call.
     *
     * @param outcome why ({@link Attempt.Outcome#SKIPPED_CIRCUIT_OPEN} or {@link Attempt.Outcome#SKIPPED_RATE_LIMIT})
     * @param message a one-line explanation
     */
    record Skipped(Attempt.Outcome outcome, String message) implements AttemptResult {
    }

    /**
     * The call's overall deadline passed before this attempt could start.
     *
     * @param error the timeout to report
     */
    record Expired(ProviderException error) implements AttemptResult {
    }
}
