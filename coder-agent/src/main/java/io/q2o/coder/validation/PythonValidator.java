package io.q2o.coder.validation;

import io.q2o.coder.Language;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates Python 3 on its tree-sitter syntax tree.
 *
 * <ol>
 *   <li><b>Syntax</b>: tree-sitter ERROR and MISSING nodes, plus the rules CPython enforces and
 *       the forgiving grammar does not (see {@link PythonSyntax}): indentation, Python 2
 *       statements, {@code return}/{@code break}/{@code await} out of place, parameter and
 *       argument order. What still slips through is listed in the module README.</li>
 *   <li><b>Required elements</b> as definitions and identifiers (see
 *       {@link io.q2o.coder.CodeComponent#requiredElements()}).</li>
 *   <li><b>Security</b>, on resolved calls (imports and aliases followed, built-ins only when not
 *       shadowed): {@code eval}, {@code exec}, {@code compile}, {@code __import__};
 *       {@code os.system}, {@code os.popen}; {@code subprocess.*} with {@code shell=True}
 *       (a non-literal {@code shell=} value is a warning), {@code subprocess.getoutput/getstatusoutput};
 *       {@code pickle.load(s)}; {@code marshal.load(s)}; {@code yaml.load}/{@code load_all}
 *       without a safe {@code Loader}, {@code yaml.unsafe_load}; hard-coded API keys in string
 *       literals and comments. Methods that merely share a name — {@code model.eval()},
 *       {@code re.compile()} — and the words in strings or comments are not flagged.</li>
 *   <li><b>Quality</b> measures: see {@link PythonQuality}.</li>
 * </ol>
 *
 * <p>Thread-safe; every call parses with its own native parser.
 */
public final class PythonValidator implements CodeValidator {

    private static final Set<String> DANGEROUS_BUILTINS = Set.of("eval", "exec", "compile", "__import__");
    private static final Set<String> SUBPROCESS_SHELL = Set.of("run", "call", "check_call", "check_output", "Popen");
    private static final Map<String, String[]> DIRECT = Map.ofEntries(
            Map.entry("os.system", new String[] {"security.os-system", "os.system() runs a shell command"}),
            Map.entry("os.popen", new String[] {"security.os-popen", "os.popen() runs a shell command"}),
            Map.entry("subprocess.getoutput", new String[] {"security.subprocess-shell", "subprocess.getoutput() always runs through the shell"}),
            Map.entry("subprocess.getstatusoutput", new String[] {"security.subprocess-shell", "subprocess.getstatusoutput() always runs through the shell"}),
            Map.entry("pickle.loads", new String[] {"security.pickle", "pickle.loads() can execute arbitrary code from its input"}),
            Map.entry("pickle.load", new String[] {"security.pickle", "pickle.load() can execute arbitrary code from its input"}),
            Map.entry("cPickle.loads", new String[] {"security.pickle", "cPickle.loads() can execute arbitrary code from its input"}),
            Map.entry("_pickle.loads", new String[] {"security.pickle", "_pickle.loads() can execute arbitrary code from its input"}),
            Map.entry("marshal.loads", new String[] {"security.marshal", "marshal.loads() on untrusted data is unsafe"}),
            Map.entry("marshal.load", new String[] {"security.marshal", "marshal.load() on untrusted data is unsafe"}),
            Map.entry("yaml.unsafe_load", new String[] {"security.yaml-load", "yaml.unsafe_load() can construct arbitrary objects"}),
            Map.entry("yaml.unsafe_load_all", new String[] {"security.yaml-load", "yaml.unsafe_load_all() can construct arbitrary objects"}));

    /** Creates the validator. */
    public PythonValidator() {
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.PYTHON);
    }

    @Override
    public boolean syntaxValid(String code, Language language) {
        check(language);
        ParsedSource src = ParsedSource.parse(code, language);
        List<Finding> out = new ArrayList<>();
        PythonSyntaxCheck.check(src, out);
        return out.stream().noneMatch(f -> f.severity() == Severity.ERROR);
    }

    private void check(Language language) {
        if (language != Language.PYTHON) {
            throw new IllegalArgumentException("PythonValidator cannot validate " + language);
        }
    }

    @Override
    public ValidationReport validate(String code, Language language, List<String> requiredElements) {
        Objects.requireNonNull(code, "code");
        check(language);
        ParsedSource src = ParsedSource.parse(code, language);
        List<Finding> findings = new ArrayList<>();
        PythonSyntaxCheck.check(src, findings);
        PythonNames names = PythonNames.of(src.root);
        security(src, names, findings);
        RequiredElements.check(index(src, names), requiredElements, true, findings);
        QualityScore quality = PythonQuality.measure(src, names, findings);
        return new ValidationReport(language, findings, quality);
    }

    // ------------------------------------------------------------------ security

    private static void security(ParsedSource src, PythonNames names, List<Finding> out) {
        src.root.walk(n -> {
            if (n.is("call")) {
                call(n, names, out);
            } else if (n.is("string_content") || n.is("comment")) {
                SecretScanner.scan(src, n.start, n.text(), n.is("comment") ? "comment" : "string literal", out);
            }
        });
    }

    private static void flag(List<Finding> out, SyntaxNode at, String rule, String message) {
        out.add(new Finding(Category.SECURITY, Severity.ERROR, rule, message, at.line(), at.column()));
    }

    private static void call(SyntaxNode call, PythonNames names, List<Finding> out) {
        SyntaxNode fn = call.field("function");
        if (fn == null) {
            return;
        }
        List<String> candidates = new ArrayList<>();
        if (fn.is("identifier")) {
            String name = fn.text();
            if (names.aliases.containsKey(name)) {
                candidates.add(names.aliases.get(name));
            } else if (DANGEROUS_BUILTINS.contains(name) && names.isBuiltin(name)) {
                candidates.add("builtins." + name);
            } else {
                candidates.addAll(names.wildcardCandidates(name));
            }
        } else if (fn.is("attribute")) {
            String q = names.qualify(fn);
            if (q != null) {
                candidates.add(q);
            }
        }
        for (String q : candidates) {
            if (q.startsWith("builtins.") && DANGEROUS_BUILTINS.contains(q.substring(9))) {
                String b = q.substring(9);
                String rule = b.equals("__import__") ? "security.dynamic-import" : "security." + b;
                flag(out, fn, rule, b + "() runs dynamically built code; avoid it or use a safe alternative"
                        + (b.equals("eval") ? " such as ast.literal_eval()" : ""));
                return;
            }
            String[] direct = DIRECT.get(q);
            if (direct != null) {
                flag(out, fn, direct[0], direct[1]);
                return;
            }
            if (q.startsWith("subprocess.") && SUBPROCESS_SHELL.contains(q.substring(11))) {
                SyntaxNode shell = keyword(call, "shell");
                if (shell != null) {
                    String v = shell.text().strip();
                    if (v.equals("True")) {
                        flag(out, shell, "security.subprocess-shell", q + "(shell=True) runs the command through the shell; pass a list of arguments");
                    } else if (!v.equals("False") && !v.equals("None") && !v.equals("0")) {
                        out.add(new Finding(Category.SECURITY, Severity.WARNING, "security.subprocess-shell-dynamic",
                                q + "(shell=" + TreeSyntax.snippet(v) + ") may run the command through the shell",
                                shell.line(), shell.column()));
                    }
                }
                return;
            }
            if (q.equals("yaml.load") || q.equals("yaml.load_all")) {
                SyntaxNode loader = keyword(call, "Loader");
                if (loader == null) {
                    loader = positional(call, 1);
                }
                String lq = loader == null ? null : names.qualify(loader);
                String lt = lq != null ? lq : loader == null ? "" : loader.text();
                if (!(lt.endsWith("SafeLoader") || lt.endsWith("CSafeLoader") || lt.endsWith("BaseLoader"))) {
                    flag(out, fn, "security.yaml-load", q + "() without Loader=yaml.SafeLoader can construct arbitrary objects; use yaml.safe_load()");
                }
                return;
            }
        }
    }

    private static SyntaxNode keyword(SyntaxNode call, String name) {
        SyntaxNode args = call.field("arguments");
        if (args == null || !args.is("argument_list")) {
            return null;
        }
        for (SyntaxNode a : args.namedChildren()) {
            if (a.is("keyword_argument")) {
                SyntaxNode n = a.field("name");
                if (n != null && n.text().equals(name)) {
                    return a.field("value");
                }
            }
        }
        return null;
    }

    private static SyntaxNode positional(SyntaxNode call, int index) {
        SyntaxNode args = call.field("arguments");
        if (args == null || !args.is("argument_list")) {
            return null;
        }
        int i = 0;
        for (SyntaxNode a : args.namedChildren()) {
            if (a.is("keyword_argument") || a.is("comment") || a.is("dictionary_splat") || a.is("list_splat")) {
                continue;
            }
            if (i++ == index) {
                return a;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ index for required elements

    private static CodeIndex index(ParsedSource src, PythonNames names) {
        CodeIndex idx = new CodeIndex();
        idx.imports.addAll(names.imports);
        List<SyntaxNode> comments = new ArrayList<>();
        src.root.walk(n -> {
            switch (n.type) {
                case "identifier":
                    idx.identifiers.add(n.text());
                    break;
                case "comment":
                    comments.add(n);
                    break;
                case "attribute": {
                    idx.dottedNames.add(PythonNames.compact(n.text()));
                    String q = names.qualify(n);
                    if (q != null) {
                        idx.dottedNames.add(q);
                    }
                    break;
                }
                case "dotted_name":
                    idx.dottedNames.add(PythonNames.compact(n.text()));
                    break;
                case "class_definition":
                case "function_definition": {
                    SyntaxNode name = n.field("name");
                    if (name != null) {
                        (n.is("class_definition") ? idx.types : idx.functions).add(name.text());
                    }
                    break;
                }
                case "assignment": {
                    SyntaxNode left = n.field("left");
                    if (left != null) {
                        left.walk(x -> {
                            if (x.is("identifier") && (x.parent == left || x.parent.is("pattern_list")
                                    || x.parent.is("tuple_pattern") || x == left)) {
                                idx.assigned.add(x.text());
                            }
                        });
                        if (left.is("attribute")) {
                            idx.assigned.add(PythonNames.compact(left.text()));
                        }
                    }
                    break;
                }
                case "decorator": {
                    SyntaxNode e = n.namedChildren().isEmpty() ? null : n.namedChildren().get(0);
                    if (e != null && e.is("call")) {
                        e = e.field("function");
                    }
                    if (e != null) {
                        idx.decorators.add(PythonNames.compact(e.text()));
                    }
                    break;
                }
                case "string": {
                    SyntaxNode s = n.firstNamedChild("string_start");
                    SyntaxNode e = n.firstNamedChild("string_end");
                    if (s != null && e != null && e.start >= s.end) {
                        idx.strings.add(src.text.substring(s.end, e.start));
                    }
                    break;
                }
                default:
                    break;
            }
        });
        idx.codeWithoutComments = RequiredElements.withoutComments(src.text, comments);
        return idx;
    }
}
