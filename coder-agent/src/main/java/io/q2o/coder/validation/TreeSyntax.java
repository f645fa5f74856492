package io.q2o.coder.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Syntax findings from tree-sitter's ERROR and MISSING nodes. */
final class TreeSyntax {
    private TreeSyntax() {
    }

    /**
     * One finding per outermost ERROR node (at the first token it could not place) and per
     * MISSING node (at the position the token was expected).
     */
    static List<Finding> findings(ParsedSource src) {
        List<Finding> out = new ArrayList<>();
        if (src.parseFailure != null) {
            out.add(new Finding(Category.SYNTAX, Severity.ERROR, "syntax.error", "cannot parse: " + src.parseFailure, 1, 1));
            return out;
        }
        if (src.errorFree) {
            return out;
        }
        Deque<SyntaxNode> stack = new ArrayDeque<>();
        stack.push(src.root);
        while (!stack.isEmpty()) {
            SyntaxNode n = stack.pop();
            if (n.error) {
                SyntaxNode first = firstToken(locate(n));
                String what = first == null || first.text().isBlank() ? "" : " '" + snippet(first.text()) + "'";
                int at = first != null ? first.start : n.start;
                int[] pos = src.position(at);
                out.add(new Finding(Category.SYNTAX, Severity.ERROR, "syntax.error",
                        "syntax error: unexpected" + (what.isEmpty() ? " input" : what), pos[0], pos[1]));
                continue;
            }
            if (n.missing) {
                int[] pos = src.position(n.start);
                out.add(new Finding(Category.SYNTAX, Severity.ERROR, "syntax.missing",
                        "syntax error: missing " + describeMissing(n.type), pos[0], pos[1]));
                continue;
            }
            for (int i = n.children.size() - 1; i >= 0; i--) {
                stack.push(n.children.get(i));
            }
        }
        return out;
    }

    private static String describeMissing(String type) {
        return type.chars().allMatch(Character::isLetter) && !type.equals(type.toUpperCase())
                && type.chars().anyMatch(c -> c == '_') ? type.replace('_', ' ') : "'" + type + "'";
    }

    /**
     * Where inside an ERROR node the parser really got stuck: tree-sitter wraps whole statements
     * that were fine into the ERROR node, so complete, error-free statements at its start are
     * skipped and nested ERROR nodes are followed.
     */
    static SyntaxNode locate(SyntaxNode error) {
        SyntaxNode cur = error;
        outer:
        while (true) {
            for (SyntaxNode c : cur.children) {
                if (c.isExtra()) {
                    continue;
                }
                if (c.error) {
                    cur = c;
                    continue outer;
                }
                if (c.named && completeStatement(c)) {
                    if (!containsError(c)) {
                        continue;
                    }
                    SyntaxNode inner = firstError(c);
                    if (inner != null && inner.error) {
                        cur = inner;
                        continue outer;
                    }
                    return inner != null ? inner : c;
                }
                if (containsError(c)) {
                    SyntaxNode inner = firstError(c);
                    if (inner != null && inner.error) {
                        cur = inner;
                        continue outer;
                    }
                }
                return c;
            }
            return cur;
        }
    }

    private static boolean completeStatement(SyntaxNode n) {
        return n.type.endsWith("_statement") || n.type.endsWith("_definition") || n.type.endsWith("_declaration")
                || n.type.equals("decorated_definition");
    }

    private static boolean containsError(SyntaxNode n) {
        return firstError(n) != null;
    }

    /** The first ERROR or MISSING node of a subtree in source order, or null. */
    private static SyntaxNode firstError(SyntaxNode n) {
        Deque<SyntaxNode> stack = new ArrayDeque<>();
        stack.push(n);
        while (!stack.isEmpty()) {
            SyntaxNode x = stack.pop();
            if (x.error || x.missing) {
                return x;
            }
            for (int i = x.children.size() - 1; i >= 0; i--) {
                stack.push(x.children.get(i));
            }
        }
        return null;
    }

    /** The first leaf token of an ERROR node that is not itself an empty ERROR. */
    private static SyntaxNode firstToken(SyntaxNode n) {
        SyntaxNode cur = n;
        while (!cur.children.isEmpty()) {
            cur = cur.children.get(0);
        }
        return cur == n && n.start == n.end ? null : cur;
    }

    static String snippet(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        if (nl >= 0) {
            t = t.substring(0, nl).strip();
        }
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }
}
