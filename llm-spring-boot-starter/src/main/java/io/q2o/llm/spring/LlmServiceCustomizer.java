package io.q2o.llm.spring;

import io.q2o.llm.LlmService;

/**
 * Adjusts the {@link LlmService.Builder} of the auto-configured service before it is built: extra
 * providers, a counter store, a cache tier, an executor, more listeners. Every bean of this type
 * is applied, in {@link org.springframework.core.annotation.Order} order. Not used when the
 * application defines its own {@link LlmService} bean.
 */
@FunctionalInterface
public interface LlmServiceCustomizer {

    /** @param builder the builder, already given the configuration and the listener beans */
    void customize(LlmService.Builder builder);
}
