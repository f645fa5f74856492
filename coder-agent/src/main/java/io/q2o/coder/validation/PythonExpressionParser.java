package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * The expression grammar of {@link PythonParser}: a recursive-descent parser over
 * {@link PythonTokenizer}'s tokens that builds {@link SyntaxNode}s shaped like tree-sitter-python's
 * (same node types, field names and spans), so every rule reads the same tree on either path.
 *
 * <p>Design: precedence climbing along CPython's grammar (lambda, conditional, or, and, not,
 * comparison, bitwise, shift, arithmetic, unary, power, await, primary, atom). Whatever it does
 * not know — or any syntax error — throws {@link PythonTokenCursor.Bail}, and the caller falls back to tree-sitter:
 * this parser only has to be right on what it accepts, and strict, never lenient.
 *
 * <p>Length: one file on purpose — each precedence level calls the next, and the chain reads (and
 * is checked against CPython's grammar) as one unit; atoms, patterns and statements live apart.
 */
abstract class PythonExpressionParser extends PythonTokenCursor {

    PythonExpressionParser(ParsedSource src, PythonTokenizer.Tokens tokens, int delta) {
        super(src, tokens, delta);
    }

    /** Assignment or loop targets up to {@code stop} (see {@link PythonPatternParser}). */
    abstract SyntaxNode targets(String stop);

    /** A {@code def}'s or {@code lambda}'s parameters (see {@link PythonPatternParser}). */
    abstract SyntaxNode parameterList(String type, String close, boolean annotations);

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

    /** An atom: a name, number, string, bracketed display or comprehension (see {@link PythonAtomParser}). */
    abstract SyntaxNode atom();

    /** {@code yield}, {@code yield x, y}, {@code yield from x} (see {@link PythonAtomParser}). */
    abstract SyntaxNode yieldExpression();
}
