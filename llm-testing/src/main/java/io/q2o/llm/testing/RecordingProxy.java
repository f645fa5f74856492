package io.q2o.llm.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process HTTP proxy on 127.0.0.1 that forwards provider requests to the real API (or any
 * upstream) and saves every answer as a {@link Recording} file that a {@link ReplayServer} can
 * serve later. Point an adapter at it with {@link #pointAt}; the API key travels upstream as
 * usual but is never written: request headers are not recorded at all, the recorded answer keeps
 * only {@code Content-Type} and {@code Retry-After} headers, and every key value seen in a request
 * ({@code Authorization}, {@code x-api-key}, {@code x-goog-api-key}, a {@code key} query
 * parameter) is replaced by {@value #REDACTED} wherever it would appear in a file.
 *
 * <p>Streams are passed through as they arrive (the caller sees chunks live) and saved whole.
 * Answers with a status of 500 or more and failed upstream connections are not saved unless
 * {@link Builder#recordServerErrors} is set. Files are named
 * {@code PROVIDER-MODEL-json|sse-HASH12.json} and never overwrite one another (a counter is
 * appended). Thread-safe.
 */
public final class RecordingProxy extends LoopbackServer {
    private static final Logger log = LoggerFactory.getLogger(RecordingProxy.class);

    /** What replaces a key wherever it would be written. */
    public static final String REDACTED = "[REDACTED]";

    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection",
            "proxy-authorization", "accept-encoding", "http2-settings");
    private static final Set<String> NOT_RETURNED = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "content-encoding", ":status");
    private static final Set<String> RECORDED_HEADERS = Set.of("content-type", "retry-after", "retry-after-ms");
    private static final Set<String> KEY_HEADERS = Set.of("authorization", "x-api-key", "x-goog-api-key",
            "api-key", "proxy-authorization");

    private static final java.util.regex.Pattern MASKED_KEY =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-]*\\*{4,}[A-Za-z0-9_-]*");

    private final Path directory;
    private final Map<WireProvider, String> upstreams;
    private final boolean recordServerErrors;
    private final HttpClient client;
    private final Duration timeout;
    private final List<Path> written = new CopyOnWriteArrayList<>();

    private RecordingProxy(Builder b) {
        super("record");
        this.directory = b.directory;
        this.upstreams = new EnumMap<>(b.upstreams);
        this.recordServerErrors = b.recordServerErrors;
        this.timeout = b.timeout;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot create recording folder " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param directory where recordings are written (created if missing)
     * @return a builder; every provider forwards to its real API unless {@link Builder#upstream} says otherwise
     */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /**
     * Starts a proxy to the real APIs.
     *
     * @param directory where recordings are written
     * @return the running proxy
     */
    public static RecordingProxy start(Path directory) {
        return builder(directory).start();
    }

    /** @return the folder recordings are written to */
    public Path directory() {
        return directory;
    }

    /** @return the files written so far, in order */
    public List<Path> recorded() {
        return Collections.unmodifiableList(new ArrayList<>(written));
    }

    /**
     * @param provider a provider
     * @return the server root its requests are forwarded to
     */
    public String upstream(WireProvider provider) {
        return upstreams.getOrDefault(provider, provider.defaultUpstream());
    }

    @Override
    String kindName() {
        return "recording proxy";
    }

    @Override
    void handle(HttpExchange exchange, Incoming in) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        URI target = URI.create(upstream(in.provider()) + in.path() + (query == null ? "" : "?" + query));
        Set<String> secrets = new LinkedHashSet<>();
        HttpRequest.Builder req = HttpRequest.newBuilder(target).timeout(timeout)
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(in.body()));
        for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (NOT_FORWARDED.contains(name)) {
                continue;
            }
            for (String v : h.getValue()) {
                if (KEY_HEADERS.contains(name)) {
                    collectSecret(secrets, v);
                }
                req.header(h.getKey(), v);
            }
        }
        if (query != null) {
            for (String part : query.split("&")) {
                if (part.startsWith("key=")) {
                    collectSecret(secrets, java.net.URLDecoder.decode(part.substring(4), StandardCharsets.UTF_8));
                }
            }
        }
        HttpResponse<InputStream> res;
        try {
            res = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            log.warn("Recording proxy could not reach {}: {}", target.getScheme() + "://" + target.getAuthority(), e.toString());
            sendText(exchange, 502, "application/json", in.provider().errorBody(502,
                    "recording proxy could not reach the upstream " + target.getScheme() + "://"
                            + target.getAuthority() + ": " + e.getClass().getSimpleName()).toString());
            return;
        }
        Headers out = exchange.getResponseHeaders();
        Map<String, String> recordedHeaders = new LinkedHashMap<>();
        res.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NOT_RETURNED.contains(lower)) {
                return;
            }
            for (String v : values) {
                out.add(name, v);
            }
            if (RECORDED_HEADERS.contains(lower) && !values.isEmpty()) {
                recordedHeaders.put(canonicalHeader(lower), values.get(0));
            }
        });
        String contentType = res.headers().firstValue("content-type").orElse("application/json");
        boolean sse = contentType.toLowerCase(Locale.ROOT).contains("event-stream");
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (InputStream body = res.body()) {
            if (sse) {
                exchange.sendResponseHeaders(res.statusCode(), 0);
                try (OutputStream client = exchange.getResponseBody()) {
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = body.read(buf)) >= 0) {
                        client.write(buf, 0, n);
                        client.flush();
                        copy.write(buf, 0, n);
                    }
                }
            } else {
                byte[] all = body.readAllBytes();
                copy.write(all);
                exchange.sendResponseHeaders(res.statusCode(), all.length == 0 ? -1 : all.length);
                if (all.length > 0) {
                    try (OutputStream client = exchange.getResponseBody()) {
                        client.write(all);
                    }
                }
            }
        }
        if (res.statusCode() >= 500 && !recordServerErrors) {
            log.info("Recording proxy did not save a {} answer from {}", res.statusCode(), in.provider().id());
            return;
        }
        save(in, res.statusCode(), recordedHeaders, copy.toString(StandardCharsets.UTF_8), secrets);
    }

    private static void collectSecret(Set<String> secrets, String headerValue) {
        String v = headerValue.strip();
        if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            v = v.substring(7).strip();
        }
        if (v.length() >= 4) {
            secrets.add(v);
        }
    }

    private static String canonicalHeader(String lower) {
        switch (lower) {
            case "content-type": return "Content-Type";
            case "retry-after": return "Retry-After";
            case "retry-after-ms": return "retry-after-ms";
            default: return lower;
        }
    }

    private static String scrub(String text, Set<String> secrets) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, REDACTED);
        }
        if (!secrets.isEmpty()) {
            // providers echo a masked key in 401 messages ("sk-test-****cret"): drop those too
            out = MASKED_KEY.matcher(out).replaceAll(REDACTED);
        }
        return out;
    }

    private void save(Incoming in, int status, Map<String, String> headers, String body, Set<String> secrets)
            throws IOException {
        String hash = Recording.bodyHash(in.body());
        Recording r = Recording.of(in.provider(), in.path(), in.model(), in.stream(), hash, status, headers,
                scrub(body, secrets)).withHashes(hash, Recording.promptHash(in.provider(), in.body()));
        if (in.json() != null) {
            r = r.withRequestBody(Recording.JSON.readTree(scrub(in.json().toString(), secrets)));
        }
        String base = in.provider().id() + "-" + in.model().replaceAll("[^A-Za-z0-9._-]", "_")
                + "-" + (in.stream() ? "sse" : "json") + "-" + hash.substring(0, 12);
        Path file;
        synchronized (this) {
            file = directory.resolve(base + ".json");
            for (int i = 2; Files.exists(file); i++) {
                file = directory.resolve(base + "-" + i + ".json");
            }
            r.write(file);
        }
        written.add(file);
        log.info("Recorded {} {}/{} -> {}", status, in.provider().id(), in.model(), file);
    }

    /** @return a summary */
    @Override
    public String toString() {
        return "RecordingProxy[" + root() + " -> " + directory + "]";
    }

    /** Builder for {@link RecordingProxy}. Not thread-safe. */
    public static final class Builder {
        private final Path directory;
        private final Map<WireProvider, String> upstreams = new EnumMap<>(WireProvider.class);
        private boolean recordServerErrors;
        private Duration timeout = Duration.ofMinutes(10);

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * Forwards one provider's requests to another server root, e.g. a corporate gateway or a
         * WireMock server in a test. The request path ({@code /v1/chat/completions},
         * {@code /v1beta/models/…}, {@code /v1/messages}) is appended to it.
         *
         * @param provider the provider
         * @param root     the server root, without {@code /v1} (a trailing {@code /v1} is removed)
         * @return this
         */
        public Builder upstream(WireProvider provider, String root) {
            String r = Objects.requireNonNull(root, "root").strip();
            if (!r.matches("https?://\\S+")) {
                throw new IllegalArgumentException("upstream of " + provider.id() + " must be an http(s) URL, was " + root);
            }
            r = r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
            r = r.endsWith("/v1") || r.endsWith("/v1beta") ? r.substring(0, r.lastIndexOf('/')) : r;
            upstreams.put(provider, r);
            return this;
        }

        /** @param record also save answers with status 500 and above (default false) @return this */
        public Builder recordServerErrors(boolean record) {
            this.recordServerErrors = record;
            return this;
        }

        /** @param timeout longest wait for one upstream answer (default 10 minutes) @return this */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** @return the running proxy */
        public RecordingProxy start() {
            RecordingProxy p = new RecordingProxy(this);
            p.startServing();
            return p;
        }
    }
}
