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
        Deque<SyntaxNode> stack = new ArrayDeque<>();
        stack.push(src.root);
        while (!stack.isEmpty()) {
            SyntaxNode n = stack.pop();
            if (n.error) {
                SyntaxNode first = firstToken(n);
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
