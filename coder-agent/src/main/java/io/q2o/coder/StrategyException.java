package io.q2o.coder;

/**
 * No strategy can produce a component: it has no template and the LLM is disabled
 * ({@code Q2O_USE_LLM=false} or no {@code LlmService}).
 */
public class StrategyException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what is missing */
    public StrategyException(String message) {
        super(message);
    }
}
