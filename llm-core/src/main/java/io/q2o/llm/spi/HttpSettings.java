package io.q2o.llm.spi;

import io.q2o.llm.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks of the settings that end up in a request URL or header, for provider adapters
 * ({@code OPENAI_BASE_URL}, {@code GEMINI_API_VERSION}, {@code OPENAI_ORG_ID}…).
 *
 * <p>A value that reaches a URL is only accepted if it cannot change where the request goes or
 * what it asks for beyond what the setting means: a base URL is an absolute {@code http}/{@code https}
 * URL with a host, an optional port (1–65535) and a path of plain segments — no user-info, query,
 * fragment, {@code .} or {@code ..} segment, empty segment, backslash, whitespace, control or
 * non-ASCII character; a path segment (an API version) is letters, digits and {@code - . _ ~}
 * only. Every refusal is a {@link ConfigException} naming the variable and the value — with
 * user-info and query masked, since they may carry credentials, control characters escaped and
 * long values cut.
 *
 * <p>Stateless; thread-safe.
 */
public final class HttpSettings {
    /** The longest base URL accepted: {@value} characters. */
    public static final int MAX_URL_LENGTH = 2048;
    /** The longest path segment or header value accepted: {@value} characters. */
    public static final int MAX_VALUE_LENGTH = 256;

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._~-]+");
    /** RFC 3986 pchar minus ':' and '@' (which only confuse), with percent-escapes. */
    private static final Pattern PATH_SEGMENT = Pattern.compile("(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]");
    private static final int SHOWN = 120;

    private HttpSettings() {
    }

    /**
     * Checks a base URL and returns it normalised: scheme in lower case, trailing slashes removed.
     *
     * @param variable the setting's name, for the message
     * @param raw      the value (surrounding whitespace is ignored)
     * @return the URL, e.g. {@code http://localhost:11434/v1}
     * @throws ConfigException naming {@code variable} and the (masked) value if it is not such a URL
     */
    public static String baseUrl(String variable, String raw) {
        if (raw == null || raw.isBlank()) {
            throw new ConfigException(variable, variable + " is blank: expected an http(s) URL such as https://host:port/path");
        }
        String value = raw.strip();
        if (value.length() > MAX_URL_LENGTH) {
            throw bad(variable, value, "is longer than " + MAX_URL_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw bad(variable, value, "contains a whitespace, control or non-ASCII character at position " + (i + 1));
            }
            if (c == '\\') {
                throw bad(variable, value, "contains a backslash");
            }
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw bad(variable, value, "is not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw bad(variable, value, "must be an absolute http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw bad(variable, value, "must not contain user-info (user:password@): put credentials in the API-key variable");
        }
        if (uri.getRawQuery() != null || value.contains("?")) {
            throw bad(variable, value, "must not contain a ?query");
        }
        if (uri.getRawFragment() != null || value.contains("#")) {
            throw bad(variable, value, "must not contain a #fragment");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty() || !HOST.matcher(host).matches()) {
            throw bad(variable, value, "has no valid host");
        }
        int port = uri.getPort();
        if (port == 0 || port > 65535 || (port < 0 && !uri.getRawAuthority().equals(host))) {
            throw bad(variable, value, "has an invalid port (expected 1-65535)");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.isEmpty()) {
            for (String segment : path.substring(1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                        || !PATH_SEGMENT.matcher(segment).matches() || decodesToDotSegment(segment)) {
                    throw bad(variable, value, "has an unusable path segment '" + segment
                            + "' (no empty, '.' or '..' segments; letters, digits, - . _ ~ and %XX escapes)");
                }
            }
        }
        return scheme + "://" + uri.getRawAuthority() + path;
    }

    private static boolean decodesToDotSegment(String segment) {
        String s = segment.replace("%2e", ".").replace("%2E", ".");
        return s.equals(".") || s.equals("..") || segment.contains("%2f") || segment.contains("%2F")
                || segment.contains("%5c") || segment.contains("%5C");
    }

    /**
     * Checks a value that becomes one path segment of the request URL (e.g. an API version).
     *
     * @param variable the setting's name, for the message
     * @param raw      the value (surrounding whitespace is ignored)
     * @return the value, stripped
     * @throws ConfigException naming {@code variable} and the value unless it is letters, digits and
     *                         {@code - . _ ~} (not {@code .} or {@code ..}), at most {@value #MAX_VALUE_LENGTH} long
     */
    public static String pathSegment(String variable, String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH || !SEGMENT.matcher(value).matches()
                || value.equals(".") || value.equals("..")) {
            throw badValue(variable, value, "must be one URL path segment of letters, digits and - . _ ~ (e.g. v1beta)");
        }
        return value;
    }

    /**
     * Checks a value sent as an HTTP header (e.g. an organization id).
     *
     * @param variable the setting's name, for the message
     * @param raw      the value (surrounding whitespace is ignored)
     * @return the value, stripped
     * @throws ConfigException naming {@code variable} and the value if it is empty, longer than
     *                         {@value #MAX_VALUE_LENGTH} or holds a character other than visible ASCII and space
     */
    public static String headerValue(String variable, String raw) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            throw badValue(variable, value, "must be 1-" + MAX_VALUE_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c >= 0x7f) {
                throw badValue(variable, value, "may hold only visible ASCII characters and spaces (an HTTP header value)");
            }
        }
        return value;
    }

    private static ConfigException bad(String variable, String value, String why) {
        return new ConfigException(variable, variable + " " + why + ", got '" + shown(value) + "'");
    }

    private static ConfigException badValue(String variable, String value, String why) {
        return new ConfigException(variable, variable + " " + why + ", got '" + escaped(value) + "'");
    }

    /**
     * @param value a setting's value
     * @return it for a message: user-info and query masked, control characters escaped, cut to a
     *         readable length
     */
    public static String shown(String value) {
        return escaped(value.replaceAll("(?<=://)[^/?#]*@", "****@").replaceAll("\\?.*", "?****"));
    }

    /**
     * @param value a setting's value
     * @return it for a message: control characters escaped, cut to a readable length
     */
    public static String escaped(String value) {
        String masked = value;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < masked.length() && out.length() < SHOWN; i++) {
            char c = masked.charAt(i);
            if (c < ' ' || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= SHOWN && masked.length() > SHOWN) {
            out.append("… (").append(masked.length()).append(" characters)");
        }
        return out.toString();
    }
}
