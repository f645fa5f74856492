package io.q2o.coder.validation;

import io.q2o.coder.Language;
import org.treesitter.TSLanguage;
import org.treesitter.TSNode;
import org.treesitter.TSParser;
import org.treesitter.TSSymbolType;
import org.treesitter.TSTree;
import org.treesitter.TSTreeCursor;
import org.treesitter.TreeSitterJava;
import org.treesitter.TreeSitterJavascript;
import org.treesitter.TreeSitterPython;
import org.treesitter.TreeSitterTsx;
import org.treesitter.TreeSitterTypescript;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Source text with its tree-sitter syntax tree as {@link SyntaxNode}s and a line index.
 * Parsing creates a fresh native parser per call (parsers are not thread-safe; grammars are
 * shared and immutable) and frees the native tree before returning.
 */
final class ParsedSource {
    final String text;
    final Language language;
    SyntaxNode root;
    private final int[] lineStarts;

    private ParsedSource(String text, Language language) {
        this.text = text;
        this.language = language;
        int[] starts = new int[64];
        int count = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
            }
            starts[count++] = i + 1;
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    /** Lazily loaded grammars: loading one extracts its native library once. */
    private static final class Grammars {
        static final TSLanguage PYTHON = new TreeSitterPython();
    }

    private static final class JavaGrammar {
        static final TSLanguage JAVA = new TreeSitterJava();
    }

    private static final class ScriptGrammars {
        static final TSLanguage JAVASCRIPT = new TreeSitterJavascript();
        static final TSLanguage TYPESCRIPT = new TreeSitterTypescript();
        static final TSLanguage TSX = new TreeSitterTsx();
    }

    /**
     * A grammar's symbol and field names, read once: a node's type and named-ness then come from
     * its symbol number (one native call instead of three, and no new String per node).
     */
    private static final class Symbols {
        final String[] names;
        final boolean[] named;
        final String[] fields;

        Symbols(TSLanguage grammar) {
            int count = grammar.symbolCount();
            names = new String[count];
            named = new boolean[count];
            for (int i = 0; i < count; i++) {
                names[i] = grammar.symbolName(i);
                named[i] = grammar.symbolType(i) == TSSymbolType.TSSymbolTypeRegular;
            }
            int fieldCount = grammar.fieldCount();
            fields = new String[fieldCount + 1];
            for (int i = 1; i <= fieldCount; i++) {
                fields[i] = grammar.fieldNameForId(i);
            }
        }
    }

    private static final java.util.Map<Language, Symbols> SYMBOLS = new java.util.concurrent.ConcurrentHashMap<>();

    private static TSLanguage grammar(Language language) {
        switch (language) {
            case PYTHON: return Grammars.PYTHON;
            case JAVA: return JavaGrammar.JAVA;
            case JAVASCRIPT: return ScriptGrammars.JAVASCRIPT;
            case TYPESCRIPT: return ScriptGrammars.TYPESCRIPT;
            case TSX: return ScriptGrammars.TSX;
            default: throw new IllegalArgumentException("no tree-sitter grammar for " + language);
        }
    }

    /** Text only, no tree (for languages without a tree-sitter grammar). */
    static ParsedSource textOnly(String text, Language language) {
        return new ParsedSource(text, language);
    }

