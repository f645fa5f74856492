package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Python quality measures and the score built from them (weights: type hints 30, docstrings 25,
 * error handling 25, logging 20).
 *
 * <ul>
 *   <li><b>type_hints</b>: annotated parameters and return types over all of them, across every
 *       function ({@code self}/{@code cls} of methods and the return of {@code __init__} are not
 *       counted). Not applicable without parameters or functions.</li>
 *   <li><b>docstrings</b>: documented over documentable: the module, every class, every public
 *       (no leading underscore) function that is not nested in another function.</li>
 *   <li><b>error_handling</b>: 1.0 when the code raises or catches specific exceptions (or tests
 *       them with {@code pytest.raises}), 0.75 when it also has a bare {@code except:}, 0.5 with
 *       only bare or swallowing handlers, else 0. Applies when the code defines functions.</li>
 *   <li><b>logging</b>: 1.0 when a logger is called, 0.5 when logging is only imported or set up,
 *       else 0. Applies when the code defines functions and is not a pytest module.</li>
 * </ul>
 * Findings: bare {@code except:} and handlers whose whole body is {@code pass} are WARNINGs,
 * {@code print()} calls are INFO.
 */
final class PythonQuality {
    private static final Set<String> LOG_METHODS =
            Set.of("debug", "info", "warning", "warn", "error", "exception", "critical", "log");

    private PythonQuality() {
    }

    static QualityScore measure(ParsedSource src, PythonNames names, List<Finding> out) {
        List<SyntaxNode> functions = new ArrayList<>();
        List<SyntaxNode> classes = new ArrayList<>();
        List<SyntaxNode> calls = new ArrayList<>();
        int[] counts = new int[4]; // raises, specific handlers, bare handlers, swallowing handlers
        src.root.walk(n -> {
            switch (n.type) {
                case "function_definition": functions.add(n); break;
                case "class_definition": classes.add(n); break;
                case "call": calls.add(n); break;
                case "raise_statement": counts[0]++; break;
                case "except_clause":
                case "except_group_clause": {
                    boolean bare = n.namedChildren().stream().allMatch(c -> c.is("block") || c.is("comment"));
                    if (bare) {
                        counts[2]++;
                        out.add(new Finding(Category.QUALITY, Severity.WARNING, "quality.bare-except",
                                "bare 'except:' also catches KeyboardInterrupt and SystemExit; catch specific exceptions",
                                n.line(), n.column()));
                    } else {
                        counts[1]++;
                    }
                    SyntaxNode block = n.firstNamedChild("block");
                    if (block != null) {
                        List<SyntaxNode> stmts = statements(block);
                        if (stmts.size() == 1 && stmts.get(0).is("pass_statement")) {
                            counts[3]++;
                            out.add(new Finding(Category.QUALITY, Severity.WARNING, "quality.swallowed-exception",
                                    "the exception is silently ignored ('pass'); log or handle it", n.line(), n.column()));
                        }
                    }
                    break;
                }
                default:
                    break;
            }
        });

        boolean pytestModule = names.aliases.containsKey("pytest")
                || functions.stream().anyMatch(f -> name(f).startsWith("test_"));
        boolean pytestRaises = false;
        int logCalls = 0;
        for (SyntaxNode c : calls) {
            SyntaxNode fn = c.field("function");
            String q = names.qualify(fn);
            if (q != null && q.endsWith(".raises")) {
                pytestRaises = true;
            }
            if (fn != null && fn.is("identifier") && fn.text().equals("print") && names.isBuiltin("print")) {
                out.add(new Finding(Category.QUALITY, Severity.INFO, "quality.print",
                        "print() used; prefer the logging module", fn.line(), fn.column()));
            }
            if (fn != null && fn.is("attribute") && isLogCall(fn, names)) {
                logCalls++;
            }
        }

        List<QualityMeasure> measures = new ArrayList<>();
        measures.add(typeHints(functions));
        measures.add(docstrings(src, functions, classes));

        boolean hasFunctions = !functions.isEmpty();
        double eh;
        String ehDetail;
        int handling = counts[0] + counts[1] - counts[3] + (pytestRaises ? 1 : 0);
        if (handling > 0) {
            eh = counts[2] > 0 ? 0.75 : 1.0;
        } else {
            eh = counts[2] + counts[3] > 0 ? 0.5 : 0.0;
        }
        ehDetail = counts[0] + " raise statements, " + counts[1] + " specific except clauses, " + counts[2]
                + " bare except clauses" + (counts[3] > 0 ? ", " + counts[3] + " swallowed" : "")
                + (pytestRaises ? ", pytest.raises used" : "");
        measures.add(new QualityMeasure("error_handling", 25, hasFunctions, hasFunctions ? eh : 1.0,
                hasFunctions ? ehDetail : "no functions"));

        boolean loggingSetUp = names.aliases.values().stream().anyMatch(v -> v.equals("logging") || v.startsWith("logging.")
                || v.startsWith("loguru") || v.startsWith("structlog"));
        boolean logApplicable = hasFunctions && !pytestModule;
        double lg = logCalls > 0 ? 1.0 : loggingSetUp ? 0.5 : 0.0;
        measures.add(new QualityMeasure("logging", 20, logApplicable, logApplicable ? lg : 1.0,
                !hasFunctions ? "no functions" : pytestModule ? "pytest module: not applicable"
                        : logCalls + " logger calls" + (loggingSetUp ? ", logging imported" : ", logging not imported")));
        return QualityScore.of(measures);
    }

