package io.q2o.llm.internal.attempt;

import io.q2o.llm.StreamListener;
import io.q2o.llm.spi.ProviderTimeoutException;
import io.q2o.llm.spi.StreamSink;

import java.time.Clock;
import java.time.Instant;

/**
 * Passes one attempt's text and tool-call deltas to the caller's stream listener and remembers what was
 * delivered, so that the fallback loop knows whether it may still fall back (only before the
 * first chunk reached the caller) and which partial text to report if the stream breaks later.
 * A delta that arrives after the call's deadline ends the stream as a timeout. An exception the
 * listener throws is wrapped in {@link ListenerFailure}, so it is not blamed on the provider.
 */
final class StreamRelay implements StreamSink {
    private final StreamListener listener;
    private final Clock clock;
    private final Instant deadline;
    private final String provider;
    private final StringBuilder partial = new StringBuilder();
    private boolean deltas;

    StreamRelay(StreamListener listener, Clock clock, Instant deadline, String provider) {
        this.listener = listener;
        this.clock = clock;
        this.deadline = deadline;
        this.provider = provider;
    }

    @Override
    public void onText(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        if (!clock.instant().isBefore(deadline)) {
            throw new ProviderTimeoutException(provider, -1, "the call's deadline passed while the stream was "
                    + "still running (Q2O_LLM_TIMEOUT_SECONDS)", null);
        }
        partial.append(text);
        try {
            listener.onText(text);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new ListenerFailure(e);
        }
    }

    @Override
    public void onToolCallDelta(io.q2o.llm.ToolCallDelta delta) {
        if (delta == null) {
            return;
        }
        if (!clock.instant().isBefore(deadline)) {
            throw new ProviderTimeoutException(provider, -1, "the call's deadline passed while the stream was "
                    + "still running (Q2O_LLM_TIMEOUT_SECONDS)", null);
        }
        deltas = true;
        try {
            listener.onToolCallDelta(delta);
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new ListenerFailure(e);
        }
    }

    /** @return whether any text reached the listener */
    boolean delivered() {
        return partial.length() > 0 || deltas;
    }

    /** @return the text delivered so far */
    String partial() {
        return partial.toString();
    }

    /** Wraps what the caller's stream listener threw (an exception or an error such as a stack overflow). */
    static final class ListenerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ListenerFailure(Throwable cause) {
            super(cause);
        }
    }
}
