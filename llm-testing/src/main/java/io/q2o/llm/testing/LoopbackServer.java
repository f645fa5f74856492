package io.q2o.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.q2o.llm.LlmConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part the replay server and the recording proxy share: the JDK's
 * {@link HttpServer} bound to 127.0.0.1 on a free port, with daemon worker threads, and the
 * recognition of a request's provider, model and mode.
 */
abstract class LoopbackServer implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService workers;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoopbackServer(String kind) {
        int n = INSTANCES.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "q2o-" + kind + "-" + n + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            workers.shutdownNow();
            throw new UncheckedIOException("cannot open a " + kind + " server on 127.0.0.1: " + e.getMessage(), e);
        }
        server.setExecutor(workers);
        server.createContext("/", this::dispatch);
    }

    /** Starts accepting requests; called by the subclasses' factories. */
    final void startServing() {
        server.start();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            WireProvider provider = WireProvider.recognize(path).orElse(null);
            if (provider == null) {
                sendText(exchange, 404, "application/json", "{\"error\":{\"message\":\"q2o " + kindName()
                        + ": no provider API has the path " + path.replace("\"", "'") + "\"}}");
                return;
            }
            JsonNode json = parse(body);
            handle(exchange, new Incoming(provider, path, provider.modelOf(path, json), provider.isStream(path, json),
                    body, json));
        } catch (RuntimeException e) {
            sendText(exchange, 500, "application/json", "{\"error\":{\"message\":\"q2o " + kindName() + " failed: "
                    + String.valueOf(e.getMessage()).replace("\"", "'") + "\"}}");
        }
    }

    /** @return a short name for messages */
    abstract String kindName();

    /**
     * Answers one recognised request.
     *
     * @param exchange the exchange; closed by the caller
     * @param request  what was asked
     * @throws IOException if writing the answer fails
     */
    abstract void handle(HttpExchange exchange, Incoming request) throws IOException;

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Recording.JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static void sendText(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** @return the server root, {@code http://127.0.0.1:PORT} */
    public String root() {
        return "http://127.0.0.1:" + port();
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @param provider a provider
     * @return the base URL to give that provider's adapter (its {@code *_BASE_URL} variable)
     */
    public String baseUrl(WireProvider provider) {
        return provider.baseUrl(root());
    }

    /**
     * Points every provider's adapter at this server: sets {@code OPENAI_BASE_URL},
     * {@code GEMINI_BASE_URL} and {@code ANTHROPIC_BASE_URL}.
     *
     * @param config a configuration builder
     * @return the same builder
     */
    public LlmConfig.Builder pointAt(LlmConfig.Builder config) {
        for (WireProvider p : WireProvider.values()) {
            config.set(p.baseUrlVariable(), baseUrl(p));
        }
        return config;
    }

    /** @return each provider's base-URL variable and the value pointing at this server */
    public Map<String, String> baseUrlSettings() {
        return Map.of(WireProvider.OPENAI.baseUrlVariable(), baseUrl(WireProvider.OPENAI),
                WireProvider.GEMINI.baseUrlVariable(), baseUrl(WireProvider.GEMINI),
                WireProvider.ANTHROPIC.baseUrlVariable(), baseUrl(WireProvider.ANTHROPIC));
    }

    /** Stops the server at once and ends its threads. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            workers.shutdownNow();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One recognised request.
     *
     * @param provider the provider whose API the path belongs to
     * @param path     the path, without query
     * @param model    the model asked for
     * @param stream   whether a stream is asked for
     * @param body     the raw body
     * @param json     the parsed body, or {@code null} if it is not JSON
     */
    record Incoming(WireProvider provider, String path, String model, boolean stream, byte[] body, JsonNode json) {
    }
}
