package io.q2o.llm.internal.attempt;

/**
 * One concern of a single attempt on one (provider, model) candidate. The order is declared once,
 * in {@link AttemptChain}. A step returns a result for every outcome and throws only for bugs.
 */
@FunctionalInterface
public interface AttemptStep {

    /**
     * @param attempt the attempt's state
     * @param next    the rest of the attempt chain
     * @return how the attempt ended
     */
    AttemptResult handle(AttemptContext attempt, Next next);

    /** The rest of the attempt chain after a step. */
    @FunctionalInterface
    interface Next {
        /**
         * @param attempt the attempt's state
         * @return the result of the remaining steps
         */
        AttemptResult proceed(AttemptContext attempt);
    }
}
