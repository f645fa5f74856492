package io.q2o.coder.validation;

import static io.q2o.coder.validation.PythonTokenizer.NAME;
import static io.q2o.coder.validation.PythonTokenizer.NEWLINE;
import static io.q2o.coder.validation.PythonTokenizer.NUMBER;
import static io.q2o.coder.validation.PythonTokenizer.OP;
import static io.q2o.coder.validation.PythonTokenizer.STRING;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * Single-edit mutations of valid Python source, by kind: drop or insert colons, brackets,
 * quotes, indentation, operators, commas, keywords, newlines inside expressions, Python 2
 * forms. Positions come from the tokenizer, so edits land on code, not on comments; a seeded
 * {@link Random} makes the set reproducible.
 */
final class PythonMutants {
    record Mutant(String kind, String source) {
    }

    static final List<String> KINDS = List.of("drop-colon", "drop-open-bracket", "drop-close-bracket",
            "insert-open-bracket", "insert-close-bracket", "swap-bracket", "drop-quote", "break-triple-quote",
            "indent-line", "dedent-line", "newline-in-expression", "drop-token", "double-operator", "python2-except",
            "insert-keyword", "drop-comma", "assign-for-compare", "truncate-line", "insert-invalid-char", "drop-operand");

    private static final String[] KEYWORDS = {"def", "class", "if", "return", "else", "import", "in", "for", "while",
            "lambda", "pass", "with", "try", "is", "and", "from", "yield", "del"};

    private final String src;
    private final PythonTokenizer.Tokens t;
    private final Random random;

    PythonMutants(String source, long seed) {
        this.src = source;
        this.t = PythonTokenizer.tokenize(source).tokens;
        this.random = new Random(seed);
    }

    private String text(int i) {
        return src.substring(t.start[i], t.end[i]);
    }

    private int pick(IntPredicate p) {
        List<Integer> c = new ArrayList<>();
        for (int i = 0; i < t.size; i++) {
            if (p.test(i)) {
                c.add(i);
            }
        }
        return c.isEmpty() ? -1 : c.get(random.nextInt(c.size()));
    }

    private String replace(int from, int to, String with) {
        return src.substring(0, from) + with + src.substring(to);
    }

    private boolean op(int i, String... any) {
        if (t.kind[i] != OP) {
            return false;
        }
        String x = text(i);
        for (String a : any) {
            if (a.equals(x)) {
                return true;
            }
        }
        return false;
    }

    private int lineStart(int offset) {
        int p = offset;
        while (p > 0 && src.charAt(p - 1) != '\n') {
            p--;
        }
        return p;
    }

