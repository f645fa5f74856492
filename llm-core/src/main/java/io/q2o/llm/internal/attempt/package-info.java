/**
 * The steps of one attempt on one (provider, model) candidate (deadline, circuit breaker, rate
 * limit, in-flight slots, invoke), in the order {@link io.q2o.llm.internal.attempt.AttemptChain}
 * declares. <b>Not API</b>, like everything under {@code io.q2o.llm.internal}.
 */
package io.q2o.llm.internal.attempt;
