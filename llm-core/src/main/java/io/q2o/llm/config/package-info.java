/**
 * The settings of an {@link io.q2o.llm.LlmConfig}, one immutable record per concern: routing,
 * generation defaults, retries, timeouts, circuit breaker, rate limits, limits and budgets, cache,
 * ledger, diagnostics, and each provider's {@link io.q2o.llm.config.ProviderSettings}. Every
 * record validates its components when constructed, with the same bounds as the environment
 * variables it mirrors, and throws a {@link io.q2o.llm.ConfigException} naming that variable.
 */
package io.q2o.llm.config;
