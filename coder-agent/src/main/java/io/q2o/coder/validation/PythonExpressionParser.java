package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * The expression half of {@link PythonParser}: a recursive-descent parser over
 * {@link PythonTokenizer}'s tokens that builds {@link SyntaxNode}s shaped like tree-sitter-python's
 * (same node types, field names and spans), so every rule reads the same tree on either path.
 *
 * <p>Design: precedence climbing along CPython's grammar (lambda, conditional, or, and, not,
 * comparison, bitwise, shift, arithmetic, unary, power, await, primary, atom). Whatever it does
 * not know — or any syntax error — throws {@link Bail}, and the caller falls back to tree-sitter:
 * this parser only has to be right on what it accepts, and strict, never lenient.
 */
class PythonExpressionParser {

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

    PythonExpressionParser(ParsedSource src, PythonTokenizer.Tokens tokens, int delta) {
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

    // ------------------------------------------------------------------ expression lists

    /** Whether the current token can start an expression. */
    boolean startsExpression() {
        switch (t.kind[i]) {
            case PythonTokenizer.NAME: {
                String w = canon[i];
                return w == null || w == "__future__" || w == "not" || w == "lambda" || w == "await" || w == "None"
                        || w == "True" || w == "False";
            }
            case PythonTokenizer.NUMBER:
            case PythonTokenizer.STRING:
                return true;
            case PythonTokenizer.OP:
                return isOp("(") || isOp("[") || isOp("{") || isOp("-") || isOp("+") || isOp("~") || isOp("...")
                        || isOp("*");
            default:
                return false;
        }
    }

    /**
     * Comma-separated expressions (stars allowed): one expression alone, else an
     * {@code expression_list}; a lone {@code *x} bails (CPython: "can't use starred expression here").
     */
    SyntaxNode expressions() {
        List<SyntaxNode> items = commaList();
        if (items.size() == 1) {
            if (items.get(0).is("list_splat")) {
                bail();
            }
            return items.get(0);
        }
        return node("expression_list", items);
    }

    /** Items and their commas: {@code a, *b, c,}. */
    List<SyntaxNode> commaList() {
        List<SyntaxNode> items = new ArrayList<>();
        items.add(starOrExpression());
        while (isOp(",")) {
            items.add(leaf());
            if (!startsExpression()) {
                break;
            }
            items.add(starOrExpression());
        }
        return items;
    }

    SyntaxNode starOrExpression() {
        if (isOp("*")) {
            SyntaxNode star = leaf();
            return node("list_splat", star, bitwiseOr());
        }
        return expression();
    }

    /** An expression or {@code name := value}. */
    SyntaxNode namedExpression() {
        if (isIdentifier() && isOpAt(i + 1, ":=")) {
            SyntaxNode name = f("name", identifier());
            SyntaxNode op = leaf();
            return node("named_expression", name, op, f("value", expression()));
        }
        return expression();
    }

    // ------------------------------------------------------------------ precedence levels

    SyntaxNode expression() {
        if (isKw("lambda")) {
            return lambda();
        }
        SyntaxNode a = disjunction();
        if (isKw("if")) {
            SyntaxNode kIf = leaf();
            SyntaxNode cond = disjunction();
            SyntaxNode kElse = expectKw("else");
            return node("conditional_expression", a, kIf, cond, kElse, expression());
        }
        return a;
    }

    /** Expression without a conditional (comprehension iterables and conditions). */
    SyntaxNode disjunctionOrLambda() {
        return isKw("lambda") ? lambda() : disjunction();
    }

    private SyntaxNode lambda() {
        SyntaxNode kw = leaf();
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(kw);
        if (!isOp(":")) {
            parts.add(f("parameters", parameterList("lambda_parameters", ":", false)));
        }
        parts.add(expectOp(":"));
        parts.add(f("body", expression()));
        return node("lambda", parts);
    }

    private SyntaxNode disjunction() {
        SyntaxNode a = conjunction();
        while (isKw("or")) {
            SyntaxNode op = f("operator", leaf());
            a = node("boolean_operator", f("left", a), op, f("right", conjunction()));
        }
        return a;
    }

    private SyntaxNode conjunction() {
        SyntaxNode a = inversion();
        while (isKw("and")) {
            SyntaxNode op = f("operator", leaf());
            a = node("boolean_operator", f("left", a), op, f("right", inversion()));
        }
        return a;
    }

    private SyntaxNode inversion() {
        if (isKw("not")) {
            SyntaxNode kw = leaf();
            return node("not_operator", kw, f("argument", inversion()));
        }
        return comparison();
    }

    private SyntaxNode comparison() {
        SyntaxNode a = bitwiseOr();
        List<SyntaxNode> parts = null;
        while (true) {
            SyntaxNode op;
            if (isOp("<") || isOp(">") || isOp("==") || isOp(">=") || isOp("<=") || isOp("!=") || isKw("in")) {
                op = leaf();
            } else if (isKw("not") && i + 1 < t.size && t.kind[i + 1] == PythonTokenizer.NAME && canon[i + 1] == "in") {
                SyntaxNode not = leaf();
                SyntaxNode in = leaf();
                op = new SyntaxNode(src, "not in", null, false, false, false, not.start, in.end);
                not.parent = op;
                in.parent = op;
                op.children.add(not);
                op.children.add(in);
            } else if (isKw("is")) {
                SyntaxNode is = leaf();
                if (isKw("not")) {
                    SyntaxNode not = leaf();
                    op = new SyntaxNode(src, "is not", null, false, false, false, is.start, not.end);
                    is.parent = op;
                    not.parent = op;
                    op.children.add(is);
                    op.children.add(not);
                } else {
                    op = is;
                }
            } else {
                break;
            }
            if (parts == null) {
                parts = new ArrayList<>();
                parts.add(a);
            }
            parts.add(f("operators", op));
            parts.add(bitwiseOr());
        }
        return parts == null ? a : node("comparison_operator", parts);
    }

    private static final String[][] BINARY = {{"|"}, {"^"}, {"&"}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "//", "%", "@"}};

