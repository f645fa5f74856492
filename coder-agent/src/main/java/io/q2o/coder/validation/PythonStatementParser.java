package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Simple statements, suites and comments for {@link PythonParser}, in tree-sitter-python's
 * shape: {@code expression_statement} (with {@code assignment} chains nested to the right,
 * annotated and {@code augmented_assignment}), {@code return}/{@code del}/{@code raise}/
 * {@code global}/{@code nonlocal}/{@code assert}/{@code pass}/{@code break}/{@code continue}
 * statements, the three import forms, and {@code block}s. Soft-keyword and Python 2 statements
 * ({@code match}, {@code type}, {@code print x}) give up, for tree-sitter.
 */
abstract class PythonStatementParser extends PythonPatternParser {

    PythonStatementParser(ParsedSource src, PythonTokenizer.Tokens tokens) {
        super(src, tokens, 0);
    }

    /** One statement, simple or compound, appended to {@code out} (see {@link PythonParser}). */
    abstract void statement(List<SyntaxNode> out);

    void simpleStatements(List<SyntaxNode> out) {
        while (true) {
            out.add(simple());
            if (!isOp(";")) {
                break;
            }
            out.add(leaf());
            if (kind() == PythonTokenizer.NEWLINE) {
                break;
            }
        }
        if (kind() != PythonTokenizer.NEWLINE) {
            bail();
        }
        i++;
    }

    private SyntaxNode simple() {
        if (kind() == PythonTokenizer.NAME) {
            int st = tokStart();
            switch (s.substring(st, tokEnd())) {
                case "pass": return node("pass_statement", leaf());
                case "break": return node("break_statement", leaf());
                case "continue": return node("continue_statement", leaf());
                case "return": {
                    SyntaxNode kw = leaf();
                    return startsExpression() ? node("return_statement", kw, expressions()) : node("return_statement", kw);
                }
                case "del": {
                    SyntaxNode kw = leaf();
                    SyntaxNode targets = expressions();
                    for (SyntaxNode x : targets.is("expression_list") ? targets.namedChildren() : List.of(targets)) {
                        deletable(x);
                    }
                    return node("delete_statement", kw, targets);
                }
                case "raise": {
                    List<SyntaxNode> parts = new ArrayList<>();
                    parts.add(leaf());
                    if (startsExpression()) {
                        parts.add(expressions());
                        if (isKw("from")) {
                            parts.add(leaf());
                            parts.add(f("cause", expression()));
                        }
                    }
                    return node("raise_statement", parts);
                }
                case "global":
                case "nonlocal": {
                    List<SyntaxNode> parts = new ArrayList<>();
                    String type = isKw("global") ? "global_statement" : "nonlocal_statement";
                    parts.add(leaf());
                    parts.add(identifier());
                    while (isOp(",")) {
                        parts.add(leaf());
                        parts.add(identifier());
                    }
                    return node(type, parts);
                }
                case "assert": {
                    List<SyntaxNode> parts = new ArrayList<>();
                    parts.add(leaf());
                    parts.add(expression());
                    if (isOp(",")) {
                        parts.add(leaf());
                        parts.add(expression());
                    }
                    return node("assert_statement", parts);
                }
                case "import":
                    return importStatement();
                case "from":
                    return fromImport();
                case "match":
                case "type":
                case "case":
                case "print":
                case "exec":
                    if (i + 1 < t.size && !isOpAt(i + 1, "=") && !isOpAt(i + 1, ".") && !isOpAt(i + 1, "(")
                            && !isOpAt(i + 1, ",") && t.kind[i + 1] != PythonTokenizer.NEWLINE) {
                        bail(); // soft keyword statements and Python 2 statements: tree-sitter's job
                    }
                    break;
                default:
                    break;
            }
        }
        return expressionStatement();
    }

    private void deletable(SyntaxNode x) {
        switch (x.type) {
            case "identifier":
            case "attribute":
            case "subscript":
                return;
            case "tuple":
            case "list":
                for (SyntaxNode c : x.namedChildren()) {
                    deletable(c);
                }
                return;
            default:
                bail();
        }
    }

    private static final java.util.Set<String> AUGMENTED = java.util.Set.of("+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=",
            "|=", "^=", ">>=", "<<=", "**=");

    private SyntaxNode expressionStatement() {
        if (isKw("yield")) {
            return node("expression_statement", yieldExpression());
        }
        List<SyntaxNode> items = commaList();
        if (isOp("=")) {
            return node("expression_statement", assignment(items));
        }
        if (isOp(":") && items.size() == 1) {
            SyntaxNode left = simpleTarget(items.get(0));
            SyntaxNode colon = leaf();
            SyntaxNode type = f("type", type());
            if (!isOp("=")) {
                return node("expression_statement", node("assignment", f("left", left), colon, type));
            }
            SyntaxNode eq = leaf();
            SyntaxNode right = f("right", isKw("yield") ? yieldExpression() : expressions());
            return node("expression_statement", node("assignment", f("left", left), colon, type, eq, right));
        }
        if (kind() == PythonTokenizer.OP && items.size() == 1 && canon[i] != null && AUGMENTED.contains(canon[i])) {
            SyntaxNode left = simpleTarget(items.get(0));
            SyntaxNode op = f("operator", leaf());
            SyntaxNode right = f("right", isKw("yield") ? yieldExpression() : expressions());
            return node("expression_statement", node("augmented_assignment", f("left", left), op, right));
        }
        if (items.size() == 1 && items.get(0).is("list_splat")) {
            bail();
        }
        return node("expression_statement", items);
    }

