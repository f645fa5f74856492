package io.q2o.coder.validation;

/** What a {@link Finding} is about. */
public enum Category {
    /** The code does not parse. */
    SYNTAX,
    /** A required element is missing. */
    REQUIRED,
    /** A dangerous call or a hard-coded secret. */
    SECURITY,
    /** A code-quality observation (never an error). */
    QUALITY
}
