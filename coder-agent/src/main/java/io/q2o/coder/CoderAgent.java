package io.q2o.coder;

import io.q2o.coder.template.NameCase;
import io.q2o.coder.template.TemplateException;
import io.q2o.coder.template.TemplateRenderer;
import io.q2o.coder.validation.Category;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.validation.Finding;
import io.q2o.coder.validation.QualityScore;
import io.q2o.coder.validation.Severity;
import io.q2o.coder.validation.ValidationReport;
import io.q2o.coder.write.OutputRoot;
import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Generates the files of a {@link Task} from templates, the LLM, or both, validates every file on
 * its syntax tree and writes it safely under one output root.
 *
 * <p>Why this file is over 400 lines: about a third is the public contract (this Javadoc, the
 * Builder and its documented defaults); the rest is the per-component flow — strategy, generation,
 * repair rounds, template fallback, write — kept in one place so its order reads top to bottom.
 * Its parts live elsewhere: prompts in {@code CoderPrompts}, validation in
 * {@code io.q2o.coder.validation}, safe writes in {@code io.q2o.coder.write}.
 *
 * <p>Per component the strategy is the plan's {@code _choose_strategy} ({@link #chooseStrategy}):
 * <ul>
 *   <li>template exists, complexity not HIGH/VERY_HIGH, not novel → {@link Strategy#TEMPLATE};</li>
 *   <li>no template, LLM enabled → {@link Strategy#LLM};</li>
 *   <li>template exists, complex or novel, LLM enabled → {@link Strategy#HYBRID};</li>
 *   <li>no template, LLM disabled → the component fails with a {@link StrategyException} message;</li>
 *   <li>otherwise (template, complex or novel, LLM disabled) → {@link Strategy#TEMPLATE}.</li>
 * </ul>
 * The LLM is enabled when an {@link LlmService} is given and {@link LlmService#isEnabled()}
 * ({@code Q2O_USE_LLM}, default true).
 *
 * <p>LLM output is taken out of Markdown fences and prose ({@link CodeExtractor}) and validated.
 * When it fails validation, the findings are sent back to the LLM for a corrected version, at
 * most {@code Q2O_LLM_REPAIR_ATTEMPTS} times (default {@value #DEFAULT_REPAIR_ATTEMPTS}). If the
 * LLM call fails or the output still fails, a component that has a template falls back to the
 * template's output (recorded in {@link ComponentResult#fellBackToTemplate()}); one without
 * fails with the findings. A component whose code fails validation is never written.
 *
 * <p>Every component is attempted; the task is {@link TaskStatus#COMPLETED} when all succeed,
 * {@link TaskStatus#PARTIAL} when some do (their files are written) and {@link TaskStatus#FAILED}
 * when none does. LLM calls carry the tags
 * agent id and task id, use temperature {@code Q2O_LLM_CODE_TEMPERATURE} (default 0.3) and at
 * most {@value LlmService#CODE_MAX_TOKENS} output tokens.
 *
 * <p>Thread-safe: {@link #processTask} may run for several tasks at once (two tasks writing
 * the same file concurrently: the last atomic write wins). The agent does not own the
 * {@link LlmService}; close it yourself.
 */
public final class CoderAgent {
    private static final Logger log = LoggerFactory.getLogger(CoderAgent.class);

    /** Default agent id, as in the plan. */
    public static final String DEFAULT_AGENT_ID = "coder_main";
    /** The variable holding the maximum number of repair calls per LLM generation. */
    public static final String REPAIR_ATTEMPTS_VARIABLE = "Q2O_LLM_REPAIR_ATTEMPTS";
    /** Default maximum number of repair calls. */
    public static final int DEFAULT_REPAIR_ATTEMPTS = 2;
    /** Largest accepted value of {@value #REPAIR_ATTEMPTS_VARIABLE}. */
    public static final int MAX_REPAIR_ATTEMPTS = 10;

    private final LlmService llm;
    private final TemplateRenderer templates;
    private final CodeValidators validators;
    private final OutputRoot output;
    private final String agentId;
    private final int repairAttempts;
    private final double temperature;
    private final CoderPrompts prompts;

    private CoderAgent(Builder b, OutputRoot output, int repairAttempts, double temperature) {
        this.llm = b.llm;
        this.templates = b.templates != null ? b.templates : TemplateRenderer.bundled();
        this.validators = b.validators != null ? b.validators : CodeValidators.defaults();
        this.output = output;
        this.agentId = b.agentId;
        this.repairAttempts = repairAttempts;
        this.temperature = temperature;
        this.prompts = new CoderPrompts(b.llm, b.agentId, temperature, b.researchProvider);
        log.info(llmEnabled() ? "CoderAgent {}: LLM integration enabled" : "CoderAgent {}: LLM disabled, template-only mode",
                agentId);
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the agent id used in LLM request tags */
    public String agentId() { return agentId; }

    /** @return the output root */
    public Path outputRoot() { return output.root(); }

    /** @return the template renderer */
    public TemplateRenderer templates() { return templates; }

    /** @return the validators */
    public CodeValidators validators() { return validators; }

    /** @return the maximum repair calls per LLM generation */
    public int repairAttempts() { return repairAttempts; }

    /** @return the temperature of code-generation calls */
    public double temperature() { return temperature; }

    /** @return whether an LLM service is set and enabled ({@code Q2O_USE_LLM}) */
    public boolean llmEnabled() {
        return llm != null && llm.isEnabled();
    }

    /**
     * @param component a component
     * @return whether it names a template that exists
     */
    public boolean templateExists(CodeComponent component) {
        return component.templateName().map(templates::exists).orElse(false);
    }

    /**
     * The plan's {@code _choose_strategy}, exactly (see the class description).
     *
     * @param component a component
     * @return the strategy
     * @throws StrategyException if the component has no template and the LLM is disabled
     */
    public Strategy chooseStrategy(CodeComponent component) {
        boolean hasTemplate = templateExists(component);
        boolean complex = component.complexity().isComplex();
        boolean novel = component.novelTechnology();
        boolean useLlm = llmEnabled();
        if (hasTemplate && !complex && !novel) {
            return Strategy.TEMPLATE;
        }
        if (!hasTemplate && useLlm) {
            return Strategy.LLM;
        }
        if (hasTemplate && useLlm) {
            return Strategy.HYBRID;
        }
        if (!hasTemplate) {
            String why = component.templateName().map(t -> "template '" + t + "' not found").orElse("no template");
            throw new StrategyException("No template for " + component.name() + " (" + why + ") and LLM disabled"
                    + (llm == null ? " (no LlmService configured)" : " (Q2O_USE_LLM=false)"));
        }
        return Strategy.TEMPLATE;
    }

    /**
     * The variables a component's template sees: its {@link CodeComponent#templateVariables()}
     * at top level and under {@code vars}, conveniences {@code name}, {@code description} (the
     * component's, else the task's), {@code tech_stack}, {@code module_name} (snake case of the
     * file name), {@code file_name}, and the maps {@code task} (id, title, description,
     * tech_stack) and {@code component} (name, description, output_path, language, complexity,
     * novel_technology, required_elements, template). Template variables override the
     * conveniences but not {@code task} and {@code component}.
     *
     * @param task      the task
     * @param component the component
     * @return the context
     */
    public Map<String, Object> templateContext(Task task, CodeComponent component) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        String fileName = component.outputPath().substring(component.outputPath().lastIndexOf('/') + 1);
        String stem = fileName.contains(".") ? fileName.substring(0, fileName.indexOf('.')) : fileName;
        ctx.put("name", component.name());
        ctx.put("description", component.description().isEmpty() ? task.description() : component.description());
        ctx.put("tech_stack", task.techStack());
        ctx.put("module_name", NameCase.snake(stem));
        ctx.put("file_name", fileName);
        ctx.putAll(component.templateVariables());
        ctx.put("vars", component.templateVariables());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", task.id());
        t.put("title", task.title());
        t.put("description", task.description());
        t.put("tech_stack", task.techStack());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", component.name());
        c.put("description", component.description());
        c.put("output_path", component.outputPath());
        c.put("language", component.language().id());
        c.put("complexity", component.complexity().name().toLowerCase(Locale.ROOT));
        c.put("novel_technology", component.novelTechnology());
        c.put("required_elements", component.requiredElements());
        c.put("template", component.templateName().orElse(""));
        ctx.put("task", t);
        ctx.put("component", c);
        return ctx;
    }

    /**
     * Renders a component's template (the plan's fast path), without validating or writing it.
     *
     * @param task      the task
     * @param component the component
     * @return the rendered code
     * @throws TemplateException     if the template is missing or fails to render
     * @throws IllegalStateException if the component names no template
     */
    public String renderTemplate(Task task, CodeComponent component) {
        String name = component.templateName().orElseThrow(() ->
                new IllegalStateException("component " + component.name() + " has no template"));
        return templates.render(name, templateContext(task, component));
    }

    /**
     * Validates code as the given component: its language and required elements.
     *
     * @param code      the code
     * @param component the component
     * @return the report
     */
    public ValidationReport validate(String code, CodeComponent component) {
        return validators.validate(code, component);
    }

    /**
     * Generates, validates and writes every component of a task.
     *
     * @param task the task
     * @return the result; never throws for generation, validation or write failures (they are
     *         recorded per component)
     */
    public TaskResult processTask(Task task) {
        Objects.requireNonNull(task, "task");
        OutputRoot.Session session = output.newSession();
        List<ComponentResult> results = new ArrayList<>();
        for (CodeComponent c : task.effectiveComponents()) {
            ComponentResult r = process(task, c, session);
            results.add(r);
            if (r.succeeded()) {
                log.info("Generated: {} (strategy: {}, source: {}{}, LLM calls: {}, cost: {})", r.writtenFile().orElseThrow(),
                        r.strategy().map(Strategy::name).orElse("-"), r.source().map(CodeSource::name).orElse("-"),
                        r.fellBackToTemplate() ? ", fell back to template" : "", r.llmCalls(),
                        r.usage().cost().map(x -> "$" + x.toPlainString()).orElse("unknown"));
            } else {
                log.warn("Component {} of task {} failed: {}", c.name(), task.id(), r.error().orElse(""));
            }
        }
        TaskStatus status = TaskStatus.of(results.stream().filter(ComponentResult::succeeded).count(), results.size());
        return new TaskResult(task.id(), status, results);
    }

    // ------------------------------------------------------------------ one component

    /** Collects attempts and usage of one component. */
    private static final class Record {
        final List<GenerationAttempt> attempts = new ArrayList<>();
        ComponentUsage usage = ComponentUsage.NONE;

        void template(String error, ValidationReport report) {
            attempts.add(new GenerationAttempt(GenerationAttempt.Kind.TEMPLATE, error, report, null, "", ""));
        }

        void llm(GenerationAttempt.Kind kind, LlmResponse r, ValidationReport report) {
            attempts.add(new GenerationAttempt(kind, r.success() ? null : String.valueOf(r.error()), report, r.usage(),
                    r.provider(), r.model()));
            usage = usage.plusCall(r.usage());
        }
    }

    /** Code that passed (or the last that failed) and how it was obtained. */
    private record Outcome(boolean ok, String code, ValidationReport report, CodeSource source, String fallbackReason,
                           String error) {
        static Outcome ok(String code, ValidationReport report, CodeSource source, String fallbackReason) {
            return new Outcome(true, code, report, source, fallbackReason, null);
        }

        static Outcome fail(String error, String code, ValidationReport report) {
            return new Outcome(false, code, report, null, null, error);
        }
    }

    private ComponentResult process(Task task, CodeComponent c, OutputRoot.Session session) {
        Record rec = new Record();
        Strategy strategy;
        try {
            strategy = chooseStrategy(c);
        } catch (StrategyException e) {
            return result(c, null, Outcome.fail(e.getMessage(), null, null), null, rec);
        }
        Outcome outcome;
        try {
            switch (strategy) {
                case TEMPLATE:
                    outcome = viaTemplate(task, c, rec);
                    break;
                case LLM:
                    outcome = viaLlm(task, c, rec);
                    break;
                default:
                    outcome = viaHybrid(task, c, rec);
                    break;
            }
        } catch (RuntimeException e) {
            log.error("Unexpected failure generating {}", c.name(), e);
            outcome = Outcome.fail("unexpected failure: " + e, null, null);
        }
        if (!outcome.ok) {
            return result(c, strategy, outcome, null, rec);
        }
        try {
            Path written = session.write(c.outputPath(), outcome.code, c.name());
            return result(c, strategy, outcome, written, rec);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return result(c, strategy, Outcome.fail("write failed: " + e.getMessage(), outcome.code, outcome.report), null, rec);
        }
    }

    private static ComponentResult result(CodeComponent c, Strategy strategy, Outcome o, Path written, Record rec) {
        return new ComponentResult(c.name(), c.outputPath(), o.ok, strategy, o.ok ? o.source : null, o.fallbackReason,
                written, o.code, o.report, rec.attempts, rec.usage, o.error);
    }

    private Outcome viaTemplate(Task task, CodeComponent c, Record rec) {
        String code;
        try {
            code = renderTemplate(task, c);
        } catch (TemplateException e) {
            rec.template(e.getMessage(), null);
            return Outcome.fail("template failed: " + e.getMessage(), null, null);
        }
        ValidationReport report = validate(code, c);
        rec.template(null, report);
        return report.passed() ? Outcome.ok(code, report, CodeSource.TEMPLATE, null)
                : Outcome.fail("template output failed validation:\n" + report.describeErrors(), code, report);
    }

    private Outcome viaLlm(Task task, CodeComponent c, Record rec) {
        Outcome run = generateWithRepair(task, c, prompts.generate(task, c), GenerationAttempt.Kind.LLM_GENERATE, rec);
        return run.ok ? Outcome.ok(run.code, run.report, CodeSource.LLM, null) : run;
    }

    private Outcome viaHybrid(Task task, CodeComponent c, Record rec) {
        String templateCode;
        ValidationReport templateReport;
        try {
            templateCode = renderTemplate(task, c);
            templateReport = validate(templateCode, c);
            rec.template(null, templateReport);
        } catch (TemplateException e) {
            rec.template(e.getMessage(), null);
            Outcome run = generateWithRepair(task, c, prompts.generate(task, c), GenerationAttempt.Kind.LLM_GENERATE, rec);
            return run.ok ? Outcome.ok(run.code, run.report, CodeSource.LLM, null)
                    : Outcome.fail("template failed (" + e.getMessage() + ") and " + run.error, run.code, run.report);
        }
        Outcome run = generateWithRepair(task, c, prompts.hybrid(task, c, templateCode), GenerationAttempt.Kind.LLM_ENHANCE, rec);
        if (run.ok) {
            return Outcome.ok(run.code, run.report, CodeSource.LLM, null);
        }
        if (templateReport.passed()) {
            log.warn("LLM enhancement of {} failed, using template: {}", c.name(), firstLine(run.error));
            return Outcome.ok(templateCode, templateReport, CodeSource.TEMPLATE, run.error);
        }
        return Outcome.fail(run.error + "\nand the template output fails validation too:\n" + templateReport.describeErrors(),
                templateCode, templateReport);
    }

    /** One LLM call, then repair calls while the output fails validation. */
    private Outcome generateWithRepair(Task task, CodeComponent c, LlmRequest first, GenerationAttempt.Kind kind, Record rec) {
        LlmResponse r = llm.complete(first);
        if (!r.success()) {
            rec.llm(kind, r, null);
            return Outcome.fail("LLM call failed: " + r.error(), null, null);
        }
        String code = extract(r.content(), c);
        ValidationReport report = validateAnswer(code, c);
        rec.llm(kind, r, report);
        int repairs = 0;
        while (!report.passed() && repairs < repairAttempts) {
            repairs++;
            log.info("LLM output for {} failed validation ({} errors); repair attempt {} of {}", c.name(),
                    report.errors().size(), repairs, repairAttempts);
            r = llm.complete(prompts.repair(task, c, code, report));
            if (!r.success()) {
                rec.llm(GenerationAttempt.Kind.LLM_REPAIR, r, null);
                return Outcome.fail("LLM repair call failed: " + r.error() + "; last output failed validation:\n"
                        + report.describeErrors(), code, report);
            }
            code = extract(r.content(), c);
            report = validateAnswer(code, c);
            rec.llm(GenerationAttempt.Kind.LLM_REPAIR, r, report);
        }
        if (report.passed()) {
            return Outcome.ok(code, report, CodeSource.LLM, null);
        }
        return Outcome.fail("LLM output failed validation" + (repairs > 0 ? " after " + repairs + " repair attempt(s)" : "")
                + ":\n" + report.describeErrors(), code, report);
    }

    private String extract(String answer, CodeComponent c) {
        return CodeExtractor.extract(answer, c.language(),
                code -> validators.forLanguage(c.language()).syntaxValid(code, c.language()));
    }

    private ValidationReport validateAnswer(String code, CodeComponent c) {
        if (code.isBlank()) {
            return new ValidationReport(c.language(), List.of(new Finding(Category.SYNTAX, Severity.ERROR, "syntax.empty",
                    "the answer contained no code", 0, 0)), QualityScore.of(List.of()));
        }
        return validate(code, c);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /**
     * Parses {@value #REPAIR_ATTEMPTS_VARIABLE}.
     *
     * @param value the raw value
     * @return the number, 0 to {@value #MAX_REPAIR_ATTEMPTS}
     * @throws ConfigException naming the variable if the value is not such a number
     */
    public static int parseRepairAttempts(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 0 && n <= MAX_REPAIR_ATTEMPTS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(REPAIR_ATTEMPTS_VARIABLE, REPAIR_ATTEMPTS_VARIABLE + "='" + value
                + "' is invalid: expected a whole number from 0 to " + MAX_REPAIR_ATTEMPTS);
    }

    /** @return a one-line summary */
    @Override
    public String toString() {
        return "CoderAgent{id=" + agentId + ", llmEnabled=" + llmEnabled() + ", outputRoot=" + output.root()
                + ", repairAttempts=" + repairAttempts + "}";
    }

    /**
     * Builder for {@link CoderAgent}. Required: {@link #outputRoot(Path)}. Defaults: no LLM
     * (template-only), the bundled templates, the default validators, agent id
     * {@value CoderAgent#DEFAULT_AGENT_ID}, repair attempts and temperature from the LLM
     * service's configuration ({@value CoderAgent#REPAIR_ATTEMPTS_VARIABLE}, default
     * {@value CoderAgent#DEFAULT_REPAIR_ATTEMPTS}; {@code Q2O_LLM_CODE_TEMPERATURE}, default 0.3),
     * no research provider. Not thread-safe.
     */
    public static final class Builder {
        private LlmService llm;
        private TemplateRenderer templates;
        private CodeValidators validators;
        private Path outputRoot;
        private String agentId = DEFAULT_AGENT_ID;
        private Integer repairAttempts;
        private Double temperature;
        private Function<Task, Map<String, ?>> researchProvider;

        private Builder() {
        }

        /** @param llm the LLM service; {@code null} (the default) for template-only mode @return this */
        public Builder llm(LlmService llm) { this.llm = llm; return this; }

        /** @param templates the template renderer; default {@link TemplateRenderer#bundled()} @return this */
        public Builder templates(TemplateRenderer templates) { this.templates = Objects.requireNonNull(templates, "templates"); return this; }

        /** @param validators the validators; default {@link CodeValidators#defaults()} @return this */
        public Builder validators(CodeValidators validators) { this.validators = Objects.requireNonNull(validators, "validators"); return this; }

        /** @param outputRoot the only directory files are written under; created if missing; required @return this */
        public Builder outputRoot(Path outputRoot) { this.outputRoot = Objects.requireNonNull(outputRoot, "outputRoot"); return this; }

        /** @param agentId the agent id for request tags; default {@value CoderAgent#DEFAULT_AGENT_ID} @return this */
        public Builder agentId(String agentId) { this.agentId = agentId; return this; }

        /**
         * @param repairAttempts maximum repair calls per generation, 0 to {@value CoderAgent#MAX_REPAIR_ATTEMPTS};
         *                       overrides {@value CoderAgent#REPAIR_ATTEMPTS_VARIABLE}
         * @return this
         */
        public Builder repairAttempts(int repairAttempts) { this.repairAttempts = repairAttempts; return this; }

        /** @param temperature code temperature 0.0 to 2.0; overrides {@code Q2O_LLM_CODE_TEMPERATURE} @return this */
        public Builder temperature(double temperature) { this.temperature = temperature; return this; }

        /**
         * @param provider supplies research findings for a task (the plan's
         *                 {@code get_research_results}); the task's own research context wins on
         *                 equal keys; a provider that throws is logged and ignored
         * @return this
         */
        public Builder researchProvider(Function<Task, Map<String, ?>> provider) { this.researchProvider = provider; return this; }

        /**
         * @return the agent
         * @throws ConfigException          if {@value CoderAgent#REPAIR_ATTEMPTS_VARIABLE} is malformed
         * @throws IllegalArgumentException if a value is out of range or the output root is unusable
         * @throws UncheckedIOException     if the output root cannot be created
         */
        public CoderAgent build() {
            if (outputRoot == null) {
                throw new IllegalArgumentException("outputRoot is required");
            }
            if (agentId == null || agentId.isBlank()) {
                throw new IllegalArgumentException("agentId must not be null or blank");
            }
            int repairs;
            if (repairAttempts != null) {
                if (repairAttempts < 0 || repairAttempts > MAX_REPAIR_ATTEMPTS) {
                    throw new IllegalArgumentException("repairAttempts must be 0 to " + MAX_REPAIR_ATTEMPTS + ", was " + repairAttempts);
                }
                repairs = repairAttempts;
            } else if (llm != null) {
                repairs = llm.config().setting(REPAIR_ATTEMPTS_VARIABLE).map(CoderAgent::parseRepairAttempts)
                        .orElse(DEFAULT_REPAIR_ATTEMPTS);
            } else {
                repairs = DEFAULT_REPAIR_ATTEMPTS;
            }
            double temp;
            if (temperature != null) {
                if (temperature.isNaN() || temperature < 0.0 || temperature > 2.0) {
                    throw new IllegalArgumentException("temperature must be 0.0 to 2.0, was " + temperature);
                }
                temp = temperature;
            } else {
                temp = llm != null ? llm.config().codeTemperature() : 0.3;
            }
            OutputRoot root;
            try {
                root = new OutputRoot(outputRoot);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create output root " + outputRoot, e);
            }
            return new CoderAgent(this, root, repairs, temp);
        }
    }
}
