package io.q2o.coder.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Identifier case conversions, as used by the template filters {@code snake_case},
 * {@code camel_case}, {@code pascal_case} and {@code kebab_case}.
 *
 * <p>Words are split at spaces, punctuation, {@code _} and {@code -}, at lower-to-upper case
 * changes ({@code userId} → user, id), at the end of an acronym ({@code HTTPServer} → http,
 * server) and between letters and digits only where the case changes ({@code oauth2Client} →
 * oauth2, client). Characters other than ASCII letters and digits are dropped.
 */
public final class NameCase {
    private NameCase() {
    }

    /**
     * @param text any text, e.g. {@code "Stripe webhook-Handler"}
     * @return its words, lower case, e.g. {@code [stripe, webhook, handler]}
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        if (text == null) {
            return words;
        }
        StringBuilder cur = new StringBuilder();
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c))) {
                flush(cur, words);
                continue;
            }
            if (cur.length() > 0) {
                char prev = cur.charAt(cur.length() - 1);
                boolean upper = Character.isUpperCase(c);
                boolean boundary = upper && (Character.isLowerCase(prev) || Character.isDigit(prev))
                        || upper && Character.isUpperCase(prev) && i + 1 < n && Character.isLowerCase(text.charAt(i + 1));
                if (boundary) {
                    flush(cur, words);
                }
            }
            cur.append(c);
        }
        flush(cur, words);
        return words;
    }

    private static void flush(StringBuilder cur, List<String> words) {
        if (cur.length() > 0) {
            words.add(cur.toString().toLowerCase(Locale.ROOT));
            cur.setLength(0);
        }
    }

    /** @param text any text @return {@code snake_case}; a leading digit gets a {@code _} prefix */
    public static String snake(String text) {
        return identifierSafe(String.join("_", words(text)));
    }

    /** @param text any text @return {@code kebab-case} */
    public static String kebab(String text) {
        return String.join("-", words(text));
    }

    /** @param text any text @return {@code PascalCase}; a leading digit gets a {@code _} prefix */
    public static String pascal(String text) {
        StringBuilder sb = new StringBuilder();
        for (String w : words(text)) {
            sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        }
        return identifierSafe(sb.toString());
    }

    /** @param text any text @return {@code camelCase}; a leading digit gets a {@code _} prefix */
    public static String camel(String text) {
        String p = pascal(text);
        if (p.isEmpty() || p.startsWith("_")) {
            return p;
        }
        return Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }

    private static String identifierSafe(String s) {
        return !s.isEmpty() && Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }
}
