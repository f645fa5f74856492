package io.q2o.coder.validation;

import java.util.List;

/**
 * Token access and node building for {@link PythonParser}: a position in
 * {@link PythonTokenizer}'s tokens, the interned text of each operator and keyword token (so a
 * test for {@code "("} is a reference comparison), and helpers that make {@link SyntaxNode}s
 * with their spans taken from their children, as tree-sitter's are. {@link Bail} is how the fast
 * parser gives up on a file (the caller then parses with tree-sitter).
 */
class PythonTokenCursor {

    /** Thrown (without a stack trace) when the fast parser gives up; the caller uses tree-sitter instead. */
    static final class Bail extends RuntimeException {
        static final Bail INSTANCE = new Bail();

        private Bail() {
            super("not handled by the fast Python parser", null, false, false);
        }
    }

    final ParsedSource src;
    final String s;
    final PythonTokenizer.Tokens t;
    /** Added to every token offset (non-zero when parsing an f-string replacement field's own tokens). */
    final int delta;
    int i;

    /**
     * Per token, the interned text of an operator or keyword token (so comparing is {@code ==}),
     * else null: each token's text is looked up once instead of at every {@code isOp}.
     */
    final String[] canon;

    PythonTokenCursor(ParsedSource src, PythonTokenizer.Tokens tokens, int delta) {
        this.src = src;
        this.s = src.text;
        this.t = tokens;
        this.delta = delta;
        this.canon = new String[tokens.size];
        for (int k = 0; k < tokens.size; k++) {
            int kind = tokens.kind[k];
            if (kind == PythonTokenizer.OP || kind == PythonTokenizer.NAME && tokens.end[k] - tokens.start[k] <= 10) {
                canon[k] = canonical(s, tokens.start[k] + delta, tokens.end[k] + delta);
            }
        }
    }

    private static final String[] OPERATORS = {"(", ")", "[", "]", "{", "}", ",", ":", ";", ".", "...", "=", ":=", "->", "@",
        "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "~", "<", ">", "<=", ">=", "==", "!=", "<>",
        "+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=", "<<=", "**="};

    /** Operator and keyword literals in an open-addressing table keyed by {@link #hash}: found without a substring. */
    private static final String[] CANONICAL = new String[512];

    private static int hash(String s, int from, int to) {
        int h = to - from;
        for (int k = from; k < to; k++) {
            h = h * 31 + s.charAt(k);
        }
        return (h ^ h >>> 9) & (CANONICAL.length - 1);
    }

    private static void put(String w) {
        int h = hash(w, 0, w.length());
        while (CANONICAL[h] != null) {
            h = (h + 1) & (CANONICAL.length - 1);
        }
        CANONICAL[h] = w;
    }

    /** @return the interned operator or keyword {@code s[from, to)} is, or null */
    private static String canonical(String s, int from, int to) {
        int len = to - from;
        for (int h = hash(s, from, to); CANONICAL[h] != null; h = (h + 1) & (CANONICAL.length - 1)) {
            String w = CANONICAL[h];
            if (w.length() == len && s.startsWith(w, from)) {
                return w;
            }
        }
        return null;
    }

    static {
        for (String o : OPERATORS) {
            put(o);
        }
        for (String k : new String[] {"False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
            "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
            "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "__future__"}) {
            put(k);
        }
    }

    /** Gives up: always throws {@link Bail}; typed so it can stand for any value. */
    static <T> T bail() {
        throw Bail.INSTANCE;
    }

    // ------------------------------------------------------------------ tokens

    int kind() {
        return t.kind[i];
    }

    int tokStart() {
        return t.start[i] + delta;
    }

    int tokEnd() {
        return t.end[i] + delta;
    }

    /** @param op an operator literal (compared by reference with the interned token text) */
    boolean isOp(String op) {
        return canon[i] == op && t.kind[i] == PythonTokenizer.OP;
    }

    boolean isOpAt(int k, String op) {
        return k < t.size && canon[k] == op && t.kind[k] == PythonTokenizer.OP;
    }

    /** @param kw a keyword literal (or {@code __future__}) */
    boolean isKw(String kw) {
        return canon[i] == kw && t.kind[i] == PythonTokenizer.NAME;
    }

    /** The current token as an anonymous leaf named after its text; advances. */
    SyntaxNode leaf() {
        int st = tokStart();
        int en = tokEnd();
        String type = canon[i] != null ? canon[i] : s.substring(st, en);
        i++;
        return new SyntaxNode(src, type, null, false, false, false, st, en);
    }

    SyntaxNode expectOp(String op) {
        if (!isOp(op)) {
            bail();
        }
        return leaf();
    }

    SyntaxNode expectKw(String kw) {
        if (!isKw(kw)) {
            bail();
        }
        return leaf();
    }

    static SyntaxNode named(ParsedSource src, String type, int start, int end) {
        return new SyntaxNode(src, type, null, true, false, false, start, end);
    }

    /** A named node over {@code children} (in order), its span theirs. */
    SyntaxNode node(String type, SyntaxNode... children) {
        SyntaxNode n = named(src, type, children[0].start, children[children.length - 1].end);
        for (SyntaxNode c : children) {
            c.parent = n;
            n.children.add(c);
        }
        return n;
    }

    SyntaxNode node(String type, List<SyntaxNode> children) {
        SyntaxNode n = named(src, type, children.get(0).start, children.get(children.size() - 1).end);
        for (SyntaxNode c : children) {
            c.parent = n;
            n.children.add(c);
        }
        return n;
    }

    static SyntaxNode f(String field, SyntaxNode n) {
        n.field = field;
        return n;
    }

    boolean isIdentifier() {
        return t.kind[i] == PythonTokenizer.NAME && (canon[i] == null || canon[i] == "__future__");
    }

    SyntaxNode identifier() {
        if (!isIdentifier()) {
            bail();
        }
        int st = tokStart();
        int en = tokEnd();
        i++;
        return named(src, "identifier", st, en);
    }
}
