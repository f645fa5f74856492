package io.q2o.coder.validation;

import io.q2o.coder.Language;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast parser ({@link PythonParser}) against tree-sitter: on real code, on single-edit
 * mutants of it and on a file that uses most of the grammar, the validator must give the same
 * report (findings, quality) and the same required-elements index whichever tree it reads; the
 * fast parser must handle real code (else the speed is lost) and give up on invalid code.
 */
class PythonParserEquivalenceTest {
    private static final Path CORPUS = Path.of("src", "test", "resources", "corpus");

    private final PythonValidator fast = new PythonValidator(true);
    private final PythonValidator treeSitter = new PythonValidator(false);

    /** Most of the grammar the fast parser builds, in one valid file. */
    private static final String GRAMMAR_TOUR = String.join("\n",
            "\"\"\"Module docstring.\"\"\"",
            "from __future__ import annotations",
            "import os.path as osp, sys",
            "from . import (a as b, c,)",
            "from ..pkg.mod import *",
            "import hashlib, subprocess, yaml, requests",
            "",
            "X: dict[str, list[int]] = {}",
            "Y = Z = lambda p, *q, r=1, **s: p if q else None",
            "a, *rest = [1, 2, 3]",
            "(m, n), o = (1, 2), 3",
            "count += 1; total -= 2",
            "value = -x ** 2 + ~y // 3 % 4 @ w << 1 >> 2 & 3 | 4 ^ 5",
            "flag = not a in b and c is not d or e not in f or g < h <= i == j != k >= l > m_",
            "text = f'{name!r:>{width}} {x.y[0]:.2f} {{literal}} {d[\"k\"]}' 'tail' rb'\\\\' r'\\1'",
            "nums = [0x1F, 0o17, 0b101, 1_000, 1.5e3, 10j, 2.5j, .5]",
            "sliced = seq[1:2, ::3, :, a:b:c][...]",
            "comp = {k: v for k, v in items.items() if v if k for _ in range(2)}",
            "gen = sum(x for x in range(10))",
            "sets = {*a, 1}, {**d, 'k': 1}, [*b, 2], (*c, 3)",
            "call = f(1, *args, key=2, **kwargs)",
            "walrus = [y for x in data if (y := x * 2)]",
            "PASSWORD = 'hunter2-real-secret'",
            "digest = hashlib.md5(password.encode())",
            "subprocess.call(cmd, shell=True)",
            "requests.get(url, verify=False)",
            "yaml.load(stream)",
            "",
            "",
            "@decorator.attr(1)",
            "@plain",
            "class Klass(Base, metaclass=Meta):",
            "    \"\"\"A class.\"\"\"",
            "    attr: int = 0  # a comment",
            "",
            "    async def method(self, a: int, /, b: str = 'x', *args: int, c, d=4, **kw: str) -> Optional[int]:",
            "        \"\"\"A method.\"\"\"",
            "        global G",
            "        async with lock as held, other:",
            "            async for item in aiter():",
            "                await item",
            "        try:",
            "            pass",
            "        except (KeyError, ValueError) as err:",
            "            raise RuntimeError('x') from err",
            "        except Exception:",
            "            pass",
            "        except:",
            "            raise",
            "        else:",
            "            pass",
            "        finally:",
            "            del a, b[1], c.d",
            "        return (yield)",
            "",
            "",
            "def outer():",
            "    total = 0",
            "    def inner():",
            "        nonlocal total",
            "        yield from range(3)",
            "        x = yield 1, 2",
            "    for i, j in pairs:",
            "        if i: continue",
            "        elif j: break",
            "        else: pass",
            "    else:",
            "        pass",
            "    while total < 10:",
            "        total += 1",
            "    else:",
            "        assert total, 'message'",
            "    with open(path) as fh:",
            "        print(fh.read())",
            "    return total, inner",
            "");

    private record Source(String name, String text) {
    }

