package io.q2o.coder.validation;

import static io.q2o.coder.validation.PythonTokenizer.DEDENT;
import static io.q2o.coder.validation.PythonTokenizer.ENDMARKER;
import static io.q2o.coder.validation.PythonTokenizer.ERRORTOKEN;
import static io.q2o.coder.validation.PythonTokenizer.INDENT;
import static io.q2o.coder.validation.PythonTokenizer.NAME;
import static io.q2o.coder.validation.PythonTokenizer.NEWLINE;
import static io.q2o.coder.validation.PythonTokenizer.OP;

import java.util.Set;

/**
 * Statement-level checks on CPython's token stream, one logical line at a time — the errors a
 * forgiving tree-sitter grammar recovers from silently.
 *
 * <p>Why this file is over 400 lines: the checks share one token cursor and its helpers, and
 * they must run in CPython's order (the first problem is the one reported); kept together, that
 * order can be audited against CPython's in one place.
 *
 * <p>The checks:
 * <ul>
 *   <li>a statement continued over a newline without brackets: a logical line ending in an
 *       operator, {@code =}, {@code .}, {@code ->}, a keyword that needs an operand, or a comma
 *       where no tuple is allowed ({@code import os,}, {@code assert x,});</li>
 *   <li>a compound statement header without its colon ("expected ':'", on the header's line);</li>
 *   <li>{@code except X, e:} ("multiple exception types must be parenthesized");</li>
 *   <li>{@code a if b} without {@code else} ("expected 'else' after 'if' expression");</li>
 *   <li>blocks: "expected an indented block after 'if' statement on line N", "unexpected indent",
 *       an {@code else}/{@code elif}/{@code except}/{@code finally} that continues nothing, and a
 *       {@code try} without {@code except} or {@code finally}.</li>
 * </ul>
 * Reports the first problem only, with the message and line CPython 3.11 gives.
 */
final class PythonLines {
    /** A parser-level problem; {@code specific} when CPython reports it in preference to a later tokenizer error. */
    record Issue(String message, int offset, String rule, boolean specific) {
    }

    private static final Set<String> HEADERS = Set.of("if", "elif", "else", "while", "for", "try", "except",
            "finally", "with", "def", "class");
    private static final Set<String> DANGLING_OPS = Set.of("+", "-", "*", "/", "//", "%", "@", "**", "<<", ">>",
            "&", "|", "^", "~", "<", ">", "<=", ">=", "==", "!=", "<>", "=", "+=", "-=", "*=", "/=", "//=", "%=",
            "@=", "&=", "|=", "^=", ">>=", "<<=", "**=", ".", "->", ":=");
    private static final Set<String> DANGLING_KEYWORDS = Set.of("and", "or", "not", "in", "is", "if", "else",
            "import", "from", "as", "lambda", "assert", "del", "global", "nonlocal", "with", "while", "for", "elif",
            "class", "def", "async", "await");
    /** Operators and keywords no statement starts with. */
    private static final Set<String> BAD_STARTS = Set.of("=", ".", ",", ":", ";", "->", "/", "//", "%", "**", "<<",
            ">>", "&", "|", "^", "<", ">", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=",
            "|=", "^=", ">>=", "<<=", "**=", ":=", "in", "is", "and", "or", "as");
    private static final Set<String> TRAILING_COMMA_INVALID = Set.of("import", "from", "assert", "global", "nonlocal",
            "raise", "with", "@", "lambda", "except");
    private static final Set<String> NOT_AFTER_SOFT_KEYWORD = Set.of("=", ".", ":", ",", ";", ")", "]", "}",
            "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**=", ":=");
    private static final int MAX_LEVELS = 200;

    private final String s;
    private final PythonTokenizer.Tokens t;
    private Issue issue;
    /** Kind of the last statement at each indentation level. */
    private final String[] last = new String[MAX_LEVELS + 2];
    private int level;

    private PythonLines(String s, PythonTokenizer.Tokens t) {
        this.s = s;
        this.t = t;
    }

    /**
     * Checks the token stream (as far as the tokenizer got).
     *
     * @param complete whether the tokenizer reached the end without an error (end-of-file rules apply)
     * @return the first problem, or null
     */
    static Issue check(String source, PythonTokenizer.Tokens tokens, boolean complete) {
        PythonLines p = new PythonLines(source, tokens);
        p.run(complete);
        return p.issue;
    }

    private void report(String message, int offset, String rule, boolean specific) {
        if (issue == null) {
            issue = new Issue(message, offset, rule, specific);
        }
    }

    private String text(int i) {
        return s.substring(t.start[i], t.end[i]);
    }

