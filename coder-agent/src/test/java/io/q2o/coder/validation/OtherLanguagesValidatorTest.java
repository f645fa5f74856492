package io.q2o.coder.validation;

import io.q2o.coder.Language;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OtherLanguagesValidatorTest {
    private final CodeValidators validators = CodeValidators.defaults();

    private ValidationReport check(Language l, String code, String... required) {
        return validators.validate(code, l, List.of(required));
    }

    private List<String> errors(Language l, String code) {
        return check(l, code).errors().stream().map(f -> f.ruleId() + "@" + f.line() + ":" + f.column()).toList();
    }

    @Test
    void everyLanguageHasAValidator() {
        for (Language l : Language.values()) {
            assertThat(validators.forLanguage(l).languages()).contains(l);
        }
    }

    @Test
    void javascriptSyntaxAndSecurity() {
        assertThat(errors(Language.JAVASCRIPT, "function f( {\n  return 1;\n}\n")).isNotEmpty()
                .allMatch(e -> e.startsWith("syntax."));
        assertThat(errors(Language.JAVASCRIPT, "const x = eval(input);\n")).containsExactly("security.eval@1:11");
        assertThat(errors(Language.JAVASCRIPT, "const f = new Function('a', 'return a');\n"))
                .containsExactly("security.new-function@1:15");
        assertThat(errors(Language.JAVASCRIPT, "const cp = require('child_process');\ncp.exec('ls ' + dir);\n"))
                .containsExactly("security.child-process-exec@2:1");
        assertThat(errors(Language.JAVASCRIPT, "const { execSync: run } = require('node:child_process');\nrun(cmd);\n"))
                .containsExactly("security.child-process-exec@2:1");
        assertThat(errors(Language.JAVASCRIPT, "require('child_process').exec(cmd);\n"))
                .containsExactly("security.child-process-exec@1:1");
        assertThat(errors(Language.JAVASCRIPT, "import { spawn } from 'child_process';\nspawn(cmd, { shell: true });\n"))
                .containsExactly("security.child-process-shell@2:1");
        assertThat(check(Language.JAVASCRIPT, "setTimeout('tick()', 10);\n").findings()).extracting(Finding::ruleId)
                .contains("security.string-timer");
        String benign = """
                // never use eval() or child_process.exec here
                const { execFile } = require('child_process');
                const re = new RegExp('a+');
                const model = { eval() { return 1; } };
                model.eval();
                execFile('ls', ['-la']);
                const note = "eval(x) and exec(y) are banned";
                function evaluate(eval) { return eval(1); }
                """;
        assertThat(check(Language.JAVASCRIPT, benign).findings(Category.SECURITY)).isEmpty();
    }

    @Test
    void typescriptAndTsxAreParsedWithTheirGrammars() {
        String ts = "interface User { id: number }\nexport function load(id: number): User {\n  return { id };\n}\n";
        assertThat(check(Language.TYPESCRIPT, ts, "interface User", "function load", "User").passed()).isTrue();
        String tsx = "export const App = (): JSX.Element => <div className=\"app\">{1 + 1}</div>;\n";
        assertThat(check(Language.TSX, tsx).passed()).isTrue();
        assertThat(check(Language.TYPESCRIPT, tsx).syntaxValid()).isFalse();
        assertThat(check(Language.TSX, "def main():\n    print('python in a tsx file')\n").syntaxValid()).isFalse();
        assertThat(check(Language.TSX, "const key = 'AIzaSyD3f8Kp2Lm9Qx7Vt1Rb6Nc4Wz0Hd5Ys8Gu';\n").errors())
                .extracting(Finding::ruleId).containsExactly("security.secret.google");
    }

    @Test
    void typescriptQualityCountsAnnotationsButNotCallbacks() {
        String ts = """
                /** Adds. */
                export function add(a: number, b: number): number {
                  try {
                    return a + b;
                  } catch (e) {
                    console.error(e);
                    throw e;
                  }
                }
                [1, 2].map((x) => x * 2);
                const untyped = function (a, b) { return a; };
                """;
        QualityScore q = check(Language.TYPESCRIPT, ts).quality();
        QualityMeasure hints = q.measures().get(0);
        assertThat(hints.detail()).isEqualTo("3 of 6 parameters and return types annotated");
        QualityMeasure docs = q.measures().get(1);
        assertThat(docs.detail()).isEqualTo("1 of 2 declarations with a JSDoc comment");
        QualityScore js = check(Language.JAVASCRIPT, "function f(a) { return a; }\n").quality();
        assertThat(js.measures().get(0).applicable()).isFalse();
        assertThat(js.score()).isZero();
    }

    @Test
    void javaSyntaxSecurityAndQuality() {
        assertThat(errors(Language.JAVA, "class A { void m() { int x = ; } }\n")).isNotEmpty().allMatch(e -> e.startsWith("syntax."));
        String code = """
                import org.slf4j.Logger;
                import org.slf4j.LoggerFactory;

                /** Runs things. */
                public class Runner {
                    private static final Logger log = LoggerFactory.getLogger(Runner.class);

                    /** Runs a command. */
                    public void run(String cmd) throws java.io.IOException {
                        log.info("running {}", cmd);
                        Runtime.getRuntime().exec(cmd);
                    }
                }
                """;
        ValidationReport r = check(Language.JAVA, code, "class Runner", "run", "@Override");
        assertThat(r.errors()).extracting(Finding::ruleId).containsExactlyInAnyOrder("security.runtime-exec", "required.missing");
        assertThat(r.quality().score()).isEqualTo(100);
        assertThat(check(Language.JAVA, "class A { String k = \"sk_live_51Hx7Qp2Lm9Vt3Rb6Nc8Wz1Kd4Ys0Ga\"; }").errors())
                .extracting(Finding::ruleId).containsExactly("security.secret.stripe");
    }

    @Test
    void jsonAndYamlUseTheirParsers() {
        assertThat(check(Language.JSON, "{\"a\": [1, 2], \"b\": {\"c\": null}}").passed()).isTrue();
        assertThat(errors(Language.JSON, "{\n  \"a\": 1,\n  \"b\": \n}")).containsExactly("syntax.json@4:1");
        assertThat(errors(Language.JSON, "{\"a\": 1, \"a\": 2}")).hasSize(1).allMatch(e -> e.startsWith("syntax.json@1:"));
        assertThat(errors(Language.JSON, "{} {}")).containsExactly("syntax.json@1:4");
        assertThat(errors(Language.JSON, "  ")).containsExactly("syntax.json@1:1");
        assertThat(check(Language.YAML, "a: 1\nlist:\n  - x\n  - y\n---\nsecond: doc\n").passed()).isTrue();
        assertThat(errors(Language.YAML, "a: 1\nb: [1, 2\nc: 3\n")).hasSize(1).allMatch(e -> e.startsWith("syntax.yaml@"));
        assertThat(errors(Language.YAML, "a: 1\na: 2\n")).hasSize(1);
        assertThat(errors(Language.YAML, "openai_key: sk-proj-aB3dE5fG7hJ9kL1mN3pQ5rS7\n"))
                .containsExactly("security.secret.openai@1:13");
        assertThat(check(Language.YAML, "name: demo\n", "name: demo", "version").errors()).extracting(Finding::message)
                .containsExactly("required element 'version' not found (looked for text)");
    }

    @Test
    void languagesWithoutParserAreScannedForSecretsOnly() {
        ValidationReport r = check(Language.GRAPHQL, "type Query { users: [User!]! }\n", "type Query");
        assertThat(r.passed()).isTrue();
        assertThat(r.findings()).extracting(Finding::ruleId).containsExactly("syntax.not-checked");
        assertThat(check(Language.MARKDOWN, "Use key AKIAZ7Q3X9M2P5L8K4RT\n").errors()).extracting(Finding::ruleId)
                .containsExactly("security.secret.aws");
    }
}
