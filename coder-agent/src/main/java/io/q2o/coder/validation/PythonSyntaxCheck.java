package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which syntax error a Python file has, the way CPython 3.11 decides which one to
 * report: one error, on CPython's line, with CPython's wording where we know it.
 *
 * <p>Design: three sources of evidence, merged by CPython's own precedence rules.
 * <ol>
 *   <li>{@link PythonTokenizer} — errors CPython's tokenizer raises (strings, brackets,
 *       dedent, tabs, characters, numbers);</li>
 *   <li>parser-level errors: {@link PythonLines} on the logical lines, tree-sitter's ERROR and
 *       MISSING nodes ({@link TreeSyntax}; none when {@link PythonParser} built the tree, which it
 *       does only for a file it accepts), and the parse-level rules of {@link PythonSyntax};</li>
 *   <li>compile-phase errors of {@link PythonSyntax} ({@code 'return' outside function},
 *       duplicate arguments…), which CPython reports only for a file that parses.</li>
 * </ol>
 * CPython's parser pulls tokens lazily, so a parser error before the tokenizer's error wins —
 * but only a <em>specific</em> one ("expected ':'", "unexpected indent"…): on a generic
 * "invalid syntax" CPython tokenizes the rest of the file and reports a tokenizer error found
 * there instead, if that error is raised as an exception (strings, unmatched brackets, characters,
 * literals — not indentation), or if it is a bracket never closed that opened on an earlier line
 * (that is why an unclosed bracket is reported where it opens; tree-sitter tends to place its
 * error at the start of the statement holding the bracket, so there the same line counts too). Among the parser-level errors
 * the logical-line checks win (their placement is exact), else the earliest; tree-sitter's
 * errors count as generic.
 */
final class PythonSyntaxCheck {
    private PythonSyntaxCheck() {
    }

    private record Candidate(Finding finding, boolean specific, int rank) {
    }

    /** Adds the file's syntax findings to {@code out}: one parse error, or else every compile-phase error. */
    static void check(ParsedSource src, List<Finding> out) {
        PythonTokenizer tok = PythonTokenizer.tokenize(src.text);
        check(src, tok, PythonLines.check(src.text, tok.tokens, tok.error == null), out);
    }

    /**
     * The same with the tokenizer's and the logical-line pass's results already at hand.
     *
     * @param tok {@code PythonTokenizer.tokenize(src.text)}
     * @param li  {@code PythonLines.check(src.text, tok.tokens, tok.error == null)}
     */
    static void check(ParsedSource src, PythonTokenizer tok, PythonLines.Issue li, List<Finding> out) {
        PythonTokenizer.Error te = tok.error;

        Candidate parser = null;
        if (li != null) {
            int[] p = src.position(li.offset());
            parser = new Candidate(error(li.rule(), message(li.rule(), li.message()), p), li.specific(), 0);
        }
        List<Finding> semantic = new ArrayList<>();
        PythonSyntax.check(src, semantic);
        List<Finding> compilePhase = new ArrayList<>();
        for (Finding f : semantic) {
            if (compilePhase(f)) {
                compilePhase.add(f);
            } else {
                parser = earlier(parser, new Candidate(f, true, 1));
            }
        }
        for (Finding f : TreeSyntax.findings(src)) {
            parser = earlier(parser, new Candidate(f, false, 2));
        }

        if (te != null) {
            int[] p = src.position(te.offset());
            Finding tf = error(te.rule(), message(te.rule(), te.message()), p);
            boolean parserFirst = parser != null && before(parser.finding, tf);
            boolean tokenizerWins = !parserFirst || !parser.specific
                    && (te.overrides() || te.unclosed() && (tf.line() < parser.finding.line()
                    || parser.rank == 2 && tf.line() == parser.finding.line()));
            out.add(tokenizerWins ? tf : parser.finding);
            return;
        }
        if (parser != null) {
            out.add(parser.finding);
            return;
        }
        out.addAll(compilePhase);
    }

    private static boolean compilePhase(Finding f) {
        return f.ruleId().equals("syntax.context") || f.message().startsWith("duplicate argument");
    }

    private static Candidate earlier(Candidate a, Candidate b) {
        if (a == null) {
            return b;
        }
        if (a.rank == 0) {
            return a; // the logical-line checks place their error precisely; tree-sitter's placement is a guess
        }
        Finding x = a.finding;
        Finding y = b.finding;
        if (y.line() != x.line()) {
            return y.line() < x.line() ? b : a;
        }
        return b.rank < a.rank ? b : a;
    }

    private static boolean before(Finding a, Finding b) {
        return a.line() < b.line() || a.line() == b.line() && a.column() < b.column();
    }

    private static String message(String rule, String msg) {
        switch (rule) {
            case "syntax.indentation": return "IndentationError: " + msg;
            case "syntax.tab": return "TabError: " + msg;
            default: return msg;
        }
    }

    private static Finding error(String rule, String message, int[] pos) {
        return new Finding(Category.SYNTAX, Severity.ERROR, rule, message, pos[0], pos[1]);
    }
}
