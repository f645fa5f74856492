package io.q2o.llm.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process loopback HTTP server (the JDK's {@link HttpServer} on 127.0.0.1, a free port)
 * that answers every chat call with one fixed, realistic body, so what a benchmark measures is
 * the client side:
 * <ul>
 *   <li>{@code POST …/chat/completions} — an OpenAI chat completion;</li>
 *   <li>{@code POST …/messages} — an Anthropic message;</li>
 *   <li>{@code POST …:generateContent} — a Gemini answer.</li>
 * </ul>
 * The request body is read in full before answering. With a delay, the handler returns at once
 * and a scheduled executor sends the answer later: no server thread is blocked per request, so
 * thousands of requests can wait at the same time on a handful of threads (the server's
 * dispatcher, two handler threads and one timer thread).
 */
public final class StubServer implements AutoCloseable {

    static {
        // the JDK server leaves Nagle's algorithm on by default, which can add delayed-ACK stalls
        // between the header and body writes on loopback; real API front ends answer without them
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // the JDK server closes a kept-alive connection after its answer when more than 200 are
        // idle; the client learns that only when it reuses the connection (EOF). Thousands of
        // clients' connections must stay open, as an API front end keeps them.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
    }

    /** The answer text of every body: a short, realistic paragraph. */
    public static final String ANSWER = "Here is a concise summary of the request. The service validates the "
            + "input, looks the customer up by id, applies the discount rules in order and returns the new "
            + "total together with the applied rule names. Errors are reported as typed results, never as "
            + "exceptions, so callers can retry or fall back without parsing messages.";

    static final byte[] OPENAI = ("""
            {
              "id": "chatcmpl-BENCH0123456789abcdef",
              "object": "chat.completion",
              "created": 1764300000,
              "model": "gpt-4o-mini-2024-07-18",
              "choices": [
                {
                  "index": 0,
                  "message": {
                    "role": "assistant",
                    "content": "%s",
                    "refusal": null,
                    "annotations": []
                  },
                  "logprobs": null,
                  "finish_reason": "stop"
                }
              ],
              "usage": {
                "prompt_tokens": 412,
                "completion_tokens": 64,
                "total_tokens": 476,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                  "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
              },
              "service_tier": "default",
              "system_fingerprint": "fp_bench01"
            }
            """).formatted(ANSWER).getBytes(StandardCharsets.UTF_8);

    static final byte[] ANTHROPIC = ("""
            {
              "id": "msg_01BENCH0123456789abcdef",
              "type": "message",
              "role": "assistant",
              "model": "claude-sonnet-4-5-20250929",
              "content": [
                {"type": "text", "text": "%s"}
              ],
              "stop_reason": "end_turn",
              "stop_sequence": null,
              "usage": {
                "input_tokens": 412,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
                "output_tokens": 64,
                "service_tier": "standard"
              }
            }
            """).formatted(ANSWER).getBytes(StandardCharsets.UTF_8);

    static final byte[] GEMINI = ("""
            {
              "candidates": [
                {
                  "content": {"parts": [{"text": "%s"}], "role": "model"},
                  "finishReason": "STOP",
                  "index": 0
                }
              ],
              "usageMetadata": {
                "promptTokenCount": 412,
                "candidatesTokenCount": 64,
                "totalTokenCount": 476
              },
              "modelVersion": "gemini-2.5-flash",
              "responseId": "bench-0123456789"
            }
            """).formatted(ANSWER).getBytes(StandardCharsets.UTF_8);

    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService timer;
    private final long delayNanos;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger maxWaiting = new AtomicInteger();

    /**
     * Starts a stub that answers at once.
     *
     * @return the started server
     */
    public static StubServer instant() {
        return new StubServer(Duration.ZERO);
    }

    /**
     * Starts a stub.
     *
     * @param delay how long each answer waits after the request was read; zero answers at once
     */
    public StubServer(Duration delay) {
        this.delayNanos = delay.toNanos();
        int id = SERVERS.incrementAndGet();
        this.handlers = Executors.newFixedThreadPool(2, daemon("bench-stub-" + id + "-handler"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("bench-stub-" + id + "-timer"));
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the loopback stub", e);
        }
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** @return {@code http://127.0.0.1:PORT} (no path) */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return how many requests were answered or are waiting */
    public long requests() {
        return requests.get();
    }

    /** @return the most requests that were read and not yet answered at one time */
    public int maxWaiting() {
        return maxWaiting.get();
    }

    /** Starts counting {@link #maxWaiting()} afresh. */
    public void resetMaxWaiting() {
        maxWaiting.set(waiting.get());
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        if (path.endsWith("/chat/completions")) {
            body = OPENAI;
        } else if (path.endsWith("/messages")) {
            body = ANTHROPIC;
        } else if (path.endsWith(":generateContent")) {
            body = GEMINI;
        } else {
            body = null;
        }
        maxWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
        if (delayNanos == 0 || body == null) {
            respond(exchange, body);
        } else {
            timer.schedule(() -> respond(exchange, body), delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void respond(HttpExchange exchange, byte[] body) {
        waiting.decrementAndGet();
        try {
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // the client went away (e.g. a cancelled call); nothing to answer
        } finally {
            exchange.close();
        }
    }

    /** Stops the server and its threads. */
    @Override
    public void close() {
        server.stop(0);
        timer.shutdownNow();
        handlers.shutdownNow();
    }
}
