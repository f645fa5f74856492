package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * A fast Python parser: builds the syntax tree of a file that {@link PythonTokenizer} and
 * {@link PythonLines} found no error in, in tree-sitter-python's shape (node types, field names,
 * spans), from the tokens already made — about a tenth of the time of tree-sitter through JNI.
 *
 * <p>Design: it is strict and gives up instead of guessing. On a syntax error, or on a construct
 * it does not build (match statements, PEP 695 type parameters and aliases, {@code except*},
 * parenthesized with-items, self-documenting f-string fields…), {@link #parse} returns
 * {@code null} and the caller parses with tree-sitter, whose error nodes locate the error. So a
 * file it accepts is valid Python, and every file it does not is handled exactly as before.
 * {@code PythonParserEquivalenceTest} checks that both paths give the same report.
 * Comments become {@code comment} nodes in the innermost node around them; backslash line
 * continuations and escape sequences are not represented (no rule reads them).
 */
final class PythonParser extends PythonExpressionParser {

    private PythonParser(ParsedSource src, PythonTokenizer.Tokens tokens) {
        super(src, tokens, 0);
    }

    /**
     * @param src the source (its text and line index)
     * @param tok its tokens, free of tokenizer errors
     * @return the {@code module} node, or {@code null} when this parser does not handle the file
     */
    static SyntaxNode parse(ParsedSource src, PythonTokenizer tok) {
        if (tok.error != null || src.text.startsWith("\uFEFF") || src.text.indexOf('\0') >= 0) {
            return null; // CPython rejects NUL bytes; tree-sitter's error node reports them
        }
        PythonParser p = new PythonParser(src, tok.tokens);
        try {
            SyntaxNode module = named(src, "module", 0, src.text.length());
            List<SyntaxNode> body = new ArrayList<>();
            while (p.kind() != PythonTokenizer.ENDMARKER) {
                p.statement(body);
            }
            for (SyntaxNode c : body) {
                c.parent = module;
                module.children.add(c);
            }
            comments(src, module, tok.comments);
            return module;
        } catch (Bail | IndexOutOfBoundsException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ statements

    private void statement(List<SyntaxNode> out) {
        if (kind() == PythonTokenizer.NAME) {
            if (isKw("if")) {
                out.add(ifStatement());
                return;
            }
            if (isKw("while")) {
                out.add(whileStatement());
                return;
            }
            if (isKw("for")) {
                out.add(forStatement(null));
                return;
            }
            if (isKw("try")) {
                out.add(tryStatement());
                return;
            }
            if (isKw("with")) {
                out.add(withStatement(null));
                return;
            }
            if (isKw("def")) {
                out.add(functionDefinition(null));
                return;
            }
            if (isKw("class")) {
                out.add(classDefinition());
                return;
            }
            if (isKw("async")) {
                SyntaxNode async = leaf();
                out.add(isKw("def") ? functionDefinition(async) : isKw("for") ? forStatement(async)
                        : isKw("with") ? withStatement(async) : bail());
                return;
            }
        } else if (isOp("@")) {
            out.add(decorated());
            return;
        } else if (kind() == PythonTokenizer.INDENT || kind() == PythonTokenizer.DEDENT) {
            bail();
        }
        simpleStatements(out);
    }

    private void simpleStatements(List<SyntaxNode> out) {
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

    // ------------------------------------------------------------------ compound statements

    /** The suite after a colon: simple statements on the same line, or an indented block. */
    private SyntaxNode block() {
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

    private SyntaxNode elseClause() {
        SyntaxNode kw = leaf();
        SyntaxNode colon = expectOp(":");
        return node("else_clause", kw, colon, f("body", block()));
    }

    private SyntaxNode ifStatement() {
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(leaf());
        parts.add(f("condition", namedExpression()));
        parts.add(expectOp(":"));
        parts.add(f("consequence", block()));
        while (isKw("elif")) {
            SyntaxNode kw = leaf();
            SyntaxNode cond = f("condition", namedExpression());
            SyntaxNode colon = expectOp(":");
            parts.add(f("alternative", node("elif_clause", kw, cond, colon, f("consequence", block()))));
        }
        if (isKw("else")) {
            parts.add(f("alternative", elseClause()));
        }
        return node("if_statement", parts);
    }

    private SyntaxNode whileStatement() {
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(leaf());
        parts.add(f("condition", namedExpression()));
        parts.add(expectOp(":"));
        parts.add(f("body", block()));
        if (isKw("else")) {
            parts.add(f("alternative", elseClause()));
        }
        return node("while_statement", parts);
    }

    private SyntaxNode forStatement(SyntaxNode async) {
        List<SyntaxNode> parts = new ArrayList<>();
        if (async != null) {
            parts.add(async);
        }
        parts.add(leaf());
        parts.add(f("left", targets("in")));
        parts.add(expectKw("in"));
        parts.add(f("right", expressions()));
        parts.add(expectOp(":"));
        parts.add(f("body", block()));
        if (isKw("else")) {
            parts.add(f("alternative", elseClause()));
        }
        return node("for_statement", parts);
    }

    private SyntaxNode asPattern(SyntaxNode value) {
        SyntaxNode as = leaf();
        SyntaxNode alias = f("alias", node("as_pattern_target", identifier()));
        return node("as_pattern", value, as, alias);
    }

    private SyntaxNode tryStatement() {
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(leaf());
        parts.add(expectOp(":"));
        parts.add(f("body", block()));
        int handlers = 0;
        boolean bare = false;
        while (isKw("except")) {
            if (bare || isOpAt(i + 1, "*")) {
                bail(); // default 'except:' must be last; except* groups
            }
            List<SyntaxNode> clause = new ArrayList<>();
            clause.add(leaf());
            if (!isOp(":")) {
                SyntaxNode value = expression();
                clause.add(f("value", isKw("as") ? asPattern(value) : value));
            } else {
                bare = true;
            }
            clause.add(expectOp(":"));
            clause.add(block());
            parts.add(node("except_clause", clause));
            handlers++;
        }
        if (isKw("else")) {
            if (handlers == 0) {
                bail();
            }
            parts.add(elseClause());
        }
        if (isKw("finally")) {
            SyntaxNode kw = leaf();
            SyntaxNode colon = expectOp(":");
            parts.add(node("finally_clause", kw, colon, block()));
        } else if (handlers == 0) {
            bail();
        }
        return node("try_statement", parts);
    }

    private SyntaxNode withStatement(SyntaxNode async) {
        List<SyntaxNode> parts = new ArrayList<>();
        if (async != null) {
            parts.add(async);
        }
        parts.add(leaf());
        if (isOp("(")) {
            bail(); // parenthesized with-items or a parenthesized expression: tree-sitter decides
        }
        List<SyntaxNode> items = new ArrayList<>();
        while (true) {
            SyntaxNode value = expression();
            items.add(node("with_item", f("value", isKw("as") ? asPattern(value) : value)));
            if (!isOp(",")) {
                break;
            }
            items.add(leaf());
        }
        parts.add(node("with_clause", items));
        parts.add(expectOp(":"));
        parts.add(f("body", block()));
        return node("with_statement", parts);
    }

    private SyntaxNode functionDefinition(SyntaxNode async) {
        List<SyntaxNode> parts = new ArrayList<>();
        if (async != null) {
            parts.add(async);
        }
        parts.add(leaf());
        parts.add(f("name", identifier()));
        if (isOp("[")) {
            bail();
        }
        parts.add(f("parameters", parameterList("parameters", ")", true)));
        if (isOp("->")) {
            parts.add(leaf());
            parts.add(f("return_type", type()));
        }
        parts.add(expectOp(":"));
        parts.add(f("body", block()));
        return node("function_definition", parts);
    }

    private SyntaxNode classDefinition() {
        List<SyntaxNode> parts = new ArrayList<>();
        parts.add(leaf());
        parts.add(f("name", identifier()));
        if (isOp("[")) {
            bail();
        }
        if (isOp("(")) {
            SyntaxNode args = callArguments();
            if (!args.is("argument_list")) {
                bail(); // class C(x for x in y)
            }
            parts.add(f("superclasses", args));
        }
        parts.add(expectOp(":"));
        parts.add(f("body", block()));
        return node("class_definition", parts);
    }

    private SyntaxNode decorated() {
        List<SyntaxNode> parts = new ArrayList<>();
        while (isOp("@")) {
            SyntaxNode at = leaf();
            parts.add(node("decorator", at, namedExpression()));
            if (kind() != PythonTokenizer.NEWLINE) {
                bail();
            }
            i++;
        }
        SyntaxNode def;
        if (isKw("def")) {
            def = functionDefinition(null);
        } else if (isKw("class")) {
            def = classDefinition();
        } else if (isKw("async") && isKwAt(i + 1, "def")) {
            SyntaxNode async = leaf();
            def = functionDefinition(async);
        } else {
            def = bail();
        }
        parts.add(f("definition", def));
        return node("decorated_definition", parts);
    }

    private boolean isKwAt(int k, String kw) {
        return k < t.size && t.kind[k] == PythonTokenizer.NAME && canon[k] == kw;
    }

    // ------------------------------------------------------------------ comments

    /** Puts each comment into the innermost node whose span holds it, among its children in source order. */
    private static void comments(ParsedSource src, SyntaxNode root, PythonTokenizer.Comments comments) {
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