    private static List<Source> corpus() throws IOException {
        List<Source> out = new ArrayList<>();
        for (String dir : List.of("valid", "benign", "dangerous", "syntax_errors")) {
            try (Stream<Path> s = Files.list(CORPUS.resolve(dir))) {
                for (Path p : s.filter(x -> x.toString().endsWith(".py")).sorted().toList()) {
                    out.add(new Source(dir + "/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8)));
                }
            }
        }
        out.add(new Source("grammar tour", GRAMMAR_TOUR));
        return out;
    }

    @Test
    void sameReportAndIndexOnRealCodeAndItsMutants() throws IOException {
        List<Source> sources = new ArrayList<>();
        long seed = 20261207L;
        for (Source s : corpus()) {
            sources.add(s);
            PythonMutants gen = new PythonMutants(s.text, seed++);
            for (String kind : PythonMutants.KINDS) {
                String m = gen.mutate(kind);
                if (m != null) {
                    sources.add(new Source(s.name + " (" + kind + ")", m));
                }
            }
        }
        List<String> differences = new ArrayList<>();
        int fastParsed = 0;
        for (Source s : sources) {
            ValidationReport a = fast.validate(s.text, Language.PYTHON, List.of());
            ValidationReport b = treeSitter.validate(s.text, Language.PYTHON, List.of());
            if (!findings(a).equals(findings(b)) || !Objects.equals(String.valueOf(a.quality()), String.valueOf(b.quality()))) {
                differences.add(s.name + ": fast " + findings(a) + " " + a.quality() + " | tree-sitter " + findings(b) + " " + b.quality());
            }
            ParsedSource own = fastTree(s.text);
            if (own != null) {
                fastParsed++;
                ParsedSource ts = ParsedSource.parse(s.text, Language.PYTHON);
                String x = index(own);
                String y = index(ts);
                if (!x.equals(y)) {
                    differences.add(s.name + ": index differs");
                }
            }
        }
        assertThat(differences).as("reports that depend on the parser").isEmpty();
        assertThat(fastParsed).as("files the fast parser handled").isGreaterThan(100);
    }

    @Test
    void fastParserHandlesRealCode() throws IOException {
        List<String> notHandled = new ArrayList<>();
        int valid = 0;
        for (Source s : corpus()) {
            if (s.name.startsWith("syntax_errors/")) {
                continue;
            }
            valid++;
            if (fastTree(s.text) == null && !s.text.contains("match ")) {
                notHandled.add(s.name);
            }
        }
        assertThat(valid).isGreaterThan(40);
        assertThat(notHandled).as("valid files without a match statement left to tree-sitter").isEmpty();
        assertThat(fastTree(GRAMMAR_TOUR)).as("the grammar tour").isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"f() = 1\n", "a + 1 = 2\n", "x := 1\n", "*a\n", "del 1\n", "del f()\n", "a = *b\n",
        "try:\n    pass\nexcept A, e:\n    pass\n", "f(x for x in y, 1)\n", "print 'x'\n", "import a.b as\n",
        "from x import a,\n", "lambda x: yield\n", "x = 1 if y\n", "class A(x for x in y):\n    pass\n",
        "try:\n    pass\nexcept:\n    pass\nexcept E:\n    pass\n", "try:\n    pass\nelse:\n    pass\n",
        "f(a.b=1)\n", "True = 1\n", "for 1 in x:\n    pass\n", "x = f'{a b}'\n", "x = f'{!r}'\n", "x = f'{a!x}'\n",
        "def f(x):\n    return\n  y = 1\n", "a b\n", "x = [1, 2\n", "x = '\0'\n"})
    void fastParserGivesUpOnInvalidCode(String code) {
        assertThat(fastTree(code)).as(code).isNull();
    }

    @Test
    void anExpressionNestedTooDeepForTheFastParserGoesToTreeSitter() {
        String code = "x = " + "not ".repeat(50_000) + "y\n";
        // the fast parser's recursion runs out of stack and it gives up; validation neither fails nor flags valid code
        assertThat(fast.validate(code, Language.PYTHON).findings(Category.SYNTAX)).isEmpty();
    }

    @Test
    void fastTreeHasTreeSittersShapeForTheGrammarTour() {
        ParsedSource own = fastTree(GRAMMAR_TOUR);
        ParsedSource ts = ParsedSource.parse(GRAMMAR_TOUR, Language.PYTHON);
        assertThat(shape(own.root)).isEqualTo(shape(ts.root));
    }

    /** Named nodes (comments, escape sequences and line continuations aside) with field, type and span. */
    private static String shape(SyntaxNode root) {
        StringBuilder sb = new StringBuilder();
        root.walk(n -> {
            if (n.named && !n.isExtra() && !n.is("escape_sequence") && !n.is("escape_interpolation")) {
                sb.append(n.field).append(':').append(n.type).append('[').append(n.start).append(',').append(n.end).append(")\n");
            }
        });
        return sb.toString();
    }

    private static ParsedSource fastTree(String code) {
        PythonTokenizer tok = PythonTokenizer.tokenize(code);
        if (tok.error != null || PythonLines.check(code, tok.tokens, true) != null) {
            return null;
        }
        ParsedSource src = ParsedSource.textOnly(code, Language.PYTHON);
        src.root = PythonParser.parse(src, tok);
        return src.root == null ? null : src;
    }

    private static List<String> findings(ValidationReport r) {
        return r.findings().stream().map(Object::toString).sorted().toList();
    }

    private static String index(ParsedSource src) {
        CodeIndex x = PythonValidator.index(src, PythonNames.of(src.root));
        return String.join("\u0001", new TreeSet<>(x.identifiers).toString(), new TreeSet<>(x.dottedNames).toString(),
                new TreeSet<>(x.types).toString(), new TreeSet<>(x.functions).toString(), new TreeSet<>(x.assigned).toString(),
                new TreeSet<>(x.imports).toString(), new TreeSet<>(x.decorators).toString(), new TreeSet<>(x.strings).toString(),
                x.codeWithoutComments);
    }
}
