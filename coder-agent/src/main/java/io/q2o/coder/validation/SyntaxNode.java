package io.q2o.coder.validation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node of a syntax tree copied out of tree-sitter into plain Java objects, so analysis needs
 * no native calls and the native tree can be freed at once. Offsets are in Java chars.
 */
final class SyntaxNode {
    final ParsedSource source;
    final String type;
    /** The child's field name in its parent, or null; set when the node is attached. */
    String field;
    final boolean named;
    final boolean error;
    final boolean missing;
    final int start;
    final int end;
    final List<SyntaxNode> children = new ArrayList<>();
    SyntaxNode parent;

    SyntaxNode(ParsedSource source, String type, String field, boolean named, boolean error, boolean missing,
               int start, int end) {
        this.source = source;
        this.type = type;
        this.field = field;
        this.named = named;
        this.error = error;
        this.missing = missing;
        this.start = start;
        this.end = end;
    }

    String text() {
        return source.text.substring(start, end);
    }

    int line() {
        return source.line(start);
    }

    int column() {
        return source.column(start);
    }

    int endLine() {
        return source.line(Math.max(start, end - 1));
    }

    boolean is(String t) {
        return type.equals(t);
    }

    SyntaxNode field(String name) {
        for (SyntaxNode c : children) {
            if (name.equals(c.field)) {
                return c;
            }
        }
        return null;
    }

    List<SyntaxNode> fields(String name) {
        List<SyntaxNode> out = new ArrayList<>();
        for (SyntaxNode c : children) {
            if (name.equals(c.field)) {
                out.add(c);
            }
        }
        return out;
    }

    /** @return whether this is an "extra" that may appear anywhere: a comment or a backslash line continuation */
    boolean isExtra() {
        return type.equals("comment") || type.equals("line_comment") || type.equals("block_comment")
                || type.equals("line_continuation");
    }

    /** @return the named children, without extras (comments, line continuations) */
    List<SyntaxNode> namedChildren() {
        List<SyntaxNode> out = new ArrayList<>();
        for (SyntaxNode c : children) {
            if (c.named && !c.isExtra()) {
                out.add(c);
            }
        }
        return out;
    }

    SyntaxNode firstNamedChild(String childType) {
        for (SyntaxNode c : children) {
            if (c.named && c.type.equals(childType)) {
                return c;
            }
        }
        return null;
    }

    boolean hasChildType(String childType) {
        for (SyntaxNode c : children) {
            if (c.type.equals(childType)) {
                return true;
            }
        }
        return false;
    }

    /** Pre-order walk of this subtree, without recursion (the whole tree's order is computed once and reused). */
    void walk(Consumer<SyntaxNode> visitor) {
        if (this == source.root) {
            for (SyntaxNode n : source.preorder()) {
                visitor.accept(n);
            }
            return;
        }
        Deque<SyntaxNode> stack = new ArrayDeque<>();
        stack.push(this);
        while (!stack.isEmpty()) {
            SyntaxNode n = stack.pop();
            visitor.accept(n);
            for (int i = n.children.size() - 1; i >= 0; i--) {
                stack.push(n.children.get(i));
            }
        }
    }

    /** @return every node of this subtree in pre-order */
    List<SyntaxNode> descendants() {
        List<SyntaxNode> out = new ArrayList<>();
        walk(out::add);
        return out;
    }

    /** @return whether {@code ancestor} is this node or one of its ancestors */
    boolean within(SyntaxNode ancestor) {
        for (SyntaxNode n = this; n != null; n = n.parent) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return type + "@" + line() + ":" + column();
    }
}
