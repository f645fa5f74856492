package io.q2o.llm.internal.config;

import io.q2o.llm.ConfigException;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parsing and bounds checking of single setting values. Not API.
 *
 * <p>Design: every value a setting can hold passes through one of these methods, which accept
 * only a narrow ASCII grammar (no {@code NaN}, {@code Infinity}, hexadecimal floats, type
 * suffixes such as {@code 1f}, or non-ASCII digits that {@link Long#parseLong} and
 * {@link BigDecimal} would otherwise accept) and check magnitude <em>before</em> anything is
 * converted, so no value can overflow a {@link Duration}, allocate a huge number when written out
 * (a {@code BigDecimal} with scale 10⁹), or surface as anything but a {@link ConfigException} that
 * names the variable and the value. Secret values are never shown; long values are shortened and
 * control characters escaped, so a message is always one short line.
 */
public final class Values {
    /** Money settings hold at most this many decimal places. */
    public static final int MAX_MONEY_SCALE = 10;
    /** Money settings are below this many USD. */
    public static final BigDecimal MONEY_LIMIT = new BigDecimal("1000000000");

    private static final Set<String> SECRET_SUFFIXES = Set.of("_API_KEY", "_KEY", "_TOKEN", "_SECRET", "_PASSWORD");
    private static final int MAX_NUMBER_LENGTH = 64;
    private static final int MAX_SHOWN = 120;
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9][0-9_]*");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,4})?");
    private static final Pattern MONEY = Pattern.compile("\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]{1,10})?");
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");

    private Values() {
    }

    /**
     * @param name a variable name
     * @return whether its value is a secret (never shown)
     */
    public static boolean isSecretName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return SECRET_SUFFIXES.stream().anyMatch(upper::endsWith);
    }

    /**
     * @param name     the variable
     * @param value    the offending value (hidden for secrets, shortened when long)
     * @param expected what would have been accepted
     * @return the exception to throw
     */
    public static ConfigException bad(String name, String value, String expected) {
        return new ConfigException(name, name + "=" + show(name, value) + " is invalid: expected " + expected);
    }

    /**
     * @param name  the variable
     * @param value a value
     * @return the value as shown in messages: {@code (hidden)} for secrets, quoted, control characters escaped, long values cut
     */
    public static String show(String name, String value) {
        if (isSecretName(name)) {
            return "(hidden)";
        }
        if (value == null) {
            return "(unset)";
        }
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(value.length(), MAX_SHOWN);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('\'');
        if (value.length() > MAX_SHOWN) {
            sb.append("… (").append(value.length()).append(" characters)");
        }
        return sb.toString();
    }

    /** @return {@code true/1/yes/on} or {@code false/0/no/off}, any case */
    public static boolean parseBoolean(String name, String v) {
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true": case "1": case "yes": case "on":
                return true;
            case "false": case "0": case "no": case "off":
                return false;
            default:
                throw bad(name, v, "true or false");
        }
    }

    /** @return a whole number in {@code [min, max]}; {@code _} separators allowed */
    public static long parseLong(String name, String v, long min, long max) {
        String expected = "a whole number between " + min + " and " + max;
        if (v.length() > MAX_NUMBER_LENGTH || !WHOLE.matcher(v).matches()) {
            throw bad(name, v, expected);
        }
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(name, v, expected);
        }
        if (n < min || n > max) {
            throw bad(name, v, expected);
        }
        return n;
    }

    /** @return {@code n} if it lies in {@code [min, max]} */
    public static long checkLong(String name, long n, long min, long max) {
        if (n < min || n > max) {
            throw bad(name, Long.toString(n), "a whole number between " + min + " and " + max);
        }
        return n;
    }

    /** @return a finite decimal number in {@code [min, max]} */
    public static double parseDouble(String name, String v, double min, double max) {
        if (v.length() > MAX_NUMBER_LENGTH || !DECIMAL.matcher(v).matches()) {
            throw bad(name, v, "a number between " + min + " and " + max);
        }
        double d;
        try {
            d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw bad(name, v, "a number between " + min + " and " + max);
        }
        if (!(d >= min && d <= max)) {
            throw bad(name, v, "a number between " + min + " and " + max);
        }
        return d;
    }

    /** @return {@code d} if finite and in {@code [min, max]} */
    public static double checkDouble(String name, double d, double min, double max) {
        if (!(d >= min && d <= max)) {
            throw bad(name, Double.toString(d), "a number between " + min + " and " + max);
        }
        return d;
    }

    private static String moneyExpected() {
        return "an amount in USD >= 0 and below " + MONEY_LIMIT.toPlainString() + " with at most "
                + MAX_MONEY_SCALE + " decimal places, e.g. 10.00";
    }

    /** @return an amount of USD (a leading {@code $} is allowed), bounded as {@link #checkMoney} */
    public static BigDecimal parseMoney(String name, String v) {
        String s = v.startsWith("$") ? v.substring(1) : v;
        if (s.length() > MAX_NUMBER_LENGTH || !MONEY.matcher(s).matches()) {
            throw bad(name, v, moneyExpected());
        }
        BigDecimal d;
        try {
            d = new BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(name, v, moneyExpected());
        }
        return checkMoney(name, d, v);
    }

    /**
     * @param name the variable
     * @param d    an amount of USD
     * @return {@code d} if it is {@code >= 0}, below {@link #MONEY_LIMIT} and has at most
     *         {@value #MAX_MONEY_SCALE} decimal places (trailing zeros not counted)
     */
    public static BigDecimal checkMoney(String name, BigDecimal d) {
        return checkMoney(name, d, null);
    }

    private static BigDecimal checkMoney(String name, BigDecimal d, String raw) {
        // compareTo and stripTrailingZeros look at precision and scale first: cheap for any scale
        if (d.signum() < 0 || d.compareTo(MONEY_LIMIT) >= 0
                || (d.signum() != 0 && d.stripTrailingZeros().scale() > MAX_MONEY_SCALE)) {
            throw bad(name, raw != null ? raw : safeString(d), moneyExpected());
        }
        return d.signum() == 0 ? BigDecimal.ZERO : d;
    }

    private static String safeString(BigDecimal d) {
        // never toPlainString() an unchecked value: 1E-999999999 would be a billion characters
        return d.toString();
    }

    /** @return {@code d} if it lies in {@code [min, max]} */
    public static Duration checkDuration(String name, Duration d, Duration min, Duration max) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw bad(name, d.toString(), "a duration between " + min + " and " + max);
        }
        return d;
    }

    /** @return a zone id such as {@code UTC} or {@code Europe/Berlin} */
    public static ZoneId parseZone(String name, String v) {
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw bad(name, v, "a time zone id such as UTC or Europe/Berlin");
        }
    }

    /** @return a file-system path */
    public static Path parsePath(String name, String v) {
        try {
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw bad(name, v, "a folder path");
        }
    }

    /** @return the lower-cased provider name ({@code [a-z0-9_-]}, at most 64 characters) */
    public static String parseProviderName(String name, String v) {
        String p = v.toLowerCase(Locale.ROOT);
        if (!PROVIDER.matcher(p).matches()) {
            throw bad(name, v, "a provider name such as gemini, openai or anthropic");
        }
        return p;
    }

    /** @return the provider names of a comma list; {@code none} and empty entries are skipped */
    public static List<String> parseProviderList(String name, String v) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : v.split(",", -1)) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            if (p.isEmpty() || p.equals("none")) {
                continue;
            }
            if (!PROVIDER.matcher(p).matches()) {
                throw bad(name, v, "a comma-separated list of provider names such as openai,anthropic");
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    /** @return the model names of a comma list, in order, duplicates and empty entries removed */
    public static List<String> parseModels(String name, String v) {
        List<String> out = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            String m = part.strip();
            if (!m.isEmpty() && !out.contains(m)) {
                out.add(checkModel(name, m));
            }
        }
        return List.copyOf(out);
    }

    /**
     * @return {@code m} if it is a model name that is safe in a URL path: ASCII letters, digits
     *         and {@code . _ : / @ + -}, at most 200 characters, no {@code ..}
     */
    public static String checkModel(String name, String m) {
        if (m == null || !MODEL.matcher(m).matches() || m.contains("..")) {
            throw bad(name, m, "model names of ASCII letters, digits and . _ : / @ + - (no '..'), e.g. gpt-4o");
        }
        return m;
    }

    /**
     * @return {@code v} if it is an absolute {@code http}/{@code https} URL with a host, no
     *         fragment, no white space and no {@code ..} path segment
     */
    public static String parseBaseUrl(String name, String v) {
        String expected = "an http:// or https:// URL such as https://api.example.com/v1";
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw bad(name, shownUrl(v, null), expected);
        }
        String scheme = uri.getScheme();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null || uri.getRawFragment() != null || v.length() > 2048
                || !v.chars().allMatch(c -> c > 0x20 && c < 0x7f)
                || (("/" + path + "/").contains("/../")) || ("/" + path + "/").contains("/./")) {
            throw bad(name, shownUrl(v, uri), expected);
        }
        return v;
    }

    private static String shownUrl(String v, URI uri) {
        // a user:password part is a credential: never echo it
        if (uri != null && uri.getRawUserInfo() != null) {
            return v.replace(uri.getRawUserInfo() + "@", "***@");
        }
        int at = v.indexOf('@');
        int scheme = v.indexOf("://");
        return at > scheme && scheme >= 0 ? v.substring(0, scheme + 3) + "***" + v.substring(at) : v;
    }
}