    private SyntaxNode simpleTarget(SyntaxNode e) {
        if (!e.is("identifier") && !e.is("attribute") && !e.is("subscript")) {
            bail();
        }
        return e;
    }

    /** {@code a = b = c}: tree-sitter nests the chain to the right. */
    private SyntaxNode assignment(List<SyntaxNode> leftItems) {
        SyntaxNode left = f("left", target(leftItems.size() == 1 ? leftItems.get(0) : node("expression_list", leftItems)));
        SyntaxNode eq = leaf();
        SyntaxNode right;
        if (isKw("yield")) {
            right = yieldExpression();
        } else {
            List<SyntaxNode> items = commaList();
            if (isOp("=")) {
                right = assignment(items);
            } else {
                if (items.size() == 1 && items.get(0).is("list_splat")) {
                    bail();
                }
                right = items.size() == 1 ? items.get(0) : node("expression_list", items);
            }
        }
        return node("assignment", left, eq, f("right", right));
    }

    private SyntaxNode dottedName() {
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(identifier());
        while (isOp(".")) {
            parts.add(leaf());
            parts.add(identifier());
        }
        return node("dotted_name", parts);
    }

    private void importNames(List<SyntaxNode> parts, boolean dotted) {
        while (true) {
            SyntaxNode name = dotted ? dottedName() : node("dotted_name", identifier());
            if (isKw("as")) {
                SyntaxNode as = leaf();
                parts.add(f("name", node("aliased_import", f("name", name), as, f("alias", identifier()))));
            } else {
                parts.add(f("name", name));
            }
            if (!isOp(",")) {
                return;
            }
            parts.add(leaf());
            if (!dotted && (isOp(")") || kind() == PythonTokenizer.NEWLINE)) {
                return;
            }
        }
    }

    private SyntaxNode importStatement() {
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(leaf());
        importNames(parts, true);
        return node("import_statement", parts);
    }

    private SyntaxNode fromImport() {
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(leaf());
        boolean future = false;
        if (isOp(".")) {
            List<SyntaxNode> dots = new ArrayList<>();
            while (isOp(".")) {
                dots.add(leaf());
            }
            SyntaxNode prefix = node("import_prefix", dots);
            parts.add(f("module_name", isKw("import") ? node("relative_import", prefix) : node("relative_import", prefix, dottedName())));
        } else if (isKw("__future__")) {
            future = true;
            parts.add(leaf());
        } else {
            parts.add(f("module_name", dottedName()));
        }
        parts.add(expectKw("import"));
        if (isOp("*")) {
            if (future) {
                bail();
            }
            parts.add(node("wildcard_import", leaf()));
        } else if (isOp("(")) {
            parts.add(leaf());
            importNames(parts, false);
            parts.add(expectOp(")"));
        } else {
            importNames(parts, false);
            if (isOp(")") || parts.get(parts.size() - 1).is(",")) {
                bail(); // a trailing comma needs parentheses
            }
        }
        return node(future ? "future_import_statement" : "import_from_statement", parts);
    }

    // ------------------------------------------------------------------ suites

    /** The suite after a colon: simple statements on the same line, or an indented block. */
    SyntaxNode block() {
        List<SyntaxNode> stmts = new ArrayList<>();
        if (kind() == PythonTokenizer.NEWLINE) {
            i++;
            if (kind() != PythonTokenizer.INDENT) {
                bail();
            }
            i++;
            while (kind() != PythonTokenizer.DEDENT) {
                if (kind() == PythonTokenizer.ENDMARKER) {
                    bail();
                }
                statement(stmts);
            }
            i++;
        } else {
            simpleStatements(stmts);
        }
        return node("block", stmts);
    }

    // ------------------------------------------------------------------ comments

    /** Puts each comment into the innermost node whose span holds it, among its children in source order. */
    static void comments(ParsedSource src, SyntaxNode root, PythonTokenizer.Comments comments) {
        for (int k = 0; k < comments.size; k++) {
            int cs = comments.start[k];
            int ce = comments.end[k];
            SyntaxNode host = root;
            descend:
            while (true) {
                List<SyntaxNode> ch = host.children;
                int lo = 0;
                int hi = ch.size() - 1;
                while (lo <= hi) { // the last child starting at or before the comment
                    int mid = (lo + hi) >>> 1;
                    if (ch.get(mid).start <= cs) {
                        lo = mid + 1;
                    } else {
                        hi = mid - 1;
                    }
                }
                if (hi >= 0) {
                    SyntaxNode c = ch.get(hi);
                    if (c.end > cs && !c.children.isEmpty()) {
                        host = c;
                        continue descend;
                    }
                }
                SyntaxNode comment = named(src, "comment", cs, ce);
                comment.parent = host;
                ch.add(hi + 1, comment);
                break;
            }
        }
    }
}
