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
 *
 * <p>Length: the statement grammar, one method per statement form, kept together like CPython's
 * grammar file; expressions, atoms and patterns have their own classes.
 */
final class PythonParser extends PythonStatementParser {

    private PythonParser(ParsedSource src, PythonTokenizer.Tokens tokens) {
        super(src, tokens);
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
        } catch (RuntimeException | StackOverflowError e) {
            // Bail, or anything unforeseen (an expression nested thousands deep): tree-sitter's
            // iterative parser takes the file, so no input makes validation fail here
            return null;
        }
    }

    // ------------------------------------------------------------------ statements

    @Override
    void statement(List<SyntaxNode> out) {
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

    // ------------------------------------------------------------------ compound statements

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
}
