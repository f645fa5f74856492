/**
 * The Anthropic provider for the Q2O LLM SDK, over the official {@code com.anthropic:anthropic-java}
 * SDK: {@link io.q2o.llm.anthropic.AnthropicProviderFactory} (found by
 * {@link java.util.ServiceLoader}) creates {@link io.q2o.llm.anthropic.AnthropicProvider}.
 * Everything else in this package is internal.
 */
package io.q2o.llm.anthropic;
