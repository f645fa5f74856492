package io.q2o.coder.validation;

import io.q2o.coder.Language;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses JavaScript / TypeScript, working around three gaps of the tree-sitter grammars that make
 * them reject valid code (each found on published npm packages and checked against
 * {@code node --check} and the TypeScript compiler's parser):
 * <ol>
 *   <li>an arrow function with a block body at the end of a line, followed by a line that opens
 *       with {@code [...}: JavaScript ends the statement at the brace (an arrow function can be
 *       neither called nor indexed), the grammar reads a subscript and rejects the spread;</li>
 *   <li>variance annotations on TypeScript type parameters ({@code interface Box<in out T>},
 *       TypeScript 4.7);</li>
 *   <li>a reserved word as an exported or imported name ({@code export { _null as null }},
 *       {@code export { function } from "./m.js"}: any identifier name is allowed there).</li>
 * </ol>
 *
 * <p>Design: only when the plain parse has errors, each repair proposes edits of the text that
 * keep every line and column the caller sees (a {@code ;} appended at the end of a line, a
 * keyword overwritten with spaces, a name's first letter overwritten with {@code _}). The edited
 * text is parsed and each edit is kept only if the new tree confirms it sits where the gap is (the
 * brace ends an arrow function's body, the blanks precede a type parameter, the name is in an
 * export or import specifier). A last parse with the kept edits must be free of errors, else the
 * plain parse stands with its findings. So a repair can only turn a false error into a pass on
 * text that the language itself accepts; it never hides an error elsewhere.
 */
final class ScriptGrammarGaps {
    private static final Set<String> RESERVED = Set.of("null", "true", "false", "function", "class", "const", "enum",
            "delete", "new", "this", "typeof", "void", "in", "instanceof", "if", "else", "for", "while", "do",
            "return", "switch", "case", "break", "continue", "throw", "try", "catch", "finally", "var", "with",
            "super", "extends", "import", "export", "debugger", "yield");
    private static final Pattern EXPORTED_NAME = Pattern.compile("(?:\\bas\\s+|[{,]\\s*)([a-z]+)(?=\\s*[,}]|\\s+as\\s)");
    private static final Pattern VARIANCE = Pattern.compile("(?<![\\w$.])((?:(?:in|out)\\s+)+)(?=[A-Za-z_$])");

    private ScriptGrammarGaps() {
    }

    /** An edit at {@code at} replacing {@code length} chars by {@code text}. */
    private record Edit(int at, int length, String text) {
    }

    private interface Repair {
        List<Edit> propose(String code, Language language);

        /** Whether the tree of the edited text confirms the edit, found at {@code at} in that text. */
        boolean confirmed(SyntaxNode root, Edit edit, int at);
    }

    private static final List<Repair> REPAIRS = List.of(new SemicolonAfterArrowBody(), new VarianceAnnotations(),
            new ReservedExportNames());

    /**
     * @param code     the source
     * @param language JavaScript, TypeScript or TSX
     * @return the parse of {@code code}, or of {@code code} with edits that only bridge the
     *         grammars' gaps when they make it parse without errors
     */
    static ParsedSource parse(String code, Language language) {
        ParsedSource plain = ParsedSource.parse(code, language);
        if (plain.parseFailure != null || TreeSyntax.findings(plain).isEmpty()) {
            return plain;
        }
        String text = code;
        for (Repair repair : REPAIRS) {
            List<Edit> proposed = repair.propose(text, language);
            if (proposed.isEmpty()) {
                continue;
            }
            SyntaxNode trial = ParsedSource.parse(apply(text, proposed), language).root;
            List<Edit> kept = new ArrayList<>();
            int shift = 0;
            for (Edit e : proposed) {
                if (repair.confirmed(trial, e, e.at + shift)) {
                    kept.add(e);
                }
                shift += e.text.length() - e.length;
            }
            text = apply(text, kept);
        }
        if (text.equals(code)) {
            return plain;
        }
        ParsedSource repaired = ParsedSource.parse(text, language);
        return TreeSyntax.findings(repaired).isEmpty() ? repaired : plain;
    }

    private static String apply(String code, List<Edit> edits) {
        StringBuilder sb = new StringBuilder(code.length() + edits.size());
        int from = 0;
        for (Edit e : edits) {
            sb.append(code, from, e.at).append(e.text);
            from = e.at + e.length;
        }
        return sb.append(code, from, code.length()).toString();
    }

    private static boolean any(SyntaxNode root, java.util.function.Predicate<SyntaxNode> test) {
        boolean[] found = {false};
        root.walk(n -> found[0] |= !found[0] && test.test(n));
        return found[0];
    }

    /** Gap 1: {@code ;} after a line-ending '}' whose next code line opens with '[', '(' or '`'. */
    private static final class SemicolonAfterArrowBody implements Repair {
        @Override
        public List<Edit> propose(String code, Language language) {
            List<Edit> out = new ArrayList<>();
            int lastBrace = -1;
            int i = 0;
            while (i < code.length()) {
                int eol = code.indexOf('\n', i);
                int end = eol < 0 ? code.length() : eol;
                String line = code.substring(i, end);
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("//")) {
                    char first = trimmed.charAt(0);
                    if (lastBrace >= 0 && (first == '[' || first == '(' || first == '`')) {
                        out.add(new Edit(lastBrace + 1, 0, ";"));
                    }
                    lastBrace = trimmed.endsWith("}") ? i + line.stripTrailing().length() - 1 : -1;
                }
                i = end + 1;
            }
            return out;
        }

        @Override
        public boolean confirmed(SyntaxNode root, Edit edit, int at) {
            return any(root, n -> n.is("statement_block") && n.end == at && n.parent != null
                    && n.parent.is("arrow_function"));
        }
    }

    /** Gap 2: {@code in} / {@code out} before a TypeScript type parameter, overwritten with spaces. */
    private static final class VarianceAnnotations implements Repair {
        @Override
        public List<Edit> propose(String code, Language language) {
            List<Edit> out = new ArrayList<>();
            if (language == Language.JAVASCRIPT) {
                return out;
            }
            Matcher m = VARIANCE.matcher(code);
            while (m.find()) {
                char before = previousCodeChar(code, m.start(1));
                if (before != '<' && before != ',') {
                    continue;
                }
                out.add(new Edit(m.start(1), m.end(1) - m.start(1), " ".repeat(m.end(1) - m.start(1))));
            }
            return out;
        }

        @Override
        public boolean confirmed(SyntaxNode root, Edit edit, int at) {
            int name = at + edit.length;
            return any(root, n -> n.is("type_parameter") && n.start == name);
        }
    }

    /** The last char before {@code at} that is neither white space nor inside a block comment ending there. */
    private static char previousCodeChar(String code, int at) {
        int i = at - 1;
        while (i >= 0) {
            char c = code.charAt(i);
            if (Character.isWhitespace(c)) {
                i--;
            } else if (c == '/' && i > 0 && code.charAt(i - 1) == '*') {
                int open = code.lastIndexOf("/*", i - 2);
                if (open < 0) {
                    return c;
                }
                i = open - 1;
            } else {
                return c;
            }
        }
        return 0;
    }

    /** Gap 3: a reserved word in an export / import list, its first letter overwritten with '_'. */
    private static final class ReservedExportNames implements Repair {
        @Override
        public List<Edit> propose(String code, Language language) {
            List<Edit> out = new ArrayList<>();
            Matcher m = EXPORTED_NAME.matcher(code);
            while (m.find()) {
                if (RESERVED.contains(m.group(1))) {
                    out.add(new Edit(m.start(1), 1, "_"));
                }
            }
            return out;
        }

        @Override
        public boolean confirmed(SyntaxNode root, Edit edit, int at) {
            return any(root, n -> (n.is("export_specifier") || n.is("import_specifier")) && n.start <= at && at < n.end);
        }
    }
}
