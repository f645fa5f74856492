package io.q2o.coder;

import io.q2o.coder.validation.CodeValidators;
import org.junit.jupiter.api.Test;

import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class CodeExtractorTest {
    private static final CodeValidators V = CodeValidators.defaults();
    private static final Predicate<String> PY = c -> V.forLanguage(Language.PYTHON).syntaxValid(c, Language.PYTHON);
    private static final Predicate<String> TS = c -> V.forLanguage(Language.TYPESCRIPT).syntaxValid(c, Language.TYPESCRIPT);

    private static final String CODE = "import os\n\n\ndef home() -> str:\n    return os.environ.get(\"HOME\", \"\")\n";

    @Test
    void plainCodeIsKept() {
        assertThat(CodeExtractor.extract(CODE, Language.PYTHON, PY)).isEqualTo(CODE);
        assertThat(CodeExtractor.extract("\n\n" + CODE + "\n\n", Language.PYTHON, PY)).isEqualTo(CODE);
    }

    @Test
    void fencedBlockIsTakenWithoutTheProseAroundIt() {
        String answer = "Here's a solution:\n\n```python\n" + CODE + "```\n\nIt reads HOME. Install with:\n\n```bash\npip install nothing\n```\n";
        assertThat(CodeExtractor.extract(answer, Language.PYTHON, PY)).isEqualTo(CODE);
    }

    @Test
    void theLongestMatchingBlockWinsAndOtherLanguagesAreIgnored() {
        String answer = "```py\nx = 1\n```\n```python\n" + CODE + "```\n```json\n{\"a\": 1, \"b\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}\n```";
        assertThat(CodeExtractor.extract(answer, Language.PYTHON, PY)).isEqualTo(CODE);
        assertThat(CodeExtractor.extract(answer, Language.JSON, s -> true)).startsWith("{\"a\": 1");
    }

    @Test
    void untaggedAndTildeFencesAndUnclosedFencesWork() {
        assertThat(CodeExtractor.extract("```\n" + CODE + "```", Language.PYTHON, PY)).isEqualTo(CODE);
        assertThat(CodeExtractor.extract("~~~python\n" + CODE + "~~~", Language.PYTHON, PY)).isEqualTo(CODE);
        assertThat(CodeExtractor.extract("Sure:\n```python\n" + CODE, Language.PYTHON, PY)).isEqualTo(CODE);
        assertThat(CodeExtractor.extract("````python\n" + CODE + "```\nstill code\n````", Language.PYTHON, s -> true))
                .isEqualTo(CODE + "```\nstill code\n");
    }

    @Test
    void proseWithoutFencesIsStrippedBeforeAndAfter() {
        String answer = "Here is the complete implementation:\n\n" + CODE
                + "\nThis function returns the home directory of the current user.\nLet me know if you need changes!\n";
        assertThat(CodeExtractor.extract(answer, Language.PYTHON, PY)).isEqualTo(CODE);
    }

    @Test
    void proseAfterTheCodeWithoutBlankLineIsCut() {
        String answer = CODE + "Explanation of the code above:\n- It reads the variable\n";
        assertThat(CodeExtractor.extract(answer, Language.PYTHON, PY)).isEqualTo(CODE);
    }

    @Test
    void commentsAndDocstringsAreNotMistakenForProse() {
        String code = "# Here is a helpful comment about the module.\n\"\"\"The module docstring explains everything.\"\"\"\n\nx = 1\n";
        assertThat(CodeExtractor.extract(code, Language.PYTHON, PY)).isEqualTo(code);
        String ts = "// Returns the sum of two numbers.\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n";
        assertThat(CodeExtractor.extract("Here is the TypeScript version:\n" + ts, Language.TYPESCRIPT, TS)).isEqualTo(ts);
    }

    @Test
    void blankAnswersGiveNoCode() {
        assertThat(CodeExtractor.extract("   \n", Language.PYTHON, PY)).isEmpty();
        assertThat(CodeExtractor.extract(null, Language.PYTHON, PY)).isEmpty();
    }

    @Test
    void proseDetection() {
        assertThat(CodeExtractor.isProse("Here is the code:")).isTrue();
        assertThat(CodeExtractor.isProse("**Note:** this uses the official SDK.")).isTrue();
        assertThat(CodeExtractor.isProse("1. Install the dependencies first.")).isTrue();
        assertThat(CodeExtractor.isProse("User = get_user(id)")).isFalse();
        assertThat(CodeExtractor.isProse("return value")).isFalse();
        assertThat(CodeExtractor.isProse("# Configure logging for the app")).isFalse();
        assertThat(CodeExtractor.isProse("from fastapi import FastAPI")).isFalse();
        assertThat(CodeExtractor.isProse("Base.metadata.create_all(engine)")).isFalse();
    }
}
