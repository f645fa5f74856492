package io.q2o.llm;

/**
 * Receives text as it streams from the model. Called on a library thread, one chunk at a time and
 * in order; it must not block for long. Exceptions thrown by the listener end the stream with
 * an error.
 */
@FunctionalInterface
public interface StreamListener {
    /**
     * @param chunk the next piece of text, never empty
     */
    void onText(String chunk);
}
