/**
 * Reading settings (environment, {@code .env}, the JSON config file), their catalog with defaults
 * and bounds, and the price table's parsing. <b>Not API</b>, like everything under
 * {@code io.q2o.llm.internal}; the configuration API is {@link io.q2o.llm.LlmConfig} and
 * {@code io.q2o.llm.config}.
 */
package io.q2o.llm.internal.config;
