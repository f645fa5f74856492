package io.q2o.llm;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Receives an answer as it streams from the model. Called on a library thread, one event at a
 * time and in order; it must not block for long. Exceptions thrown by the listener end the stream
 * with an error.
 *
 * <p>The shorthand is a lambda for {@link #onText}: {@code service.stream(request, System.out::print)}.
 * The structured events — tool-call fragments, completion, failure — have empty defaults; override
 * them, or wrap one handler for every {@link StreamEvent} with {@link #ofEvents}. {@link #onText}
 * stays the single abstract method so existing lambdas keep their meaning.
 */
@FunctionalInterface
public interface StreamListener {
    /**
     * @param chunk the next piece of text, never empty
     */
    void onText(String chunk);

    /**
     * A fragment of a tool call. The default ignores it.
     *
     * @param delta the fragment
     */
    default void onToolCallDelta(ToolCallDelta delta) {
    }

    /**
     * The stream ended with a complete answer. The default ignores it (the returned future
     * carries the same response).
     *
     * @param response the successful response
     */
    default void onCompleted(LlmResponse response) {
    }

    /**
     * The call failed. The default ignores it (the returned future carries the same response).
     *
     * @param response the failed response
     */
    default void onFailed(LlmResponse response) {
    }

    /**
     * Delivers one structured event to the matching method above.
     *
     * @param event the event
     */
    default void onEvent(StreamEvent event) {
        Objects.requireNonNull(event, "event");
        if (event instanceof StreamEvent.TextDelta t) {
            if (!t.text().isEmpty()) {
                onText(t.text());
            }
        } else if (event instanceof ToolCallDelta d) {
            onToolCallDelta(d);
        } else if (event instanceof StreamEvent.Completed c) {
            onCompleted(c.response());
        } else if (event instanceof StreamEvent.Failed f) {
            onFailed(f.response());
        }
    }

    /**
     * A listener that hands every event to one handler.
     *
     * @param handler receives text deltas, tool-call deltas, completion and failure
     * @return the listener
     */
    static StreamListener ofEvents(Consumer<StreamEvent> handler) {
        Objects.requireNonNull(handler, "handler");
        return new StreamListener() {
            @Override
            public void onText(String chunk) {
                handler.accept(new StreamEvent.TextDelta(chunk));
            }

            @Override
            public void onToolCallDelta(ToolCallDelta delta) {
                handler.accept(delta);
            }

            @Override
            public void onCompleted(LlmResponse response) {
                handler.accept(new StreamEvent.Completed(response));
            }

            @Override
            public void onFailed(LlmResponse response) {
                handler.accept(new StreamEvent.Failed(response));
            }

            @Override
            public void onEvent(StreamEvent event) {
                handler.accept(Objects.requireNonNull(event, "event"));
            }
        };
    }
}
