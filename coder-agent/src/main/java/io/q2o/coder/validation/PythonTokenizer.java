package io.q2o.coder.validation;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A tokenizer for Python 3.10–3.13 source that follows CPython's {@code Parser/tokenizer.c}: it
 * produces the token stream the parser sees (NAME, NUMBER, STRING, OP, NEWLINE at the end of
 * each <em>logical</em> line, INDENT, DEDENT) and stops at the first error CPython's tokenizer
 * would raise, with CPython's wording and line: unterminated strings (at the line where the
 * string starts), brackets never closed, unmatched or mismatched closing brackets, an unindent
 * that matches no outer level, inconsistent tabs and spaces, a character after a line
 * continuation, invalid characters and number literals.
 *
 * <p>Design: one linear pass over the chars, no regular expressions and no per-token objects —
 * tokens live in parallel int arrays ({@link Tokens}), so a 1,000-line file tokenizes in well
 * under a millisecond. PEP 701 f-strings (3.12+) are accepted: inside a replacement field a
 * quote starts a nested string. Code valid for 3.11 never has the enclosing quote there, so both
 * readings agree on valid code.
 *
 * <p>Not thread-confined state: a tokenizer instance is used for one source only.
 */
final class PythonTokenizer {
    static final int NAME = 1;
    static final int NUMBER = 2;
    static final int STRING = 3;
    static final int OP = 4;
    static final int NEWLINE = 5;
    static final int INDENT = 6;
    static final int DEDENT = 7;
    /** A character that no token starts with ({@code $ ? `} or a lone {@code !}): the parser's "invalid syntax". */
    static final int ERRORTOKEN = 8;
    static final int ENDMARKER = 9;

    /** The tokens of one source in parallel arrays. */
    static final class Tokens {
        int size;
        int[] kind = new int[256];
        int[] start = new int[256];
        int[] end = new int[256];
        /** Bracket depth before the token. */
        int[] depth = new int[256];

        void add(int k, int s, int e, int d) {
            if (size == kind.length) {
                int n = size * 2;
                kind = Arrays.copyOf(kind, n);
                start = Arrays.copyOf(start, n);
                end = Arrays.copyOf(end, n);
                depth = Arrays.copyOf(depth, n);
            }
            kind[size] = k;
            start[size] = s;
            end[size] = e;
            depth[size] = d;
            size++;
        }
    }

    /**
     * A tokenizer error: CPython's message, the char offset it points at, and how it ranks
     * against an earlier generic parser error (see {@link PythonSyntaxCheck}).
     *
     * @param overrides true when CPython's tokenizer raises it as an exception, so it replaces an
     *                  earlier generic "invalid syntax" (strings, unmatched brackets, characters,
     *                  literals); false for indentation, tab and line-continuation errors
     * @param unclosed  true for a bracket never closed: it replaces an earlier generic error only
     *                  when the bracket opened on an earlier line
     */
    record Error(String message, int offset, String rule, boolean overrides, boolean unclosed) {
    }

    private final String s;
    private final int n;
    final Tokens tokens = new Tokens();
    Error error;

    private int pos;
    private final char[] brackets = new char[200];
    private final int[] bracketAt = new int[200];
    private int level;
    /** Indentation stack: columns with tabs to multiples of 8, and with tabs as 1 (for TabError). */
    private final Deque<int[]> indents = new ArrayDeque<>();

    private PythonTokenizer(String s) {
        this.s = s;
        this.n = s.length();
    }

    /** Tokenizes {@code source}; the result holds the tokens up to the first error and the error, if any. */
    static PythonTokenizer tokenize(String source) {
        PythonTokenizer t = new PythonTokenizer(source);
        t.run();
        return t;
    }

    private void fail(String message, int offset) {
        fail(message, offset, "syntax.error", true, false);
    }

    private void fail(String message, int offset, String rule) {
        fail(message, offset, rule, true, false);
    }

    private void failQuietly(String message, int offset, String rule) {
        fail(message, offset, rule, false, false);
    }

    private void fail(String message, int offset, String rule, boolean overrides, boolean unclosed) {
        if (error == null) {
            error = new Error(message, Math.max(0, Math.min(offset, n)), rule, overrides, unclosed);
        }
    }