    SyntaxNode bitwiseOr() {
        return binary(0);
    }

    private SyntaxNode binary(int level) {
        if (level == BINARY.length) {
            return factor();
        }
        SyntaxNode a = binary(level + 1);
        while (true) {
            boolean match = false;
            for (String op : BINARY[level]) {
                if (isOp(op)) {
                    match = true;
                    break;
                }
            }
            if (!match) {
                return a;
            }
            SyntaxNode op = f("operator", leaf());
            a = node("binary_operator", f("left", a), op, f("right", binary(level + 1)));
        }
    }

    private SyntaxNode factor() {
        if (isOp("-") || isOp("+") || isOp("~")) {
            SyntaxNode op = f("operator", leaf());
            return node("unary_operator", op, f("argument", factor()));
        }
        return power();
    }

    private SyntaxNode power() {
        SyntaxNode a;
        if (isKw("await")) {
            SyntaxNode kw = leaf();
            a = node("await", kw, primary());
        } else {
            a = primary();
        }
        if (isOp("**")) {
            SyntaxNode op = f("operator", leaf());
            return node("binary_operator", f("left", a), op, f("right", factor()));
        }
        return a;
    }

    SyntaxNode primary() {
        SyntaxNode a = atom();
        while (true) {
            if (isOp(".")) {
                SyntaxNode dot = leaf();
                a = node("attribute", f("object", a), dot, f("attribute", identifier()));
            } else if (isOp("(")) {
                a = node("call", f("function", a), f("arguments", callArguments()));
            } else if (isOp("[")) {
                a = subscript(a);
            } else {
                return a;
            }
        }
    }

    private SyntaxNode subscript(SyntaxNode value) {
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(f("value", value));
        parts.add(leaf());
        parts.add(f("subscript", sliceItem()));
        while (isOp(",")) {
            parts.add(leaf());
            if (isOp("]")) {
                break;
            }
            parts.add(f("subscript", sliceItem()));
        }
        parts.add(expectOp("]"));
        return node("subscript", parts);
    }

    private SyntaxNode sliceItem() {
        List<SyntaxNode> parts = new ArrayList<>();
        if (!isOp(":")) {
            SyntaxNode e = namedExpression();
            if (!isOp(":")) {
                return e;
            }
            parts.add(e);
        }
        for (int colons = 0; colons < 2 && isOp(":"); colons++) {
            parts.add(leaf());
            if (!isOp(":") && !isOp(",") && !isOp("]")) {
                parts.add(expression());
            }
        }
        return node("slice", parts);
    }

