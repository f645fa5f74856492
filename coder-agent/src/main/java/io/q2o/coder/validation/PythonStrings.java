package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * String literals for {@link PythonParser}, in tree-sitter-python's shape: {@code string} with
 * {@code string_start} (prefix and quotes), {@code string_content} and {@code string_end}; an
 * f-string's replacement fields become {@code interpolation} nodes whose expression is parsed
 * from its own tokens, with {@code type_conversion} and {@code format_specifier} (holding
 * {@code format_expression}s). Escape sequences are not split out (no rule reads them).
 * Comments, backslashes and anything unusual inside a field bail.
 */
final class PythonStrings {
    private PythonStrings() {
    }

    /** Parses the STRING token at the parser's position into a {@code string} node; advances. */
    static SyntaxNode string(PythonTokenCursor p) {
        String s = p.s;
        int st = p.tokStart();
        int en = p.tokEnd();
        p.i++;
        int q = st;
        boolean fmt = false;
        boolean raw = false;
        while (q < en && s.charAt(q) != '\'' && s.charAt(q) != '"') {
            char c = s.charAt(q);
            fmt |= c == 'f' || c == 'F';
            raw |= c == 'r' || c == 'R';
            if (c == 't' || c == 'T') {
                PythonTokenCursor.bail();
            }
            q++;
        }
        char quote = s.charAt(q);
        int qlen = en - q >= 6 && s.charAt(q + 1) == quote && s.charAt(q + 2) == quote ? 3 : 1;
        int cs = q + qlen;
        int ce = en - qlen;
        if (ce < cs) {
            PythonTokenCursor.bail();
        }
        if (raw && ce > cs && onlyEscapes(s, cs, ce, quote)) {
            if (fmt) {
                PythonTokenCursor.bail();
            }
            // tree-sitter-python reads a raw string made only of backslash pairs (r'\\', r'\'') as all end
            return p.node("string", PythonTokenCursor.named(p.src, "string_start", st, cs),
                    PythonTokenCursor.named(p.src, "string_end", cs, en));
        }
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(PythonTokenCursor.named(p.src, "string_start", st, cs));
        if (!fmt) {
            if (ce > cs) {
                parts.add(PythonTokenCursor.named(p.src, "string_content", cs, ce));
            }
        } else {
            int seg = cs;
            int k = cs;
            while (k < ce) {
                char c = s.charAt(k);
                if (c == '\\' && !raw) {
                    if (k + 2 < ce && s.charAt(k + 1) == 'N' && s.charAt(k + 2) == '{') {
                        int close = s.indexOf('}', k + 3);
                        if (close < 0 || close >= ce) {
                            PythonTokenCursor.bail();
                        }
                        k = close + 1;
                    } else {
                        k += 2;
                    }
                    continue;
                }
                if (c == '{' || c == '}') {
                    if (k + 1 < ce && s.charAt(k + 1) == c) {
                        k += 2;
                        continue;
                    }
                    if (c == '}') {
                        PythonTokenCursor.bail();
                    }
                    if (k > seg) {
                        parts.add(PythonTokenCursor.named(p.src, "string_content", seg, k));
                    }
                    SyntaxNode interp = interpolation(p, k, ce);
                    parts.add(interp);
                    k = interp.end;
                    seg = k;
                    continue;
                }
                k++;
            }
            if (ce > seg) {
                parts.add(PythonTokenCursor.named(p.src, "string_content", seg, ce));
            }
        }
        parts.add(PythonTokenCursor.named(p.src, "string_end", ce, en));
        return p.node("string", parts);
    }

    private static boolean onlyEscapes(String s, int from, int to, char quote) {
        if ((to - from) % 2 != 0) {
            return false;
        }
        for (int k = from; k < to; k += 2) {
            if (s.charAt(k) != '\\' || s.charAt(k + 1) != '\\' && s.charAt(k + 1) != quote) {
                return false;
            }
        }
        return true;
    }

    private static SyntaxNode leaf(PythonTokenCursor p, int start, int end) {
        return new SyntaxNode(p.src, p.s.substring(start, end), null, false, false, false, start, end);
    }