    private static boolean isLogCall(SyntaxNode attribute, PythonNames names) {
        SyntaxNode method = attribute.field("attribute");
        SyntaxNode object = attribute.field("object");
        if (method == null || object == null || !LOG_METHODS.contains(method.text())) {
            return false;
        }
        String q = names.qualify(object);
        String obj = (q != null ? q : object.text()).toLowerCase(Locale.ROOT);
        return obj.equals("logging") || obj.endsWith("logger") || obj.endsWith("log") || obj.endsWith("_log")
                || obj.startsWith("loguru") || obj.startsWith("structlog");
    }

    private static String name(SyntaxNode def) {
        SyntaxNode n = def.field("name");
        return n == null ? "" : n.text();
    }

    private static List<SyntaxNode> statements(SyntaxNode block) {
        List<SyntaxNode> out = new ArrayList<>();
        for (SyntaxNode c : block.namedChildren()) {
            if (!c.is("comment")) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean inClassBody(SyntaxNode def) {
        SyntaxNode p = def.parent;
        if (p != null && p.is("decorated_definition")) {
            p = p.parent;
        }
        return p != null && p.is("block") && p.parent != null && p.parent.is("class_definition");
    }

    private static boolean nestedInFunction(SyntaxNode def) {
        for (SyntaxNode p = def.parent; p != null; p = p.parent) {
            if (p.is("function_definition")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isStaticMethod(SyntaxNode def) {
        SyntaxNode p = def.parent;
        if (p == null || !p.is("decorated_definition")) {
            return false;
        }
        for (SyntaxNode d : p.namedChildren()) {
            if (d.is("decorator") && d.text().replaceAll("\\s", "").equals("@staticmethod")) {
                return true;
            }
        }
        return false;
    }

    private static QualityMeasure typeHints(List<SyntaxNode> functions) {
        int slots = 0;
        int annotated = 0;
        for (SyntaxNode f : functions) {
            SyntaxNode params = f.field("parameters");
            boolean method = inClassBody(f) && !isStaticMethod(f);
            boolean first = true;
            if (params != null) {
                for (SyntaxNode p : params.namedChildren()) {
                    if (p.is("keyword_separator") || p.is("positional_separator") || p.is("comment")) {
                        continue;
                    }
                    String pname = PythonSyntax.paramName(p);
                    if (first && method && ("self".equals(pname) || "cls".equals(pname))) {
                        first = false;
                        continue;
                    }
                    first = false;
                    slots++;
                    if (p.is("typed_parameter") || p.is("typed_default_parameter")) {
                        annotated++;
                    }
                }
            }
            if (f.field("return_type") != null) {
                slots++;
                annotated++;
            } else if (!name(f).equals("__init__")) {
                slots++;
            }
        }
        boolean applicable = slots > 0;
        return new QualityMeasure("type_hints", 30, applicable, applicable ? (double) annotated / slots : 1.0,
                applicable ? annotated + " of " + slots + " parameters and return types annotated in "
                        + functions.size() + " functions" : "no functions");
    }

    private static boolean hasDocstring(SyntaxNode body) {
        if (body == null) {
            return false;
        }
        for (SyntaxNode c : body.namedChildren()) {
            if (c.is("comment")) {
                continue;
            }
            return c.is("expression_statement") && c.namedChildren().size() == 1
                    && c.namedChildren().get(0).is("string");
        }
        return false;
    }

    private static QualityMeasure docstrings(ParsedSource src, List<SyntaxNode> functions, List<SyntaxNode> classes) {
        int targets = 0;
        int documented = 0;
        boolean moduleHasCode = src.root.namedChildren().stream().anyMatch(c -> !c.is("comment"));
        if (moduleHasCode) {
            targets++;
            if (hasDocstring(src.root)) {
                documented++;
            }
        }
        for (SyntaxNode c : classes) {
            targets++;
            if (hasDocstring(c.field("body"))) {
                documented++;
            }
        }
        for (SyntaxNode f : functions) {
            if (name(f).startsWith("_") || nestedInFunction(f)) {
                continue;
            }
            targets++;
            if (hasDocstring(f.field("body"))) {
                documented++;
            }
        }
        boolean applicable = targets > 0;
        return new QualityMeasure("docstrings", 25, applicable, applicable ? (double) documented / targets : 1.0,
                applicable ? documented + " of " + targets + " module/class/public function docstrings present" : "empty module");
    }
}
