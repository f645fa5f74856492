/**
 * The call chain: one small step class per concern of a call (plan, report, dry run, cache,
 * budget, daily limit, accounting, fallback loop), in the order {@link io.q2o.llm.internal.call.CallChain}
 * declares. <b>Not API</b>, like everything under {@code io.q2o.llm.internal}.
 */
package io.q2o.llm.internal.call;
