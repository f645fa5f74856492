package io.q2o.demo;

import io.q2o.coder.CodeComponent;
import io.q2o.coder.CodeExtractor;
import io.q2o.coder.CoderAgent;
import io.q2o.coder.ComponentResult;
import io.q2o.coder.Language;
import io.q2o.coder.TaskResult;
import io.q2o.coder.validation.ValidationReport;
import io.q2o.coder.write.OutputRoot;
import io.q2o.llm.CachePolicy;
import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.LlmUsage;
import io.q2o.llm.RequestTags;
import io.q2o.llm.testing.Recordings;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plan's proof-of-concept demo, measured: [1/4] template generation through the CoderAgent's
 * template path, [2/4] LLM generation through {@link LlmService} (streamed, with progress),
 * [3/4] quality scores from the validator and the QAAgent's rubric (a review by another provider,
 * {@link DemoReview}), [4/4] validation of both, then key findings computed
 * from those numbers. Writes the two code files and {@code results.md} / {@code results.json}.
 */
final class DemoCommand {
    static final String RULE = "=".repeat(70);

    private final DemoApp app;
    private final PrintStream out;

    DemoCommand(DemoApp app) {
        this.app = app;
        this.out = app.out();
    }

    int run() {
        Path outputDir = app.output();
        Optional<String> problem = OutputFolder.problem(outputDir);
        if (problem.isPresent()) {
            app.err().println("Error: cannot use the output folder (-o/--output): " + problem.get());
            return 2;
        }
        OutputRoot files;
        try {
            files = new OutputRoot(outputDir);
        } catch (IOException | IllegalArgumentException e) {
            app.err().println("Error: cannot use the output folder (-o/--output) " + outputDir + ": " + e);
            return 2;
        }
        Recordings answers;
        try {
            answers = LlmSession.bundled();
        } catch (RuntimeException e) {
            app.err().println("The bundled offline answers are unreadable: " + e.getMessage());
            return 2;
        }
        LlmSession session;
        try {
            session = LlmSession.open(app, app.llmOptions(), answers);
        } catch (LlmSession.UsageException | ConfigException e) {
            app.err().println("Error: " + e.getMessage());
            return 2;
        }
        try (session) {
            return run(session, files, outputDir);
        }
    }

