package io.q2o.llm.testing;

import com.sun.net.httpserver.HttpExchange;
import io.q2o.llm.LlmConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * An in-process HTTP server on 127.0.0.1 that answers OpenAI, Gemini and Anthropic requests from
 * {@link Recordings}, byte for byte in each provider's own wire format (JSON answers, server-sent
 * event streams, error bodies and status codes), so the real provider adapters and their SDKs run
 * unchanged without a network or an API key.
 *
 * <pre>{@code
 * try (ReplayServer replay = ReplayServer.start(Recordings.fromDirectory(Path.of("src/test/resources/llm")))) {
 *     LlmConfig config = replay.configure(LlmConfig.builder().isolated()).set("Q2O_LLM_PRIMARY", "gemini").build();
 *     try (LlmService llm = LlmService.builder().config(config).build()) {
 *         LlmResponse r = llm.complete(LlmRequest.of("You are terse.", "Say hello"));
 *     }
 * }
 * }</pre>
 *
 * <p>Built on the JDK's {@code com.sun.net.httpserver.HttpServer}: no dependency that could clash
 * with the SDKs' own HTTP stacks, a free port picked by the OS, daemon threads, stopped by
 * {@link #close()}. Matching is described on {@link Recordings}. A request no recording answers gets HTTP 404 in the provider's error format
 * with a message listing what is recorded, which the adapters report as "model not found".
 * Thread-safe.
 */
public final class ReplayServer extends LoopbackServer {

    /** The API key {@link #configure} sets for every provider; the server ignores keys. */
    public static final String PLACEHOLDER_KEY = "offline-replay-placeholder-key";

    private final Recordings recordings;
    private final Recordings.MatchMode mode;
    private final Map<List<Recording>, AtomicInteger> served = new ConcurrentHashMap<>();
    private final List<Replayed> requests = new CopyOnWriteArrayList<>();

    private ReplayServer(Recordings recordings, Recordings.MatchMode mode) {
        super("replay");
        this.recordings = Objects.requireNonNull(recordings, "recordings");
        this.mode = Objects.requireNonNull(mode, "mode");
    }

    /**
     * Starts a server that requires the request body to match a recording's {@code bodySha256}
     * when the recording has one ({@link Recordings.MatchMode#STRICT}).
     *
     * @param recordings the answers
     * @return the running server
     */
    public static ReplayServer start(Recordings recordings) {
        return start(recordings, Recordings.MatchMode.STRICT);
    }

    /**
     * @param recordings the answers
     * @param mode       how strictly requests must match
     * @return the running server
     */
    public static ReplayServer start(Recordings recordings, Recordings.MatchMode mode) {
        ReplayServer s = new ReplayServer(recordings, mode);
        s.startServing();
        return s;
    }

    /**
     * Points every provider at this server and gives each a placeholder API key (the adapters
     * require one; it only ever travels to 127.0.0.1). Values set here win over the environment,
     * so a developer's real keys are never used.
     *
     * @param config a configuration builder
     * @return the same builder
     */
    public LlmConfig.Builder configure(LlmConfig.Builder config) {
        pointAt(config);
        for (WireProvider p : WireProvider.values()) {
            config.set(p.apiKeyVariable(), PLACEHOLDER_KEY);
        }
        return config;
    }

    /** @return the recordings served */
    public Recordings recordings() {
        return recordings;
    }

    /** @return every request received so far, in order */
    public List<Replayed> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    @Override
    String kindName() {
        return "replay server";
    }

    @Override
    void handle(HttpExchange exchange, Incoming in) throws IOException {
        String hash = Recording.bodyHash(in.body());
        String prompt = Recording.promptHash(in.provider(), in.body());
        List<Recording> candidates = recordings.candidates(in.provider(), in.model(), in.stream(), hash, prompt, mode);
        if (candidates.isEmpty()) {
            requests.add(new Replayed(in.provider(), in.model(), in.stream(), hash, prompt, body(in), null));
            String recorded = recordings.all().stream()
                    .map(r -> r.provider().id() + "/" + r.model() + (r.stream() ? " (stream)" : ""))
                    .distinct().collect(Collectors.joining(", "));
            String message = "no recording answers " + in.provider().id() + " model '" + in.model() + "'"
                    + (in.stream() ? " (stream)" : "") + " with request body sha256 " + hash.substring(0, 12)
                    + " in " + mode + " mode; recorded: " + (recorded.isEmpty() ? "nothing" : recorded);
            sendText(exchange, 404, "application/json", in.provider().errorBody(404, message).toString());
            return;
        }
        int i = served.computeIfAbsent(candidates, k -> new AtomicInteger()).getAndIncrement();
        Recording r = candidates.get(Math.min(i, candidates.size() - 1));
        requests.add(new Replayed(in.provider(), in.model(), in.stream(), hash, prompt, body(in), r));
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("Content-Type", r.contentType());
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        if (r.contentType().contains("event-stream")) {
            // chunked, one event per write, as a live stream arrives
            exchange.sendResponseHeaders(r.status(), 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String event : r.body().split("(?<=\n\n)")) {
                    out.write(event.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } else {
            exchange.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private static String body(Incoming in) {
        return new String(in.body(), StandardCharsets.UTF_8);
    }

    /** @return a summary */
    @Override
    public String toString() {
        return "ReplayServer[" + root() + ", " + recordings.size() + " recordings, " + mode + "]";
    }

    /**
     * One request the server received.
     *
     * @param provider   the provider whose API was called
     * @param model      the model asked for
     * @param stream     whether a stream was asked for
     * @param bodySha256 the hash of the request body (see {@link Recording#bodyHash})
     * @param promptSha256 the hash of the request's prompt (see {@link Recording#promptHash}), or {@code null}
     * @param body       the request body as sent (the prompt, parameters; never a key, which travels in headers)
     * @param answeredBy the recording that answered, or {@code null} if none did (HTTP 404)
     */
    public record Replayed(WireProvider provider, String model, boolean stream, String bodySha256, String promptSha256,
                           String body,
                           Recording answeredBy) {
    }
}
