package io.q2o.coder.validation;

import io.q2o.coder.Language;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates Python 3 on its syntax tree: built by {@link PythonParser} from the tokenizer's
 * tokens, or by tree-sitter for a file with a syntax error or a construct the fast parser leaves
 * alone (both build the same tree; tree-sitter's error nodes then place the error).
 *
 * <ol>
 *   <li><b>Syntax</b>: the first error CPython 3.11 would report, on its line and in its words
 *       ({@link PythonSyntaxCheck}: a CPython-style tokenizer, logical-line checks, tree-sitter's
 *       ERROR and MISSING nodes, and the rules CPython enforces that the forgiving grammar does
 *       not); else every compile-phase error ({@code return} outside a function…). What still
 *       slips through is listed in the module README.</li>
 *   <li><b>Required elements</b> as definitions and identifiers (see
 *       {@link io.q2o.coder.CodeComponent#requiredElements()}).</li>
 *   <li><b>Security</b>: Bandit-class rules with Bandit's ids and severities on resolved calls
 *       (see {@link PythonSecurity}) and hard-coded API keys in string literals and comments
 *       (see {@link SecretScanner}). Methods that merely share a name — {@code model.eval()},
 *       {@code re.compile()} — and the words in strings or comments are not flagged.</li>
 *   <li><b>Quality</b> measures: see {@link PythonQuality}.</li>
 * </ol>
 *
 * <p>Thread-safe and stateless; a tree-sitter parse uses its own native parser per call.
 */
public final class PythonValidator implements CodeValidator {

    /** Whether files free of tokenizer and logical-line errors are parsed by {@link PythonParser} first. */
    private final boolean fastParser;

    /** Creates the validator. */
    public PythonValidator() {
        this(true);
    }

    /** @param fastParser false: always parse with tree-sitter (to compare both paths in tests) */
    PythonValidator(boolean fastParser) {
        this.fastParser = fastParser;
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.PYTHON);
    }

    @Override
    public boolean syntaxValid(String code, Language language) {
        check(language);
        PythonTokenizer tok = PythonTokenizer.tokenize(code);
        PythonLines.Issue lines = PythonLines.check(code, tok.tokens, tok.error == null);
        ParsedSource src = parse(code, tok, lines);
        List<Finding> out = new ArrayList<>();
        PythonSyntaxCheck.check(src, tok, lines, out);
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
        PythonTokenizer tok = PythonTokenizer.tokenize(code);
        PythonLines.Issue lines = PythonLines.check(code, tok.tokens, tok.error == null);
        ParsedSource src = parse(code, tok, lines);
        List<Finding> findings = new ArrayList<>();
        PythonSyntaxCheck.check(src, tok, lines, findings);
        PythonNames names = PythonNames.of(src.root);
        PythonSecurity.check(src, names, findings);
        if (!requiredElements.isEmpty()) {
            RequiredElements.check(index(src, names), requiredElements, true, findings);
        }
        QualityScore quality = PythonQuality.measure(src, names, findings);
        return new ValidationReport(language, findings, quality);
    }

    /**
     * The syntax tree: from {@link PythonParser} when the tokens and logical lines show no error
     * and it handles the file, else from tree-sitter (whose error nodes then locate the error).
     */
    private ParsedSource parse(String code, PythonTokenizer tok, PythonLines.Issue lines) {
        if (fastParser && tok.error == null && lines == null) {
            ParsedSource src = ParsedSource.textOnly(code, Language.PYTHON);
            src.root = PythonParser.parse(src, tok);
            if (src.root != null) {
                src.errorFree = true;
                return src;
            }
        }
        return ParsedSource.parse(code, Language.PYTHON);
    }

    // ------------------------------------------------------------------ index for required elements

    static CodeIndex index(ParsedSource src, PythonNames names) {
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
