package io.q2o.llm.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One recorded exchange with a provider's HTTP API: what was asked (provider, path, model, stream
 * or not, a hash of the request body) and the answer exactly as the provider sent it (status,
 * a few safe headers, the body). Immutable.
 *
 * <p>Stored as one JSON file per exchange ({@value #FORMAT}):
 * <pre>{@code
 * {
 *   "format": "q2o-llm-recording/1",
 *   "provider": "gemini",
 *   "request":  { "method": "POST", "path": "/v1beta/models/gemini-2.5-pro:generateContent",
 *                 "model": "gemini-2.5-pro", "stream": false,
 *                 "bodySha256": "…",          // optional: the exact body (canonical JSON)
 *                 "promptSha256": "…",        // optional: the prompt alone; without either hash any body matches
 *                 "body": { … } },            // optional, for people reading the file
 *   "response": { "status": 200, "headers": { "Content-Type": "application/json" },
 *                 "json": { … } }             // or "sse": ["data: …", …] or "text": "…"
 * }
 * }</pre>
 * A JSON answer is kept as {@code json} (readable, and compared by value), a server-sent-event
 * stream as {@code sse}: one string per event, written back separated by blank lines. Request
 * headers are never stored, so neither is any API key.
 */
public final class Recording {

    /** The format tag written into every file. */
    public static final String FORMAT = "q2o-llm-recording/1";

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final WireProvider provider;
    private final String method;
    private final String path;
    private final String model;
    private final boolean stream;
    private final String bodySha256;
    private final String promptSha256;
    private final JsonNode requestBody;
    private final int status;
    private final Map<String, String> headers;
    private final String body;
    private final String source;

    private Recording(WireProvider provider, String method, String path, String model, boolean stream,
                      String bodySha256, String promptSha256, JsonNode requestBody, int status,
                      Map<String, String> headers, String body, String source) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.method = method == null ? "POST" : method;
        this.path = Objects.requireNonNull(path, "path");
        this.model = model == null ? "" : model;
        this.stream = stream;
        this.bodySha256 = bodySha256 == null || bodySha256.isBlank() ? null : bodySha256;
        this.promptSha256 = promptSha256 == null || promptSha256.isBlank() ? null : promptSha256;
        this.requestBody = requestBody;
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100..599, was " + status);
        }
        this.status = status;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.body = Objects.requireNonNull(body, "body");
        this.source = source == null ? "" : source;
    }

    /**
     * A recording built in code (see {@link CannedAnswers} for bodies in each provider's format).
     *
     * @param provider   the provider
     * @param path       the request path, e.g. {@code /v1/chat/completions}
     * @param model      the model the request names
     * @param stream     whether the request streams
     * @param bodySha256 the {@link #bodyHash request-body hash} to require, or {@code null} for any body
     * @param status     the HTTP status of the answer
     * @param headers    the answer's headers (Content-Type at least)
     * @param body       the answer's body as sent
     * @return the recording
     */
    public static Recording of(WireProvider provider, String path, String model, boolean stream, String bodySha256,
                               int status, Map<String, String> headers, String body) {
        return new Recording(provider, "POST", path, model, stream, bodySha256, null, null, status, headers, body, "");
    }

    /** @return the provider */
    public WireProvider provider() { return provider; }

    /** @return the HTTP method, normally POST */
    public String method() { return method; }

    /** @return the request path, without query */
    public String path() { return path; }

    /** @return the model the request named */
    public String model() { return model; }

    /** @return whether the request asked for a stream */
    public boolean stream() { return stream; }

    /** @return the hash of the request body this answer belongs to, or {@code null} when any body matches */
    public String bodySha256() { return bodySha256; }

    /** @return the hash of the request's prompt this answer belongs to (see {@link #promptHash}), or {@code null} */
    public String promptSha256() { return promptSha256; }

    /** @return the recorded request body (informative only), or {@code null} */
    public JsonNode requestBody() { return requestBody; }

    /** @return the HTTP status of the answer */
    public int status() { return status; }

    /** @return the answer's recorded headers */
    public Map<String, String> headers() { return headers; }

    /** @return the answer body exactly as it is sent back */
    public String body() { return body; }

    /** @return where the recording was read from (file or resource name), empty if built in code */
    public String source() { return source; }

    /** @return the answer's Content-Type, {@code application/json} if none was recorded */
    public String contentType() {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Content-Type")) {
                return e.getValue();
            }
        }
        return "application/json";
    }

    /**
     * @param source a new source label
     * @return a copy with that label
     */
    Recording withSource(String source) {
        return new Recording(provider, method, path, model, stream, bodySha256, promptSha256, requestBody, status, headers,
                body, source);
    }

    /**
     * @param requestBody the request body to keep for readers of the file
     * @return a copy holding it
     */
    public Recording withRequestBody(JsonNode requestBody) {
        return new Recording(provider, method, path, model, stream, bodySha256, promptSha256, requestBody, status, headers,
                body, source);
    }

    /**
     * @param bodySha256   the {@link #bodyHash} to require, or {@code null}
     * @param promptSha256 the {@link #promptHash} to require, or {@code null}
     * @return a copy answering requests with these hashes
     */
    public Recording withHashes(String bodySha256, String promptSha256) {
        return new Recording(provider, method, path, model, stream, bodySha256, promptSha256, requestBody, status, headers,
                body, source);
    }

    /** @return a copy without request hashes, so that it answers any body for its provider, model and mode */
    public Recording anyBody() {
        return withHashes(null, null);
    }

    // ------------------------------------------------------------------ hashing

    /**
     * The SHA-256 of a request body in canonical form: for JSON, object keys sorted at every level
     * and no insignificant white space, so the hash does not depend on the SDK's field order;
     * anything else is hashed as is.
     *
     * @param body the raw request body
     * @return the lower-case hex digest
     */
    public static String bodyHash(byte[] body) {
        return RequestHashes.body(body);
    }

    /**
     * The SHA-256 of the prompt alone — the system and conversation texts with their roles, read
     * from the request in the provider's format — so that a recording still matches when an SDK
     * or adapter changes other request fields (a new parameter, another max-tokens field name).
     * Roles are normalised ({@code developer} → {@code system}, {@code model} → {@code assistant}),
     * so the same prompt has the same hash with every provider.
     *
     * @param provider the provider whose format the body is in
     * @param body     the raw request body
     * @return the lower-case hex digest, or {@code null} if the body holds no prompt
     */
    public static String promptHash(WireProvider provider, byte[] body) {
        return RequestHashes.prompt(provider, body);
    }

    // ------------------------------------------------------------------ files

    /**
     * @param file a recording file
     * @return the recording
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException naming the file if it is not a valid recording
     */
    public static Recording read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recording " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param in     the JSON of one recording
     * @param source a name for messages
     * @return the recording
     * @throws IOException if reading fails
     * @throws IllegalArgumentException naming the source if it is not a valid recording
     */
    public static Recording read(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + " must hold a JSON object");
        }
        String format = root.path("format").asText(FORMAT);
        if (!format.equals(FORMAT)) {
            throw new IllegalArgumentException(source + ": unsupported format '" + format + "', expected " + FORMAT);
        }
        try {
            WireProvider provider = WireProvider.of(root.path("provider").asText(""));
            JsonNode req = root.path("request");
            JsonNode res = root.path("response");
            String path = req.path("path").asText("");
            if (path.isEmpty()) {
                path = provider.path(req.path("model").asText(""), req.path("stream").asBoolean(false));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            res.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            String body;
            if (res.has("json")) {
                body = JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(res.get("json"));
                headers.putIfAbsent("Content-Type", "application/json");
            } else if (res.has("sse")) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode ev : res.get("sse")) {
                    sb.append(ev.asText().strip()).append("\n\n");
                }
                body = sb.toString();
                headers.putIfAbsent("Content-Type", "text/event-stream");
            } else {
                body = res.path("text").asText("");
            }
            JsonNode reqBody = req.get("body");
            return new Recording(provider, req.path("method").asText("POST"), path,
                    req.path("model").asText(""), req.path("stream").asBoolean(false),
                    req.path("bodySha256").isTextual() ? req.get("bodySha256").asText() : null,
                    req.path("promptSha256").isTextual() ? req.get("promptSha256").asText() : null,
                    reqBody == null || reqBody.isNull() ? null : reqBody,
                    res.path("status").asInt(200), headers, body, source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** @return this recording as the JSON document described on this class */
    public ObjectNode toJson() {
        JsonNodeFactory f = JSON.getNodeFactory();
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("provider", provider.id());
        ObjectNode req = root.putObject("request");
        req.put("method", method);
        req.put("path", path);
        req.put("model", model);
        req.put("stream", stream);
        if (bodySha256 != null) {
            req.put("bodySha256", bodySha256);
        }
        if (promptSha256 != null) {
            req.put("promptSha256", promptSha256);
        }
        if (requestBody != null) {
            req.set("body", requestBody);
        }
        ObjectNode res = root.putObject("response");
        res.put("status", status);
        ObjectNode h = res.putObject("headers");
        headers.forEach(h::put);
        String type = contentType().toLowerCase(Locale.ROOT);
        JsonNode parsed = null;
        if (type.contains("json")) {
            try {
                parsed = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                parsed = null;
            }
        }
        if (parsed != null && !parsed.isMissingNode()) {
            res.set("json", parsed);
        } else if (type.contains("event-stream")) {
            ArrayNode events = res.putArray("sse");
            for (String ev : body.replace("\r\n", "\n").split("\n\n")) {
                if (!ev.isBlank()) {
                    events.add(ev.strip());
                }
            }
        } else {
            res.put("text", body);
        }
        return root;
    }

    /**
     * Writes this recording as pretty JSON.
     *
     * @param file the target file (parent folders are created)
     * @throws UncheckedIOException if writing fails
     */
    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JSON.writeValueAsString(toJson()) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write recording " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return a one-line summary */
    @Override
    public String toString() {
        return provider.id() + "/" + model + (stream ? " stream" : "") + " -> " + status
                + (bodySha256 == null ? "" : " [body " + bodySha256.substring(0, 12) + "]")
                + (source.isEmpty() ? "" : " (" + source + ")");
    }
}
