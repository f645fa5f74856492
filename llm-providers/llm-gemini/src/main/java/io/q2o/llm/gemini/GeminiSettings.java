package io.q2o.llm.gemini;

import io.q2o.llm.ConfigException;
import io.q2o.llm.spi.HttpSettings;
import io.q2o.llm.spi.ProviderConfig;

import java.util.Optional;

/**
 * The Gemini adapter's own settings, checked when the provider is created so that no value can
 * make a call fail: {@code GEMINI_BASE_URL} and {@code GEMINI_API_VERSION} end up in every
 * request URL, {@code GEMINI_MAX_CONCURRENT_REQUESTS} sizes the HTTP dispatcher. A bad value is a
 * {@link ConfigException} naming the variable and the value.
 */
final class GeminiSettings {
    /** The largest {@code GEMINI_MAX_CONCURRENT_REQUESTS} accepted: {@value}. */
    static final int MAX_CONCURRENT_REQUESTS = 100_000;

    private GeminiSettings() {
    }

    /**
     * @param config the provider's configuration
     * @return the server root: {@code GEMINI_BASE_URL} (a trailing {@code /v1beta} and slashes
     *         removed) or {@value GeminiProvider#DEFAULT_BASE_URL}
     * @throws ConfigException naming {@code GEMINI_BASE_URL} and the value unless it is an absolute
     *                         http(s) URL without user-info, query or fragment
     */
    static String baseUrl(ProviderConfig config) {
        Optional<String> configured = config.baseUrl().map(String::strip).filter(s -> !s.isEmpty());
        if (configured.isEmpty()) {
            return GeminiProvider.DEFAULT_BASE_URL;
        }
        String url = HttpSettings.baseUrl(GeminiProviderFactory.BASE_URL_VARIABLE, configured.get());
        if (url.endsWith("/" + GeminiProvider.DEFAULT_API_VERSION)) {
            url = url.substring(0, url.length() - GeminiProvider.DEFAULT_API_VERSION.length() - 1);
        }
        return url;
    }

    /**
     * @param config the provider's configuration
     * @return {@code GEMINI_API_VERSION}, or {@value GeminiProvider#DEFAULT_API_VERSION}
     * @throws ConfigException naming {@code GEMINI_API_VERSION} and the value unless it is one path
     *                         segment of letters, digits and {@code - . _ ~}
     */
    static String apiVersion(ProviderConfig config) {
        return config.setting(GeminiProviderFactory.API_VERSION_VARIABLE).filter(v -> !v.isBlank())
                .map(v -> HttpSettings.pathSegment(GeminiProviderFactory.API_VERSION_VARIABLE, v))
                .orElse(GeminiProvider.DEFAULT_API_VERSION);
    }

    /**
     * @param config the provider's configuration
     * @return {@code GEMINI_MAX_CONCURRENT_REQUESTS}, or {@value GeminiProvider#DEFAULT_MAX_CONCURRENT_REQUESTS}
     * @throws ConfigException naming {@code GEMINI_MAX_CONCURRENT_REQUESTS} and the value unless it is
     *                         an integer from 1 to {@value #MAX_CONCURRENT_REQUESTS}
     */
    static int maxConcurrentRequests(ProviderConfig config) {
        String variable = GeminiProviderFactory.MAX_CONCURRENT_REQUESTS_VARIABLE;
        Optional<String> raw = config.setting(variable).map(String::strip).filter(s -> !s.isEmpty());
        if (raw.isEmpty()) {
            return GeminiProvider.DEFAULT_MAX_CONCURRENT_REQUESTS;
        }
        int n;
        try {
            n = Integer.parseInt(raw.get());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1 || n > MAX_CONCURRENT_REQUESTS) {
            throw new ConfigException(variable, variable + " must be an integer from 1 to " + MAX_CONCURRENT_REQUESTS
                    + ", got '" + HttpSettings.escaped(raw.get()) + "'");
        }
        return n;
    }
}
