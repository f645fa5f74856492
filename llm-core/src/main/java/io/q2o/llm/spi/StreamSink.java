package io.q2o.llm.spi;

/** Receives text deltas from {@link LlmProvider#stream}. */
@FunctionalInterface
public interface StreamSink {
    /**
     * @param text the next delta; adapters skip empty deltas
     */
    void onText(String text);
}
