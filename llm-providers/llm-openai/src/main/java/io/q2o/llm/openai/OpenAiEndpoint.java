package io.q2o.llm.openai;

import io.q2o.llm.ConfigException;
import io.q2o.llm.spi.HttpSettings;

import java.net.URI;

/**
 * Normalises the base URL handed to the SDK. The SDK appends {@code /chat/completions} to its base
 * URL, so the base must be the API root including the version segment ({@code …/v1}).
 *
 * <p>The rule: a URL with <em>no path</em> (or just {@code /}) gets {@code /v1} appended
 * ({@code http://localhost:11434} becomes {@code http://localhost:11434/v1}); a URL <em>with a
 * path</em> is used as given, minus trailing slashes ({@code http://localhost:11434/v1/} becomes
 * {@code http://localhost:11434/v1}; {@code https://example.com/api/openai} stays as it is, for
 * servers whose OpenAI-compatible root is not {@code /v1}). Only absolute {@code http} and
 * {@code https} URLs without user-info, query or fragment are accepted (credentials belong in
 * {@code OPENAI_API_KEY}); anything else is a {@link ConfigException} naming {@code OPENAI_BASE_URL}.
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
     * @throws ConfigException naming {@code OPENAI_BASE_URL} and the value unless it is an absolute
     *                         http(s) URL without user-info, query or fragment (see {@link HttpSettings#baseUrl})
     */
    static String normalize(String raw) {
        String url = HttpSettings.baseUrl(OpenAiProviderFactory.BASE_URL_VARIABLE, raw);
        // no path (or just "/"): the API root is /v1
        return URI.create(url).getRawPath().isEmpty() ? url + "/v1" : url;
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