    /** {@code (…)} after a callee: an {@code argument_list}, or a lone unparenthesized generator. */
    SyntaxNode callArguments() {
        SyntaxNode open = leaf();
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(open);
        int count = 0;
        while (!isOp(")")) {
            SyntaxNode arg;
            if (isOp("*")) {
                SyntaxNode star = leaf();
                arg = node("list_splat", star, expression());
            } else if (isOp("**")) {
                SyntaxNode star = leaf();
                arg = node("dictionary_splat", star, expression());
            } else if (isIdentifier() && isOpAt(i + 1, "=")) {
                SyntaxNode name = f("name", identifier());
                SyntaxNode eq = leaf();
                arg = node("keyword_argument", name, eq, f("value", expression()));
            } else {
                arg = namedExpression();
                if (isKw("for") || isKw("async")) {
                    if (count > 0) {
                        bail();
                    }
                    List<SyntaxNode> gen = new ArrayList<>();
                    gen.add(open);
                    gen.add(f("body", arg));
                    comprehensionClauses(gen);
                    gen.add(expectOp(")"));
                    return node("generator_expression", gen);
                }
            }
            parts.add(arg);
            count++;
            if (!isOp(",")) {
                break;
            }
            parts.add(leaf());
        }
        parts.add(expectOp(")"));
        return node("argument_list", parts);
    }

    /** {@code for … in … if …} clauses of a comprehension, appended to {@code parts}. */
    void comprehensionClauses(List<SyntaxNode> parts) {
        while (isKw("for") || isKw("async")) {
            List<SyntaxNode> clause = new ArrayList<>();
            if (isKw("async")) {
                clause.add(leaf());
            }
            clause.add(expectKw("for"));
            clause.add(f("left", targets("in")));
            clause.add(expectKw("in"));
            clause.add(f("right", disjunctionOrLambda()));
            parts.add(node("for_in_clause", clause));
            while (isKw("if")) {
                SyntaxNode kw = leaf();
                parts.add(node("if_clause", kw, disjunctionOrLambda()));
            }
        }
    }

    // ------------------------------------------------------------------ atoms

    private SyntaxNode atom() {
        switch (t.kind[i]) {
            case PythonTokenizer.NAME: {
                String w = canon[i];
                if (w == "None" || w == "True" || w == "False") {
                    int st = tokStart();
                    int en = tokEnd();
                    i++;
                    return named(src, w == "None" ? "none" : w == "True" ? "true" : "false", st, en);
                }
                return identifier();
            }
            case PythonTokenizer.NUMBER:
                return number();
            case PythonTokenizer.STRING:
                return strings();
            case PythonTokenizer.OP:
                if (isOp("(")) {
                    return parenthesized();
                }
                if (isOp("[")) {
                    return list();
                }
                if (isOp("{")) {
                    return brace();
                }
                if (isOp("...")) {
                    int st = tokStart();
                    int en = tokEnd();
                    i++;
                    return named(src, "ellipsis", st, en);
                }
                return bail();
            default:
                return bail();
        }
    }

    private SyntaxNode number() {
        int st = tokStart();
        int en = tokEnd();
        i++;
        boolean integer;
        if (en - st > 1 && s.charAt(st) == '0' && "xXoObB".indexOf(s.charAt(st + 1)) >= 0) {
            integer = true;
        } else {
            integer = true;
            for (int k = st; k < en; k++) {
                char c = s.charAt(k);
                if (c == '.' || c == 'e' || c == 'E') {
                    integer = false;
                    break;
                }
            }
        }
        return named(src, integer ? "integer" : "float", st, en);
    }

    private SyntaxNode strings() {
        SyntaxNode first = PythonStrings.string(this);
        if (t.kind[i] != PythonTokenizer.STRING) {
            return first;
        }
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(first);
        while (t.kind[i] == PythonTokenizer.STRING) {
            parts.add(PythonStrings.string(this));
        }
        return node("concatenated_string", parts);
    }

