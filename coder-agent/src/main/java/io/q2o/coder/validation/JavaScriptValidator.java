package io.q2o.coder.validation;

import io.q2o.coder.Language;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Validates JavaScript (incl. JSX), TypeScript and TSX on their tree-sitter syntax trees.
 *
 * <p>Why this file is over 400 lines: every rule below (syntax, security, quality) is a case of
 * the one tree walk in {@link #validate}, and the JavaScript and TypeScript variants share it;
 * split across classes, each rule would need the walk's state (names in scope, imports,
 * counters) passed around. The grammar gaps are in {@code ScriptGrammarGaps}.
 *
 * <p>Syntax: ERROR and MISSING nodes. Security: {@code eval(…)} (when not shadowed, also
 * {@code window.eval}/{@code globalThis.eval}), {@code new Function(…)}/{@code Function(…)},
 * {@code child_process.exec}/{@code execSync} (through {@code require}, destructuring and
 * {@code import}), {@code spawn}/{@code execFile} with {@code shell: true}; string code in
 * {@code setTimeout}/{@code setInterval} is a warning; hard-coded API keys in strings, template
 * strings and comments. Quality: type annotations (TypeScript only; callbacks passed as
 * arguments are not counted), JSDoc on declarations, error handling ({@code try/catch},
 * {@code throw}, {@code .catch}), logging ({@code console.*} or a logger).
 *
 * <p>Thread-safe.
 */
public final class JavaScriptValidator implements CodeValidator {
    private static final Set<String> IDENTIFIER_TYPES = Set.of("identifier", "property_identifier", "type_identifier",
            "shorthand_property_identifier", "shorthand_property_identifier_pattern", "private_property_identifier");
    private static final Set<String> FUNCTION_TYPES = Set.of("function_declaration", "function_expression", "function",
            "arrow_function", "method_definition", "generator_function_declaration", "generator_function");
    private static final Set<String> TYPE_DECLS = Set.of("class_declaration", "class", "abstract_class_declaration",
            "interface_declaration", "type_alias_declaration", "enum_declaration");
    private static final Set<String> LOG_METHODS = Set.of("log", "info", "warn", "error", "debug", "trace", "fatal");

