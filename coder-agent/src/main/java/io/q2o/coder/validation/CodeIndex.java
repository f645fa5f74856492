package io.q2o.coder.validation;

import java.util.HashSet;
import java.util.Set;

/**
 * What a piece of code defines and references, taken from its syntax tree (not from its text):
 * used to check required elements. Filled by each language's analyser.
 */
final class CodeIndex {
    /** Identifiers used or defined in code (not inside strings or comments). */
    final Set<String> identifiers = new HashSet<>();
    /** Dotted names in code with whitespace removed: attribute chains, dotted imports, qualified calls. */
    final Set<String> dottedNames = new HashSet<>();
    /** Names of classes, interfaces, enums, records and type aliases. */
    final Set<String> types = new HashSet<>();
    /** Names of functions and methods. */
    final Set<String> functions = new HashSet<>();
    /** Names assigned at any level ({@code x = …}, {@code const x = …}, fields). */
    final Set<String> assigned = new HashSet<>();
    /** Canonical imports: {@code import a.b}, {@code from a import b}. */
    final Set<String> imports = new HashSet<>();
    /** Decorator / annotation names without arguments, e.g. {@code app.post}, {@code Override}. */
    final Set<String> decorators = new HashSet<>();
    /** Contents of string literals. */
    final Set<String> strings = new HashSet<>();
    /** The source with comments blanked out, for the text fallback. */
    String codeWithoutComments = "";
}
