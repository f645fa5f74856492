package io.q2o.coder.validation;

import io.q2o.coder.Language;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PythonValidatorTest {
    private final PythonValidator v = new PythonValidator();

    private ValidationReport check(String code, String... required) {
        return v.validate(code, Language.PYTHON, List.of(required));
    }

    private List<String> rules(String code) {
        return check(code).findings().stream().filter(f -> f.severity() != Severity.INFO)
                .map(f -> f.ruleId() + "@" + f.line() + ":" + f.column()).toList();
    }

    @Test
    void plansBadCodeIsRejected() {
        ValidationReport syntax = check("def foo( invalid syntax");
        assertThat(syntax.passed()).isFalse();
        assertThat(syntax.syntaxValid()).isFalse();
        assertThat(syntax.errors().get(0).line()).isEqualTo(1);

        ValidationReport danger = check("import os\nos.system('rm -rf /')");
        assertThat(danger.passed()).isFalse();
        assertThat(danger.syntaxValid()).isTrue();
        assertThat(danger.securityPassed()).isFalse();
        Finding f = danger.errors().get(0);
        assertThat(f.category()).isEqualTo(Category.SECURITY);
        assertThat(f.ruleId()).isEqualTo("security.os-system");
        assertThat(f.line()).isEqualTo(2);
        assertThat(f.column()).isEqualTo(1);
    }

    @Test
    void findingsCarryPositionsInCharactersEvenAfterMultiByteText() {
        String code = "s = 'héllo 😀'; eval(s)\n";
        Finding f = check(code).errors().get(0);
        assertThat(f.ruleId()).isEqualTo("security.eval");
        assertThat(f.line()).isEqualTo(1);
        assertThat(f.column()).isEqualTo(code.indexOf("eval") + 1);
    }

    @Test
    void builtinsAreFlaggedOnlyWhenTheyAreTheBuiltins() {
        assertThat(rules("x = eval(input())")).containsExactly("security.eval@1:5");
        assertThat(rules("exec('print(1)')")).containsExactly("security.exec@1:1");
        assertThat(rules("c = compile('1', 'f', 'eval')")).containsExactly("security.compile@1:5");
        assertThat(rules("m = __import__('os')")).containsExactly("security.dynamic-import@1:5");
        assertThat(rules("import builtins\nbuiltins.exec('x')")).containsExactly("security.exec@2:1");
        assertThat(rules("__builtins__.eval('1')")).containsExactly("security.eval@1:1");
        assertThat(rules("def eval(x):\n    return x\n\n\neval(1)\n")).isEmpty();
        assertThat(rules("from re import compile\ncompile('a+')")).isEmpty();
        assertThat(rules("model.eval()\nre.compile('x')\nself.exec()\ntorch.compile(m)")).isEmpty();
        assertThat(rules("# eval(x) and exec(y)\ns = 'os.system(\"rm -rf /\")'\n")).isEmpty();
    }

    @Test
    void shellAndDeserialisationCallsAreResolvedThroughImports() {
        assertThat(rules("from os import popen\npopen('ls')")).containsExactly("security.os-popen@2:1");
        assertThat(rules("from os import *\nsystem('ls')")).containsExactly("security.os-system@2:1");
        assertThat(rules("import subprocess\nsubprocess.run('ls', shell=True)")).containsExactly("security.subprocess-shell@2:28");
        assertThat(rules("import subprocess\nsubprocess.run(['ls'], shell=False)")).isEmpty();
        assertThat(rules("import subprocess\nsubprocess.run(cmd, shell=use_shell)"))
                .containsExactly("security.subprocess-shell-dynamic@2:27");
        assertThat(check("import subprocess\nsubprocess.run(cmd, shell=use_shell)").passed()).isTrue();
        assertThat(rules("import pickle\npickle.loads(b)")).containsExactly("security.pickle@2:1");
        assertThat(rules("import marshal\nmarshal.loads(b)")).containsExactly("security.marshal@2:1");
        assertThat(rules("import yaml\nyaml.load(s)")).containsExactly("security.yaml-load@2:1");
        assertThat(rules("import yaml\nyaml.load(s, Loader=yaml.FullLoader)")).containsExactly("security.yaml-load@2:1");
        assertThat(rules("import yaml\nyaml.load(s, Loader=yaml.SafeLoader)\nyaml.load_all(s, yaml.CSafeLoader)")).isEmpty();
        assertThat(rules("import json\njson.loads(s)\nimport pickle\npickle.dumps(o)")).isEmpty();
    }

    @Test
    void hardCodedKeysAreFoundInStringsAndComments() {
        assertThat(rules("KEY = 'sk-proj-aB3dE5fG7hJ9kL1mN3pQ5rS7'")).containsExactly("security.secret.openai@1:8");
        assertThat(rules("# sk_live_4eC39HqLyjWDarjtT1zdp7dc")).containsExactly("security.secret.stripe@1:3");
        assertThat(rules("k = f\"AKIAZ7Q3X9M2P5L8K4RT{x}\"")).containsExactly("security.secret.aws@1:7");
        assertThat(check("KEY = 'sk-ant-api03-aB3dE5fG7hJ9kL1mN3pQ5rS7'").errors())
                .extracting(Finding::ruleId).containsExactly("security.secret.anthropic");
        assertThat(check("KEY = 'sk-proj-aB3dE5fG7hJ9kL1mN3pQ5rS7'").errors().get(0).message())
                .doesNotContain("aB3dE5fG7hJ9kL1mN3pQ5rS7");
        assertThat(rules("KEY = os.environ['OPENAI_API_KEY']\nPLACEHOLDER = 'sk-your-openai-key-goes-here-1234'")).isEmpty();
    }

    @Test
    void cpythonRulesBeyondTheGrammarAreEnforced() {
        assertThat(rules("if x:\npass\n")).containsExactly("syntax.indentation@2:1");
        assertThat(rules("x = 1\n  y = 2\n")).containsExactly("syntax.indentation@2:3");
        assertThat(rules("def f():\n")).containsExactly("syntax.indentation@1:9");
        assertThat(rules("print 'x'\n")).containsExactly("syntax.python2@1:1");
        assertThat(rules("def f(a, a):\n    return a\n")).containsExactly("syntax.parameters@1:10");
        assertThat(rules("f(a=1, a=2)\n")).containsExactly("syntax.arguments@1:8");
        assertThat(rules("def f():\n    for x in y:\n        break\n    else:\n        continue\n"))
                .containsExactly("syntax.context@5:9");
        assertThat(rules("async def f():\n    await g()\n    async with h():\n        pass\n\n\ndef k():\n    return [await a for a in b]\n"))
                .containsExactly("syntax.context@8:13");
    }

    @Test
    void requiredElementsAreCheckedOnTheTree() {
        String code = """
                import stripe
                from fastapi import APIRouter, Request

                Base = object()
                router = APIRouter()


                @router.post("/hook")
                async def stripe_webhook(request: Request) -> None:
                    # handle_refund is not implemented yet
                    event = stripe.Webhook.construct_event(b"", "", "")
                    if event["type"] == "payment_intent.succeeded":
                        return None


                class User:
                    id: int
                """;
        assertThat(check(code, "class User", "def stripe_webhook", "async def stripe_webhook", "import stripe",
                "from fastapi import APIRouter", "from fastapi import Request, APIRouter", "@router.post", "Base =",
                "stripe.Webhook.construct_event", "payment_intent.succeeded", "\"payment_intent.succeeded\"", "router",
                "id: int").passed()).isTrue();
        ValidationReport missing = check(code, "handle_refund", "class user", "def User", "import os", "Base.metadata",
                "from fastapi import Depends", "@app.get", "router =  ", "'x'");
        assertThat(missing.findings(Category.REQUIRED)).extracting(Finding::message).allMatch(m -> m.contains("not found"))
                .hasSize(8);
        assertThat(check(code, "id: int").findings(Category.REQUIRED)).extracting(Finding::ruleId)
                .containsExactly("required.text-match");
        assertThat(check(code, "handle_refund is not").passed()).isFalse();
    }

    @Test
    void qualityScoreHasABreakdown() {
        String bare = "def add(a, b):\n    try:\n        return a + b\n    except:\n        pass\n";
        ValidationReport poor = check(bare);
        assertThat(poor.passed()).isTrue();
        assertThat(poor.findings(Category.QUALITY)).extracting(Finding::ruleId)
                .containsExactly("quality.bare-except", "quality.swallowed-exception");
        assertThat(poor.quality().measures()).extracting(QualityMeasure::name)
                .containsExactly("type_hints", "docstrings", "error_handling", "logging");
        assertThat(poor.quality().score()).isEqualTo(13);

        String good = """
                \"\"\"Arithmetic helpers.\"\"\"
                import logging

                logger = logging.getLogger(__name__)


                class Calculator:
                    \"\"\"Adds numbers.\"\"\"

                    def add(self, a: int, b: int) -> int:
                        \"\"\"Return a + b.\"\"\"
                        if a < 0:
                            raise ValueError("a must not be negative")
                        logger.debug("adding %s and %s", a, b)
                        return a + b
                """;
        QualityScore q = check(good).quality();
        assertThat(q.score()).isEqualTo(100);
        assertThat(q.measures().get(0).detail()).isEqualTo("3 of 3 parameters and return types annotated in 1 functions");
        assertThat(q.toString()).startsWith("100/100 (type_hints 30.0/30");

        QualityScore data = check("X = 1\nY = [1, 2]\n").quality();
        assertThat(data.measures()).filteredOn(QualityMeasure::applicable).extracting(QualityMeasure::name)
                .containsExactly("docstrings");
        assertThat(data.score()).isZero();
    }

    @Test
    void validForgivingFormsFoundInTheStandardLibraryAndPopularPackagesAreAccepted() {
        List<String> valid = List.of(
                "x = f(a, wrap=False,\\\n      b=1)\n",
                "r = g(verbose, split=split,\\\n    colors=colors)\n",
                "assert check(x) \\\n    # == EXPECTED\n\n\ndef test_next():\n    assert True\n",
                "def make(n):\n    return (i * 2 for i in range(n) if await wrap(i))\n",
                "def f(*args, **kwargs):\n    args = *args, *kwargs.values()\n    return args\n",
                "xs = [*ts.static_order()]\nys = {*a.b.c}\nzs = \"|\".join([*dict.fromkeys(k)])\n",
                "v = [*a + b, *c]\n",
                "if a and \\\n   b:\n    pass\n",
                "def g():\n    return [x for x in [(yield 1)]]\n",
                "import sys\nprint >> sys.stderr, 'message'\n");
        for (String code : valid) {
            assertThat(check(code).findings(Category.SYNTAX)).as(code).isEmpty();
        }
    }

    @Test
    void oddCharactersDoNotBreakTheParserOrThePositions() {
        assertThat(check("x = '\u0000'\ny = eval(x)\n").errors()).extracting(f -> f.ruleId() + "@" + f.line() + ":" + f.column())
                .containsExactly("syntax.error@1:5", "security.eval@2:5"); // CPython also rejects NUL bytes
        assertThat(check("x = '\uD800'\n").syntaxValid()).isTrue();
        assertThat(check("").passed()).isTrue();
        assertThat(check("\r\n".repeat(3) + "x = 1\r\n").passed()).isTrue();
    }

    @Test
    void rejectsOtherLanguages() {
        assertThatThrownBy(() -> v.validate("x", Language.JAVA)).isInstanceOf(IllegalArgumentException.class);
    }
}
