package io.q2o.coder;

import io.q2o.coder.template.NameCase;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A coding task: what to build and the files ({@link CodeComponent}s) that make it up. Immutable
 * and thread-safe; build it with {@link #builder()}.
 *
 * <p>A task without components gets one derived from it (see {@link #effectiveComponents()}).
 * Component names must be unique, and so must output paths (compared case-insensitively): two
 * components writing one file is an error, found when the task is built.
 */
public final class Task {
    private final String id;
    private final String title;
    private final String description;
    private final List<String> techStack;
    private final List<CodeComponent> components;
    private final Map<String, Object> researchContext;

    private Task(Builder b) {
        this.id = b.id.strip();
        this.title = b.title.strip();
        this.description = b.description == null ? "" : b.description.strip();
        this.techStack = List.copyOf(b.techStack);
        this.components = List.copyOf(b.components);
        this.researchContext = Collections.unmodifiableMap(new LinkedHashMap<>(b.researchContext));
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the task id */
    public String id() { return id; }

    /** @return the title */
    public String title() { return title; }

    /** @return the description; may be empty */
    public String description() { return description; }

    /** @return the technologies to use, e.g. {@code [FastAPI, Stripe, Pydantic]}; possibly empty */
    public List<String> techStack() { return techStack; }

    /** @return the components as given; possibly empty */
    public List<CodeComponent> components() { return components; }

    /** @return research findings passed to the LLM as context; possibly empty */
    public Map<String, Object> researchContext() { return researchContext; }

    /**
     * The components to generate: {@link #components()}, or — when there are none — one Python
     * component derived from the task: named after the title, written to
     * {@code snake_case(title).py}, described by the title and description, without a template
     * (so it needs the LLM).
     *
     * @return the components, never empty
     */
    public List<CodeComponent> effectiveComponents() {
        if (!components.isEmpty()) {
            return components;
        }
        String base = NameCase.snake(title);
        if (base.isEmpty()) {
            base = "task_" + NameCase.snake(id);
        }
        if (base.equals("task_")) {
            base = "generated";
        }
        String what = description.isEmpty() ? title : title + ": " + description;
        return List.of(CodeComponent.builder().name(title).outputPath(base + ".py").language(Language.PYTHON)
                .description(what).build());
    }

    /** @return a one-line summary */
    @Override
    public String toString() {
        return "Task{id=" + id + ", title=" + title + ", techStack=" + techStack + ", components=" + components.size() + "}";
    }

    /** Builder for {@link Task}; validates on {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String title;
        private String description;
        private List<String> techStack = List.of();
        private final List<CodeComponent> components = new ArrayList<>();
        private final Map<String, Object> researchContext = new LinkedHashMap<>();

        private Builder() {
        }

        /** @param id the task id; required, not blank @return this */
        public Builder id(String id) { this.id = id; return this; }

        /** @param title the title; required, not blank @return this */
        public Builder title(String title) { this.title = title; return this; }

        /** @param description the description @return this */
        public Builder description(String description) { this.description = description; return this; }

        /** @param techStack the technologies; no null or blank entries @return this */
        public Builder techStack(List<String> techStack) { this.techStack = new ArrayList<>(Objects.requireNonNull(techStack, "techStack")); return this; }

        /** @param techStack the technologies @return this */
        public Builder techStack(String... techStack) { return techStack(List.of(techStack)); }

        /** @param component a component to add @return this */
        public Builder component(CodeComponent component) { components.add(Objects.requireNonNull(component, "component")); return this; }

        /** @param components components to add @return this */
        public Builder components(List<CodeComponent> components) { components.forEach(this::component); return this; }

        /** @param researchContext research findings for the LLM (rendered as JSON in the prompt) @return this */
        public Builder researchContext(Map<String, ?> researchContext) {
            this.researchContext.putAll(Objects.requireNonNull(researchContext, "researchContext"));
            return this;
        }

        /**
         * @return the task
         * @throws IllegalArgumentException naming the problem: blank id or title, a blank tech,
         *         duplicate component names, or two components with one output path
         */
        public Task build() {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("task id must not be null or blank");
            }
            if (title == null || title.isBlank()) {
                throw new IllegalArgumentException("task title must not be null or blank");
            }
            for (String t : techStack) {
                if (t == null || t.isBlank()) {
                    throw new IllegalArgumentException("task " + id + ": tech stack entries must not be null or blank");
                }
            }
            Map<String, String> names = new HashMap<>();
            Map<String, String> paths = new HashMap<>();
            for (CodeComponent c : components) {
                if (names.put(c.name(), c.name()) != null) {
                    throw new IllegalArgumentException("task " + id + ": two components are named '" + c.name() + "'");
                }
                String other = paths.put(c.outputPath().toLowerCase(Locale.ROOT), c.name());
                if (other != null) {
                    throw new IllegalArgumentException("task " + id + ": components '" + other + "' and '" + c.name()
                            + "' both write '" + c.outputPath() + "'; each file may be written by one component only");
                }
            }
            return new Task(this);
        }
    }
}