    /** One mutant of the kind, or null when the source has no place for it. */
    String mutate(String kind) {
        int i;
        switch (kind) {
            case "drop-colon":
                i = pick(x -> op(x, ":") && x + 1 < t.size && t.kind[x + 1] == NEWLINE);
                return i < 0 ? null : replace(t.start[i], t.end[i], "");
            case "drop-open-bracket":
                i = pick(x -> op(x, "(", "[", "{"));
                return i < 0 ? null : replace(t.start[i], t.end[i], "");
            case "drop-close-bracket":
                i = pick(x -> op(x, ")", "]", "}"));
                return i < 0 ? null : replace(t.start[i], t.end[i], "");
            case "insert-open-bracket":
                i = pick(x -> t.kind[x] == NAME || t.kind[x] == OP);
                return i < 0 ? null : replace(t.end[i], t.end[i], "([{".substring(random.nextInt(3)).substring(0, 1));
            case "insert-close-bracket":
                i = pick(x -> t.kind[x] == NAME || t.kind[x] == NUMBER);
                return i < 0 ? null : replace(t.end[i], t.end[i], ")]}".substring(random.nextInt(3)).substring(0, 1));
            case "swap-bracket":
                i = pick(x -> op(x, ")", "]", "}"));
                if (i < 0) {
                    return null;
                }
                return replace(t.start[i], t.end[i], text(i).equals(")") ? "]" : ")");
            case "drop-quote": {
                i = pick(x -> t.kind[x] == STRING && !text(x).contains("\n"));
                if (i < 0) {
                    return null;
                }
                String s = text(i);
                int q = random.nextBoolean() ? s.length() - 1 : Math.max(s.indexOf('\''), s.indexOf('"')) >= 0
                        ? firstQuote(s) : s.length() - 1;
                return replace(t.start[i] + q, t.start[i] + q + 1, "");
            }
            case "break-triple-quote":
                i = pick(x -> t.kind[x] == STRING && (text(x).endsWith("\"\"\"") || text(x).endsWith("'''")) && text(x).length() >= 6);
                return i < 0 ? null : replace(t.end[i] - 1, t.end[i], "");
            case "indent-line": {
                i = pick(x -> x > 0 && t.kind[x - 1] == NEWLINE && t.kind[x] != PythonTokenizer.ENDMARKER
                        && t.kind[x] != PythonTokenizer.DEDENT);
                if (i < 0) {
                    return null;
                }
                int ls = lineStart(t.start[i]);
                return replace(ls, ls, random.nextBoolean() ? "    " : " ");
            }
            case "dedent-line": {
                i = pick(x -> x > 0 && (t.kind[x - 1] == NEWLINE || t.kind[x - 1] == PythonTokenizer.INDENT)
                        && t.start[x] > lineStart(t.start[x]) && t.kind[x] != PythonTokenizer.DEDENT
                        && t.kind[x] != PythonTokenizer.INDENT && t.kind[x] != PythonTokenizer.ENDMARKER);
                if (i < 0) {
                    return null;
                }
                int ls = lineStart(t.start[i]);
                int cut = random.nextBoolean() ? t.start[i] : Math.min(t.start[i], ls + 1 + random.nextInt(Math.max(1, t.start[i] - ls)));
                return replace(ls, cut, "");
            }
            case "newline-in-expression":
                i = pick(x -> t.depth[x] == 0 && (op(x, "=", "+", "-", "*", ".", ",", "->", "and", "or", "==", "%")
                        || t.kind[x] == NAME && (text(x).equals("if") || text(x).equals("import") || text(x).equals("in")
                        || text(x).equals("and") || text(x).equals("or") || text(x).equals("not")))
                        && x + 1 < t.size && t.kind[x + 1] != NEWLINE && !(x > 0 && t.kind[x - 1] == NEWLINE));
                return i < 0 ? null : replace(t.end[i], t.end[i], "\n");
            case "drop-token":
                i = pick(x -> t.kind[x] == NAME || t.kind[x] == OP || t.kind[x] == NUMBER);
                return i < 0 ? null : replace(t.start[i], t.end[i], "");
            case "double-operator":
                i = pick(x -> op(x, "+", "-", "*", "/", "=", "==", "<", ">", "%", "."));
                return i < 0 ? null : replace(t.end[i], t.end[i], new String[] {" *", " /", " =", " .", " %", " <"}[random.nextInt(6)]);
            case "python2-except": {
                i = pick(x -> t.kind[x] == NAME && text(x).equals("as") && x > 1 && x + 2 < t.size && op(x + 2, ":")
                        && exceptLine(x));
                return i < 0 ? null : replace(t.start[i] - 1, t.end[i], ",");
            }
            case "insert-keyword":
                i = pick(x -> t.kind[x] == NAME || t.kind[x] == NUMBER || t.kind[x] == STRING);
                return i < 0 ? null : replace(t.start[i], t.start[i], KEYWORDS[random.nextInt(KEYWORDS.length)] + " ");
            case "drop-comma":
                i = pick(x -> op(x, ",") && t.depth[x] > 0 && x + 1 < t.size && !op(x + 1, ")", "]", "}"));
                return i < 0 ? null : replace(t.start[i], t.end[i], "");
            case "assign-for-compare":
                i = pick(x -> op(x, "=="));
                return i < 0 ? null : replace(t.start[i], t.end[i], "=");
            case "truncate-line": {
                i = pick(x -> t.depth[x] == 0 && (t.kind[x] == OP || t.kind[x] == NAME) && x + 1 < t.size
                        && t.kind[x + 1] != NEWLINE && !(x > 0 && t.kind[x - 1] == NEWLINE));
                if (i < 0) {
                    return null;
                }
                int e = i;
                while (e < t.size && t.kind[e] != NEWLINE) {
                    e++;
                }
                return e >= t.size ? null : replace(t.end[i], t.start[e], "");
            }
            case "insert-invalid-char":
                i = pick(x -> t.kind[x] == NAME || t.kind[x] == OP);
                return i < 0 ? null : replace(t.end[i], t.end[i], new String[] {" $", " ?", " `", "!", " \u20ac"}[random.nextInt(5)]);
            case "drop-operand":
                i = pick(x -> (t.kind[x] == NAME || t.kind[x] == NUMBER) && x > 0
                        && op(x - 1, "+", "-", "*", "/", "=", "==", "<", ">", "%", "and", "or", "in", ","));
                return i < 0 ? null : replace(t.start[i], t.end[i], "");
            default:
                throw new IllegalArgumentException("unknown mutation kind " + kind);
        }
    }

    private boolean exceptLine(int asToken) {
        for (int x = asToken - 1; x >= 0 && t.kind[x] != NEWLINE && t.kind[x] != PythonTokenizer.INDENT
                && t.kind[x] != PythonTokenizer.DEDENT; x--) {
            if (t.kind[x] == NAME && text(x).equals("except")) {
                return true;
            }
        }
        return false;
    }

    private static int firstQuote(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
                return i;
            }
        }
        return 0;
    }
}
