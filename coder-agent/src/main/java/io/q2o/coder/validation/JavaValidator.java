package io.q2o.coder.validation;

import io.q2o.coder.Language;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Validates Java on its tree-sitter syntax tree.
 *
 * <p>Syntax: ERROR and MISSING nodes (semantic errors a compiler finds — types, missing
 * symbols — are out of reach). Security: {@code Runtime.getRuntime().exec(…)}; hard-coded API
 * keys in string literals, text blocks and comments. Quality: Javadoc on type and method
 * declarations, error handling ({@code try}, {@code throw}, {@code throws}), logging (a logger
 * called; {@code System.out/err.println} is reported as INFO). Type hints do not apply.
 *
 * <p>Thread-safe.
 */
public final class JavaValidator implements CodeValidator {
    private static final Set<String> TYPE_DECLS = Set.of("class_declaration", "interface_declaration",
            "enum_declaration", "record_declaration", "annotation_type_declaration");
    private static final Set<String> LOG_METHODS = Set.of("trace", "debug", "info", "warn", "warning", "error", "severe", "fine", "log");

    /** Creates the validator. */
    public JavaValidator() {
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.JAVA);
    }

    @Override
    public boolean syntaxValid(String code, Language language) {
        check(language);
        return TreeSyntax.findings(ParsedSource.parse(code, language)).isEmpty();
    }

    private void check(Language language) {
        if (language != Language.JAVA) {
            throw new IllegalArgumentException("JavaValidator cannot validate " + language);
        }
    }

    @Override
    public ValidationReport validate(String code, Language language, List<String> requiredElements) {
        Objects.requireNonNull(code, "code");
        check(language);
        ParsedSource src = ParsedSource.parse(code, language);
        List<Finding> findings = new ArrayList<>(TreeSyntax.findings(src));
        CodeIndex idx = new CodeIndex();
        List<SyntaxNode> comments = new ArrayList<>();
        List<SyntaxNode> declarations = new ArrayList<>();
        int[] counts = new int[4]; // methods, error handling, log calls, logger declared
        src.root.walk(n -> {
            switch (n.named ? n.type : "") {
                case "identifier":
                case "type_identifier":
                    idx.identifiers.add(n.text());
                    break;
                case "line_comment":
                case "block_comment":
                    comments.add(n);
                    SecretScanner.scan(src, n.start, n.text(), "comment", findings);
                    break;
                case "string_fragment":
                case "multiline_string_fragment":
                    SecretScanner.scan(src, n.start, n.text(), "string literal", findings);
                    break;
                case "string_literal": {
                    StringBuilder sb = new StringBuilder();
                    n.children.stream().filter(c -> c.is("string_fragment") || c.is("multiline_string_fragment"))
                            .forEach(c -> sb.append(c.text()));
                    idx.strings.add(sb.toString());
                    break;
                }
                case "field_access":
                case "scoped_identifier":
                    idx.dottedNames.add(n.text().replaceAll("\\s+", ""));
                    break;
                case "method_invocation": {
                    SyntaxNode obj = n.field("object");
                    SyntaxNode name = n.field("name");
                    if (obj != null && name != null) {
                        String o = obj.text().replaceAll("\\s+", "");
                        idx.dottedNames.add(o + "." + name.text());
                        if (name.text().equals("exec") && o.equals("Runtime.getRuntime()")) {
                            findings.add(new Finding(Category.SECURITY, Severity.ERROR, "security.runtime-exec",
                                    "Runtime.exec() runs an operating-system command; use ProcessBuilder with an argument list and validated input",
                                    name.line(), name.column()));
                        }
                        String ol = o.toLowerCase(Locale.ROOT);
                        if (LOG_METHODS.contains(name.text()) && (ol.endsWith("log") || ol.endsWith("logger"))) {
                            counts[2]++;
                        }
                        if ((o.equals("System.out") || o.equals("System.err")) && name.text().startsWith("print")) {
                            findings.add(new Finding(Category.QUALITY, Severity.INFO, "quality.print",
                                    o + "." + name.text() + "() used; prefer a logger", n.line(), n.column()));
                        }
                        if (o.equals("LoggerFactory") || o.equals("Logger") || o.equals("LogManager") || o.equals("System")
                                && name.text().equals("getLogger")) {
                            counts[3]++;
                        }
                    }
                    break;
                }
                case "method_declaration":
                case "constructor_declaration": {
                    counts[0]++;
                    declarations.add(n);
                    SyntaxNode name = n.field("name");
                    if (name != null) {
                        idx.functions.add(name.text());
                    }
                    break;
                }
                case "variable_declarator": {
                    SyntaxNode name = n.field("name");
                    if (name != null) {
                        idx.assigned.add(name.text());
                    }
                    break;
                }
                case "try_statement":
                case "try_with_resources_statement":
                case "throw_statement":
                case "throws":
                    counts[1]++;
                    break;
                case "marker_annotation":
                case "annotation": {
                    SyntaxNode name = n.field("name");
                    if (name != null) {
                        idx.decorators.add(name.text().replaceAll("\\s+", ""));
                    }
                    break;
                }
                default:
                    if (n.named && TYPE_DECLS.contains(n.type)) {
                        declarations.add(n);
                        SyntaxNode name = n.field("name");
                        if (name != null) {
                            idx.types.add(name.text());
                        }
                    }
                    break;
            }
        });
        idx.codeWithoutComments = RequiredElements.withoutComments(src.text, comments);
        RequiredElements.check(idx, requiredElements, false, findings);

        int documented = 0;
        for (SyntaxNode d : declarations) {
            if (hasJavadoc(d)) {
                documented++;
            }
        }
        boolean methods = counts[0] > 0;
        List<QualityMeasure> m = new ArrayList<>();
        m.add(new QualityMeasure("type_hints", 30, false, 1.0, "Java is statically typed: not applicable"));
        m.add(new QualityMeasure("docstrings", 25, !declarations.isEmpty(),
                declarations.isEmpty() ? 1.0 : (double) documented / declarations.size(),
                documented + " of " + declarations.size() + " type and method declarations with Javadoc"));
        m.add(new QualityMeasure("error_handling", 25, methods, methods ? (counts[1] > 0 ? 1.0 : 0.0) : 1.0,
                counts[1] + " try/throw/throws constructs"));
        m.add(new QualityMeasure("logging", 20, methods, methods ? (counts[2] > 0 ? 1.0 : counts[3] > 0 ? 0.5 : 0.0) : 1.0,
                counts[2] + " logger calls"));
        return new ValidationReport(language, findings, QualityScore.of(m));
    }

    private static boolean hasJavadoc(SyntaxNode decl) {
        SyntaxNode parent = decl.parent;
        if (parent == null) {
            return false;
        }
        int i = parent.children.indexOf(decl);
        for (int k = i - 1; k >= 0; k--) {
            SyntaxNode prev = parent.children.get(k);
            if (prev.is("block_comment")) {
                return prev.text().startsWith("/**");
            }
            if (!prev.is("line_comment")) {
                return false;
            }
        }
        return false;
    }
}