    private SyntaxNode parenthesized() {
        SyntaxNode open = leaf();
        if (isOp(")")) {
            return node("tuple", open, leaf());
        }
        if (isKw("yield")) {
            SyntaxNode y = yieldExpression();
            return node("parenthesized_expression", open, y, expectOp(")"));
        }
        SyntaxNode first = isOp("*") ? starOrExpression() : namedExpression();
        if (isOp(")") && !first.is("list_splat")) {
            return node("parenthesized_expression", open, first, leaf());
        }
        if ((isKw("for") || isKw("async")) && !first.is("list_splat")) {
            List<SyntaxNode> parts = new ArrayList<>();
            parts.add(open);
            parts.add(f("body", first));
            comprehensionClauses(parts);
            parts.add(expectOp(")"));
            return node("generator_expression", parts);
        }
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(open);
        parts.add(first);
        if (!isOp(",")) {
            bail();
        }
        elements(parts, ")");
        return node("tuple", parts);
    }

    /** After a first element: {@code , x, *y,} up to the closing bracket (included). */
    private void elements(List<SyntaxNode> parts, String close) {
        while (isOp(",")) {
            parts.add(leaf());
            if (isOp(close)) {
                break;
            }
            parts.add(isOp("*") ? starOrExpression() : namedExpression());
        }
        parts.add(expectOp(close));
    }

    private SyntaxNode list() {
        SyntaxNode open = leaf();
        if (isOp("]")) {
            return node("list", open, leaf());
        }
        SyntaxNode first = isOp("*") ? starOrExpression() : namedExpression();
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(open);
        if ((isKw("for") || isKw("async")) && !first.is("list_splat")) {
            parts.add(f("body", first));
            comprehensionClauses(parts);
            parts.add(expectOp("]"));
            return node("list_comprehension", parts);
        }
        parts.add(first);
        elements(parts, "]");
        return node("list", parts);
    }

    private SyntaxNode brace() {
        SyntaxNode open = leaf();
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(open);
        if (isOp("}")) {
            parts.add(leaf());
            return node("dictionary", parts);
        }
        SyntaxNode first = dictItem();
        boolean dict = first.is("pair") || first.is("dictionary_splat");
        if ((isKw("for") || isKw("async")) && (first.is("pair") || !dict && !first.is("list_splat"))) {
            parts.add(f("body", first));
            comprehensionClauses(parts);
            parts.add(expectOp("}"));
            return node(dict ? "dictionary_comprehension" : "set_comprehension", parts);
        }
        parts.add(first);
        while (isOp(",")) {
            parts.add(leaf());
            if (isOp("}")) {
                break;
            }
            SyntaxNode item = dictItem();
            if ((item.is("pair") || item.is("dictionary_splat")) != dict) {
                bail();
            }
            parts.add(item);
        }
        parts.add(expectOp("}"));
        return node(dict ? "dictionary" : "set", parts);
    }

    private SyntaxNode dictItem() {
        if (isOp("**")) {
            SyntaxNode star = leaf();
            return node("dictionary_splat", star, bitwiseOr());
        }
        if (isOp("*")) {
            return starOrExpression();
        }
        SyntaxNode key = namedExpression();
        if (isOp(":")) {
            if (key.is("named_expression")) {
                bail();
            }
            SyntaxNode colon = leaf();
            return node("pair", f("key", key), colon, f("value", expression()));
        }
        return key;
    }

    /** {@code yield}, {@code yield x, y}, {@code yield from x}. */
    SyntaxNode yieldExpression() {
        SyntaxNode kw = leaf();
        if (isKw("from")) {
            SyntaxNode from = leaf();
            return node("yield", kw, from, expression());
        }
        if (!startsExpression()) {
            return node("yield", kw);
        }
        return node("yield", kw, expressions());
    }

    // ------------------------------------------------------------------ targets and parameters

    /**
     * Assignment or loop targets up to {@code stop}: parsed as expressions, then turned into
     * tree-sitter's patterns ({@code pattern_list}, {@code tuple_pattern}, {@code list_pattern},
     * {@code list_splat_pattern}); anything not assignable bails.
     */
    SyntaxNode targets(String stop) {
        List<SyntaxNode> items = new ArrayList<>();
        items.add(target(starOrBitwise()));
        while (isOp(",")) {
            items.add(leaf());
            if (isKw(stop) || isOp(stop)) {
                break;
            }
            items.add(target(starOrBitwise()));
        }
        return items.size() == 1 ? items.get(0) : node("pattern_list", items);
    }

    private SyntaxNode starOrBitwise() {
        if (isOp("*")) {
            SyntaxNode star = leaf();
            return node("list_splat", star, bitwiseOr());
        }
        return bitwiseOr();
    }

