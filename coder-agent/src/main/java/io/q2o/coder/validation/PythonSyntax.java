package io.q2o.coder.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Python syntax rules that CPython enforces but tree-sitter-python's forgiving grammar accepts,
 * checked on the tree: Python 2 {@code print} and
 * {@code exec} statements, {@code return}/{@code yield}/{@code await} outside a function,
 * {@code break}/{@code continue} outside a loop, {@code async for/with} outside an async function,
 * {@code nonlocal} at module level, duplicate or misordered parameters, and misordered or
 * repeated call arguments.
 *
 * <p>Why this file is over 400 lines: it is one rule per CPython syntax error that the grammar
 * accepts, each next to CPython's exact wording, so the messages can be compared with CPython's
 * line by line; the rules share the walk's scope tracking (function, loop, async).
 */
final class PythonSyntax {
    private PythonSyntax() {
    }

    /** Adds the findings of the rules above that the tree shows (indentation is {@link PythonTokenizer}'s). */
    static void check(ParsedSource src, List<Finding> out) {
        semantics(src, out);
    }

    private static void error(List<Finding> out, String rule, String message, int line, int column) {
        out.add(new Finding(Category.SYNTAX, Severity.ERROR, rule, message, line, column));
    }

    // ------------------------------------------------------------------ statement context rules

    /** Statement context; {@code uncertain} inside ERROR nodes, where the tree's nesting cannot be trusted. */
    private record Ctx(boolean function, boolean async, boolean loop, boolean classBody, boolean uncertain) {
    }

