package io.q2o.llm;

/**
 * A configuration value is missing, malformed or out of range. The message names the variable
 * (or file) and the offending value — except for secrets, whose values are never shown.
 */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String variable;

    /**
     * @param variable the variable or file at fault
     * @param message  the full message
     */
    public ConfigException(String variable, String message) {
        super(message);
        this.variable = variable;
    }

    /**
     * @param variable the variable or file at fault
     * @param message  the full message
     * @param cause    the underlying error
     */
    public ConfigException(String variable, String message, Throwable cause) {
        super(message, cause);
        this.variable = variable;
    }

    /** @return the variable (or file) at fault */
    public String variable() {
        return variable;
    }
}
