package io.q2o.coder.validation;

import io.q2o.coder.Language;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid code that the tree-sitter grammars reject passes (an arrow function's body followed by a
 * line opening with a spread array, variance annotations, reserved words as exported names);
 * look-alikes that the language rejects stay errors. Each case's verdict is what
 * {@code node --check} (JavaScript) or the TypeScript compiler's parser says of it.
 */
class ScriptGrammarGapsTest {
    private final JavaScriptValidator validator = new JavaScriptValidator();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("const f = () => {\n  return 1\n}\n\n[...xs].forEach((v) => v)\n", true),
                Arguments.of("const f = async (a, b) => {\n  await a\n}\n// spread next\n[...xs, ...ys].map((v) => v)\n", true),
                Arguments.of("function outer(xs) {\n  const g = (x) => {\n    return x\n  }\n  [...xs].forEach(g)\n  return g\n}\n", true),
                Arguments.of("let o = {}\n[...xs]\n", false),
                Arguments.of("const g = function () {}\n[...xs]\n", false),
                Arguments.of("foo(() => {}\n[...xs])\n", false),
                Arguments.of("const f = () => {\n}\n[...xs\n", false),
                Arguments.of("const _null = 1\nexport { _null as null, _null as function }\n", true),
                Arguments.of("const o = { v: 1 }\nexport { o as null\n", false),
                Arguments.of("export { a, function, b as class } from \"./m.js\"\n", true),
                Arguments.of("let x = [a, function, b]\n", false));
    }

    static Stream<Arguments> typeScriptCases() {
        return Stream.of(
                Arguments.of("export interface Box<in out T> {\n  get(): T\n}\n", true),
                Arguments.of("export interface Check<in T = never> {\n  run(x: T): void\n}\n"
                        + "type Pair<out A, in B> = { a: A; f: (b: B) => void }\n", true),
                Arguments.of("interface Box<in out> {}\n", true),
                Arguments.of("export interface Obj<\n  /** variance */\n  out Shape extends object = object,\n  in Config = never,\n> {\n  s: Shape\n}\n", true),
                Arguments.of("const o = { v: 1 as null }\nexport { o as null\n", false),
                Arguments.of("let x = a <out b\n", false));
    }

    @ParameterizedTest
    @MethodSource("typeScriptCases")
    void typeScriptVerdictMatchesTheCompiler(String code, boolean valid) {
        for (Language language : List.of(Language.TYPESCRIPT, Language.TSX)) {
            ValidationReport report = validator.validate(code, language, List.of());
            assertThat(report.syntaxValid()).as("%s:%n%s%n%s", language, code, report.errors()).isEqualTo(valid);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void verdictMatchesJavaScript(String code, boolean valid) {
        for (Language language : List.of(Language.JAVASCRIPT, Language.TYPESCRIPT)) {
            ValidationReport report = validator.validate(code, language, List.of());
            assertThat(report.syntaxValid()).as("%s:%n%s%n%s", language, code, report.errors()).isEqualTo(valid);
            assertThat(validator.syntaxValid(code, language)).isEqualTo(valid);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void findingsKeepTheCallersLineNumbers(String code, boolean valid) {
        String withSecret = code + "const key = \"sk-proj-4f9Qx7Lm2Za8Rt1Vb6Nc3Hk5Jw0Ye9UdP2sG\"\n";
        List<Finding> secrets = validator.validate(withSecret, Language.JAVASCRIPT, List.of()).findings(Category.SECURITY);
        long lastLine = withSecret.lines().count();
        assertThat(secrets).as("the key on the last line").anySatisfy(f -> assertThat(f.line()).isEqualTo((int) lastLine));
    }
}