    /** Converts a parsed expression into an assignment target, or bails. */
    SyntaxNode target(SyntaxNode e) {
        switch (e.type) {
            case "identifier":
            case "attribute":
            case "subscript":
                return e;
            case "list_splat": {
                SyntaxNode inner = e.children.get(1);
                if (!inner.is("identifier") && !inner.is("attribute") && !inner.is("subscript")) {
                    bail();
                }
                return retype(e, "list_splat_pattern");
            }
            case "tuple":
            case "list":
            case "expression_list": {
                if (e.children.size() <= 2 && !e.is("expression_list")) {
                    bail(); // () = x and [] = x are valid but rare; tree-sitter's shape is not worth guessing
                }
                for (int k = 0; k < e.children.size(); k++) {
                    SyntaxNode c = e.children.get(k);
                    if (c.named) {
                        SyntaxNode tc = target(c);
                        tc.parent = e;
                        e.children.set(k, tc);
                    }
                }
                return retype(e, e.is("tuple") ? "tuple_pattern" : e.is("list") ? "list_pattern" : "pattern_list");
            }
            default:
                return bail();
        }
    }

    SyntaxNode retype(SyntaxNode e, String type) {
        SyntaxNode n = new SyntaxNode(src, type, e.field, true, false, false, e.start, e.end);
        n.parent = e.parent;
        for (SyntaxNode c : e.children) {
            c.parent = n;
            n.children.add(c);
        }
        return n;
    }

    /**
     * Parameters of a {@code def} ({@code parameters}, in parentheses, annotations allowed) or a
     * {@code lambda} ({@code lambda_parameters}, up to the colon).
     */
    SyntaxNode parameterList(String type, String close, boolean annotations) {
        List<SyntaxNode> parts = new ArrayList<>();
        if (annotations) {
            parts.add(expectOp("("));
        }
        while (!isOp(close)) {
            parts.add(parameter(annotations));
            if (!isOp(",")) {
                break;
            }
            parts.add(leaf());
        }
        if (annotations) {
            parts.add(expectOp(close));
        } else if (!isOp(close) || parts.isEmpty()) {
            bail();
        }
        return node(type, parts);
    }

    private SyntaxNode parameter(boolean annotations) {
        if (isOp("/")) {
            return node("positional_separator", leaf());
        }
        SyntaxNode p;
        if (isOp("*") || isOp("**")) {
            boolean dict = isOp("**");
            SyntaxNode star = leaf();
            if (!dict && (isOp(",") || isOp(")") || isOp(":") && !annotations)) {
                return node("keyword_separator", star);
            }
            p = node(dict ? "dictionary_splat_pattern" : "list_splat_pattern", star, identifier());
            if (annotations && isOp(":")) {
                SyntaxNode colon = leaf();
                return node("typed_parameter", p, colon, f("type", type()));
            }
            return p;
        }
        p = identifier();
        if (annotations && isOp(":")) {
            SyntaxNode colon = leaf();
            SyntaxNode ty = f("type", type());
            if (isOp("=")) {
                SyntaxNode eq = leaf();
                return node("typed_default_parameter", f("name", p), colon, ty, eq, f("value", expression()));
            }
            return node("typed_parameter", p, colon, ty);
        }
        if (isOp("=")) {
            SyntaxNode eq = leaf();
            return node("default_parameter", f("name", p), eq, f("value", expression()));
        }
        return p;
    }

    /** An annotation: tree-sitter's {@code type}, with {@code Name[...]} as {@code generic_type}. */
    SyntaxNode type() {
        return typeOf(expression());
    }

    SyntaxNode typeOf(SyntaxNode e) {
        if (e.is("subscript") && e.children.get(0).is("identifier")) {
            List<SyntaxNode> params = new ArrayList<>();
            for (int k = 1; k < e.children.size(); k++) {
                SyntaxNode c = e.children.get(k);
                c.field = null;
                if (c.named) {
                    if (c.is("slice")) {
                        bail();
                    }
                    c = typeOf(c);
                }
                params.add(c);
            }
            SyntaxNode base = e.children.get(0);
            base.field = null;
            SyntaxNode generic = node("generic_type", base, node("type_parameter", params));
            return node("type", generic);
        }
        return node("type", e);
    }
}
