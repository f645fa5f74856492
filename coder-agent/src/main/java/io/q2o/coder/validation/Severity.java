package io.q2o.coder.validation;

/** How serious a {@link Finding} is. Only {@link #ERROR} fails validation. */
public enum Severity {
    /** Fails the validation (and the component). */
    ERROR,
    /** Worth fixing; does not fail. */
    WARNING,
    /** Informational, e.g. a required element found only as text. */
    INFO
}
