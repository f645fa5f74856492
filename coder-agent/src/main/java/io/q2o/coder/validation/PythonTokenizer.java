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
 *
 * <p>Length: one file on purpose — one linear pass, like CPython's tokenizer loop, whose
 * indentation, bracket and line state every step shares; string and number literals are already
 * scanned by {@link PythonLiteralScanner}.
 */
final class PythonTokenizer extends PythonLiteralScanner {
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

    final Tokens tokens = new Tokens();

    /** Start and end offsets of every comment, in source order (for the syntax tree; not tokens). */
    final Comments comments = new Comments();

    /** Comment spans in two growing int arrays. */
    static final class Comments {
        int size;
        int[] start = new int[64];
        int[] end = new int[64];

        void add(int s, int e) {
            if (size == start.length) {
                start = Arrays.copyOf(start, size * 2);
                end = Arrays.copyOf(end, size * 2);
            }
            start[size] = s;
            end[size] = e;
            size++;
        }
    }

    private int pos;
    private final char[] brackets = new char[200];
    private final int[] bracketAt = new int[200];
    private int level;
    /** Indentation stack: columns with tabs to multiples of 8, and with tabs as 1 (for TabError). */
    private final Deque<int[]> indents = new ArrayDeque<>();

    private PythonTokenizer(String s) {
        super(s);
    }

    /** Tokenizes {@code source}; the result holds the tokens up to the first error and the error, if any. */
    static PythonTokenizer tokenize(String source) {
        PythonTokenizer t = new PythonTokenizer(source);
        t.run();
        return t;
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
                int from = pos;
                while (pos < n && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') {
                    pos++;
                }
                comments.add(from, pos);
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
                int from = p;
                while (p < n && s.charAt(p) != '\n' && s.charAt(p) != '\r') {
                    p++;
                }
                comments.add(from, p);
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
            int e = number(pos);
            if (e >= 0) {
                tokens.add(NUMBER, pos, e, level);
                pos = e;
            }
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

    private void string(int tokenStart, boolean fstring) {
        boolean raw = raw(tokenStart, pos);
        int end = scanString(pos, fstring, raw, tokenStart);
        if (end < 0) {
            return;
        }
        tokens.add(STRING, tokenStart, end, level);
        pos = end;
    }

}
