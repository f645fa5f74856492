package io.q2o.agents.qa;

/**
 * One review finding.
 *
 * @param severity     how serious
 * @param category     e.g. {@code security}, {@code correctness}, {@code error-handling}, {@code style}
 * @param line         the 1-based line it is about, or 0 for the whole file
 * @param message      what is wrong
 * @param suggestedFix how to fix it
 */
public record ReviewFinding(ReviewSeverity severity, String category, int line, String message, String suggestedFix) {
    /** Fills in missing values. */
    public ReviewFinding {
        severity = severity == null ? ReviewSeverity.MEDIUM : severity;
        category = category == null || category.isBlank() ? "general" : category.strip();
        line = Math.max(0, line);
        message = message == null ? "" : message.strip();
        suggestedFix = suggestedFix == null ? "" : suggestedFix.strip();
    }

    /** @return one line: severity, category, line, message */
    @Override
    public String toString() {
        return severity + " " + category + (line > 0 ? " line " + line : "") + ": " + message
                + (suggestedFix.isEmpty() ? "" : " (fix: " + suggestedFix + ")");
    }
}
