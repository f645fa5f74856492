package com.example.consumer;

import io.q2o.coder.Language;
import io.q2o.coder.template.TemplateRenderer;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.validation.ValidationReport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * coder-agent: YAML and JSON validation (Jackson's YAML parser on the Jackson version the BOM
 * chose — Jinjava alone would bring jackson-core 2.14, which throws NoSuchMethodError here),
 * tree-sitter validation (native grammars) and Jinjava templates.
 */
class CoderAgentSmokeTest {

    private final CodeValidators validators = CodeValidators.defaults();

    @Test
    void yamlIsValidatedAndDuplicateKeysAreFound() {
        ValidationReport ok = validators.validate("""
                services:
                  api:
                    image: example/api:1.0
                    ports: ["8080:8080"]
                ---
                second: document
                """, Language.YAML, List.of("services"));
        assertThat(ok.syntaxValid()).as(ok.describeErrors()).isTrue();
        assertThat(ok.passed()).as(ok.describeErrors()).isTrue();

        ValidationReport duplicate = validators.validate("a: 1\nb: 2\na: 3\n", Language.YAML, List.of());
        assertThat(duplicate.syntaxValid()).isFalse();

        ValidationReport broken = validators.validate("key: [unclosed\n", Language.YAML, List.of());
        assertThat(broken.syntaxValid()).isFalse();
    }

    @Test
    void jsonIsValidated() {
        assertThat(validators.validate("{\"name\": \"q2o\", \"tags\": [1, 2]}", Language.JSON, List.of()).syntaxValid()).isTrue();
        assertThat(validators.validate("{\"name\": \"q2o\",}", Language.JSON, List.of()).syntaxValid()).isFalse();
        assertThat(validators.validate("{\"a\": 1, \"a\": 2}", Language.JSON, List.of()).syntaxValid()).isFalse();
    }

    @Test
    void pythonIsParsedByTreeSitter() {
        assertThat(validators.validate("def add(a, b):\n    return a + b\n", Language.PYTHON, List.of("add")).syntaxValid())
                .isTrue();
        assertThat(validators.validate("def add(a, b:\n    return a +\n", Language.PYTHON, List.of()).syntaxValid())
                .isFalse();
    }

    @Test
    void jinjaTemplatesRender() {
        String out = TemplateRenderer.bundled().renderString("{% for n in names %}{{ n | upper }};{% endfor %}",
                Map.of("names", List.of("core", "bom")));
        assertThat(out.strip()).isEqualTo("CORE;BOM;");
    }
}