    /** Creates the validator. */
    public JavaScriptValidator() {
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.JAVASCRIPT, Language.TYPESCRIPT, Language.TSX);
    }

    @Override
    public boolean syntaxValid(String code, Language language) {
        check(language);
        return TreeSyntax.findings(ScriptGrammarGaps.parse(code, language)).isEmpty();
    }

    private void check(Language language) {
        if (!languages().contains(language)) {
            throw new IllegalArgumentException("JavaScriptValidator cannot validate " + language);
        }
    }

    @Override
    public ValidationReport validate(String code, Language language, List<String> requiredElements) {
        Objects.requireNonNull(code, "code");
        check(language);
        ParsedSource src = ScriptGrammarGaps.parse(code, language);
        List<Finding> findings = new ArrayList<>(TreeSyntax.findings(src));
        Names names = Names.of(src.root);
        CodeIndex idx = new CodeIndex();
        List<SyntaxNode> comments = new ArrayList<>();
        List<SyntaxNode> functions = new ArrayList<>();
        int[] counts = new int[3]; // error handling, logging calls, logger set-up
        src.root.walk(n -> {
            if (!n.named) {
                return;
            }
            if (IDENTIFIER_TYPES.contains(n.type)) {
                idx.identifiers.add(n.text());
            }
            if (FUNCTION_TYPES.contains(n.type)) {
                functions.add(n);
            }
            switch (n.type) {
                case "comment":
                    comments.add(n);
                    SecretScanner.scan(src, n.start, n.text(), "comment", findings);
                    break;
                case "string_fragment":
                    SecretScanner.scan(src, n.start, n.text(), "string literal", findings);
                    break;
                case "string": {
                    StringBuilder sb = new StringBuilder();
                    n.children.stream().filter(c -> c.is("string_fragment") || c.is("escape_sequence"))
                            .forEach(c -> sb.append(c.text()));
                    idx.strings.add(sb.toString());
                    break;
                }
                case "template_string":
                    if (!n.hasChildType("template_substitution")) {
                        String t = n.text();
                        idx.strings.add(t.length() >= 2 ? t.substring(1, t.length() - 1) : t);
                    }
                    break;
                case "member_expression": {
                    idx.dottedNames.add(n.text().replaceAll("\\s+", ""));
                    String q = names.qualify(n);
                    if (q != null) {
                        idx.dottedNames.add(q);
                    }
                    break;
                }
                case "call_expression":
                    call(n, names, findings, counts);
                    break;
                case "new_expression": {
                    SyntaxNode ctor = n.field("constructor");
                    if (ctor != null && ctor.is("identifier") && ctor.text().equals("Function") && !names.shadowed.contains("Function")) {
                        findings.add(new Finding(Category.SECURITY, Severity.ERROR, "security.new-function",
                                "new Function(...) compiles code from strings like eval()", ctor.line(), ctor.column()));
                    }
                    break;
                }
                case "variable_declarator": {
                    SyntaxNode name = n.field("name");
                    SyntaxNode value = n.field("value");
                    if (name != null && name.is("identifier")) {
                        idx.assigned.add(name.text());
                        if (value != null && FUNCTION_TYPES.contains(value.type)) {
                            idx.functions.add(name.text());
                        }
                    }
                    if (value != null && value.text().matches("(?s).*\\b(createLogger|pino|winston|getLogger|log4js)\\b.*")) {
                        counts[2]++;
                    }
                    break;
                }
                case "assignment_expression": {
                    SyntaxNode left = n.field("left");
                    if (left != null) {
                        idx.assigned.add(left.text().replaceAll("\\s+", ""));
                    }
                    break;
                }
                case "try_statement":
                case "throw_statement":
                    counts[0]++;
                    break;
                case "decorator": {
                    String t = n.text().substring(1).replaceAll("\\s+", "");
                    int paren = t.indexOf('(');
                    idx.decorators.add(paren >= 0 ? t.substring(0, paren) : t);
                    break;
                }
                default:
                    break;
            }
            if (TYPE_DECLS.contains(n.type) || n.is("function_declaration") || n.is("generator_function_declaration")
                    || n.is("method_definition") || n.is("function_signature") || n.is("method_signature")) {
                SyntaxNode name = n.field("name");
                if (name != null) {
                    (TYPE_DECLS.contains(n.type) ? idx.types : idx.functions).add(name.text());
                }
            }
        });
        idx.codeWithoutComments = RequiredElements.withoutComments(src.text, comments);
        RequiredElements.check(idx, requiredElements, false, findings);
        QualityScore quality = quality(src, language, functions, counts);
        return new ValidationReport(language, findings, quality);
    }

    private static void call(SyntaxNode call, Names names, List<Finding> out, int[] counts) {
        SyntaxNode fn = call.field("function");
        if (fn == null) {
            return;
        }
        String q = names.qualify(fn);
        if (fn.is("identifier")) {
            String name = fn.text();
            if (name.equals("eval") && !names.shadowed.contains("eval") && !names.aliases.containsKey("eval")) {
                out.add(new Finding(Category.SECURITY, Severity.ERROR, "security.eval",
                        "eval() runs code built from strings", fn.line(), fn.column()));
                return;
            }
            if (name.equals("Function") && !names.shadowed.contains("Function")) {
                out.add(new Finding(Category.SECURITY, Severity.ERROR, "security.new-function",
                        "Function(...) compiles code from strings like eval()", fn.line(), fn.column()));
                return;
            }
            if ((name.equals("setTimeout") || name.equals("setInterval")) && !names.shadowed.contains(name)) {
                SyntaxNode args = call.field("arguments");
                SyntaxNode first = args == null || args.namedChildren().isEmpty() ? null : args.namedChildren().get(0);
                if (first != null && (first.is("string") || first.is("template_string"))) {
                    out.add(new Finding(Category.SECURITY, Severity.WARNING, "security.string-timer",
                            name + "() with a string evaluates it as code; pass a function", first.line(), first.column()));
                }
            }
        }
        if (q == null) {
            return;
        }
        if (q.equals("window.eval") || q.equals("globalThis.eval") || q.equals("global.eval")) {
            out.add(new Finding(Category.SECURITY, Severity.ERROR, "security.eval",
                    q + "() runs code built from strings", fn.line(), fn.column()));
        } else if (q.equals("child_process.exec") || q.equals("child_process.execSync")) {
            out.add(new Finding(Category.SECURITY, Severity.ERROR, "security.child-process-exec",
                    q + "() runs a shell command; use execFile/spawn with an argument array", fn.line(), fn.column()));
        } else if (q.startsWith("child_process.") && call.text().replaceAll("\\s+", "").contains("shell:true")) {
            out.add(new Finding(Category.SECURITY, Severity.ERROR, "security.child-process-shell",
                    q + "() with shell: true runs the command through the shell", fn.line(), fn.column()));
        }
        if (fn.is("member_expression")) {
            SyntaxNode prop = fn.field("property");
            SyntaxNode obj = fn.field("object");
            if (prop != null && prop.text().equals("catch")) {
                counts[0]++;
            }
            if (prop != null && obj != null && LOG_METHODS.contains(prop.text())) {
                String o = obj.text().toLowerCase(Locale.ROOT);
                if (o.equals("console") || o.endsWith("logger") || o.endsWith("log")) {
                    counts[1]++;
                }
            }
        }
    }

    private static QualityScore quality(ParsedSource src, Language language, List<SyntaxNode> functions, int[] counts) {
        boolean typed = language != Language.JAVASCRIPT;
        int slots = 0;
        int annotated = 0;
        int targets = 0;
        int documented = 0;
        for (SyntaxNode f : functions) {
            boolean callback = f.parent != null && f.parent.is("arguments");
            if (typed && !callback) {
                SyntaxNode params = f.field("parameters");
                if (params != null) {
                    for (SyntaxNode p : params.namedChildren()) {
                        if (p.is("comment") || p.text().equals("this")) {
                            continue;
                        }
                        slots++;
                        if (p.field("type") != null) {
                            annotated++;
                        }
                    }
                } else if (f.field("parameter") != null) {
                    slots++;
                }
                if (!isConstructor(f)) {
                    slots++;
                    if (f.field("return_type") != null) {
                        annotated++;
                    }
                }
            }
            SyntaxNode decl = declarationOf(f);
            if (decl != null) {
                targets++;
                if (hasJsDoc(decl)) {
                    documented++;
                }
            }
        }
        List<SyntaxNode> classes = new ArrayList<>();
        src.root.walk(n -> {
            if (n.named && (n.is("class_declaration") || n.is("abstract_class_declaration") || n.is("interface_declaration"))) {
                classes.add(n);
            }
        });
        for (SyntaxNode c : classes) {
            targets++;
            if (hasJsDoc(c)) {
                documented++;
            }
        }
        boolean hasFunctions = !functions.isEmpty();
        List<QualityMeasure> m = new ArrayList<>();
        boolean thApplicable = typed && slots > 0;
        m.add(new QualityMeasure("type_hints", 30, thApplicable, thApplicable ? (double) annotated / slots : 1.0,
                !typed ? "JavaScript: not applicable" : annotated + " of " + slots + " parameters and return types annotated"));
        m.add(new QualityMeasure("docstrings", 25, targets > 0, targets > 0 ? (double) documented / targets : 1.0,
                documented + " of " + targets + " declarations with a JSDoc comment"));
        m.add(new QualityMeasure("error_handling", 25, hasFunctions, hasFunctions ? (counts[0] > 0 ? 1.0 : 0.0) : 1.0,
                counts[0] + " try/throw/catch constructs"));
        double lg = counts[1] > 0 ? 1.0 : counts[2] > 0 ? 0.5 : 0.0;
        m.add(new QualityMeasure("logging", 20, hasFunctions, hasFunctions ? lg : 1.0, counts[1] + " logging calls"));
        return QualityScore.of(m);
    }

    private static boolean isConstructor(SyntaxNode f) {
        SyntaxNode name = f.field("name");
        return f.is("method_definition") && name != null && name.text().equals("constructor");
    }

    /** The statement a JSDoc comment would precede, for declarations only (not callbacks or inline functions). */
    private static SyntaxNode declarationOf(SyntaxNode f) {
        if (f.is("function_declaration") || f.is("generator_function_declaration") || f.is("method_definition")) {
            return f;
        }
        if ((f.is("arrow_function") || f.is("function_expression") || f.is("function")) && f.parent != null
                && f.parent.is("variable_declarator") && f.parent.parent != null) {
            SyntaxNode decl = f.parent.parent;
            return decl.is("lexical_declaration") || decl.is("variable_declaration") ? decl : null;
        }
        return null;
    }

    private static boolean hasJsDoc(SyntaxNode decl) {
        SyntaxNode target = decl.parent != null && decl.parent.is("export_statement") ? decl.parent : decl;
        SyntaxNode parent = target.parent;
        if (parent == null) {
            return false;
        }
        int i = parent.children.indexOf(target);
        for (int k = i - 1; k >= 0; k--) {
            SyntaxNode prev = parent.children.get(k);
            if (prev.is("comment")) {
                return prev.text().startsWith("/**");
            }
            if (prev.named || !prev.type.equals(";")) {
                return false;
            }
        }
        return false;
    }

    /** Imports and shadowing for JavaScript/TypeScript. */
    private static final class Names {
        final Map<String, String> aliases = new HashMap<>();
        final Set<String> shadowed = new HashSet<>();

        static Names of(SyntaxNode root) {
            Names names = new Names();
            root.walk(n -> {
                switch (n.type) {
                    case "variable_declarator": {
                        SyntaxNode name = n.field("name");
                        SyntaxNode value = n.field("value");
                        String module = value == null ? null : names.required(value);
                        if (name != null && name.is("identifier")) {
                            names.shadowed.add(name.text());
                            if (module != null) {
                                names.aliases.put(name.text(), module);
                            } else if (value != null && value.is("member_expression")) {
                                String q = names.qualify(value);
                                if (q != null && q.startsWith("child_process.")) {
                                    names.aliases.put(name.text(), q);
                                }
                            }
                        } else if (name != null && name.is("object_pattern") && module != null) {
                            for (SyntaxNode p : name.namedChildren()) {
                                if (p.is("shorthand_property_identifier_pattern")) {
                                    names.aliases.put(p.text(), module + "." + p.text());
                                } else if (p.is("pair_pattern")) {
                                    SyntaxNode k = p.field("key");
                                    SyntaxNode v = p.field("value");
                                    if (k != null && v != null && v.is("identifier")) {
                                        names.aliases.put(v.text(), module + "." + k.text());
                                    }
                                }
                            }
                        }
                        break;
                    }
                    case "import_statement": {
                        SyntaxNode source = n.field("source");
                        if (source == null) {
                            break;
                        }
                        String module = moduleName(source);
                        n.walk(x -> {
                            if (x.is("import_specifier")) {
                                SyntaxNode name = x.field("name");
                                SyntaxNode alias = x.field("alias");
                                if (name != null) {
                                    names.aliases.put((alias != null ? alias : name).text(), module + "." + name.text());
                                }
                            } else if (x.is("namespace_import") || x.is("import_clause")) {
                                for (SyntaxNode c : x.namedChildren()) {
                                    if (c.is("identifier")) {
                                        names.aliases.put(c.text(), module);
                                    }
                                }
                            }
                        });
                        break;
                    }
                    case "function_declaration":
                    case "class_declaration": {
                        SyntaxNode name = n.field("name");
                        if (name != null) {
                            names.shadowed.add(name.text());
                        }
                        break;
                    }
                    case "formal_parameters":
                        n.walk(x -> {
                            if (x.is("identifier") && (x.parent == n || "pattern".equals(x.field))) {
                                names.shadowed.add(x.text());
                            }
                        });
                        break;
                    default:
                        break;
                }
            });
            return names;
        }

        private static String moduleName(SyntaxNode string) {
            String t = string.text();
            if (t.length() >= 2) {
                t = t.substring(1, t.length() - 1);
            }
            return t.startsWith("node:") ? t.substring(5) : t;
        }

        /** @return the module of {@code require('m')} (or {@code require('m').x} → {@code m.x}), else null */
        String required(SyntaxNode value) {
            if (value.is("call_expression")) {
                SyntaxNode fn = value.field("function");
                SyntaxNode args = value.field("arguments");
                if (fn != null && fn.is("identifier") && fn.text().equals("require") && args != null
                        && !args.namedChildren().isEmpty() && args.namedChildren().get(0).is("string")) {
                    return moduleName(args.namedChildren().get(0));
                }
            }
            if (value.is("member_expression")) {
                SyntaxNode obj = value.field("object");
                SyntaxNode prop = value.field("property");
                String m = obj == null ? null : required(obj);
                return m == null || prop == null ? null : m + "." + prop.text();
            }
            return null;
        }

        String qualify(SyntaxNode expr) {
            if (expr == null) {
                return null;
            }
            if (expr.is("identifier")) {
                return aliases.getOrDefault(expr.text(), expr.text());
            }
            if (expr.is("member_expression")) {
                SyntaxNode prop = expr.field("property");
                SyntaxNode obj = expr.field("object");
                if (prop == null || obj == null) {
                    return null;
                }
                String r = required(obj);
                String o = r != null ? r : qualify(obj);
                return o == null ? null : o + "." + prop.text();
            }
            if (expr.is("call_expression")) {
                return required(expr);
            }
            return null;
        }
    }
}
