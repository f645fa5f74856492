package io.q2o.llm.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An immutable, ordered set of {@link Recording}s and the rule that picks one for a request.
 *
 * <p>A request is answered by the recordings of the same provider, model and mode (stream or
 * not), preferring, in order:
 * <ol>
 *   <li>recordings whose {@code bodySha256} equals the hash of the request body;</li>
 *   <li>recordings whose {@code promptSha256} equals the hash of the request's prompt (the same
 *       prompt with other parameters or another SDK version);</li>
 *   <li>recordings with neither hash (they answer any body);</li>
 *   <li>only in {@link MatchMode#LENIENT}: recordings with a different body hash (the prompt
 *       changed, but an answer of the same provider, model and mode is still better than none).</li>
 * </ol>
 * When several recordings qualify, the {@link ReplayServer} serves them in file-name order, one
 * per request, and then repeats the last — handy for "first a 503, then the answer".
 */
public final class Recordings {

    /** How strictly a request must match a recording. */
    public enum MatchMode {
        /** The request body or prompt must hash to the recorded {@code bodySha256} or {@code promptSha256} (when the recording has one). */
        STRICT,
        /** As {@link #STRICT}, but fall back to any recording of the same provider, model and mode. */
        LENIENT
    }

    private final List<Recording> all;

    private Recordings(List<Recording> all) {
        this.all = List.copyOf(all);
    }

    /**
     * @param recordings the recordings, in serving order
     * @return the set
     */
    public static Recordings of(Collection<Recording> recordings) {
        return new Recordings(new ArrayList<>(recordings));
    }

    /**
     * @param recordings the recordings, in serving order
     * @return the set
     */
    public static Recordings of(Recording... recordings) {
        return new Recordings(List.of(recordings));
    }

    /**
     * Reads every {@code *.json} file of a folder (not recursive), in file-name order.
     *
     * @param dir the folder, e.g. the one a {@link RecordingProxy} wrote
     * @return the set
     * @throws UncheckedIOException if the folder cannot be listed
     * @throws IllegalArgumentException naming the file if one is not a valid recording
     */
    public static Recordings fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("recording folder " + dir + " does not exist");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return new Recordings(files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted().map(Recording::read).collect(Collectors.toList()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list recording folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads every {@code *.json} resource directly inside a class-path folder, in name order. Works
     * for folders in directories and in jars.
     *
     * @param loader the class loader to search
     * @param folder the folder, e.g. {@code "io/q2o/demo/replay"} (no leading slash)
     * @return the set
     * @throws IllegalArgumentException if the folder is not on the class path or holds an invalid recording
     */
    public static Recordings fromClasspath(ClassLoader loader, String folder) {
        String dir = folder.startsWith("/") ? folder.substring(1) : folder;
        dir = dir.endsWith("/") ? dir : dir + "/";
        URL url = loader.getResource(dir);
        if (url == null) {
            throw new IllegalArgumentException("recording folder " + dir + " is not on the class path");
        }
        List<String> names = new ArrayList<>();
        try {
            if (url.getProtocol().equals("file")) {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    files.map(p -> p.getFileName().toString()).forEach(names::add);
                }
            } else if (url.getProtocol().equals("jar")) {
                URLConnection c = url.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = ((JarURLConnection) c).getJarFile()) {
                    for (Enumeration<JarEntry> en = jar.entries(); en.hasMoreElements(); ) {
                        String n = en.nextElement().getName();
                        if (n.startsWith(dir) && n.length() > dir.length() && n.indexOf('/', dir.length()) < 0) {
                            names.add(n.substring(dir.length()));
                        }
                    }
                }
            } else {
                throw new IllegalArgumentException("cannot list class-path folder " + url);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalArgumentException("cannot list class-path folder " + url + ": " + e.getMessage(), e);
        }
        List<Recording> out = new ArrayList<>();
        for (String name : names.stream().filter(n -> n.endsWith(".json")).sorted().collect(Collectors.toList())) {
            String resource = dir + name;
            try (InputStream in = Objects.requireNonNull(loader.getResourceAsStream(resource), resource)) {
                out.add(Recording.read(in, resource));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
            }
        }
        return new Recordings(out);
    }

    /** @return every recording, in serving order */
    public List<Recording> all() {
        return all;
    }

    /** @return the number of recordings */
    public int size() {
        return all.size();
    }

    /**
     * @param more recordings to add after these
     * @return a new set holding both
     */
    public Recordings plus(Recordings more) {
        List<Recording> l = new ArrayList<>(all);
        l.addAll(more.all);
        return new Recordings(l);
    }

    /**
     * The recordings that qualify for a request, best group first (see the class comment).
     *
     * @param provider the provider
     * @param model    the model asked for
     * @param stream   whether the request streams
     * @param bodyHash   the {@link Recording#bodyHash} of the request body
     * @param promptHash the {@link Recording#promptHash} of the request, or {@code null}
     * @param mode       the match mode
     * @return the qualifying recordings of the best group, in serving order; empty if none
     */
    public List<Recording> candidates(WireProvider provider, String model, boolean stream, String bodyHash,
                                      String promptHash, MatchMode mode) {
        String m = normalise(model);
        List<Recording> same = all.stream()
                .filter(r -> r.provider() == provider && r.stream() == stream && normalise(r.model()).equals(m))
                .collect(Collectors.toList());
        List<Recording> exact = same.stream().filter(r -> bodyHash.equals(r.bodySha256())).collect(Collectors.toList());
        if (!exact.isEmpty()) {
            return exact;
        }
        if (promptHash != null) {
            List<Recording> prompt = same.stream().filter(r -> promptHash.equals(r.promptSha256()))
                    .collect(Collectors.toList());
            if (!prompt.isEmpty()) {
                return prompt;
            }
        }
        List<Recording> any = same.stream().filter(r -> r.bodySha256() == null && r.promptSha256() == null)
                .collect(Collectors.toList());
        if (!any.isEmpty() || mode == MatchMode.STRICT) {
            return any;
        }
        return same;
    }

    private static String normalise(String model) {
        return model.startsWith("models/") ? model.substring("models/".length()) : model;
    }

    /** @return a one-line summary per recording */
    @Override
    public String toString() {
        return all.stream().map(Recording::toString).collect(Collectors.joining("; ", "Recordings[", "]"));
    }
}
