package io.q2o.coder.validation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Name resolution for Python, good enough for security rules: what each imported name stands
 * for ({@code import os as o} → {@code o = os}; {@code from os import system} →
 * {@code system = os.system}), which names the module defines itself (they shadow built-ins),
 * and the qualified name of an expression such as {@code o.system} → {@code os.system}.
 *
 * <p>Known simplification: scopes are not tracked — an import or definition anywhere in the file
 * counts for the whole file.
 */
final class PythonNames {
    final Map<String, String> aliases = new HashMap<>();
    final Set<String> wildcardModules = new HashSet<>();
    final Set<String> defined = new HashSet<>();
    final Set<String> imports = new HashSet<>();

    static PythonNames of(SyntaxNode root) {
        PythonNames names = new PythonNames();
        root.walk(n -> {
            switch (n.type) {
                case "import_statement":
                    for (SyntaxNode c : n.fields("name")) {
                        if (c.is("dotted_name")) {
                            String full = compact(c.text());
                            String first = full.split("\\.")[0];
                            names.aliases.put(first, first);
                            names.imports.add("import " + full);
                        } else if (c.is("aliased_import")) {
                            SyntaxNode name = c.field("name");
                            SyntaxNode alias = c.field("alias");
                            if (name != null && alias != null) {
                                names.aliases.put(alias.text(), compact(name.text()));
                                names.imports.add("import " + compact(name.text()));
                            }
                        }
                    }
                    break;
                case "import_from_statement":
                case "future_import_statement": {
                    SyntaxNode module = n.field("module_name");
                    String mod = n.is("future_import_statement") ? "__future__" : module == null ? "" : compact(module.text());
                    if (n.firstNamedChild("wildcard_import") != null) {
                        names.wildcardModules.add(mod);
                        names.imports.add("from " + mod + " import *");
                    }
                    for (SyntaxNode c : n.fields("name")) {
                        if (c.is("dotted_name")) {
                            String nm = compact(c.text());
                            names.aliases.put(nm, mod + "." + nm);
                            names.imports.add("from " + mod + " import " + nm);
                        } else if (c.is("aliased_import")) {
                            SyntaxNode name = c.field("name");
                            SyntaxNode alias = c.field("alias");
                            if (name != null && alias != null) {
                                names.aliases.put(alias.text(), mod + "." + compact(name.text()));
                                names.imports.add("from " + mod + " import " + compact(name.text()));
                            }
                        }
                    }
                    break;
                }
                case "function_definition":
                case "class_definition": {
                    SyntaxNode name = n.field("name");
                    if (name != null) {
                        names.defined.add(name.text());
                    }
                    break;
                }
                case "parameters":
                case "lambda_parameters":
                    for (SyntaxNode p : n.namedChildren()) {
                        String name = PythonSyntax.paramName(p);
                        if (name != null) {
                            names.defined.add(name);
                        }
                    }
                    break;
                default:
                    break;
            }
        });
        return names;
    }

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    static String compact(String dotted) {
        for (int i = 0; i < dotted.length(); i++) {
            if (Character.isWhitespace(dotted.charAt(i))) {
                return WHITESPACE.matcher(dotted).replaceAll("");
            }
        }
        return dotted;
    }

    /**
     * @param expr an identifier or attribute chain
     * @return its qualified name with the first part resolved through imports, or {@code null}
     *         when the expression is not a plain name chain
     */
    String qualify(SyntaxNode expr) {
        if (expr == null) {
            return null;
        }
        if (expr.is("identifier")) {
            String t = expr.text();
            if (t.equals("__builtins__")) {
                return "builtins";
            }
            return aliases.getOrDefault(t, t);
        }
        if (expr.is("attribute")) {
            String obj = qualify(expr.field("object"));
            SyntaxNode attr = expr.field("attribute");
            return obj == null || attr == null ? null : obj + "." + attr.text();
        }
        return null;
    }

    /** @return whether a bare name refers to the built-in of that name (not imported or defined here) */
    boolean isBuiltin(String name) {
        return !aliases.containsKey(name) && !defined.contains(name);
    }

    /** @return the modules a bare, otherwise unknown name may come from through {@code from M import *} */
    List<String> wildcardCandidates(String name) {
        if (aliases.containsKey(name) || defined.contains(name)) {
            return List.of();
        }
        return wildcardModules.stream().map(m -> m + "." + name).toList();
    }
}
