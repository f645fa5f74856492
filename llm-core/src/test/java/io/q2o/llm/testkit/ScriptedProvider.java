package io.q2o.llm.testkit;

import io.q2o.llm.DelayScheduler;
import io.q2o.llm.spi.ProviderTimeoutException;
import java.time.Duration;

import io.q2o.llm.FinishReason;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderException;
import io.q2o.llm.spi.ProviderRequest;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.spi.StreamSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake provider driven by a script, for tests of everything above the adapters. Each model has
 * a queue of steps (answer, fail, hang, stream chunks then fail); when a model's queue is empty the
 * default responder answers, or — if none is set — the call fails with an {@link AssertionError}.
 * Every request is recorded. Thread-safe. Async calls complete synchronously (or never, for
 * {@link #hang}); blocking calls and streams simulate an adapter that honours the request's timeout.
 */
public final class ScriptedProvider implements LlmProvider {

    private final String name;
    private final Map<String, Queue<Step>> steps = new ConcurrentHashMap<>();
    private final List<ProviderRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();
    private volatile Function<ProviderRequest, ProviderResponse> defaultResponder;
    private volatile DelayScheduler waits;

    /** @param name the provider name, e.g. {@code "gemini"} */
    public ScriptedProvider(String name) {
        this.name = name;
    }

    private sealed interface Step permits Answer, Fail, Hang, StreamThenFail, SlowStream {
    }

    private record SlowStream(Duration firstEventAfter, ProviderResponse response) implements Step {
    }

    private record Answer(ProviderResponse response) implements Step {
    }

    private record Fail(ProviderException error) implements Step {
    }

    private record Hang() implements Step {
    }

    private record StreamThenFail(List<String> chunks, ProviderException error) implements Step {
    }

    private ScriptedProvider add(String model, Step step) {
        steps.computeIfAbsent(model, m -> new ConcurrentLinkedQueue<>()).add(step);
        return this;
    }

    /**
     * Queues an answer for {@code model}.
     *
     * @param model  the model
     * @param text   the text
     * @param tokens the counts
     * @return this
     */
    public ScriptedProvider answer(String model, String text, TokenCounts tokens) {
        return add(model, new Answer(new ProviderResponse(text, model, FinishReason.STOP, tokens)));
    }

    /**
     * Queues a complete answer (text, tool calls, extras, finish reason) for {@code model}.
     *
     * @param model    the model
     * @param response the answer to return
     * @return this
     */
    public ScriptedProvider answer(String model, ProviderResponse response) {
        return add(model, new Answer(response));
    }

    /**
     * Queues a failure for {@code model}.
     *
     * @param model the model
     * @param error the exception to throw
     * @return this
     */
    public ScriptedProvider fail(String model, ProviderException error) {
        return add(model, new Fail(error));
    }

    /**
     * Queues the same failure {@code times} times.
     *
     * @param model the model
     * @param times how often
     * @param error the exception
     * @return this
     */
    public ScriptedProvider fail(String model, int times, ProviderException error) {
        for (int i = 0; i < times; i++) {
            fail(model, error);
        }
        return this;
    }

    /**
     * Lets simulated waits ({@link #hang}, {@link #slowStream}) pass on {@code scheduler}, so a
     * test scheduler moves the test clock by them (and records them) instead of sleeping.
     *
     * @param scheduler the scheduler
     * @return this
     */
    public ScriptedProvider waitsOn(DelayScheduler scheduler) {
        this.waits = scheduler;
        return this;
    }

    /**
     * Queues a call that never answers, as a well-behaved adapter sees it: the request's whole
     * timeout passes (on the scheduler given to {@link #waitsOn}, if any) and the call fails with
     * a {@link ProviderTimeoutException}; an async future never completes. For a stream this is a
     * stream that stalls before its first event.
     *
     * @param model the model
     * @return this
     */
    public ScriptedProvider hang(String model) {
        return add(model, new Hang());
    }

    /**
     * Queues a stream that emits {@code chunks} and then fails with {@code error}.
     *
     * @param model  the model
     * @param chunks the chunks delivered before the failure
     * @param error  the failure
     * @return this
     */
    public ScriptedProvider streamThenFail(String model, List<String> chunks, ProviderException error) {
        return add(model, new StreamThenFail(List.copyOf(chunks), error));
    }

    /**
     * Queues a stream whose first event comes only after {@code firstEventAfter}: a well-behaved
     * adapter fails it as a timeout when that is longer than the request's timeout (the gap
     * allowed before the first event), and otherwise streams {@code text} after the wait.
     *
     * @param model           the model
     * @param firstEventAfter when the first event would arrive
     * @param text            the text streamed then
     * @param tokens          the counts
     * @return this
     */
    public ScriptedProvider slowStream(String model, Duration firstEventAfter, String text, TokenCounts tokens) {
        return add(model, new SlowStream(firstEventAfter, new ProviderResponse(text, model, FinishReason.STOP, tokens)));
    }

    /**
     * Sets the answer for any call whose model has no queued step.
     *
     * @param responder builds the answer from the request
     * @return this
     */
    public ScriptedProvider byDefault(Function<ProviderRequest, ProviderResponse> responder) {
        this.defaultResponder = responder;
        return this;
    }

    /**
     * Answers every call without a queued step with {@code text} and {@code tokens}.
     *
     * @param text   the text
     * @param tokens the counts
     * @return this
     */
    public ScriptedProvider alwaysAnswer(String text, TokenCounts tokens) {
        return byDefault(r -> new ProviderResponse(text, r.model(), FinishReason.STOP, tokens));
    }

    private Step next(ProviderRequest request) {
        requests.add(request);
        Queue<Step> queue = steps.get(request.model());
        Step step = queue == null ? null : queue.poll();
        if (step != null) {
            return step;
        }
        Function<ProviderRequest, ProviderResponse> responder = defaultResponder;
        if (responder == null) {
            throw new AssertionError("ScriptedProvider " + name + ": no scripted step for model " + request.model());
        }
        return new Answer(responder.apply(request));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ProviderResponse complete(ProviderRequest request) {
        Step step = next(request);
        if (step instanceof Answer a) {
            return a.response();
        }
        if (step instanceof Fail f) {
            throw f.error();
        }
        if (step instanceof StreamThenFail s) {
            throw s.error();
        }
        if (step instanceof SlowStream s) {
            return s.response();
        }
        throw timeout(request);
    }

    private ProviderTimeoutException timeout(ProviderRequest request) {
        waitFor(request.timeout());
        return new ProviderTimeoutException(name, -1, name + "/" + request.model() + " gave no answer within "
                + request.timeout().toMillis() + " ms", null);
    }

    private void waitFor(Duration d) {
        DelayScheduler w = waits;
        if (w != null) {
            w.delay(d).join();
        }
    }

    @Override
    public CompletableFuture<ProviderResponse> completeAsync(ProviderRequest request, Executor blockingExecutor) {
        Step step;
        try {
            step = next(request);
        } catch (RuntimeException | AssertionError e) {
            return CompletableFuture.failedFuture(e);
        }
        if (step instanceof Answer a) {
            return CompletableFuture.completedFuture(a.response());
        }
        if (step instanceof Fail f) {
            return CompletableFuture.failedFuture(f.error());
        }
        if (step instanceof StreamThenFail s) {
            return CompletableFuture.failedFuture(s.error());
        }
        if (step instanceof SlowStream s) {
            return CompletableFuture.completedFuture(s.response());
        }
        return new CompletableFuture<>();
    }

    @Override
    public ProviderResponse stream(ProviderRequest request, StreamSink sink) {
        Step step = next(request);
        if (step instanceof Answer a) {
            String content = a.response().content();
            int mid = content.length() / 2;
            if (mid > 0) {
                sink.onText(content.substring(0, mid));
            }
            if (mid < content.length()) {
                sink.onText(content.substring(mid));
            }
            List<io.q2o.llm.ToolCall> calls = a.response().toolCalls();
            for (int i = 0; i < calls.size(); i++) {
                io.q2o.llm.ToolCall c = calls.get(i);
                int half = c.arguments().length() / 2;
                sink.onToolCallDelta(new io.q2o.llm.ToolCallDelta(i, c.id(), c.name(), c.arguments().substring(0, half)));
                sink.onToolCallDelta(new io.q2o.llm.ToolCallDelta(i, null, null, c.arguments().substring(half)));
            }
            return a.response();
        }
        if (step instanceof Fail f) {
            throw f.error();
        }
        if (step instanceof StreamThenFail s) {
            s.chunks().forEach(sink::onText);
            throw s.error();
        }
        if (step instanceof SlowStream s) {
            if (s.firstEventAfter().compareTo(request.timeout()) > 0) {
                throw timeout(request);
            }
            waitFor(s.firstEventAfter());
            sink.onText(s.response().content());
            return s.response();
        }
        throw timeout(request);
    }

    /** @return every request received, in order */
    public List<ProviderRequest> requests() {
        return List.copyOf(requests);
    }

    /** @return how many calls were received */
    public int calls() {
        return requests.size();
    }

    /**
     * @param model a model
     * @return how many calls were received for it
     */
    public int calls(String model) {
        List<ProviderRequest> copy = new ArrayList<>(requests);
        return (int) copy.stream().filter(r -> r.model().equals(model)).count();
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed.get() > 0;
    }

    @Override
    public void close() {
        closed.incrementAndGet();
    }
}