    private boolean is(int i, String x) {
        int len = t.end[i] - t.start[i];
        return len == x.length() && s.startsWith(x, t.start[i]);
    }

    private void run(boolean complete) {
        String pendingHeader = null; // block opener waiting for its INDENT
        int pendingAt = 0; // offset of the pending header; its line is computed only for a report
        int i = 0;
        while (i < t.size && issue == null) {
            int k = t.kind[i];
            if (k == ENDMARKER) {
                break;
            }
            boolean indented = false;
            while (i < t.size && (t.kind[i] == INDENT || t.kind[i] == DEDENT)) {
                if (t.kind[i] == INDENT) {
                    indented = true;
                    if (pendingHeader == null) {
                        report("unexpected indent", t.end[i], "syntax.indentation", true);
                        return;
                    }
                    if (level < MAX_LEVELS) {
                        level++;
                    }
                    last[level] = null;
                } else {
                    if (tryOpen(level)) {
                        report("expected 'except' or 'finally' block", Math.min(t.start[i], lastContent()), "syntax.try", true);
                        return;
                    }
                    level = Math.max(0, level - 1);
                }
                i++;
            }
            if (i >= t.size || t.kind[i] == ENDMARKER) {
                break;
            }
            if (pendingHeader != null && !indented) {
                report("expected an indented block after " + pendingHeader + " on line " + lineOf(pendingAt),
                        t.start[i], "syntax.indentation", true);
                return;
            }
            pendingHeader = null;
            int first = i;
            int endLine = first;
            while (endLine < t.size && t.kind[endLine] != NEWLINE && t.kind[endLine] != ENDMARKER) {
                endLine++;
            }
            if (!complete && (endLine >= t.size || t.kind[endLine] != NEWLINE)) {
                return; // the tokenizer stopped inside this logical line: only its own error counts
            }
            int lastTok = endLine - 1;
            String kind = line(first, lastTok);
            if (issue != null) {
                return;
            }
            if (kind != null && is(lastTok, ":") ) {
                pendingHeader = describe(kind);
                pendingAt = t.start[first];
            }
            i = endLine < t.size && t.kind[endLine] == NEWLINE ? endLine + 1 : endLine;
        }
        if (issue == null && complete) {
            int eof = lastContent();
            if (pendingHeader != null) {
                report("expected an indented block after " + pendingHeader + " on line " + lineOf(pendingAt), eof,
                        "syntax.indentation", true);
                return;
            }
            for (int l = level; l >= 0; l--) {
                if (tryOpen(l)) {
                    report("expected 'except' or 'finally' block", eof, "syntax.try", true);
                    return;
                }
            }
        }
    }

    private boolean tryOpen(int l) {
        return "try".equals(last[l]);
    }

