package io.q2o.coder.validation;

import java.util.Objects;

/**
 * One validation result at a position.
 *
 * @param category what it is about
 * @param severity how serious it is
 * @param ruleId   a stable rule identifier, e.g. {@code syntax.error}, {@code security.os-system}
 * @param message  a one-line explanation
 * @param line     1-based line, or 0 when the finding concerns the whole file
 * @param column   1-based column in characters (a tab counts as one), or 0 with line 0
 */
public record Finding(Category category, Severity severity, String ruleId, String message, int line, int column) {
    /** Validates the components. */
    public Finding {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0");
        }
    }

    /** @return {@code line:column SEVERITY rule: message} (or {@code file} instead of the position) */
    @Override
    public String toString() {
        return (line == 0 ? "file" : line + ":" + column) + " " + severity + " " + ruleId + ": " + message;
    }
}
