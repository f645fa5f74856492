package io.q2o.coder.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.q2o.coder.Language;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Validates JSON (Jackson) and YAML (SnakeYAML through Jackson; all documents of a stream),
 * rejecting duplicate keys, and scans the text for hard-coded API keys. Required elements are
 * checked as text (keys and values have no definitions to look up). No quality measures apply.
 *
 * <p>Thread-safe.
 */
public final class DataValidator implements CodeValidator {
    private final JsonFactory json = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final YAMLFactory yaml = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Creates the validator. */
    public DataValidator() {
    }

    @Override
    public Set<Language> languages() {
        return Set.of(Language.JSON, Language.YAML);
    }

    @Override
    public ValidationReport validate(String code, Language language, List<String> requiredElements) {
        Objects.requireNonNull(code, "code");
        if (!languages().contains(language)) {
            throw new IllegalArgumentException("DataValidator cannot validate " + language);
        }
        ParsedSource src = ParsedSource.textOnly(code, language);
        List<Finding> findings = new ArrayList<>();
        syntax(code, language, findings);
        findings.addAll(SecretScanner.scanWholeText(src));
        for (String e : requiredElements) {
            if (!code.contains(e.strip())) {
                findings.add(new Finding(Category.REQUIRED, Severity.ERROR, "required.missing",
                        "required element '" + e + "' not found (looked for text)", 0, 0));
            }
        }
        return new ValidationReport(language, findings, QualityScore.notApplicable());
    }

    private void syntax(String code, Language language, List<Finding> out) {
        String rule = language == Language.JSON ? "syntax.json" : "syntax.yaml";
        if (language == Language.JSON && code.isBlank()) {
            out.add(new Finding(Category.SYNTAX, Severity.ERROR, rule, "empty JSON document", 1, 1));
            return;
        }
        try (JsonParser p = language == Language.JSON ? json.createParser(code) : yaml.createParser(code)) {
            int roots = 0;
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (depth == 0) {
                    roots++;
                    if (language == Language.JSON && roots > 1) {
                        JsonLocation l = p.currentTokenLocation();
                        out.add(new Finding(Category.SYNTAX, Severity.ERROR, rule,
                                "unexpected content after the JSON value", Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr())));
                        return;
                    }
                }
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            int line = l == null ? 1 : Math.max(1, l.getLineNr());
            int col = l == null ? 1 : Math.max(1, l.getColumnNr());
            out.add(new Finding(Category.SYNTAX, Severity.ERROR, rule, "syntax error: " + firstLine(e.getOriginalMessage()), line, col));
        } catch (IOException e) {
            out.add(new Finding(Category.SYNTAX, Severity.ERROR, rule, "cannot parse: " + e.getMessage(), 1, 1));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid input";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