    /** The replacement field opening at {@code open} ('{'), up to its '}' (before {@code limit}). */
    private static SyntaxNode interpolation(PythonTokenCursor p, int open, int limit) {
        String s = p.s;
        int j = fieldEnd(s, open + 1, limit);
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(leaf(p, open, open + 1));
        parts.add(PythonTokenCursor.f("expression", expression(p, open + 1, j)));
        if (s.charAt(j) == '=') {
            parts.add(leaf(p, j, j + 1));
            j++;
            while (j < limit && s.charAt(j) == ' ') {
                j++;
            }
            if (j >= limit) {
                PythonTokenCursor.bail();
            }
        }
        if (s.charAt(j) == '!') {
            if (j + 2 >= limit || "sra".indexOf(s.charAt(j + 1)) < 0 || s.charAt(j + 2) != ':' && s.charAt(j + 2) != '}') {
                PythonTokenCursor.bail();
            }
            parts.add(PythonTokenCursor.f("type_conversion",
                    PythonTokenCursor.named(p.src, "type_conversion", j, j + 2)));
            j += 2;
        }
        if (s.charAt(j) == ':') {
            List<SyntaxNode> spec = new ArrayList<>();
            spec.add(leaf(p, j, j + 1));
            int k = j + 1;
            while (true) {
                if (k >= limit) {
                    PythonTokenCursor.bail();
                }
                char c = s.charAt(k);
                if (c == '}') {
                    break;
                }
                if (c == '{') {
                    int e = fieldEnd(s, k + 1, limit);
                    if (s.charAt(e) != '}') {
                        PythonTokenCursor.bail();
                    }
                    SyntaxNode inner = expression(p, k + 1, e);
                    spec.add(p.node("format_expression", leaf(p, k, k + 1), PythonTokenCursor.f("expression", inner),
                            leaf(p, e, e + 1)));
                    k = e + 1;
                    continue;
                }
                if (c == '\\' || c == '\'' || c == '"') {
                    PythonTokenCursor.bail();
                }
                k++;
            }
            SyntaxNode fs = p.node("format_specifier", spec);
            SyntaxNode wide = PythonTokenCursor.named(p.src, "format_specifier", j, k);
            for (SyntaxNode c : fs.children) {
                c.parent = wide;
                wide.children.add(c);
            }
            parts.add(PythonTokenCursor.f("format_specifier", wide));
            j = k;
        }
        if (s.charAt(j) != '}') {
            PythonTokenCursor.bail();
        }
        parts.add(leaf(p, j, j + 1));
        return p.node("interpolation", parts);
    }

    /**
     * Where the expression of a replacement field ends: the first {@code }}, {@code !} (not
     * {@code !=}), {@code :} or lone {@code =} (a self-documenting field) outside brackets and
     * nested strings. A comment, a backslash or running into {@code limit} bails.
     */
    private static int fieldEnd(String s, int from, int limit) {
        int depth = 0;
        int k = from;
        while (k < limit) {
            char c = s.charAt(k);
            switch (c) {
                case '(': case '[': case '{':
                    depth++;
                    break;
                case ')': case ']':
                    depth--;
                    break;
                case '}':
                    if (depth == 0) {
                        return k;
                    }
                    depth--;
                    break;
                case '\'': case '"': {
                    int qlen = k + 2 < limit && s.charAt(k + 1) == c && s.charAt(k + 2) == c ? 3 : 1;
                    int e = k + qlen;
                    while (true) {
                        if (e >= limit) {
                            PythonTokenCursor.bail();
                        }
                        char d = s.charAt(e);
                        if (d == '\\') {
                            e += 2;
                            continue;
                        }
                        if (d == c && (qlen == 1 || e + 2 < limit && s.charAt(e + 1) == c && s.charAt(e + 2) == c)) {
                            break;
                        }
                        e++;
                    }
                    k = e + qlen;
                    continue;
                }
                case '!':
                    if (k + 1 < limit && s.charAt(k + 1) == '=') {
                        k += 2;
                        continue;
                    }
                    if (depth == 0) {
                        return k;
                    }
                    break;
                case ':':
                    if (depth == 0) {
                        return k;
                    }
                    break;
                case '=': case '<': case '>':
                    if (k + 1 < limit && s.charAt(k + 1) == '=') {
                        k += 2;
                        continue;
                    }
                    if (c == '=' && depth == 0) {
                        return k; // a self-documenting field: {x=}
                    }
                    break;
                case '#': case '\\':
                    PythonTokenCursor.bail();
                    break;
                default:
                    break;
            }
            k++;
        }
        return PythonTokenCursor.<Integer>bail();
    }

    /** Parses {@code s[from, to)} as one expression from its own tokens, positions kept. */
    private static SyntaxNode expression(PythonTokenCursor p, int from, int to) {
        if (p.s.substring(from, to).isBlank()) {
            PythonTokenCursor.bail();
        }
        PythonTokenizer tok = PythonTokenizer.tokenize("(" + p.s.substring(from, to) + ")");
        if (tok.error != null) {
            PythonTokenCursor.bail();
        }
        // offsets shift by from - 1: the wrapping parentheses map onto the braces around the field
        PythonPatternParser sub = new PythonPatternParser(p.src, tok.tokens, from - 1);
        sub.i = 1;
        SyntaxNode e = sub.isOp("*") || sub.isKw("yield") ? PythonTokenCursor.bail() : sub.expression();
        if (sub.i != tok.tokens.size - 3 || tok.tokens.kind[sub.i] != PythonTokenizer.OP) {
            PythonTokenCursor.bail(); // more than one expression (a tuple) or anything after it
        }
        return e;
    }
}
