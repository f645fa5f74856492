package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds hard-coded API keys by their published shapes: OpenAI ({@code sk-…}, {@code sk-proj-…}),
 * Anthropic ({@code sk-ant-…}), Google ({@code AIza…}), AWS access key ids
 * ({@code AKIA…}/{@code ASIA…}) and Stripe live secret/restricted keys
 * ({@code sk_live_…}/{@code rk_live_…}).
 *
 * <p>Placeholders stay quiet, for every shape: a match containing (prefix included, case
 * ignored) {@code your}, {@code example}, {@code placeholder}, {@code xxxx}, {@code dummy},
 * {@code fake}, {@code test}, {@code replace}, {@code changeme}, {@code sample},
 * {@code redacted}, {@code 1234567890} or {@code abcdefgh} is ignored; an OpenAI, Anthropic or
 * Stripe key also needs a random-looking body (20+ characters, 3+ digits, 3+ letters), a Google
 * or AWS key at least one digit and three letters.
 *
 * <p>Speed: {@link #mayContainKey} looks for the prefixes in one pass first; the regular
 * expressions run only on text that contains one.
 */
final class SecretScanner {
    private record Rule(String id, String label, Pattern pattern, boolean checkBody) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("security.secret.anthropic", "Anthropic API key",
                    Pattern.compile("(?<![A-Za-z0-9_-])sk-ant-(?:[a-z0-9]{2,8}-)?([A-Za-z0-9_-]{20,})"), true),
            new Rule("security.secret.openai", "OpenAI API key",
                    Pattern.compile("(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?([A-Za-z0-9_-]{20,})"), true),
            new Rule("security.secret.google", "Google API key",
                    Pattern.compile("(?<![A-Za-z0-9_-])AIza([0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])"), false),
            new Rule("security.secret.aws", "AWS access key id",
                    Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)([0-9A-Z]{16})(?![A-Z0-9])"), false),
            new Rule("security.secret.stripe", "Stripe live secret key",
                    Pattern.compile("(?<![A-Za-z0-9_])(?:sk|rk)_live_([0-9A-Za-z]{16,})"), true));

    private static final List<String> PLACEHOLDER_WORDS =
            List.of("your", "example", "placeholder", "xxxx", "dummy", "fake", "test", "replace", "changeme", "sample",
                    "redacted", "1234567890", "abcdefgh");


    /**
     * @return whether {@code text} contains the start of any key shape ({@code sk-}, {@code _live_},
     *         {@code AIza}, {@code AKIA}, {@code ASIA}); false: no regular expression needs to run
     */
    static boolean mayContainKey(String text) {
        // one pass looking at the first char of each prefix (faster than an indexOf per prefix on non-Latin-1 text)
        for (int i = text.length() - 3; i >= 0; i--) {
            char c = text.charAt(i);
            if (c == 's' && text.startsWith("sk-", i) || c == '_' && text.startsWith("_live_", i)
                    || c == 'A' && (text.startsWith("AIza", i) || text.startsWith("AKIA", i) || text.startsWith("ASIA", i))) {
                return true;
            }
        }
        return false;
    }

    private SecretScanner() {
    }

    /**
     * Scans {@code text}, which starts at char offset {@code offset} of {@code src}.
     *
     * @param src    the whole source (for positions)
     * @param offset where the text starts in the source
     * @param text   a string literal, comment or whole file
     * @param where  "string literal", "comment" or "file", for the message
     * @param out    receives the findings
     */
    static void scan(ParsedSource src, int offset, String text, String where, List<Finding> out) {
        if (!mayContainKey(text)) {
            return;
        }
        for (Rule r : RULES) {
            Matcher m = r.pattern.matcher(text);
            while (m.find()) {
                if (placeholder(m.group()) || !randomLooking(m.group(1), r.checkBody ? 20 : 0, r.checkBody ? 3 : 1)) {
                    continue;
                }
                if (r.id.equals("security.secret.openai") && text.startsWith("sk-ant-", m.start())) {
                    continue;
                }
                int[] pos = src.position(offset + m.start());
                out.add(new Finding(Category.SECURITY, Severity.ERROR, r.id,
                        "hard-coded " + r.label + " in a " + where + " (" + mask(m.group()) + "); read it from the environment",
                        pos[0], pos[1]));
            }
        }
    }

    static List<Finding> scanWholeText(ParsedSource src) {
        List<Finding> out = new ArrayList<>();
        scan(src, 0, src.text, "file", out);
        return out;
    }

    /** Whether the whole match (prefix included: {@code sk-ant-test-…}) reads as a placeholder. */
    static boolean placeholder(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        for (String w : PLACEHOLDER_WORDS) {
            if (lower.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean randomLooking(String body, int minLength, int minDigits) {
        if (body.length() < minLength) {
            return false;
        }
        long digits = body.chars().filter(Character::isDigit).count();
        long letters = body.chars().filter(Character::isLetter).count();
        return digits >= minDigits && letters >= 3;
    }

    private static String mask(String key) {
        return key.length() <= 10 ? "***" : key.substring(0, Math.min(8, key.length() / 3)) + "…";
    }
}
