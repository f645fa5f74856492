package io.q2o.coder.validation;

/**
 * The literal-scanning half of {@link PythonTokenizer}: string literals (prefixes, triple quotes,
 * PEP 701 f-strings with nested replacement fields) and number literals, with CPython's error
 * for each, and the first-error bookkeeping both halves share.
 */
abstract class PythonLiteralScanner {
    final String s;
    final int n;
    PythonTokenizer.Error error;

    PythonLiteralScanner(String s) {
        this.s = s;
        this.n = s.length();
    }

    void fail(String message, int offset) {
        fail(message, offset, "syntax.error", true, false);
    }

    void fail(String message, int offset, String rule) {
        fail(message, offset, rule, true, false);
    }

    void failQuietly(String message, int offset, String rule) {
        fail(message, offset, rule, false, false);
    }

    void fail(String message, int offset, String rule, boolean overrides, boolean unclosed) {
        if (error == null) {
            error = new PythonTokenizer.Error(message, Math.max(0, Math.min(offset, n)), rule, overrides, unclosed);
        }
    }

    int lineOf(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= n || s.charAt(i + 1) != '\n')) {
                line++;
            }
        }
        return line;
    }

    static boolean isDigit(char c) {
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

    boolean stringPrefix(int from, int to) {
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

    boolean fString(int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == 'f' || s.charAt(i) == 'F') {
                return true;
            }
        }
        return false;
    }

    boolean raw(int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == 'r' || s.charAt(i) == 'R') {
                return true;
            }
        }
        return false;
    }

    /**
     * Scans a string literal whose opening quote is at {@code q}; returns the offset after the
     * closing quote, or -1 after recording an error. {@code reportAt} is where CPython points
     * for an unterminated string (the start of the literal, prefix included).
     */
    int scanString(int q, boolean fstring, boolean raw, int reportAt) {
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
    int replacementField(int p, char quote, boolean triple) {
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
    boolean nestedQuoteAhead(int p, char quote) {
        for (int i = p + 1; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return false;
            }
            if (c == quote) {
                // the nested string closes here; the field must still close before the line ends,
                // after any further nested strings that open and close on it (f'{f'a' if d else ''}')
                for (int j = i + 1; j < n; j++) {
                    char d = s.charAt(j);
                    if (d == '}') {
                        return true;
                    }
                    if (d == '\n' || d == '\r') {
                        return false;
                    }
                    if (d == quote) {
                        int close = s.indexOf(quote, j + 1);
                        int eol = lineEnd(j + 1);
                        if (close < 0 || close > eol) {
                            return false;
                        }
                        j = close;
                    }
                }
                return false;
            }
        }
        return false;
    }

    private int lineEnd(int from) {
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return n;
    }

    /** Scans a number literal at {@code start}; returns the offset after it, or -1 after recording an error. */
    int number(int start) {
        int p = start;
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
                return -1;
            }
            return p;
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
                return -1;
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
                return -1;
            }
        }
        if (decimalInt && s.charAt(start) == '0' && p - start > 1) {
            for (int i = start; i < p; i++) {
                if (s.charAt(i) != '0' && s.charAt(i) != '_') {
                    fail("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                            start, "syntax.python2");
                    return -1;
                }
            }
        }
        return p;
    }

    boolean keywordAhead(int p) {
        for (String k : new String[] {"and", "else", "for", "if", "in", "is", "not", "or"}) {
            if (s.startsWith(k, p) && (p + k.length() >= n || !isIdPart(s.charAt(p + k.length())))) {
                return true;
            }
        }
        return false;
    }

    int digits(int p) {
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

    static boolean radixDigit(char kind, char d) {
        switch (kind) {
            case 'x': return isDigit(d) || d >= 'a' && d <= 'f' || d >= 'A' && d <= 'F';
            case 'o': return d >= '0' && d <= '7';
            default: return d == '0' || d == '1';
        }
    }
}
