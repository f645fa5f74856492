package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Atoms for {@link PythonParser}, in tree-sitter-python's shape: names ({@code none},
 * {@code true}, {@code false} for the constants), {@code integer}/{@code float}, strings
 * ({@link PythonStrings}; adjacent ones as {@code concatenated_string}), {@code tuple},
 * {@code parenthesized_expression}, {@code list}, {@code set}, {@code dictionary} with
 * {@code pair}s, the four comprehensions, {@code ellipsis} and {@code yield}.
 */
abstract class PythonAtomParser extends PythonExpressionParser {

    PythonAtomParser(ParsedSource src, PythonTokenizer.Tokens tokens, int delta) {
        super(src, tokens, delta);
    }

    // ------------------------------------------------------------------ atoms

    @Override
    SyntaxNode atom() {
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
    @Override
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
}
