package io.q2o.coder.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.loader.ResourceNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders Jinja2-syntax templates ({@code .j2}) with Jinjava.
 *
 * <p>Templates are looked up by name — with or without the {@code .j2} suffix, or without the
 * file type either ({@code stripe_webhook} finds {@code stripe_webhook.py.j2}) — first in the
 * user template directory (if one is set: its files override bundled templates of the same
 * name), then among the templates bundled in this jar under {@value #BUNDLED_LOCATION}.
 * {@code {% include %}}, {@code {% import %}} and {@code {% extends %}} resolve the same way.
 * Template names must be relative and contain no {@code ..}.
 *
 * <p>Rendering settings: Jinja2's {@code trim_blocks} and {@code lstrip_blocks} are on (block
 * tags leave no blank lines); by default an undefined variable or attribute is an error
 * (like Jinja2's {@code StrictUndefined}: write {@code x | default(...)} for optional ones —
 * also inside {@code if}) rather than an empty string that would silently produce broken code;
 * {@link Builder#strictUndefined(boolean)} switches to Jinja2's lenient default. The output ends
 * with exactly one newline. Filters {@code snake_case},
 * {@code camel_case}, {@code pascal_case} and {@code kebab_case} are registered (see
 * {@link NameCase}), besides Jinjava's built-ins.
 *
 * <p>Thread-safe.
 */
public final class TemplateRenderer {
    /** Class-path folder of the bundled templates. */
    public static final String BUNDLED_LOCATION = "io/q2o/coder/templates/";
    private static final String INDEX = BUNDLED_LOCATION + "INDEX";

    private final Path userDirectory;
    private final boolean includeBundled;
    private final ClassLoader classLoader;
    private final Jinjava jinjava;
    private final Map<String, Optional<String>> bundledCache = new ConcurrentHashMap<>();

    private TemplateRenderer(Builder b) {
        this.userDirectory = b.userDirectory;
        this.includeBundled = b.includeBundled;
        this.classLoader = b.classLoader != null ? b.classLoader : TemplateRenderer.class.getClassLoader();
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(false)
                .withFailOnUnknownTokens(b.strictUndefined)
                .build();
        this.jinjava = new Jinjava(config);
        jinjava.setResourceLocator(new Locator());
        jinjava.registerFilter(new CaseFilter("snake_case", NameCase::snake));
        jinjava.registerFilter(new CaseFilter("camel_case", NameCase::camel));
        jinjava.registerFilter(new CaseFilter("pascal_case", NameCase::pascal));
        jinjava.registerFilter(new CaseFilter("kebab_case", NameCase::kebab));
    }

    /** @return a renderer of the bundled templates only */
    public static TemplateRenderer bundled() {
        return builder().build();
    }

    /** @return a builder; defaults: bundled templates on, no user directory */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the user template directory, if set */
    public Optional<Path> userDirectory() {
        return Optional.ofNullable(userDirectory);
    }

    /**
     * @param name a template name, with or without {@code .j2}
     * @return whether the template exists (user directory or bundled)
     * @throws IllegalArgumentException if the name is blank, absolute or contains {@code ..}
     */
    public boolean exists(String name) {
        return load(name).isPresent();
    }

    /**
     * @return the names of the bundled templates (with their {@code .j2} suffix), or an empty
     *         list if bundled templates are switched off
     */
    public List<String> bundledTemplateNames() {
        if (!includeBundled) {
            return List.of();
        }
        try (InputStream in = classLoader.getResourceAsStream(INDEX)) {
            if (in == null) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    names.add(l);
                }
            }
            return List.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }

    /**
     * Renders a named template.
     *
     * @param name    the template name, with or without {@code .j2}
     * @param context the variables
     * @return the rendered text, ending with one newline
     * @throws TemplateException if the template is missing or fails to render
     */
    public String render(String name, Map<String, ?> context) {
        Objects.requireNonNull(context, "context");
        String text = load(name).orElseThrow(() -> new TemplateException(name, 0,
                "not found" + (userDirectory != null ? " in " + userDirectory + " nor" : "") + " among the bundled templates", null));
        return renderText(name, text, context);
    }

    /**
     * Renders template text given inline.
     *
     * @param template the template text (Jinja2 syntax)
     * @param context  the variables
     * @return the rendered text, ending with one newline
     * @throws TemplateException if rendering fails
     */
    public String renderString(String template, Map<String, ?> context) {
        return renderText("<inline>", Objects.requireNonNull(template, "template"), Objects.requireNonNull(context, "context"));
    }

    private String renderText(String name, String text, Map<String, ?> context) {
        RenderResult result;
        try {
            result = jinjava.renderForResult(text, context);
        } catch (RuntimeException e) {
            throw new TemplateException(name, 0, e.getMessage(), e);
        }
        for (TemplateError err : result.getErrors()) {
            if (err.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new TemplateException(name, Math.max(err.getLineno(), 0), err.getMessage(), err.getException());
            }
        }
        String out = result.getOutput();
        int end = out.length();
        while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
            end--;
        }
        return out.substring(0, end) + "\n";
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("template name must not be null or blank");
        }
        String n = name.strip().replace('\\', '/');
        if (n.startsWith("/") || n.length() >= 2 && n.charAt(1) == ':') {
            throw new IllegalArgumentException("template name '" + name + "' must be relative");
        }
        for (String seg : n.split("/")) {
            if (seg.equals("..")) {
                throw new IllegalArgumentException("template name '" + name + "' must not contain '..'");
            }
        }
        return n;
    }

    private Optional<String> load(String name) {
        String n = checkName(name);
        for (String c : candidates(n)) {
            Optional<String> user = loadUser(c);
            if (user.isPresent()) {
                return user;
            }
        }
        if (includeBundled) {
            for (String c : candidates(n)) {
                Optional<String> bundled = bundledCache.computeIfAbsent(c, this::loadBundled);
                if (bundled.isPresent()) {
                    return bundled;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The file names a template name may stand for: itself, with {@code .j2}, and — for a name
     * without a dot such as {@code stripe_webhook} — {@code stripe_webhook.<ext>.j2} (the
     * alphabetically first such file of the user directory, then of the bundled templates).
     */
    private List<String> candidates(String n) {
        List<String> out = new ArrayList<>();
        out.add(n);
        if (!n.endsWith(".j2")) {
            out.add(n + ".j2");
        }
        String base = n.substring(n.lastIndexOf('/') + 1);
        if (!base.contains(".")) {
            if (userDirectory != null) {
                Path dir = userDirectory.resolve(n).getParent();
                if (dir != null && Files.isDirectory(dir)) {
                    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                        files.map(p -> p.getFileName().toString())
                                .filter(f -> f.startsWith(base + ".") && f.endsWith(".j2")).sorted()
                                .map(f -> n.substring(0, n.length() - base.length()) + f).forEach(out::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot list " + dir, e);
                    }
                }
            }
            if (includeBundled) {
                bundledTemplateNames().stream().filter(f -> f.startsWith(n + ".") && f.endsWith(".j2")).sorted()
                        .forEach(out::add);
            }
        }
        return out;
    }

    private Optional<String> loadUser(String name) {
        if (userDirectory == null) {
            return Optional.empty();
        }
        Path file = userDirectory.resolve(name).normalize();
        if (!file.startsWith(userDirectory) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }

    private Optional<String> loadBundled(String name) {
        try (InputStream in = classLoader.getResourceAsStream(BUNDLED_LOCATION + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled template " + name, e);
        }
    }

    /** Resolves include/import/extends like top-level templates. */
    private final class Locator implements ResourceLocator {
        @Override
        public String getString(String fullName, Charset encoding, JinjavaInterpreter interpreter) throws IOException {
            try {
                return load(fullName).orElseThrow(() -> new ResourceNotFoundException("template not found: " + fullName));
            } catch (IllegalArgumentException e) {
                throw new ResourceNotFoundException(e.getMessage());
            }
        }
    }

    /** Builder for {@link TemplateRenderer}. Not thread-safe. */
    public static final class Builder {
        private Path userDirectory;
        private boolean includeBundled = true;
        private boolean strictUndefined = true;
        private ClassLoader classLoader;

        private Builder() {
        }

        /**
         * @param directory a folder of {@code .j2} templates that override bundled ones of the same
         *                  name; {@code null} for none (the default)
         * @return this
         * @throws IllegalArgumentException if it is not a directory
         */
        public Builder userDirectory(Path directory) {
            if (directory != null && !Files.isDirectory(directory)) {
                throw new IllegalArgumentException("template directory " + directory + " is not a directory");
            }
            this.userDirectory = directory == null ? null : directory.toAbsolutePath().normalize();
            return this;
        }

        /** @param include whether the bundled templates are available; default true @return this */
        public Builder bundledTemplates(boolean include) {
            this.includeBundled = include;
            return this;
        }

        /**
         * @param strict whether an undefined variable or attribute fails the rendering (default
         *               true); false renders it as empty text, like Jinja2's default
         * @return this
         */
        public Builder strictUndefined(boolean strict) {
            this.strictUndefined = strict;
            return this;
        }

        /** @param classLoader the loader of bundled templates; default this library's @return this */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        /** @return the renderer */
        public TemplateRenderer build() {
            return new TemplateRenderer(this);
        }
    }
}
