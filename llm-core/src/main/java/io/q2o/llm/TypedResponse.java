package io.q2o.llm;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of a typed call ({@link LlmService#complete(LlmRequest, Class)}): the value on
 * success, and every underlying call (one, or two when a repair round was needed).
 *
 * <p>In a dry run ({@code Q2O_LLM_DRY_RUN}) no answer is requested: {@link #simulated()} is true,
 * the value {@code null}, {@link #success()} false, and {@link #response()} the dry run's
 * estimate.
 *
 * @param value    the answer as the requested type, or {@code null} on failure or in a dry run
 * @param response the last call's response: on failure its {@link LlmResponse#error()} says why
 *                 ({@link ErrorKind#STRUCTURED_OUTPUT_INVALID} with the raw text as content when
 *                 the model's answer never fit the schema)
 * @param calls    every call made, in order (the last is {@code response})
 * @param <T>      the requested type
 */
public record TypedResponse<T>(T value, LlmResponse response, List<LlmResponse> calls) {
    /** Validates and copies the components. */
    public TypedResponse {
        Objects.requireNonNull(response, "response");
        calls = List.copyOf(calls);
        if (response.success() && value == null && !response.simulated()) {
            throw new IllegalArgumentException("a successful typed response needs a value");
        }
    }

    /** @return whether this was a dry run, which requests no answer and so has no value */
    public boolean simulated() {
        return response.simulated();
    }

    /** @return whether a valid value was produced */
    public boolean success() {
        return response.success() && value != null;
    }

    /** @return whether a repair round was needed */
    public boolean repaired() {
        return calls.size() > 1 && success();
    }

    /**
     * @return the value
     * @throws LlmException carrying the last response if the call failed
     * @throws IllegalStateException in a dry run, which has no value
     */
    public T orThrow() {
        if (simulated()) {
            throw new IllegalStateException("dry run (Q2O_LLM_DRY_RUN): no answer was requested, so there is no "
                    + "value; " + response.content());
        }
        if (!success()) {
            throw new LlmException(response);
        }
        return value;
    }

    /** @return the summed cost of every call made, or empty if any call's cost is unknown */
    public Optional<BigDecimal> totalCost() {
        return LlmUsage.totalCost(calls);
    }

    /** @return a summary without the value */
    @Override
    public String toString() {
        return "TypedResponse{success=" + success() + (simulated() ? ", simulated=true" : "") + ", calls=" + calls.size() + ", response=" + response + "}";
    }
}
