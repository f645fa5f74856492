package io.q2o.coder.write;

/**
 * An output path was refused because writing it could place a file outside the output root, or
 * would replace something it must not (an earlier file of the same task, a directory, a link).
 * Nothing was written.
 */
public class UnsafePathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * @param path    the offending path as given
     * @param message why it was refused
     */
    public UnsafePathException(String path, String message) {
        super("unsafe output path '" + path + "': " + message);
        this.path = path;
    }

    /** @return the offending path as given */
    public String path() {
        return path;
    }
}
