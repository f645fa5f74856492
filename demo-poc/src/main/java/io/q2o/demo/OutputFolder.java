package io.q2o.demo;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Prepares the folder given with {@code -o/--output} and, when it cannot be used, says why in
 * words: permission denied, a file where a folder should be, a read-only file system…
 */
final class OutputFolder {

    private OutputFolder() {
    }

    /**
     * Creates the folder (with its parents) if missing and checks that it can be written.
     *
     * @param folder the folder as given
     * @return why it cannot be used, or empty when it can
     */
    static Optional<String> problem(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            return Optional.of(existing.equals(abs) ? abs + " is a file, not a folder"
                    : existing + " is a file, not a folder, so " + abs + " cannot be created");
        }
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            return Optional.of(reason(abs, existing, e));
        }
        if (!Files.isWritable(abs)) {
            return Optional.of("permission denied: " + abs + " is not writable by this user");
        }
        return Optional.empty();
    }

    /**
     * @param folder   the folder that was to be created
     * @param existing its nearest existing ancestor (may be null)
     * @param e        the failure
     * @return the failure in words
     */
    static String reason(Path folder, Path existing, IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied: cannot create " + folder + (existing == null ? "" : " in " + existing);
        }
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
            return ((FileSystemException) e).getFile() + " is a file, not a folder, so " + folder + " cannot be created";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return "cannot create " + folder + ": " + f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return "cannot create " + folder + ": " + e;
    }
}
