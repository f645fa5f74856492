package io.q2o.coder.validation;

import io.q2o.coder.Language;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The syntax error CPython 3.11 reports — line and wording — for the forms tree-sitter's
 * forgiving grammar accepts or places elsewhere (statements continued without brackets, missing
 * colons, Python 2 forms, strings and brackets never closed), and no error for valid
 * 3.10–3.13 forms that look close to them. Expected values were taken from {@code compile()}.
 */
class CpythonSyntaxTest {
    private final PythonValidator validator = new PythonValidator();

    private List<Finding> syntax(String code) {
        return validator.validate(code, Language.PYTHON).findings(Category.SYNTAX).stream()
                .filter(f -> f.severity() == Severity.ERROR).toList();
    }

    /** Source (\n escaped), CPython's line, and its message. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "try:\\n    pass\\nexcept ValueError, e:\\n    pass\\n| 3 | multiple exception types must be parenthesized",
            "x =\\ny = 2\\n| 1 | invalid syntax",
            "x = a +\\nb\\n| 1 | invalid syntax",
            "import\\nos\\n| 1 | invalid syntax",
            "def f(x) ->\\nint:\\n  pass\\n| 1 | expected ':'",
            "x = foo.\\nbar\\n| 1 | invalid syntax",
            "x = 1 if a\\nelse 2\\n| 1 | expected 'else' after 'if' expression",
            "assert x,\\n'm'\\n| 1 | invalid syntax",
            "from x import a,\\n| 1 | trailing comma not allowed without surrounding parentheses",
            "if x\\n    pass\\n| 1 | expected ':'",
            "class A(B)\\n    pass\\n| 1 | expected ':'",
            "a = 1\\ns = '''abc\\n\\nx = 2\\n| 2 | unterminated triple-quoted string literal (detected at line 4)",
            "def f(:\\n    pass\\ns = 'abc\\n| 3 | unterminated string literal (detected at line 3)",
            "x = foo(1,\\n    2\\n\\ndef g():\\n    pass\\n| 1 | '(' was never closed",
            "x = (1,\\n2]\\n| 2 | closing parenthesis ']' does not match opening parenthesis '(' on line 1",
            "x = 1)\\n| 1 | unmatched ')'",
            "x = 1\\nelse:\\n    pass\\n| 2 | invalid syntax",
            "try:\\n    pass\\nx = 1\\n| 3 | expected 'except' or 'finally' block",
            "if x:\\n    a\\n  b\\n| 3 | IndentationError: unindent does not match any outer indentation level",
            "if x:\\npass\\n| 2 | IndentationError: expected an indented block after 'if' statement on line 1",
            "x = f(a\\n    b)\\n| 1 | invalid syntax. Perhaps you forgot a comma?",
            "x = 1abc\\n| 1 | invalid decimal literal",
            "x = \\u20ac\\n| 1 | invalid character '\u20ac' (U+20AC)",
            "while x:\\n    pass\\nelse\\n    pass\\n| 3 | expected ':'",
            "x = 1 2\\n| 1 | invalid syntax",
    })
    void reportsCpythonsLineAndWording(String escaped, int line, String message) {
        String code = escaped.replace("\\n", "\n").replace("\\u20ac", "\u20ac");
        List<Finding> errors = syntax(code);
        assertThat(errors).as("%s", code).isNotEmpty();
        assertThat(errors.get(0).line()).as("%s -> %s", code, errors).isEqualTo(line);
        assertThat(errors.get(0).message()).isEqualTo(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "match command:\n    case [x, y] if x > y:\n        pass\n    case _:\n        pass\n",
            "match = 1\ncase = match + 1\ntype = 'x'\n",
            "type Point = tuple[float, float]\n",
            "def first[T](xs: list[T]) -> T:\n    return xs[0]\n",
            "x = f\"{d[\"key\"]}\"\n",
            "x = f'{f'a' if d else ''} b'\n",
            "src = f'{f' {decorator}\\n' if decorator else ''} def {name}({args}):\\n{body}'\n",
            "x = rf'({name})(\\{{)'\n",
            "print(f'{x:>{width}}', f'{y!r}', f'{z=}')\n",
            "x = (1 +\n     2)\ny = [\n    1,\n]\n",
            "if a and \\\n        b:\n    pass\n",
            "from . import x\nfrom .mod import (a,\n    b)\n",
            "x = 1 if a else 2\nf = lambda v: v if v else 0\n",
            "s = 'a' 'b'\n",
            "try:\n    pass\nexcept* ValueError:\n    pass\n",
            "for x in y:\n    pass\nelse:\n    pass\n",
            "class A:\n\n    # comment\n\n    def f(self):\n        return 1\n",
            "x = 0x_FF + 1_000 + 1e-5 + 1j + .5 + 0o17 + 0b1\n",
            "async def f():\n    async with a as b, c:\n        await g()\n",
            "x: int = 5\ny: list[int]\n",
            "def f(a, /, b, *, c):\n    return a\n",
            "with (open(a) as f,\n      open(b) as g):\n    pass\n",
            "\uFEFFimport os\nx = f'{os!r}'\n",
            "s = \"\"\"a\uFEFFb\"\"\"\nx = f'{s!r}'\n",
    })
    void acceptsValidPython(String code) {
        assertThat(syntax(code)).as("%s", code).isEmpty();
    }
}
