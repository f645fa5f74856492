package io.q2o.coder.template;

/** A template is missing, has a syntax error, or failed while rendering (e.g. an undefined variable). */
public class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String templateName;
    private final int line;

    /**
     * @param templateName the template
     * @param line         the template line of the error, or 0 if unknown
     * @param message      what went wrong
     * @param cause        the underlying error, or {@code null}
     */
    public TemplateException(String templateName, int line, String message, Throwable cause) {
        super("template '" + templateName + "'" + (line > 0 ? " line " + line : "") + ": " + message, cause);
        this.templateName = templateName;
        this.line = line;
    }

    /** @return the template name */
    public String templateName() {
        return templateName;
    }

    /** @return the template line of the error, or 0 if unknown */
    public int line() {
        return line;
    }
}
