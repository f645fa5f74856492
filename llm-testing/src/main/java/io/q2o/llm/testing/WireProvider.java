package io.q2o.llm.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three providers whose HTTP APIs the replay server and the recording proxy speak, with what
 * tells their requests apart on the wire. One server answers all three at once: the request path
 * alone names the provider ({@code …/chat/completions} is OpenAI, {@code …/v1/messages} is
 * Anthropic, {@code …/models/NAME:generateContent} is Gemini), so each adapter is simply pointed at
 * the server with its usual base-URL variable (see {@link #baseUrl(String)}).
 */
public enum WireProvider {
    /** OpenAI Chat Completions: {@code POST {base}/chat/completions}; the base URL ends in {@code /v1}. */
    OPENAI("openai", "OPENAI_API_KEY", "OPENAI_BASE_URL", "https://api.openai.com",
            Pattern.compile("^(?:/.*)?/chat/completions$")),
    /** Gemini Developer API: {@code POST {base}/v1beta/models/MODEL:generateContent} or {@code :streamGenerateContent?alt=sse}. */
    GEMINI("gemini", "GOOGLE_API_KEY", "GEMINI_BASE_URL", "https://generativelanguage.googleapis.com",
            Pattern.compile("^(?:/.*)?/models/([^/:]+):(generateContent|streamGenerateContent)$")),
    /** Anthropic Messages: {@code POST {base}/v1/messages}; the base URL has no {@code /v1}. */
    ANTHROPIC("anthropic", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "https://api.anthropic.com",
            Pattern.compile("^(?:/.*)?/v1/messages$"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String apiKeyVariable;
    private final String baseUrlVariable;
    private final String defaultUpstream;
    private final Pattern path;

    WireProvider(String id, String apiKeyVariable, String baseUrlVariable, String defaultUpstream, Pattern path) {
        this.id = id;
        this.apiKeyVariable = apiKeyVariable;
        this.baseUrlVariable = baseUrlVariable;
        this.defaultUpstream = defaultUpstream;
        this.path = path;
    }

    /** @return the provider name used by llm-core, e.g. {@code "gemini"} */
    public String id() {
        return id;
    }

    /** @return the variable holding this provider's API key, e.g. {@code GOOGLE_API_KEY} */
    public String apiKeyVariable() {
        return apiKeyVariable;
    }

    /** @return the variable overriding this provider's base URL, e.g. {@code GEMINI_BASE_URL} */
    public String baseUrlVariable() {
        return baseUrlVariable;
    }

    /**
     * @return the real API's server root (without {@code /v1}); the request path is appended to it
     *         when a {@link RecordingProxy} forwards a request
     */
    public String defaultUpstream() {
        return defaultUpstream;
    }

    /**
     * The value to give this provider's base-URL variable so that its adapter talks to a server
     * at {@code root}: OpenAI's SDK wants the {@code /v1} in the base URL, the other two append
     * their API version themselves.
     *
     * @param root a server root such as {@code http://127.0.0.1:40123}
     * @return the base URL for this provider
     */
    public String baseUrl(String root) {
        String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        return this == OPENAI ? r + "/v1" : r;
    }

    /**
     * @param name a provider name, any case
     * @return the provider
     * @throws IllegalArgumentException if the name is not openai, gemini or anthropic
     */
    public static WireProvider of(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (WireProvider p : values()) {
            if (p.id.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown provider '" + name + "': expected openai, gemini or anthropic");
    }

    /**
     * @param requestPath the path of an HTTP request, without the query
     * @return the provider whose API has this path, if any
     */
    public static Optional<WireProvider> recognize(String requestPath) {
        for (WireProvider p : values()) {
            if (p.path.matcher(requestPath).matches()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * @param requestPath the request path
     * @param body        the parsed request body, or {@code null}
     * @return the model the request asks for (from the path for Gemini, from the body otherwise), or empty
     */
    public String modelOf(String requestPath, JsonNode body) {
        if (this == GEMINI) {
            Matcher m = path.matcher(requestPath);
            return m.matches() ? m.group(1) : "";
        }
        return body == null ? "" : body.path("model").asText("");
    }

    /**
     * @param requestPath the request path
     * @param body        the parsed request body, or {@code null}
     * @return whether the request asks for a server-sent-event stream
     */
    public boolean isStream(String requestPath, JsonNode body) {
        if (this == GEMINI) {
            Matcher m = path.matcher(requestPath);
            return m.matches() && m.group(2).equals("streamGenerateContent");
        }
        return body != null && body.path("stream").asBoolean(false);
    }

    /**
     * The path this provider's adapter requests for a model (used to build canned answers).
     *
     * @param model  the model
     * @param stream whether the call streams
     * @return the request path
     */
    public String path(String model, boolean stream) {
        switch (this) {
            case OPENAI:
                return "/v1/chat/completions";
            case ANTHROPIC:
                return "/v1/messages";
            default:
                return "/v1beta/models/" + model + (stream ? ":streamGenerateContent" : ":generateContent");
        }
    }

    /**
     * An error body in this provider's own format, so that its SDK maps it like a real one.
     *
     * @param status  the HTTP status
     * @param message the message
     * @return the JSON body
     */
    public ObjectNode errorBody(int status, String message) {
        ObjectNode root = JSON.createObjectNode();
        switch (this) {
            case OPENAI: {
                ObjectNode e = root.putObject("error");
                e.put("message", message);
                e.put("type", status == 429 ? "rate_limit_error" : status == 401 ? "invalid_request_error" : "error");
                e.putNull("param");
                if (status == 404) {
                    e.put("code", "model_not_found");
                } else {
                    e.putNull("code");
                }
                return root;
            }
            case ANTHROPIC: {
                root.put("type", "error");
                ObjectNode e = root.putObject("error");
                e.put("type", status == 404 ? "not_found_error" : status == 401 ? "authentication_error"
                        : status == 429 ? "rate_limit_error" : status == 529 ? "overloaded_error"
                        : status >= 500 ? "api_error" : "invalid_request_error");
                e.put("message", message);
                return root;
            }
            default: {
                ObjectNode e = root.putObject("error");
                e.put("code", status);
                e.put("message", message);
                e.put("status", status == 404 ? "NOT_FOUND" : status == 401 ? "UNAUTHENTICATED"
                        : status == 403 ? "PERMISSION_DENIED" : status == 429 ? "RESOURCE_EXHAUSTED"
                        : status >= 500 ? "UNAVAILABLE" : "INVALID_ARGUMENT");
                return root;
            }
        }
    }
}