    private int lastContent() {
        int p = s.length();
        while (p > 0 && Character.isWhitespace(s.charAt(p - 1))) {
            p--;
        }
        return p;
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= s.length() || s.charAt(i + 1) != '\n')) {
                line++;
            }
        }
        return line;
    }

    private static String describe(String kind) {
        switch (kind) {
            case "def": return "function definition";
            case "class": return "class definition";
            case "try-else": return "'else' statement";
            default: return "'" + kind + "' statement";
        }
    }

    /**
     * Checks one logical line, tokens {@code first..lastTok}; returns its compound-statement kind
     * (for a header) or null for a simple statement.
     */
    private String line(int first, int lastTok) {
        int head = first;
        if (is(head, "async") && head < lastTok && t.kind[head + 1] == NAME
                && (is(head + 1, "def") || is(head + 1, "for") || is(head + 1, "with"))) {
            head++;
        }
        String kw = t.kind[head] == NAME ? text(head) : null;
        boolean header = kw != null && HEADERS.contains(kw);
        boolean soft = kw != null && (kw.equals("match") || kw.equals("case")) && is(lastTok, ":") && lastTok > head + 1
                && !(t.kind[head + 1] == OP && NOT_AFTER_SOFT_KEYWORD.contains(text(head + 1)));
        for (int i = first; i <= lastTok; i++) {
            if (t.kind[i] == ERRORTOKEN) {
                report("invalid syntax", t.start[i], "syntax.error", false);
                return null;
            }
        }
        int colon = -1;
        for (int i = head + 1; i <= lastTok; i++) {
            if (t.depth[i] == 0 && t.kind[i] == OP && is(i, ":")) {
                colon = i;
                break;
            }
        }

        // blocks: what may follow what at this level
        String prev = level < last.length ? last[level] : null;
        String kind = header ? kw : soft ? kw : null;
        if (header) {
            switch (kw) {
                case "elif":
                    if (!"if".equals(prev) && !"elif".equals(prev)) {
                        report(prev == null || !"try".equals(prev) ? "invalid syntax" : "expected 'except' or 'finally' block",
                                t.start[head], "syntax.error", "try".equals(prev));
                        return null;
                    }
                    break;
                case "else":
                    if ("except".equals(prev)) {
                        kind = "try-else";
                    } else if (!"if".equals(prev) && !"elif".equals(prev) && !"for".equals(prev) && !"while".equals(prev)) {
                        report("try".equals(prev) ? "expected 'except' or 'finally' block" : "invalid syntax",
                                t.start[head], "try".equals(prev) ? "syntax.try" : "syntax.error", "try".equals(prev));
                        return null;
                    }
                    break;
                case "except":
                    if (!"try".equals(prev) && !"except".equals(prev)) {
                        report("invalid syntax", t.start[head], "syntax.error", false);
                        return null;
                    }
                    break;
                case "finally":
                    if (!"try".equals(prev) && !"except".equals(prev) && !"try-else".equals(prev)) {
                        report("invalid syntax", t.start[head], "syntax.error", false);
                        return null;
                    }
                    break;
                default:
                    break;
            }
        }
        if ("try".equals(prev) && !(header && (kw.equals("except") || kw.equals("finally")))) {
            report("expected 'except' or 'finally' block", t.start[first], "syntax.try", true);
            return null;
        }
        if (level < last.length) {
            last[level] = kind == null ? "simple" : kind;
        }

        // the line's first token
        if (t.kind[first] == OP || t.kind[first] == NAME) {
            String f = text(first);
            if (BAD_STARTS.contains(f)) {
                report("invalid syntax", t.start[first], "syntax.error", false);
                return null;
            }
        }

        if (adjacent(first, lastTok, kw) || imports(first, lastTok) || bareKeyword(first, lastTok) || starredValue(first, lastTok)) {
            return null;
        }

        // headers need their colon
        if (header) {
            boolean bare = kw.equals("else") || kw.equals("try") || kw.equals("finally");
            if (colon < 0 || bare && colon != head + 1) {
                report("expected ':'", t.end[lastTok], "syntax.colon", true);
                return null;
            }
            if (kw.equals("except")) {
                for (int i = head + 1; i < colon; i++) {
                    if (t.depth[i] == 0 && is(i, ",")) {
                        int at = head + 1 < colon && is(head + 1, "*") ? head + 2 : head + 1;
                        report("multiple exception types must be parenthesized", t.start[at], "syntax.python2", true);
                        return null;
                    }
                }
            }
        }

        // a statement continued over a newline without brackets
        String end = text(lastTok);
        if (t.kind[lastTok] == OP) {
            boolean danglingStar = end.equals("*") && lastTok > first && is(lastTok - 1, "import");
            if (DANGLING_OPS.contains(end) && !danglingStar) {
                report("invalid syntax", t.end[lastTok], "syntax.continuation", false);
                return null;
            }
            if (end.equals(":") && !header && !soft) {
                report("invalid syntax", t.end[lastTok], "syntax.continuation", false);
                return null;
            }
            if (end.equals(",") && (t.kind[head] == NAME || t.kind[head] == OP) && TRAILING_COMMA_INVALID.contains(text(head))) {
                report(kw != null && kw.equals("from") ? "trailing comma not allowed without surrounding parentheses"
                        : "invalid syntax", t.end[lastTok], "syntax.continuation", false);
                return null;
            }
        } else if (t.kind[lastTok] == NAME && DANGLING_KEYWORDS.contains(end)) {
            if (!(lastTok == first && (end.equals("else")))) {
                report("invalid syntax", t.end[lastTok], "syntax.continuation", false);
                return null;
            }
        }

        // a if b, without else
        if (!header && !soft) {
            int ifs = 0;
            int firstIf = -1;
            for (int i = first; i <= lastTok; i++) {
                if (t.depth[i] == 0 && t.kind[i] == NAME) {
                    if (is(i, "if")) {
                        if (ifs++ == 0) {
                            firstIf = i;
                        }
                    } else if (is(i, "else")) {
                        ifs--;
                    }
                }
            }
            if (ifs > 0) {
                int at = firstIf;
                while (at > first && !isAssignOrStart(at - 1)) {
                    at--;
                }
                report("expected 'else' after 'if' expression", t.start[at], "syntax.error", true);
                return null;
            }
        }
        return kind;
    }

    private static final Set<String> KEYWORDS = Set.of("and", "as", "assert", "async", "await", "break", "class",
            "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
            "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");
    private static final Set<String> LINE_START_SOFT = Set.of("match", "case", "type", "print", "exec");
    private static final Set<String> EXPRESSION_STOPS = Set.of(",", ":", "=", ":=", ";", "if", "else", "for", "lambda",
            "yield", "return", "*", "**", "in", "await", "assert", "del", "import", "from", "as", "with", "while", "elif");

    private boolean operand(int i) {
        int k = t.kind[i];
        return k == NAME && !KEYWORDS.contains(text(i)) || k == PythonTokenizer.NUMBER || k == PythonTokenizer.STRING
                || k == OP && (is(i, ")") || is(i, "]") || is(i, "}"));
    }

    /**
     * Two operands side by side ({@code x = a b}, {@code f(a b)}): at bracket depth 0 CPython's
     * generic "invalid syntax" at the second; inside brackets "Perhaps you forgot a comma?" at
     * the start of the first expression — except a name followed by a string, which stays generic.
     */
    private boolean adjacent(int first, int lastTok, String kw) {
        int from = first + (t.kind[first] == NAME && LINE_START_SOFT.contains(text(first)) ? 1 : 0);
        for (int i = from + 1; i <= lastTok; i++) {
            int k = t.kind[i];
            if (!(k == NAME && !KEYWORDS.contains(text(i)) || k == PythonTokenizer.NUMBER || k == PythonTokenizer.STRING)) {
                continue;
            }
            int p = i - 1;
            if (!operand(p) || k == PythonTokenizer.STRING && t.kind[p] == PythonTokenizer.STRING
                    || t.depth[p] != t.depth[i]) {
                continue;
            }
            if (t.depth[i] == 0 || t.kind[p] == NAME && k == PythonTokenizer.STRING) {
                report("invalid syntax", t.start[i], "syntax.error", false);
                return true;
            }
            int d = t.depth[p];
            int a = p;
            while (a - 1 >= first) {
                int b = a - 1;
                if (t.depth[b] < d || t.depth[b] == d && (t.kind[b] == OP || t.kind[b] == NAME)
                        && EXPRESSION_STOPS.contains(text(b))) {
                    break;
                }
                a = b;
            }
            report("invalid syntax. Perhaps you forgot a comma?", t.start[a], "syntax.error", true);
            return true;
        }
        return false;
    }

    /** {@code pass}, {@code break}, {@code continue} followed by anything but {@code ;}. */
    private boolean bareKeyword(int first, int lastTok) {
        if (t.kind[first] == NAME && (is(first, "pass") || is(first, "break") || is(first, "continue"))
                && lastTok > first && !is(first + 1, ";")) {
            report("invalid syntax", t.start[first + 1], "syntax.error", false);
            return true;
        }
        return false;
    }

    /** {@code x = *y}: a starred expression as the whole value of an assignment. */
    private boolean starredValue(int first, int lastTok) {
        for (int i = first; i < lastTok; i++) {
            if (t.depth[i] != 0 || !is(i, "=") || !is(i + 1, "*")) {
                continue;
            }
            boolean tuple = false;
            for (int j = i + 2; j <= lastTok && !(t.depth[j] == 0 && (is(j, "=") || is(j, ";"))); j++) {
                if (t.depth[j] == 0 && is(j, ",")) {
                    tuple = true;
                    break;
                }
            }
            if (!tuple) {
                report("can't use starred expression here", t.start[i + 1], "syntax.starred", true);
                return true;
            }
        }
        return false;
    }

    /** {@code from x} without {@code import}; an {@code import} of anything but dotted names. */
    private boolean imports(int first, int lastTok) {
        if (t.kind[first] != NAME) {
            return false;
        }
        if (is(first, "from")) {
            for (int i = first + 1; i <= lastTok; i++) {
                if (t.depth[i] == 0 && t.kind[i] == NAME && is(i, "import")) {
                    return false;
                }
                if (t.depth[i] == 0 && is(i, ";")) {
                    break;
                }
            }
            report("invalid syntax", t.end[lastTok], "syntax.error", false);
            return true;
        }
        if (is(first, "import")) {
            for (int i = first + 1; i <= lastTok; i++) {
                if (is(i, ";")) {
                    return false;
                }
                if (!(t.kind[i] == NAME || is(i, ".") || is(i, ","))) {
                    report("invalid syntax", t.start[i], "syntax.error", false);
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isAssignOrStart(int i) {
        return t.kind[i] == OP && (is(i, "=") || is(i, ",") || is(i, ":") || is(i, ";")) || t.kind[i] == NAME
                && (is(i, "return") || is(i, "yield") || is(i, "assert") || is(i, "lambda") || is(i, "await"));
    }
}