    private static void semantics(ParsedSource src, List<Finding> out) {
        // two parallel stacks (node, context) instead of an object per visited node
        SyntaxNode[] nodes = new SyntaxNode[64];
        Ctx[] contexts = new Ctx[64];
        int top = 0;
        nodes[0] = src.root;
        contexts[0] = new Ctx(false, false, false, false, false);
        top = 1;
        while (top > 0) {
            top--;
            SyntaxNode n = nodes[top];
            Ctx c = contexts[top];
            nodes[top] = null;
            int room = top + n.children.size();
            if (room > nodes.length) {
                nodes = java.util.Arrays.copyOf(nodes, Math.max(room, nodes.length * 2));
                contexts = java.util.Arrays.copyOf(contexts, nodes.length);
            }
            if (c.uncertain) {
                for (SyntaxNode child : n.children) {
                    nodes[top] = child;
                    contexts[top++] = c;
                }
                continue;
            }
            switch (n.named ? n.type : "") {
                case "print_statement":
                    if (n.firstNamedChild("chevron") != null) {
                        break; // `print >> f, x` is a (useless) Python 3 expression, not a syntax error
                    }
                    error(out, "syntax.python2", "Missing parentheses in call to 'print'. Did you mean print(...)?", n.line(), n.column());
                    break;
                case "exec_statement":
                    error(out, "syntax.python2", "Missing parentheses in call to 'exec'. Did you mean exec(...)?", n.line(), n.column());
                    break;
                case "return_statement":
                    if (!c.function) {
                        error(out, "syntax.context", "'return' outside function", n.line(), n.column());
                    }
                    break;
                case "yield":
                    if (!c.function && !insideComprehension(n)) {
                        error(out, "syntax.context", "'yield' outside function", n.line(), n.column());
                    }
                    break;
                case "await":
                    if (insideGenerator(n)) {
                        break; // an await in a generator expression makes it an async generator (3.7+)
                    }
                    if (!c.function) {
                        error(out, "syntax.context", "'await' outside function", n.line(), n.column());
                    } else if (!c.async) {
                        error(out, "syntax.context", "'await' outside async function", n.line(), n.column());
                    }
                    break;
                case "break_statement":
                    if (!c.loop) {
                        error(out, "syntax.context", "'break' outside loop", n.line(), n.column());
                    }
                    break;
                case "continue_statement":
                    if (!c.loop) {
                        error(out, "syntax.context", "'continue' not properly in loop", n.line(), n.column());
                    }
                    break;
                case "nonlocal_statement":
                    if (!c.function && !c.classBody) {
                        error(out, "syntax.context", "nonlocal declaration not allowed at module level", n.line(), n.column());
                    }
                    break;
                case "parameters":
                case "lambda_parameters":
                    parameters(n, out);
                    break;
                case "argument_list":
                    arguments(n, out);
                    break;
                case "list_splat":
                case "dictionary_splat":
                    if (n.parent != null && starForbidden(n)) {
                        error(out, "syntax.starred", "cannot use starred expression here", n.line(), n.column());
                    }
                    break;
                case "try_statement":
                    if (!n.hasChildType("except_clause") && !n.hasChildType("except_group_clause")
                            && !n.hasChildType("finally_clause")) {
                        int[] pos = nextTokenPosition(src, n);
                        error(out, "syntax.try", "expected 'except' or 'finally' block", pos[0], pos[1]);
                    }
                    break;
                case "for_statement":
                case "with_statement":
                    if (n.hasChildType("async") && !c.async) {
                        error(out, "syntax.context", "'async " + (n.is("for_statement") ? "for" : "with")
                                + "' outside async function", n.line(), n.column());
                    }
                    break;
                case "integer":
                    if (n.end - n.start > 1 && n.source.text.charAt(n.start) == '0' && LEADING_ZEROS.matcher(n.text()).matches()) {
                        error(out, "syntax.literal", "leading zeros in decimal integer literals are not permitted; "
                                + "use an 0o prefix for octal integers", n.line(), n.column());
                    }
                    break;
                case "comparison_operator":
                    for (SyntaxNode op : n.children) {
                        if (!op.named && op.is("<>")) {
                            error(out, "syntax.python2", "invalid syntax: '<>' is Python 2; use '!='", op.line(), op.column());
                        }
                    }
                    break;
                case "string_start": {
                    String prefix = stringPrefix(n.text());
                    if (prefix.contains("u") && prefix.length() > 1) {
                        error(out, "syntax.literal", "invalid string prefix '" + prefix + "'", n.line(), n.column());
                    }
                    break;
                }
                case "type_conversion":
                    if (!n.text().matches("![sra]")) {
                        error(out, "syntax.fstring", "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                                n.line(), n.column());
                    }
                    break;
                case "delete_statement":
                    for (SyntaxNode t : n.namedChildren()) {
                        for (SyntaxNode x : t.is("expression_list") ? t.namedChildren() : List.of(t)) {
                            if (x.is("call")) {
                                error(out, "syntax.target", "cannot delete function call", x.line(), x.column());
                            }
                        }
                    }
                    break;
                case "augmented_assignment": {
                    SyntaxNode left = n.field("left");
                    if (left != null && (left.is("pattern_list") || left.is("tuple") || left.is("list")
                            || left.is("tuple_pattern") || left.is("list_pattern") || left.is("expression_list"))) {
                        error(out, "syntax.target", "illegal expression for augmented assignment", left.line(), left.column());
                    }
                    break;
                }
                case "import_from_statement":
                    if (n.firstNamedChild("wildcard_import") != null && (c.function || c.classBody)) {
                        error(out, "syntax.context", "import * only allowed at module level", n.line(), n.column());
                    }
                    break;
                case "function_definition":
                    if (n.hasChildType("async")) {
                        asyncGeneratorReturn(n, out);
                    }
                    break;
                default:
                    break;
            }
            if (n.named && n.is("yield")) {
                SyntaxNode below = n;
                for (SyntaxNode p = n.parent; p != null; below = p, p = p.parent) {
                    if (p.is("function_definition") || p.is("lambda")) {
                        break;
                    }
                    if ((p.is("list_comprehension") || p.is("set_comprehension") || p.is("dictionary_comprehension")
                            || p.is("generator_expression")) && !inFirstIterable(p, below)) {
                        error(out, "syntax.context", "'yield' inside " + p.type.replace('_', ' '), n.line(), n.column());
                        break;
                    }
                }
            }
            for (int i = n.children.size() - 1; i >= 0; i--) {
                SyntaxNode child = n.children.get(i);
                nodes[top] = child;
                contexts[top++] = childContext(n, child, c);
            }
        }
    }

    private static final java.util.regex.Pattern LEADING_ZEROS = java.util.regex.Pattern.compile("0+[0-9_]*[1-9][0-9_]*");

    /** The prefix of a string's start ({@code rb"} → {@code rb}), lower case. */
    private static String stringPrefix(String start) {
        int e = start.length();
        while (e > 0 && (start.charAt(e - 1) == '\'' || start.charAt(e - 1) == '"')) {
            e--;
        }
        return e == 0 ? "" : start.substring(0, e).toLowerCase(java.util.Locale.ROOT);
    }

    /** Parents under which {@code *x} / {@code **x} is never valid. */
    private static final Set<String> STAR_FORBIDDEN = Set.of("unary_operator", "not_operator", "parenthesized_expression",
            "keyword_argument", "conditional_expression", "await", "augmented_assignment");

    /**
     * Whether a starred expression is out of place. tree-sitter binds {@code *} tighter than
     * Python does ({@code [*a.b + c]} becomes {@code (*a).b + c}), so a star as the left operand
     * of an operator or the object of an attribute may be valid and is not reported.
     */
    private static boolean starForbidden(SyntaxNode star) {
        SyntaxNode p = star.parent;
        if (STAR_FORBIDDEN.contains(p.type)) {
            return true;
        }
        if (p.is("binary_operator") || p.is("boolean_operator")) {
            return "right".equals(star.field);
        }
        if (p.is("comparison_operator")) {
            return p.namedChildren().indexOf(star) > 0;
        }
        return p.is("assignment") && "right".equals(star.field);
    }

    /** Position of the first token after a node (where CPython reports a missing continuation), else its last line. */
    private static int[] nextTokenPosition(ParsedSource src, SyntaxNode n) {
        for (int i = n.end; i < src.text.length(); i++) {
            char ch = src.text.charAt(i);
            if (!Character.isWhitespace(ch)) {
                return src.position(i);
            }
        }
        return new int[] {Math.min(n.endLine() + 1, src.lineCount()), 1};
    }

    private static Ctx childContext(SyntaxNode parent, SyntaxNode child, Ctx c) {
        if (child.error) {
            return new Ctx(c.function, c.async, c.loop, c.classBody, true);
        }
        boolean body = "body".equals(child.field);
        switch (parent.type) {
            case "function_definition":
                return body ? new Ctx(true, parent.hasChildType("async"), false, false, false) : c;
            case "lambda":
                return body ? new Ctx(true, false, false, false, false) : c;
            case "class_definition":
                return body ? new Ctx(false, false, false, true, false) : c;
            case "for_statement":
            case "while_statement":
                return body ? new Ctx(c.function, c.async, true, c.classBody, false) : c;
            default:
                return c;
        }
    }

    /**
     * Whether {@code child} (a child of a comprehension) is, or holds, the iterable of its first
     * {@code for}: that expression is evaluated in the enclosing scope.
     */
    private static boolean inFirstIterable(SyntaxNode comprehension, SyntaxNode child) {
        SyntaxNode firstFor = comprehension.firstNamedChild("for_in_clause");
        if (firstFor == null || child != firstFor) {
            return false;
        }
        return true;
    }

    private static boolean insideGenerator(SyntaxNode n) {
        for (SyntaxNode p = n.parent; p != null && !p.is("function_definition") && !p.is("lambda"); p = p.parent) {
            if (p.is("generator_expression")) {
                return true;
            }
        }
        return false;
    }

    private static boolean insideComprehension(SyntaxNode n) {
        for (SyntaxNode p = n.parent; p != null && !p.is("function_definition") && !p.is("lambda"); p = p.parent) {
            if (p.type.endsWith("_comprehension") || p.is("generator_expression")) {
                return true;
            }
        }
        return false;
    }

    /** {@code return value} in an async function that also yields (an async generator). */
    private static void asyncGeneratorReturn(SyntaxNode fn, List<Finding> out) {
        SyntaxNode body = fn.field("body");
        if (body == null) {
            return;
        }
        List<SyntaxNode> returns = new ArrayList<>();
        boolean yields = false;
        Deque<SyntaxNode> stack = new ArrayDeque<>();
        stack.push(body);
        while (!stack.isEmpty()) {
            SyntaxNode x = stack.pop();
            if (x.is("function_definition") || x.is("lambda") || x.is("class_definition")) {
                continue;
            }
            if (x.named && x.is("yield")) {
                yields = true;
            }
            if (x.is("return_statement") && !x.namedChildren().isEmpty()) {
                returns.add(x);
            }
            x.children.forEach(stack::push);
        }
        if (yields) {
            for (SyntaxNode r : returns) {
                error(out, "syntax.context", "'return' with value in async generator", r.line(), r.column());
            }
        }
    }

    static String paramName(SyntaxNode p) {
        switch (p.type) {
            case "identifier":
                return p.text();
            case "default_parameter":
            case "typed_default_parameter": {
                SyntaxNode name = p.field("name");
                return name == null ? null : name.text();
            }
            case "typed_parameter":
            case "list_splat_pattern":
            case "dictionary_splat_pattern":
                for (SyntaxNode c : p.namedChildren()) {
                    if (c.is("identifier")) {
                        return c.text();
                    }
                    if (c.is("list_splat_pattern") || c.is("dictionary_splat_pattern")) {
                        return paramName(c);
                    }
                }
                return null;
            default:
                return null;
        }
    }

    private static void parameters(SyntaxNode params, List<Finding> out) {
        List<SyntaxNode> ps = params.namedChildren().stream().filter(p -> !p.is("comment")).toList();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).is("keyword_separator")) {
                SyntaxNode next = i + 1 < ps.size() ? ps.get(i + 1) : null;
                if (next == null || next.is("dictionary_splat_pattern")
                        || next.is("typed_parameter") && next.firstNamedChild("dictionary_splat_pattern") != null) {
                    error(out, "syntax.parameters", "named arguments must follow bare *", ps.get(i).line(), ps.get(i).column());
                }
            }
        }
        Set<String> seen = new HashSet<>();
        boolean defaults = false;
        boolean star = false;
        for (SyntaxNode p : params.namedChildren()) {
            String name = paramName(p);
            switch (p.type) {
                case "keyword_separator":
                case "list_splat_pattern":
                    star = true;
                    break;
                case "default_parameter":
                case "typed_default_parameter":
                    defaults = true;
                    break;
                case "typed_parameter": {
                    SyntaxNode inner = p.namedChildren().isEmpty() ? null : p.namedChildren().get(0);
                    if (inner != null && inner.is("list_splat_pattern")) {
                        star = true;
                    } else if (inner != null && inner.is("identifier") && defaults && !star) {
                        error(out, "syntax.parameters", "parameter without a default follows parameter with a default",
                                p.line(), p.column());
                    }
                    break;
                }
                case "identifier":
                    if (defaults && !star) {
                        error(out, "syntax.parameters", "parameter without a default follows parameter with a default",
                                p.line(), p.column());
                    }
                    break;
                default:
                    break;
            }
            if (name != null && !seen.add(name)) {
                error(out, "syntax.parameters", "duplicate argument '" + name + "' in function definition", p.line(), p.column());
            }
        }
    }

    private static void arguments(SyntaxNode args, List<Finding> out) {
        List<SyntaxNode> all = args.namedChildren().stream().filter(a -> !a.is("comment")).toList();
        if (all.size() > 1) {
            for (SyntaxNode a : all) {
                if (a.is("generator_expression") && !a.text().startsWith("(")) {
                    error(out, "syntax.arguments", "Generator expression must be parenthesized", a.line(), a.column());
                }
            }
        }
        Set<String> keywords = new HashSet<>();
        boolean keyword = false;
        boolean kwUnpack = false;
        for (SyntaxNode a : args.namedChildren()) {
            switch (a.type) {
                case "comment":
                    break;
                case "keyword_argument": {
                    SyntaxNode name = a.field("name");
                    if (name != null && !keywords.add(name.text())) {
                        error(out, "syntax.arguments", "keyword argument repeated: " + name.text(), a.line(), a.column());
                    }
                    keyword = true;
                    break;
                }
                case "dictionary_splat":
                    kwUnpack = true;
                    break;
                case "list_splat":
                    if (kwUnpack) {
                        error(out, "syntax.arguments", "iterable argument unpacking follows keyword argument unpacking",
                                a.line(), a.column());
                    }
                    break;
                default:
                    if (kwUnpack) {
                        error(out, "syntax.arguments", "positional argument follows keyword argument unpacking", a.line(), a.column());
                    } else if (keyword) {
                        error(out, "syntax.arguments", "positional argument follows keyword argument", a.line(), a.column());
                    }
                    break;
            }
        }
    }
}
