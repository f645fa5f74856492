package io.q2o.coder.validation;

import io.q2o.coder.Language;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * For languages without a parser here (GraphQL, SQL, HTML, CSS, Markdown, text): no syntax check
 * (an INFO finding says so), required elements as text, hard-coded API keys anywhere in the text.
 *
 * <p>Thread-safe.
 */
public final class PlainTextValidator implements CodeValidator {
    /** Creates the validator. */
    public PlainTextValidator() {
    }

    @Override
    public Set<Language> languages() {
        Set<Language> s = EnumSet.noneOf(Language.class);
        for (Language l : Language.values()) {
            if (!l.hasParser()) {
                s.add(l);
            }
        }
        return s;
    }

    @Override
    public ValidationReport validate(String code, Language language, List<String> requiredElements) {
        Objects.requireNonNull(code, "code");
        if (!languages().contains(language)) {
            throw new IllegalArgumentException("PlainTextValidator cannot validate " + language);
        }
        ParsedSource src = ParsedSource.textOnly(code, language);
        List<Finding> findings = new ArrayList<>();
        findings.add(new Finding(Category.SYNTAX, Severity.INFO, "syntax.not-checked",
                "syntax not checked: no parser for " + language.id(), 0, 0));
        findings.addAll(SecretScanner.scanWholeText(src));
        for (String e : requiredElements) {
            if (!code.contains(e.strip())) {
                findings.add(new Finding(Category.REQUIRED, Severity.ERROR, "required.missing",
                        "required element '" + e + "' not found (looked for text)", 0, 0));
            }
        }
        return new ValidationReport(language, findings, QualityScore.notApplicable());
    }
}
