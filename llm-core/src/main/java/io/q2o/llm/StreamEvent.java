package io.q2o.llm;

import java.util.Objects;

/**
 * A structured streaming event: {@link TextDelta}, {@link ToolCallDelta}, {@link Completed} or
 * {@link Failed}. Receive them with {@link StreamListener#onEvent} or {@link StreamListener#ofEvents}.
 */
public sealed interface StreamEvent permits StreamEvent.TextDelta, ToolCallDelta, StreamEvent.Completed, StreamEvent.Failed {

    /**
     * The next piece of answer text.
     *
     * @param text the text, never empty
     */
    record TextDelta(String text) implements StreamEvent {
        /** Validates the text. */
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The stream finished with a complete answer (text and/or tool calls, usage).
     *
     * @param response the successful response
     */
    record Completed(LlmResponse response) implements StreamEvent {
        /** Validates the response. */
        public Completed {
            Objects.requireNonNull(response, "response");
        }
    }

    /**
     * The call failed; {@link LlmResponse#partial()} tells whether text had already been delivered.
     *
     * @param response the failed response
     */
    record Failed(LlmResponse response) implements StreamEvent {
        /** Validates the response. */
        public Failed {
            Objects.requireNonNull(response, "response");
        }
    }
}