    /**
     * Parses {@code text}. Unpaired surrogates (not encodable as UTF-8) are replaced by U+FFFD for
     * the parser, char for char, so positions still match the original text. If the native parser
     * fails anyway, the tree is a single ERROR node and {@link #parseFailure} says why.
     */
    static ParsedSource parse(String text, Language language) {
        ParsedSource src = new ParsedSource(text, language);
        // tree-sitter drops U+FEFF from the text it parses, which would shift every later offset:
        // a leading byte-order mark is cut off (and added back to the offsets), any other one is
        // replaced char for char, like lone surrogates
        int bom = text.startsWith("\uFEFF") ? 1 : 0;
        String safe = withoutLoneSurrogates(bom == 0 ? text : text.substring(1));
        int[] byteToChar = byteToChar(safe);
        if (bom > 0) {
            for (int i = 0; i < byteToChar.length; i++) {
                byteToChar[i] += bom;
            }
        }
        TSLanguage grammar = grammar(language);
        try (TSParser parser = new TSParser()) {
            if (!parser.setLanguage(grammar)) {
                throw new IllegalStateException("tree-sitter rejected the " + language.id() + " grammar (ABI mismatch)");
            }
            Symbols symbols = SYMBOLS.computeIfAbsent(language, l -> new Symbols(grammar));
            try (TSTree tree = parser.parseString(null, safe)) {
                src.root = convert(src, tree.getRootNode(), byteToChar, symbols);
            }
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw e;
            }
            src.parseFailure = String.valueOf(e.getMessage());
            src.root = new SyntaxNode(src, "ERROR", null, true, true, false, 0, text.length());
        }
        return src;
    }

    /** Why the native parser failed, or {@code null}. */
    String parseFailure;

    private static String withoutLoneSurrogates(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lone = Character.isHighSurrogate(c) ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (lone || c == '\uFEFF') {
                if (sb == null) {
                    sb = new StringBuilder(text);
                }
                sb.setCharAt(i, '\uFFFD');
            }
        }
        return sb == null ? text : sb.toString();
    }

    /** Copies the cursor's node: four native calls (symbol, start, end, field id), a fifth only for an empty node. */
    private static SyntaxNode node(ParsedSource src, TSTreeCursor cur, int[] b2c, Symbols symbols) {
        TSNode n = cur.currentNode();
        int symbol = n.getSymbol();
        int rawStart = n.getStartByte();
        int rawEnd = n.getEndByte();
        int fieldId = cur.currentFieldId();
        boolean known = symbol >= 0 && symbol < symbols.names.length;
        String type = known ? symbols.names[symbol] : n.getType();
        boolean named = known ? symbols.named[symbol] : n.isNamed();
        String field = fieldId > 0 && fieldId < symbols.fields.length ? symbols.fields[fieldId] : null;
        int sb = clamp(rawStart, b2c.length - 1);
        int eb = clamp(rawEnd, b2c.length - 1);
        boolean missing = rawStart == rawEnd && n.isMissing();
        return new SyntaxNode(src, type, field, named, "ERROR".equals(type), missing, b2c[sb], b2c[Math.max(sb, eb)]);
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    private static SyntaxNode convert(ParsedSource src, TSNode rootNode, int[] b2c, Symbols symbols) {
        try (TSTreeCursor cur = new TSTreeCursor(rootNode)) {
            SyntaxNode root = node(src, cur, b2c, symbols);
            SyntaxNode node = root;
            while (true) {
                if (cur.gotoFirstChild()) {
                    SyntaxNode child = node(src, cur, b2c, symbols);
                    child.parent = node;
                    node.children.add(child);
                    node = child;
                    continue;
                }
                while (true) {
                    if (node == root) {
                        return root;
                    }
                    if (cur.gotoNextSibling()) {
                        SyntaxNode sib = node(src, cur, b2c, symbols);
                        sib.parent = node.parent;
                        node.parent.children.add(sib);
                        node = sib;
                        break;
                    }
                    if (!cur.gotoParent()) {
                        return root;
                    }
                    node = node.parent;
                }
            }
        }
    }

    /** Maps each UTF-8 byte offset (as tree-sitter reports them) to a Java char offset. */
    private static int[] byteToChar(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int[] map = new int[utf8.length + 1];
        int b = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int chars = Character.charCount(cp);
            int bytes = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            for (int k = 0; k < bytes && b + k < map.length; k++) {
                map[b + k] = i;
            }
            b += bytes;
            i += chars;
        }
        Arrays.fill(map, Math.min(b, map.length - 1), map.length, text.length());
        return map;
    }

    /** True when {@link PythonParser} built the tree: it has no ERROR or MISSING node by construction. */
    boolean errorFree;

    private List<SyntaxNode> preorder;

    /** @return every node of the tree in pre-order, computed once (the tree is not changed after parsing) */
    List<SyntaxNode> preorder() {
        if (preorder == null) {
            List<SyntaxNode> out = new ArrayList<>();
            java.util.ArrayDeque<SyntaxNode> stack = new java.util.ArrayDeque<>();
            stack.push(root);
            while (!stack.isEmpty()) {
                SyntaxNode n = stack.pop();
                out.add(n);
                for (int i = n.children.size() - 1; i >= 0; i--) {
                    stack.push(n.children.get(i));
                }
            }
            preorder = out;
        }
        return preorder;
    }

    /** @return the 1-based line of a char offset */
    int line(int offset) {
        int idx = Arrays.binarySearch(lineStarts, offset);
        return (idx >= 0 ? idx : -idx - 2) + 1;
    }

    /** @return the 1-based column (in chars) of a char offset */
    int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    /** @return the text of a 1-based line, without its line break */
    String lineText(int line) {
        int s = lineStarts[line - 1];
        int e = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        String l = text.substring(s, Math.max(s, e));
        return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }

    int lineCount() {
        return lineStarts.length;
    }

    /** @return 1-based line and column of a char offset as a pair */
    int[] position(int offset) {
        int line = line(offset);
        return new int[] {line, offset - lineStarts[line - 1] + 1};
    }
}
