package io.q2o.coder;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the code out of an LLM answer: Markdown fences and the prose around them are removed.
 *
 * <ol>
 *   <li>With fenced blocks ({@code ```} or {@code ~~~}): the longest block tagged with the
 *       language (or untagged) is taken; if no block fits, the longest block. An opening fence
 *       that is never closed (a truncated answer) runs to the end.</li>
 *   <li>Without fences: if the whole answer parses, it is the code. Otherwise leading and trailing
 *       lines that read as prose ("Here is the code:", "This handler verifies…") are dropped, and
 *       if needed the answer is cut before the first prose line after the code, keeping the first
 *       candidate that parses.</li>
 * </ol>
 * The result has no leading blank lines and ends with one newline. Thread-safe (stateless).
 */
public final class CodeExtractor {
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})\\s*([^`\\s]*)[^`]*$");
    private static final Pattern PROSE = Pattern.compile("^[A-Z][\\p{L}'’]*(?:[\\s,:;!?.*]|$).*");
    private static final List<String> CODE_WORDS = List.of("import", "from", "def", "class", "return", "raise", "pass",
            "async", "await", "export", "const", "let", "var", "function", "package", "public", "private", "protected",
            "if", "for", "while", "try", "except", "finally", "with", "else", "elif", "assert", "del", "global",
            "nonlocal", "yield", "lambda", "static", "final", "interface", "type", "enum", "case", "match");

    private CodeExtractor() {
    }

    private record Block(String tag, String body) {
    }

    /**
     * @param answer   the LLM's answer
     * @param language the expected language (for fence tags)
     * @param parses   tells whether a candidate is free of syntax errors; used only for answers
     *                 without fences
     * @return the extracted code, ending with a newline (empty if the answer was blank)
     */
    public static String extract(String answer, Language language, Predicate<String> parses) {
        if (answer == null || answer.isBlank()) {
            return "";
        }
        String text = answer.replace("\r\n", "\n");
        List<Block> blocks = blocks(text);
        if (!blocks.isEmpty()) {
            Block best = null;
            for (Block b : blocks) {
                boolean fits = b.tag.isEmpty() || language.aliases().contains(b.tag) || language.id().equals(b.tag);
                if (fits && (best == null || b.body.length() > best.body.length())) {
                    best = b;
                }
            }
            if (best == null) {
                for (Block b : blocks) {
                    if (best == null || b.body.length() > best.body.length()) {
                        best = b;
                    }
                }
            }
            return finish(best.body);
        }
        if (parses.test(text)) {
            return finish(text);
        }
        String[] lines = text.split("\n", -1);
        int lead = 0;
        while (lead < lines.length && (lines[lead].isBlank() || isProse(lines[lead]))) {
            lead++;
        }
        int trail = lines.length;
        while (trail > lead && (lines[trail - 1].isBlank() || isProse(lines[trail - 1]))) {
            trail--;
        }
        String candidate = join(lines, lead, trail);
        if (parses.test(candidate)) {
            return finish(candidate);
        }
        for (int i = lead + 1; i < trail; i++) {
            if (isProse(lines[i])) {
                String cut = join(lines, lead, i);
                if (parses.test(cut)) {
                    return finish(cut);
                }
            }
        }
        return finish(candidate.isBlank() ? text : candidate);
    }

    /**
     * Whether a line reads as an English sentence rather than code: it starts with a capital
     * letter (after optional Markdown emphasis, quote or list marks), has at least three words,
     * no code punctuation such as {@code = ( ) { } [ ]} and no leading keyword. Lines starting
     * with {@code #}, {@code //}, {@code /*} or {@code @} are comments or decorators, never prose.
     *
     * @param line a line
     * @return whether it looks like prose
     */
    static boolean isProse(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith("//") || t.startsWith("/*") || t.startsWith("*")
                && !t.startsWith("**") || t.startsWith("@")) {
            return false;
        }
        if (t.matches(".*[=(){}\\[\\];<>].*")) {
            return false;
        }
        String u = t.replaceFirst("^(?:[*_#>]+\\s*|\\d+[.)]\\s+|[-*]\\s+)+", "");
        String[] words = u.split("\\s+");
        if (CODE_WORDS.contains(words[0].toLowerCase(Locale.ROOT))) {
            return false;
        }
        return words.length >= 3 && PROSE.matcher(u).matches();
    }

    private static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            Matcher m = FENCE.matcher(lines[i]);
            if (!m.matches()) {
                i++;
                continue;
            }
            String fence = m.group(1);
            String tag = m.group(2).toLowerCase(Locale.ROOT);
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length; j++) {
                String s = lines[j].strip();
                if (s.startsWith(fence.substring(0, 3)) && s.chars().allMatch(c -> c == fence.charAt(0))
                        && s.length() >= fence.length()) {
                    break;
                }
                body.append(lines[j]).append('\n');
            }
            out.add(new Block(tag, body.toString()));
            i = j + 1;
        }
        return out;
    }

    private static String join(String[] lines, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    private static String finish(String code) {
        String c = code.replaceFirst("^(?:[ \t]*\n)+", "");
        int end = c.length();
        while (end > 0 && Character.isWhitespace(c.charAt(end - 1))) {
            end--;
        }
        return end == 0 ? "" : c.substring(0, end) + "\n";
    }
}
