package io.q2o.llm.openai;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Normalises the base URL handed to the SDK. The SDK appends {@code /chat/completions} to its base
 * URL, so the base must be the API root including the version segment ({@code …/v1}).
 *
 * <p>The rule: a URL with <em>no path</em> (or just {@code /}) gets {@code /v1} appended
 * ({@code http://localhost:11434} becomes {@code http://localhost:11434/v1}); a URL <em>with a
 * path</em> is used as given, minus trailing slashes ({@code http://localhost:11434/v1/} becomes
 * {@code http://localhost:11434/v1}; {@code https://example.com/api/openai} stays as it is, for
 * servers whose OpenAI-compatible root is not {@code /v1}). Only {@code http} and {@code https}
 * are accepted.
 */
final class OpenAiEndpoint {

    /** The official API root. */
    static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

    private static final String OFFICIAL_HOST = "api.openai.com";

    private OpenAiEndpoint() {
    }

    /**
     * @param raw the configured base URL ({@code OPENAI_BASE_URL})
     * @return the SDK base URL, ending in the API root (usually {@code /v1}), without a trailing slash
     * @throws IllegalArgumentException naming {@code OPENAI_BASE_URL} if the value is not an http(s) URL
     */
    static String normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException(OpenAiProviderFactory.BASE_URL_VARIABLE + " is blank");
        }
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(OpenAiProviderFactory.BASE_URL_VARIABLE
                    + " is not a valid URL (expected e.g. http://localhost:11434/v1)", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(OpenAiProviderFactory.BASE_URL_VARIABLE
                    + " must be an http:// or https:// URL (e.g. http://localhost:11434/v1), got scheme '"
                    + scheme + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(OpenAiProviderFactory.BASE_URL_VARIABLE
                    + " has no host (expected e.g. http://localhost:11434/v1)");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException(OpenAiProviderFactory.BASE_URL_VARIABLE + " must not contain a #fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            path = "/v1";
        }
        StringBuilder url = new StringBuilder(scheme).append("://");
        if (uri.getRawUserInfo() != null) {
            url.append(uri.getRawUserInfo()).append('@');
        }
        url.append(uri.getHost());
        if (uri.getPort() >= 0) {
            url.append(':').append(uri.getPort());
        }
        url.append(path);
        if (uri.getRawQuery() != null) {
            url.append('?').append(uri.getRawQuery());
        }
        return url.toString();
    }

    /**
     * @param normalized a URL from {@link #normalize}
     * @return whether it points at the official OpenAI API ({@code api.openai.com})
     */
    static boolean isOfficial(String normalized) {
        String host = URI.create(normalized).getHost();
        return host != null && host.equalsIgnoreCase(OFFICIAL_HOST);
    }

    /**
     * @param normalized a URL from {@link #normalize}
     * @return the URL for messages and {@code toString()}: no user-info and no query string,
     *         which could carry credentials
     */
    static String display(String normalized) {
        URI uri = URI.create(normalized);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
