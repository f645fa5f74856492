package io.q2o.coder.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one directory generated files are written under. Nothing is ever written outside it.
 *
 * <p>A relative path is accepted only if it is non-blank, relative (no leading {@code /} or
 * {@code \}, no drive letter), has no {@code ..} segment, no control character, no name that
 * begins or ends with whitespace and no name over {@value #MAX_NAME_BYTES} UTF-8 bytes (names are
 * never trimmed or renamed: what cannot be written as given is refused), and every directory on the way that
 * already exists — including symbolic links — resolves (real path) to a place inside the root.
 * Missing directories are created one at a time, each checked again after creation. A target
 * that is a symbolic link or a directory is refused. Backslashes count as separators.
 *
 * <p>Files are written atomically: the content goes to a temporary file in the target's own
 * directory, is forced to disk and then moved over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}; readers see the old file or the new one, never a
 * partial one. New files get permissions {@code rw-r--r--} where POSIX permissions exist.
 *
 * <p>Thread-safe. Known limit: the checks and the write are not one atomic step, so another
 * process that swaps a directory for a symbolic link in between (a TOCTOU race) is not
 * defended against; the root is meant to be owned by the caller.
 */
public final class OutputRoot {
    private final Path root;

    /**
     * @param root the output directory; created (with parents) if missing
     * @throws IOException          if it cannot be created or resolved
     * @throws IllegalArgumentException if it exists and is not a directory
     */
    public OutputRoot(Path root) throws IOException {
        Objects.requireNonNull(root, "root");
        Path abs = root.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new IllegalArgumentException("output root " + abs + " exists and is not a directory");
        }
        Files.createDirectories(abs);
        this.root = abs.toRealPath();
    }

    /** @return the root directory (its real path) */
    public Path root() {
        return root;
    }

    /** The longest file or folder name accepted, in UTF-8 bytes: {@value} (the limit of common file systems). */
    public static final int MAX_NAME_BYTES = 255;
    /** The longest relative path accepted, in UTF-8 bytes: {@value}. */
    public static final int MAX_PATH_BYTES = 3840;

    /**
     * Checks a relative output path without touching the file system. Names are taken exactly as
     * given — nothing is trimmed or renamed; a name that cannot be written as given is refused.
     *
     * @param relative the path as given by a component, e.g. {@code "app/api/webhooks.py"}
     * @return the path normalised to {@code /} separators without {@code .} or empty segments
     * @throws UnsafePathException if it is blank, absolute, contains {@code ..}, a control character
     *                             or an unpaired surrogate, a name that begins or ends with whitespace,
     *                             a name longer than {@value #MAX_NAME_BYTES} UTF-8 bytes, or is longer
     *                             than {@value #MAX_PATH_BYTES} bytes
     */
    public static String checkRelative(String relative) {
        if (relative == null || relative.isBlank()) {
            throw new UnsafePathException(String.valueOf(relative), "the path is blank");
        }
        for (int i = 0; i < relative.length(); i++) {
            char c = relative.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new UnsafePathException(shown(relative), String.format("the path contains the control character U+%04X", (int) c));
            }
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(relative)) {
            throw new UnsafePathException(relative, "the path contains an unpaired surrogate (not valid Unicode)");
        }
        if (relative.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new UnsafePathException(shown(relative), "the path is longer than " + MAX_PATH_BYTES + " bytes");
        }
        String p = relative.replace('\\', '/');
        if (p.startsWith("/") || p.startsWith("~") || p.length() >= 2 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':') {
            throw new UnsafePathException(relative, "absolute paths are not allowed; give a path relative to the output root");
        }
        if (p.endsWith("/")) {
            throw new UnsafePathException(relative, "the path names a directory, not a file");
        }
        List<String> parts = new ArrayList<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                throw new UnsafePathException(relative, "'..' segments are not allowed (they could leave the output root)");
            }
            if (blank(seg.codePointAt(0)) || blank(seg.codePointBefore(seg.length()))) {
                throw new UnsafePathException(relative, "the name '" + seg + "' begins or ends with whitespace; "
                        + "it is not trimmed (that would write another file): remove the whitespace");
            }
            int bytes = seg.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                throw new UnsafePathException(shown(relative), "the name '" + shown(seg) + "' is " + bytes
                        + " bytes in UTF-8; file and folder names are limited to " + MAX_NAME_BYTES + " bytes");
            }
            parts.add(seg);
        }
        if (parts.isEmpty()) {
            throw new UnsafePathException(relative, "the path names no file");
        }
        return String.join("/", parts);
    }

    private static boolean blank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /** @return the text for a message: control characters escaped, cut after 80 characters */
    private static String shown(String text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length() && b.length() < 80; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.length() < text.length() ? b + "…(" + text.length() + " characters)" : b.toString();
    }

    /**
     * Resolves a relative path under the root and prepares its directory: checks every existing
     * segment's real path and creates missing directories inside the root.
     *
     * @param relative the relative path
     * @return the absolute target path (its parent is a real directory inside the root)
     * @throws UnsafePathException if the path or a link on the way leaves the root, or the target
     *                             is a link or a directory
     * @throws IOException         if a directory cannot be created
     */
    public Path prepare(String relative) throws IOException {
        String normal = checkRelative(relative);
        String[] parts = normal.split("/");
        Path dir = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Path next = dir.resolve(parts[i]);
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(next);
                } catch (FileAlreadyExistsException raced) {
                    // created concurrently: checked below like any existing entry
                }
            }
            Path real;
            try {
                real = next.toRealPath();
            } catch (IOException e) {
                throw new UnsafePathException(relative, "'" + root.relativize(next) + "' is a broken link");
            }
            if (!real.startsWith(root)) {
                throw new UnsafePathException(relative, "'" + root.relativize(next)
                        + "' is a symbolic link that leaves the output root");
            }
            if (!Files.isDirectory(real)) {
                throw new UnsafePathException(relative, "'" + root.relativize(next) + "' exists and is not a directory");
            }
            dir = real;
        }
        Path target = dir.resolve(parts[parts.length - 1]);
        if (!target.normalize().startsWith(root)) {
            throw new UnsafePathException(relative, "resolves outside the output root");
        }
        if (Files.isSymbolicLink(target)) {
            throw new UnsafePathException(relative, "the target is a symbolic link; refusing to replace it");
        }
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafePathException(relative, "the target is a directory");
        }
        return target;
    }

    /**
     * Writes {@code content} (UTF-8) to {@code relative} atomically, replacing an existing file.
     *
     * @param relative the path relative to the root
     * @param content  the text
     * @return the absolute path written
     * @throws UnsafePathException if the path is refused (nothing is written)
     * @throws IOException         if writing fails (the target is left as it was)
     */
    public Path write(String relative, String content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path target = prepare(relative);
        Path dir = target.getParent();
        // a short temporary name of its own: derived from the target's, a long (legal) name would
        // push it past the file system's name limit
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, ".q2o-", ".tmp");
        } catch (FileSystemException e) {
            throw new IOException("cannot write '" + relative + "' in " + dir + ": " + reason(e), e);
        }
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            PosixFileAttributeView posix = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (posix != null) {
                posix.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot move files atomically", e);
            } catch (FileSystemException e) {
                // e.g. a file system whose names are shorter than 255 bytes, or that refuses a character
                throw new IOException("cannot write '" + relative + "' as " + target + ": " + reason(e), e);
            }
            moved = true;
            return target;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static String reason(FileSystemException e) {
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }

    /**
     * @return a session that refuses a second write to a path already written through it
     *         (two components of one task with the same output path)
     */
    public Session newSession() {
        return new Session();
    }

    /** @return the root path */
    @Override
    public String toString() {
        return "OutputRoot{" + root + "}";
    }

    /**
     * Writes of one task: each target may be written once. Thread-safe.
     */
    public final class Session {
        private final Map<String, String> written = new ConcurrentHashMap<>();

        private Session() {
        }

        /**
         * Writes like {@link OutputRoot#write}, refusing a path this session already wrote.
         * Paths are compared after normalisation and case-insensitively (safe on
         * case-insensitive file systems).
         *
         * @param relative the path relative to the root
         * @param content  the text
         * @param owner    who writes it (a component name), for the error message
         * @return the absolute path written
         * @throws UnsafePathException if refused
         * @throws IOException         if writing fails
         */
        public Path write(String relative, String content, String owner) throws IOException {
            String key = checkRelative(relative).toLowerCase(Locale.ROOT);
            String previous = written.putIfAbsent(key, owner);
            if (previous != null) {
                throw new UnsafePathException(relative, "already written in this task by component '" + previous
                        + "'; two components may not share an output path");
            }
            try {
                return OutputRoot.this.write(relative, content);
            } catch (IOException | RuntimeException e) {
                written.remove(key, owner);
                throw e;
            }
        }
    }
}
