package io.q2o.llm.internal;

import io.q2o.llm.ConfigException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates the folders that settings name (usage ledger, disk cache). Not API. */
public final class Folders {
    private Folders() {
    }

    /**
     * Creates {@code dir} and its parents if missing.
     *
     * @param dir      the folder
     * @param variable the setting that named it, for the error
     * @param what     what the folder is for, e.g. {@code "usage ledger folder"}
     * @throws ConfigException naming the variable, the path and why, if it cannot be created (a
     *                         file is in the way, no permission, a read-only file system…)
     */
    public static void create(Path dir, String variable, String what) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigException(variable, variable + "='" + dir + "' cannot be used as the " + what + ": "
                    + reason(dir, e), e);
        }
    }

    private static String reason(Path dir, IOException e) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return "a file is in the way (" + p + " exists and is not a folder)";
            }
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied (" + ((FileSystemException) e).getFile() + ")";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + message);
    }
}
