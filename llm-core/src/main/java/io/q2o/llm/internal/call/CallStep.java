package io.q2o.llm.internal.call;

import io.q2o.llm.LlmResponse;

/**
 * One concern of a call (OkHttp's {@code Interceptor} shape): it may answer by itself, or do its
 * work around {@code next.proceed(call)}. The order of the steps is declared once, in
 * {@link CallChain}. A step returns a response for every outcome of the call (failures included)
 * and throws only for programming errors.
 */
@FunctionalInterface
public interface CallStep {

    /**
     * @param call the call's state
     * @param next the rest of the chain
     * @return the response
     */
    LlmResponse handle(Call call, Next next);

    /** The rest of the chain after a step. */
    @FunctionalInterface
    interface Next {
        /**
         * @param call the call's state
         * @return the response of the remaining steps
         */
        LlmResponse proceed(Call call);
    }
}