    private int run(LlmSession session, OutputRoot files, Path outputDir) {
        out.println(RULE);
        out.println("Q2O LLM Integration - Proof of Concept");
        out.println(RULE);
        out.println("Task: " + DemoTask.TITLE + " (" + String.join(", ", DemoTask.TECH_STACK) + ")");
        out.println("Mode: " + session.describe());

        CoderAgent templateAgent = CoderAgent.builder().outputRoot(outputDir).agentId("demo_template").build();

        // ---------------------------------------------------------------- [1/4]
        out.println();
        out.println("[1/4] Template-based generation...");
        DemoResult.Generation template = templateStep(templateAgent, files, outputDir);

        // ---------------------------------------------------------------- [2/4]
        out.println();
        LlmService llm = session.service();
        String target = session.provider() + "/" + llm.config().models(session.provider(), List.of()).stream()
                .findFirst().orElse("default model");
        out.println("[2/4] LLM-based generation (" + target + ")...");
        LlmOutcome llmOutcome = llmStep(session, templateAgent, files, outputDir, target);

        // ---------------------------------------------------------------- [3/4]
        out.println();
        out.println("[3/4] Comparing outputs (validator quality score 0-100, QA rubric 0-100)...");
        out.println("   Template: " + scoreLine(template));
        out.println("   LLM:      " + scoreLine(llmOutcome.generation));
        DemoReview.Score templateReview = null;
        DemoReview.Score llmReview = null;
        Optional<String> reviewer = DemoReview.reviewer(llm, session.provider());
        if (reviewer.isEmpty()) {
            out.println("   QA review skipped: it needs a provider other than " + session.provider() + " (set its API key)");
        } else {
            if (template.generated()) {
                templateReview = DemoReview.review(llm, reviewer.get(), DemoTask.TEMPLATE_FILE, templateCode(outputDir), "", "");
            }
            if (llmOutcome.generation.generated() && llmOutcome.usage != null) {
                llmReview = DemoReview.review(llm, reviewer.get(), DemoTask.LLM_FILE, llmCode(outputDir), session.provider(),
                        llmOutcome.usage.model());
            }
            out.println("   Reviewed by " + (templateReview != null ? templateReview.reviewer() : llmReview != null
                    ? llmReview.reviewer() : reviewer.get()) + " (not the writer), rubric: requirement coverage 40,"
                    + " review findings 40, validator 20:");
            out.println("   Template: " + DemoReview.line(templateReview));
            out.println("   LLM:      " + DemoReview.line(llmReview));
        }

        // ---------------------------------------------------------------- [4/4]
        out.println();
        out.println("[4/4] Validating generated code...");
        out.println("   Template valid: " + validLine(template));
        out.println("   LLM valid:      " + validLine(llmOutcome.generation));
        printFindings("Template", template);
        printFindings("LLM", llmOutcome.generation);

        // ---------------------------------------------------------------- summary
        Findings f = Findings.compute(template, llmOutcome.generation, llmOutcome.usage, session.offline());
        out.println();
        out.println(RULE);
        out.println(f.verdict());
        out.println(RULE);
        out.println();
        out.println("Key Findings:");
        List<String> keyFindings = new java.util.ArrayList<>(f.lines());
        DemoReview.keyFinding(templateReview, llmReview).ifPresent(keyFindings::add);
        keyFindings.forEach(l -> out.println(" " + l));
        out.println();
        out.println("Recommendation: " + f.recommendation());

        DemoResult result = new DemoResult(DemoTask.TITLE, DemoTask.TECH_STACK, DemoTask.REQUIREMENTS,
                session.mode().name().toLowerCase(Locale.ROOT), session.describe(), template, llmOutcome.generation,
                llmOutcome.usage, templateReview, llmReview, keyFindings, f.verdict(), f.recommendation(),
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        try {
            ResultsWriter.write(files, result);
        } catch (IOException | UncheckedIOException e) {
            app.err().println("Cannot write the results: " + e.getMessage());
            return 1;
        }
        out.println();
        out.println("Results: " + display(outputDir.resolve(ResultsWriter.MARKDOWN)) + ", "
                + display(outputDir.resolve(ResultsWriter.JSON)));
        session.recordingDirectory().ifPresent(dir -> out.println("Recorded " + session.recorded().size()
                + " answer(s) to " + dir + " (replay them with llm-testing's ReplayServer)"));
        if (session.offline()) {
            out.println("Note: " + LlmSession.OFFLINE_NOTICE);
        }
        boolean ok = template.generated() && template.valid() && llmOutcome.generation.generated()
                && llmOutcome.generation.valid();
        return ok ? 0 : 1;
    }

    // ------------------------------------------------------------------ [1/4]

    private DemoResult.Generation templateStep(CoderAgent agent, OutputRoot files, Path outputDir) {
        Optional<String> name = DemoTask.findTemplate(agent.templates());
        if (name.isEmpty()) {
            out.println("  FAIL no bundled Stripe webhook template in coder-agent (templates: "
                    + agent.templates().bundledTemplateNames() + ")");
            return DemoResult.Generation.failed("template", "-", "no bundled Stripe webhook template", 0);
        }
        long start = System.nanoTime();
        TaskResult r = agent.processTask(DemoTask.task(name.get()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        ComponentResult c = r.components().get(0);
        String file = display(outputDir.resolve(DemoTask.TEMPLATE_FILE));
        if (c.code().isEmpty()) {
            String why = c.error().orElse("no code");
            out.println("  FAIL " + firstLine(why));
            return DemoResult.Generation.failed("template", name.get(), why, millis);
        }
        String code = c.code().get();
        if (c.writtenFile().isEmpty()) {
            // the agent never writes invalid code; the demo keeps it for inspection
            write(files, DemoTask.TEMPLATE_FILE, code);
        }
        ValidationReport report = c.validation().orElseGet(() -> agent.validate(code, DemoTask.component(null, DemoTask.TEMPLATE_FILE)));
        out.println("  OK Generated " + String.format(Locale.ROOT, "%,d", code.length()) + " characters ("
                + code.lines().count() + " lines) from template " + name.get() + " in " + millis + " ms"
                + " (strategy " + c.strategy().map(Enum::name).orElse("-") + ")");
        out.println("  Saved: " + file);
        return DemoResult.Generation.of("template", name.get(), file, code, millis, report);
    }

    // ------------------------------------------------------------------ [2/4]

    private record LlmOutcome(DemoResult.Generation generation, DemoResult.Usage usage) {
    }

    private LlmOutcome llmStep(LlmSession session, CoderAgent agent, OutputRoot files, Path outputDir, String target) {
        LlmService llm = session.service();
        LlmRequest request = demoRequest(llm);
        long start = System.nanoTime();
        LlmResponse r;
        Progress progress = new Progress(out, "streaming from " + target, System.console() != null);
        try (progress) {
            r = llm.stream(request, progress::received).join();
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        if (!r.success()) {
            String why = String.valueOf(r.error());
            out.println("  FAIL " + why);
            if (r.error() != null && r.error().kind() == io.q2o.llm.ErrorKind.NO_PROVIDER) {
                out.println("  (run with --offline for the bundled answers, or see docs/LLM_SETUP_GUIDE.md)");
            }
            return new LlmOutcome(DemoResult.Generation.failed("llm", target, why, wall), null);
        }
        LlmUsage u = r.usage();
        long latency = u.duration().toMillis();
        Long firstChunk = progress.firstChunkMillis() < 0 ? null : progress.firstChunkMillis();
        DemoResult.Usage usage = new DemoResult.Usage(r.provider(), r.model(), u.inputTokens(), u.outputTokens(),
                u.cachedInputTokens(), u.reasoningTokens(), u.totalCost().map(BigDecimal::toPlainString).orElse(null),
                latency, firstChunk, progress.chunks(), r.attempts().size());
        CodeComponent component = DemoTask.component(null, DemoTask.LLM_FILE);
        String code = CodeExtractor.extract(r.content(), Language.PYTHON,
                c -> agent.validators().forLanguage(Language.PYTHON).syntaxValid(c, Language.PYTHON));
        if (code.isBlank()) {
            out.println("  FAIL the answer (" + r.content().length() + " characters) contained no Python code");
            return new LlmOutcome(DemoResult.Generation.failed("llm", r.provider() + "/" + r.model(),
                    "the answer contained no Python code", latency), usage);
        }
        write(files, DemoTask.LLM_FILE, code);
        ValidationReport report = agent.validate(code, component);
        out.println("  OK Generated " + String.format(Locale.ROOT, "%,d", code.length()) + " characters ("
                + code.lines().count() + " lines) with " + r.provider() + "/" + r.model());
        out.println("  Tokens: " + String.format(Locale.ROOT, "%,d input, %,d output", u.inputTokens(), u.outputTokens())
                + (u.cachedInputTokens() > 0 ? String.format(Locale.ROOT, " (%,d input cached)", u.cachedInputTokens()) : "")
                + (u.reasoningTokens() > 0 ? String.format(Locale.ROOT, " (%,d reasoning)", u.reasoningTokens()) : ""));
        out.println("  Cost: " + u.totalCost().map(c -> money(c) + " (exact $" + c.toPlainString()
                + ", prices from config/llm_config.json)").orElse("unknown - no price for " + r.model()
                + " in config/llm_config.json"));
        out.println("  Latency: " + seconds(latency) + (firstChunk == null ? "" : " (first chunk after "
                + seconds(firstChunk) + ", " + progress.chunks() + " chunks)")
                + (session.offline() ? " - local replay server, not the provider" : ""));
        out.println("  Saved: " + display(outputDir.resolve(DemoTask.LLM_FILE)));
        return new LlmOutcome(DemoResult.Generation.of("llm", r.provider() + "/" + r.model(),
                display(outputDir.resolve(DemoTask.LLM_FILE)), code, latency, report), usage);
    }

    /**
     * @param llm the service
     * @return the demo's code-generation request (the plan's generate_code prompt for the task); it
     *         bypasses the response cache, so every run measures a real generation
     */
    static LlmRequest demoRequest(LlmService llm) {
        return llm.codeRequest(DemoTask.description(), DemoTask.TECH_STACK, null, llm.config().codeTemperature(), "python")
                .tags(new RequestTags("demo_poc", DemoTask.ID, null)).cachePolicy(CachePolicy.BYPASS).build();
    }

    // ------------------------------------------------------------------ helpers

    private static void write(OutputRoot files, String name, String code) {
        try {
            files.write(name, code.endsWith("\n") ? code : code + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + ": " + e.getMessage(), e);
        }
    }

    private static String templateCode(Path outputDir) {
        return readOrEmpty(outputDir.resolve(DemoTask.TEMPLATE_FILE));
    }

    private static String llmCode(Path outputDir) {
        return readOrEmpty(outputDir.resolve(DemoTask.LLM_FILE));
    }

    private static String readOrEmpty(Path p) {
        try {
            return java.nio.file.Files.readString(p, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String scoreLine(DemoResult.Generation g) {
        if (!g.generated()) {
            return "-   (not generated: " + firstLine(g.error()) + ")";
        }
        return g.quality() + "/100 (" + g.label() + ") ["
                + String.join(", ", g.measures().stream().map(DemoResult.Measure::short_).toList()) + "]";
    }

    private static String validLine(DemoResult.Generation g) {
        if (!g.generated()) {
            return "NO  (nothing to validate)";
        }
        return (g.valid() ? "YES" : "NO ") + " (" + g.errors() + " errors, " + g.warnings() + " warnings, "
                + g.findings().size() + " findings in all)";
    }

    private void printFindings(String who, DemoResult.Generation g) {
        g.findings().stream().limit(8).forEach(f -> out.println("     " + who + " " + f));
        if (g.findings().size() > 8) {
            out.println("     " + who + " ... " + (g.findings().size() - 8) + " more in results.md");
        }
    }

    static String money(BigDecimal usd) {
        BigDecimal rounded = usd.setScale(4, RoundingMode.HALF_UP);
        if (rounded.signum() == 0 && usd.signum() != 0) {
            return "$" + usd.round(new java.math.MathContext(2)).toPlainString();
        }
        return "$" + rounded.toPlainString();
    }

    static String seconds(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    static String display(Path p) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
