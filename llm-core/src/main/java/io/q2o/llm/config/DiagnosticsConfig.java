package io.q2o.llm.config;

/**
 * Diagnostics. Immutable.
 *
 * @param debug {@code Q2O_LLM_DEBUG}: log requests and responses (secrets redacted); default {@code false}
 */
public record DiagnosticsConfig(boolean debug) {
}
