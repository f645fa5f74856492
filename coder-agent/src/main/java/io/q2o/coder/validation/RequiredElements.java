package io.q2o.coder.validation;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks required elements against a {@link CodeIndex}. Recognised forms (checked on the syntax
 * tree): {@code class X} (also interface/enum/record/type X), {@code def f} / {@code async def f}
 * / {@code function f}, {@code import …} and {@code from … import …} (Python), {@code @decorator},
 * {@code X =} (an assignment to X), a quoted string literal, an identifier, and a dotted name
 * (an attribute chain or import in code, else a string literal with that content). Any other form
 * falls back to a text search of the code without comments, reported as an INFO finding.
 */
final class RequiredElements {
    private static final Pattern CLASS = Pattern.compile("^(?:class|interface|enum|record|type|struct)\\s+([A-Za-z_$][\\w$]*)\\s*[:({<]?.*$");
    private static final Pattern FUNCTION = Pattern.compile("^(?:async\\s+)?(?:def|function|fn|func)\\s+([A-Za-z_$][\\w$]*)\\s*(?:\\(.*)?:?$");
    private static final Pattern FROM_IMPORT = Pattern.compile("^from\\s+([\\w.]+)\\s+import\\s+(.+)$");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+([\\w.]+(?:\\s+as\\s+\\w+)?(?:\\s*,\\s*[\\w.]+(?:\\s+as\\s+\\w+)?)*)$");
    private static final Pattern DECORATOR = Pattern.compile("^@([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)(?:\\(.*\\))?$");
    private static final Pattern ASSIGNED = Pattern.compile("^([A-Za-z_$][\\w$]*)\\s*(?::\\s*[^=]+)?=$");
    private static final Pattern QUOTED = Pattern.compile("^(['\"`])(.*)\\1$", Pattern.DOTALL);
    private static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z_$][\\w$]*$");
    private static final Pattern DOTTED = Pattern.compile("^[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+$");

    private RequiredElements() {
    }

    static void check(CodeIndex idx, List<String> elements, boolean pythonImports, List<Finding> out) {
        for (String raw : elements) {
            String e = raw.strip().replaceAll("\\s+", " ");
            Matcher m;
            if ((m = CLASS.matcher(e)).matches()) {
                require(idx.types.contains(m.group(1)), raw, "a class/type definition named " + m.group(1), out);
            } else if ((m = FUNCTION.matcher(e)).matches()) {
                require(idx.functions.contains(m.group(1)), raw, "a function definition named " + m.group(1), out);
            } else if (pythonImports && (m = FROM_IMPORT.matcher(e)).matches()) {
                boolean all = true;
                for (String name : m.group(2).replaceAll("[()]", "").split(",")) {
                    String n = name.strip().split("\\s+as\\s+")[0].strip();
                    all &= idx.imports.contains("from " + m.group(1) + " import " + n);
                }
                require(all, raw, "an import", out);
            } else if (pythonImports && (m = IMPORT.matcher(e)).matches()) {
                boolean all = true;
                for (String name : m.group(1).split(",")) {
                    all &= idx.imports.contains("import " + name.strip().split("\\s+as\\s+")[0].strip());
                }
                require(all, raw, "an import", out);
            } else if ((m = DECORATOR.matcher(e)).matches()) {
                require(idx.decorators.contains(m.group(1)), raw, "a decorator/annotation @" + m.group(1), out);
            } else if ((m = ASSIGNED.matcher(e)).matches()) {
                require(idx.assigned.contains(m.group(1)), raw, "an assignment to " + m.group(1), out);
            } else if ((m = QUOTED.matcher(e)).matches()) {
                require(idx.strings.contains(m.group(2)), raw, "a string literal", out);
            } else if (IDENTIFIER.matcher(e).matches()) {
                require(idx.identifiers.contains(e) || idx.types.contains(e) || idx.functions.contains(e), raw,
                        "an identifier in code (not in a comment or string)", out);
            } else if (DOTTED.matcher(e).matches()) {
                require(idx.dottedNames.contains(e) || idx.strings.contains(e), raw,
                        "a dotted name in code or a string literal", out);
            } else {
                boolean found = idx.codeWithoutComments.contains(raw.strip());
                if (found) {
                    out.add(new Finding(Category.REQUIRED, Severity.INFO, "required.text-match",
                            "required element '" + raw + "' found as text only: its form cannot be checked on the syntax tree",
                            0, 0));
                } else {
                    require(false, raw, "text outside comments", out);
                }
            }
        }
    }

    private static void require(boolean found, String element, String as, List<Finding> out) {
        if (!found) {
            out.add(new Finding(Category.REQUIRED, Severity.ERROR, "required.missing",
                    "required element '" + element + "' not found (looked for " + as + ")", 0, 0));
        }
    }

    /** Blanks out the given comment ranges (keeps line structure). */
    static String withoutComments(String text, List<SyntaxNode> comments) {
        if (comments.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text);
        for (SyntaxNode c : comments) {
            for (int i = c.start; i < c.end && i < sb.length(); i++) {
                if (sb.charAt(i) != '\n') {
                    sb.setCharAt(i, ' ');
                }
            }
        }
        return sb.toString();
    }
}
