/**
 * The engine behind {@link io.q2o.llm.LlmService}: the call chain (see {@code internal.call.CallChain}), the response cache and its
 * keys, the in-memory counters, statistics, listeners' dispatch, redaction and token estimates.
 *
 * <p><b>Not API.</b> Nothing in this package (or below it) is meant to be used outside llm-core,
 * and anything here may change or disappear in any release without notice. The classes are public
 * only because Java packages cannot share package-private access; the jar is an automatic module
 * ({@code io.q2o.llm.core}), which exports every package, so this is a documented boundary rather
 * than one the module system enforces. Use {@link io.q2o.llm} (the API) and {@link io.q2o.llm.spi}
 * (for provider adapters and shared state) instead. The published javadoc leaves this package out.
 */
package io.q2o.llm.internal;
