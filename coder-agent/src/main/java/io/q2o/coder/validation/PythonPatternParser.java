package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Targets, parameters and annotations for {@link PythonParser}, in tree-sitter-python's shape:
 * assignment and loop targets are parsed as expressions and turned into patterns
 * ({@code pattern_list}, {@code tuple_pattern}, {@code list_pattern},
 * {@code list_splat_pattern}; anything not assignable gives up), parameters into
 * {@code parameters}/{@code lambda_parameters} with their typed and default forms, and
 * annotations into {@code type} nodes ({@code Name[...]} as {@code generic_type}).
 * Also the parser used alone for an f-string's replacement fields ({@link PythonStrings}).
 */
class PythonPatternParser extends PythonAtomParser {

    PythonPatternParser(ParsedSource src, PythonTokenizer.Tokens tokens, int delta) {
        super(src, tokens, delta);
    }

    // ------------------------------------------------------------------ targets and parameters

    /**
     * Assignment or loop targets up to {@code stop}: parsed as expressions, then turned into
     * tree-sitter's patterns ({@code pattern_list}, {@code tuple_pattern}, {@code list_pattern},
     * {@code list_splat_pattern}); anything not assignable bails.
     */
    @Override
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
    @Override
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
