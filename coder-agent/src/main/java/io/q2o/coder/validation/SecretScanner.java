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
 * <p>To keep placeholders such as {@code "sk-your-key-here"} quiet, an OpenAI/Anthropic/Stripe
 * match needs a random-looking body: at least 20 characters with both letters and at least three
 * digits, and none of the words {@code your}, {@code example}, {@code placeholder},
 * {@code xxxx}, {@code dummy}, {@code fake}, {@code test}; and AWS's documentation key ids
 * (containing {@code EXAMPLE}) are ignored.
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
            List.of("your", "example", "placeholder", "xxxx", "dummy", "fake", "test", "replace", "changeme");

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
        for (Rule r : RULES) {
            Matcher m = r.pattern.matcher(text);
            while (m.find()) {
                if (r.checkBody && !randomLooking(m.group(1)) || m.group().contains("EXAMPLE")) {
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

    private static boolean randomLooking(String body) {
        if (body.length() < 20) {
            return false;
        }
        String lower = body.toLowerCase(Locale.ROOT);
        for (String w : PLACEHOLDER_WORDS) {
            if (lower.contains(w)) {
                return false;
            }
        }
        long digits = body.chars().filter(Character::isDigit).count();
        long letters = body.chars().filter(Character::isLetter).count();
        return digits >= 3 && letters >= 3;
    }

    private static String mask(String key) {
        return key.length() <= 10 ? "***" : key.substring(0, Math.min(8, key.length() / 3)) + "…";
    }
}