    private void run() {
        indents.push(new int[] {0, 0});
        pos = n > 0 && s.charAt(0) == '\uFEFF' ? 1 : 0;
        boolean atLineStart = true;
        boolean lineHasToken = false;
        while (error == null) {
            if (atLineStart && level == 0) {
                atLineStart = false;
                if (!indentation()) {
                    atLineStart = true; // blank or comment-only line: consumed
                    continue;
                }
                if (error != null) {
                    return;
                }
            }
            if (pos >= n) {
                end(lineHasToken);
                return;
            }
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
                continue;
            }
            if (c == '#') {
                while (pos < n && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') {
                    pos++;
                }
                continue;
            }
            if (c == '\n' || c == '\r') {
                int nl = pos;
                pos += c == '\r' && pos + 1 < n && s.charAt(pos + 1) == '\n' ? 2 : 1;
                if (level == 0) {
                    if (lineHasToken) {
                        tokens.add(NEWLINE, nl, nl, 0);
                        lineHasToken = false;
                    }
                    atLineStart = true;
                }
                continue;
            }
            if (c == '\\') {
                int p = pos + 1;
                if (p < n && (s.charAt(p) == '\n' || s.charAt(p) == '\r')) {
                    pos = p + (s.charAt(p) == '\r' && p + 1 < n && s.charAt(p + 1) == '\n' ? 2 : 1);
                    if (pos >= n) {
                        failQuietly("unexpected EOF while parsing", p, "syntax.error");
                        return;
                    }
                    continue;
                }
                if (p >= n) {
                    failQuietly("unexpected EOF while parsing", p, "syntax.error");
                    return;
                }
                failQuietly("unexpected character after line continuation character", pos + 1, "syntax.error");
                return;
            }
            lineHasToken = true;
            token(c);
        }
    }

    /**
     * Reads the indentation of a new line at bracket level 0. Returns false for a blank or
     * comment-only line (skipped entirely, as CPython does), true when a token follows.
     */
    private boolean indentation() {
        int col = 0;
        int altcol = 0;
        int p = pos;
        while (p < n) {
            char c = s.charAt(p);
            if (c == ' ') {
                col++;
                altcol++;
            } else if (c == '\t') {
                col = (col / 8 + 1) * 8;
                altcol++;
            } else if (c == '\f') {
                col = 0;
                altcol = 0;
            } else {
                break;
            }
            p++;
        }
        if (p >= n) {
            pos = p;
            return true; // end of file: handled by end()
        }
        char c = s.charAt(p);
        if (c == '#' || c == '\n' || c == '\r' || c == '\\' && p + 1 < n && (s.charAt(p + 1) == '\n' || s.charAt(p + 1) == '\r')) {
            if (c == '#') {
                while (p < n && s.charAt(p) != '\n' && s.charAt(p) != '\r') {
                    p++;
                }
            } else if (c == '\\') {
                p++;
            }
            if (p < n) {
                p += s.charAt(p) == '\r' && p + 1 < n && s.charAt(p + 1) == '\n' ? 2 : 1;
            }
            pos = p;
            return p >= n; // a comment on the last line: let the loop reach the end
        }
        pos = p;
        int[] top = indents.peek();
        if (col == top[0]) {
            if (altcol != top[1]) {
                failQuietly("inconsistent use of tabs and spaces in indentation", p, "syntax.tab");
            }
        } else if (col > top[0]) {
            if (altcol <= top[1]) {
                failQuietly("inconsistent use of tabs and spaces in indentation", p, "syntax.tab");
                return true;
            }
            indents.push(new int[] {col, altcol});
            tokens.add(INDENT, lineStart(p), p, 0);
        } else {
            while (indents.size() > 1 && col < indents.peek()[0]) {
                indents.pop();
                tokens.add(DEDENT, p, p, 0);
            }
            if (col != indents.peek()[0]) {
                failQuietly("unindent does not match any outer indentation level", p, "syntax.indentation");
            } else if (altcol != indents.peek()[1]) {
                failQuietly("inconsistent use of tabs and spaces in indentation", p, "syntax.tab");
            }
        }
        return true;
    }

    private int lineStart(int p) {
        int i = p;
        while (i > 0 && s.charAt(i - 1) != '\n' && s.charAt(i - 1) != '\r') {
            i--;
        }
        return i;
    }

    private void end(boolean lineHasToken) {
        if (level > 0) {
            fail("'" + brackets[level - 1] + "' was never closed", bracketAt[level - 1], "syntax.error", false, true);
            return;
        }
        if (lineHasToken) {
            tokens.add(NEWLINE, n, n, 0);
        }
        while (indents.size() > 1) {
            indents.pop();
            tokens.add(DEDENT, n, n, 0);
        }
        tokens.add(ENDMARKER, n, n, 0);
    }

    private void token(char c) {
        int start = pos;
        if (isIdStart(c)) {
            int p = pos + 1;
            while (p < n && isIdPart(s.charAt(p))) {
                p++;
            }
            if (p < n && p - pos <= 3 && (s.charAt(p) == '\'' || s.charAt(p) == '"') && stringPrefix(pos, p)) {
                pos = p;
                string(start, fString(start, p));
                return;
            }
            if (p < n && Character.isSurrogate(s.charAt(p)) || p < n && s.charAt(p) > 127 && !isIdPart(s.charAt(p))
                    && !Character.isWhitespace(s.charAt(p))) {
                invalidChar(p);
                return;
            }
            pos = p;
            tokens.add(NAME, start, p, level);
            return;
        }
        if (c >= '0' && c <= '9' || c == '.' && pos + 1 < n && isDigit(s.charAt(pos + 1))) {
            number();
            return;
        }
        if (c == '\'' || c == '"') {
            string(start, false);
            return;
        }
        switch (c) {
            case '(': case '[': case '{':
                if (level >= brackets.length) {
                    fail("too many nested parentheses", pos);
                    return;
                }
                brackets[level] = c;
                bracketAt[level] = pos;
                tokens.add(OP, pos, pos + 1, level);
                level++;
                pos++;
                return;
            case ')': case ']': case '}': {
                if (level == 0) {
                    fail("unmatched '" + c + "'", pos);
                    return;
                }
                char open = brackets[level - 1];
                if (open != (c == ')' ? '(' : c == ']' ? '[' : '{')) {
                    int openLine = lineOf(bracketAt[level - 1]);
                    fail("closing parenthesis '" + c + "' does not match opening parenthesis '" + open + "'"
                            + (openLine != lineOf(pos) ? " on line " + openLine : ""), pos);
                    return;
                }
                level--;
                tokens.add(OP, pos, pos + 1, level);
                pos++;
                return;
            }
            default:
                break;
        }
        int len = operator(pos);
        if (len > 0) {
            tokens.add(OP, pos, pos + len, level);
            pos += len;
            return;
        }
        if (c == '$' || c == '?' || c == '`' || c == '!') {
            tokens.add(ERRORTOKEN, pos, pos + 1, level);
            pos++;
            return;
        }
        invalidChar(pos);
    }

    private void invalidChar(int p) {
        int cp = s.codePointAt(p);
        if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT || Character.isSpaceChar(cp)) {
            fail(String.format("invalid non-printable character U+%04X", cp), p);
        } else {
            fail(String.format("invalid character '%s' (U+%04X)", new String(Character.toChars(cp)), cp), p);
        }
    }

    private int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= n || s.charAt(i + 1) != '\n')) {
                line++;
            }
        }
        return line;
    }

    /** Length of the operator at {@code p}, or 0. */
    private int operator(int p) {
        char c = s.charAt(p);
        char c1 = p + 1 < n ? s.charAt(p + 1) : 0;
        char c2 = p + 2 < n ? s.charAt(p + 2) : 0;
        switch (c) {
            case '.':
                return c1 == '.' && c2 == '.' ? 3 : 1;
            case '*': case '/': case '<': case '>':
                if (c1 == c) {
                    return c2 == '=' ? 3 : 2;
                }
                if (c == '<' && c1 == '>') {
                    return 2; // Python 2's <>, rejected later with its own message
                }
                return c1 == '=' ? 2 : 1;
            case '-':
                return c1 == '>' || c1 == '=' ? 2 : 1;
            case ':':
                return c1 == '=' ? 2 : 1;
            case '+': case '%': case '&': case '|': case '^': case '@': case '=':
                return c1 == '=' ? 2 : 1;
            case '!':
                return c1 == '=' ? 2 : 0;
            case '~': case ',': case ';':
                return 1;
            default:
                return 0;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
                || c > 127 && (Character.isUnicodeIdentifierStart(c) || Character.isHighSurrogate(c));
    }

    static boolean isIdPart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9'
                || c > 127 && (Character.isUnicodeIdentifierPart(c) && !Character.isIdentifierIgnorable(c)
                || Character.isSurrogate(c));
    }

    private boolean stringPrefix(int from, int to) {
        boolean r = false;
        boolean b = false;
        boolean u = false;
        boolean f = false;
        for (int i = from; i < to; i++) {
            switch (Character.toLowerCase(s.charAt(i))) {
                case 'r': if (r) return false; r = true; break;
                case 'b': if (b) return false; b = true; break;
                case 'u': if (u) return false; u = true; break;
                case 'f': if (f) return false; f = true; break;
                default: return false;
            }
        }
        return !(u && (r || b || f)) && !(b && f);
    }

    private boolean fString(int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == 'f' || s.charAt(i) == 'F') {
                return true;
            }
        }
        return false;
    }

    private boolean raw(int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == 'r' || s.charAt(i) == 'R') {
                return true;
            }
        }
        return false;
    }

    private void string(int tokenStart, boolean fstring) {
        boolean raw = raw(tokenStart, pos);
        int end = scanString(pos, fstring, raw, tokenStart);
        if (end < 0) {
            return;
        }
        tokens.add(STRING, tokenStart, end, level);
        pos = end;
    }

    /**
     * Scans a string literal whose opening quote is at {@code q}; returns the offset after the
     * closing quote, or -1 after recording an error. {@code reportAt} is where CPython points
     * for an unterminated string (the start of the literal, prefix included).
     */
    private int scanString(int q, boolean fstring, boolean raw, int reportAt) {
        char quote = s.charAt(q);
        boolean triple = q + 2 < n && s.charAt(q + 1) == quote && s.charAt(q + 2) == quote;
        int p = q + (triple ? 3 : 1);
        while (p < n) {
            char c = s.charAt(p);
            if (c == '\\') {
                if (fstring && p + 1 < n && (s.charAt(p + 1) == '{' || s.charAt(p + 1) == '}')) {
                    p++; // a backslash does not escape a brace: "\{{" is a backslash and an escaped brace
                    continue;
                }
                p += 2;
                if (p - 1 < n && s.charAt(p - 1) == '\r' && p < n && s.charAt(p) == '\n') {
                    p++;
                }
                continue;
            }
            if (c == quote) {
                if (!triple) {
                    return p + 1;
                }
                if (p + 2 < n && s.charAt(p + 1) == quote && s.charAt(p + 2) == quote) {
                    return p + 3;
                }
                p++;
                continue;
            }
            if ((c == '\n' || c == '\r') && !triple) {
                break;
            }
            if (fstring && c == '{') {
                if (p + 1 < n && s.charAt(p + 1) == '{') {
                    p += 2;
                    continue;
                }
                int e = replacementField(p + 1, quote, triple);
                if (e < 0) {
                    if (error != null) {
                        return -1;
                    }
                    break;
                }
                p = e;
                continue;
            }
            p++;
        }
        if (triple) {
            int last = n > 0 && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r') ? n - 1 : n;
            fail("unterminated triple-quoted string literal (detected at line " + lineOf(last) + ")", reportAt);
        } else {
            fail("unterminated string literal (detected at line " + lineOf(Math.min(p, n)) + ")", reportAt);
        }
        return -1;
    }

    /**
     * Scans an f-string replacement field from after its '{'; returns the offset after its '}',
     * or -1 when the enclosing string ends (or a line ends in a single-quoted one) first.
     */
    private int replacementField(int p, char quote, boolean triple) {
        int depth = 0;
        boolean spec = false;
        while (p < n) {
            char c = s.charAt(p);
            if ((c == '\n' || c == '\r') && !triple && spec) {
                return -1;
            }
            if (spec) {
                if (c == quote) {
                    return -1;
                }
                if (c == '{') {
                    int e = replacementField(p + 1, quote, triple);
                    if (e < 0) {
                        return -1;
                    }
                    p = e;
                    continue;
                }
                if (c == '}') {
                    return p + 1;
                }
                if (c == '\\') {
                    p++;
                }
                p++;
                continue;
            }
            switch (c) {
                case '\'': case '"': {
                    if (c == quote && !triple && (p + 1 >= n || s.charAt(p + 1) != quote) && depth == 0
                            && !nestedQuoteAhead(p, quote)) {
                        return -1;
                    }
                    int prefixStart = p;
                    while (prefixStart > 0 && Character.isLetter(s.charAt(prefixStart - 1))) {
                        prefixStart--;
                    }
                    boolean f = fString(prefixStart, p);
                    int e = scanString(p, f, raw(prefixStart, p), p);
                    if (e < 0) {
                        return -1;
                    }
                    p = e;
                    continue;
                }
                case '(': case '[': case '{':
                    depth++;
                    break;
                case ')': case ']':
                    depth = Math.max(0, depth - 1);
                    break;
                case '}':
                    if (depth == 0) {
                        return p + 1;
                    }
                    depth--;
                    break;
                case ':':
                    if (depth == 0) {
                        spec = true;
                    }
                    break;
                case '!':
                    break;
                case '\n': case '\r':
                    if (!triple && depth == 0) {
                        return -1;
                    }
                    break;
                default:
                    break;
            }
            p++;
        }
        return -1;
    }

    /** Whether a quote inside a single-quoted f-string's field opens a PEP 701 nested string (closed on the same line). */
    private boolean nestedQuoteAhead(int p, char quote) {
        for (int i = p + 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return false;
            }
            if (c == quote) {
                // the nested string closes here; the field must still close before the outer string does
                for (int j = i + 1; j < n; j++) {
                    char d = s.charAt(j);
                    if (d == '}') {
                        return true;
                    }
                    if (d == quote || d == '\n' || d == '\r') {
                        return false;
                    }
                }
                return false;
            }
        }
        return false;
    }

    private void number() {
        int start = pos;
        int p = pos;
        char c = s.charAt(p);
        if (c == '0' && p + 1 < n && "xXoObB".indexOf(s.charAt(p + 1)) >= 0) {
            char kind = Character.toLowerCase(s.charAt(p + 1));
            p += 2;
            int digits = 0;
            while (p < n) {
                char d = s.charAt(p);
                if (d == '_' && p + 1 < n && radixDigit(kind, s.charAt(p + 1))) {
                    p++;
                    continue;
                }
                if (!radixDigit(kind, d)) {
                    break;
                }
                digits++;
                p++;
            }
            String name = kind == 'x' ? "hexadecimal" : kind == 'o' ? "octal" : "binary";
            if (digits == 0 || p < n && (isIdPart(s.charAt(p)) || isDigit(s.charAt(p)))) {
                if (p < n && isDigit(s.charAt(p)) && digits > 0) {
                    fail("invalid digit '" + s.charAt(p) + "' in " + name + " literal", p);
                } else {
                    fail("invalid " + name + " literal", start);
                }
                return;
            }
            pos = p;
            tokens.add(NUMBER, start, p, level);
            return;
        }
        p = digits(p);
        boolean decimalInt = true;
        if (p < n && s.charAt(p) == '.') {
            decimalInt = false;
            p = digits(p + 1);
        }
        if (p < n && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
            int q = p + 1;
            if (q < n && (s.charAt(q) == '+' || s.charAt(q) == '-')) {
                q++;
            }
            if (q < n && isDigit(s.charAt(q))) {
                decimalInt = false;
                p = digits(q);
            } else {
                fail("invalid decimal literal", start);
                return;
            }
        }
        if (p < n && (s.charAt(p) == 'j' || s.charAt(p) == 'J')) {
            decimalInt = false;
            p++;
        }
        if (p < n && isIdPart(s.charAt(p)) && s.charAt(p) < 128) {
            // CPython allows keywords glued to a number (1if x else 2) with a warning
            if (!keywordAhead(p)) {
                fail("invalid decimal literal", start);
                return;
            }
        }
        if (decimalInt && s.charAt(start) == '0' && p - start > 1) {
            for (int i = start; i < p; i++) {
                if (s.charAt(i) != '0' && s.charAt(i) != '_') {
                    fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                            start, "syntax.python2");
                    return;
                }
            }
        }
        pos = p;
        tokens.add(NUMBER, start, p, level);
    }

    private boolean keywordAhead(int p) {
        for (String k : new String[] {"and", "else", "for", "if", "in", "is", "not", "or"}) {
            if (s.startsWith(k, p) && (p + k.length() >= n || !isIdPart(s.charAt(p + k.length())))) {
                return true;
            }
        }
        return false;
    }

    private int digits(int p) {
        while (p < n) {
            char d = s.charAt(p);
            if (isDigit(d) || d == '_' && p + 1 < n && isDigit(s.charAt(p + 1))) {
                p++;
            } else {
                break;
            }
        }
        return p;
    }

    private static boolean radixDigit(char kind, char d) {
        switch (kind) {
            case 'x': return isDigit(d) || d >= 'a' && d <= 'f' || d >= 'A' && d <= 'F';
            case 'o': return d >= '0' && d <= '7';
            default: return d == '0' || d == '1';
        }
    }
}
