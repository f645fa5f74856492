package io.q2o.demo;

import io.q2o.agents.AgentUsage;
import io.q2o.agents.orchestrator.InvalidPlanException;
import io.q2o.agents.orchestrator.TaskOutcome;
import io.q2o.agents.pipeline.Pipeline;
import io.q2o.agents.pipeline.PipelineResult;
import io.q2o.agents.research.FolderSource;
import io.q2o.agents.research.ResearchSource;
import io.q2o.agents.research.SourceDocument;
import io.q2o.agents.testing.TestFramework;
import io.q2o.agents.testing.TestRunner;
import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * The whole system on one objective: the OrchestratorAgent plans a task DAG, then research, code,
 * tests and QA run in dependency order ({@link Pipeline}), and {@code results.md} /
 * {@code results.json} record the DAG, each task's outcome, the files, the findings and tokens and
 * cost per agent ({@link PipelineReport}).
 *
 * <p>Offline by default (no key): the bundled recorded answers ({@value #BUNDLED}) are replayed
 * through the real Gemini (writer) and OpenAI (reviewer) adapters, matched by prompt, so the
 * default objective runs on a fresh clone. With a key (or {@code --live}) the configured providers
 * are called; the QA review then needs a second provider (or the run reports the QA task failed).
 * Generated code is never executed unless {@code --run-tests} is given. Exit code 0 when every
 * task succeeded, 1 otherwise, 2 for a usage or configuration error.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Objective -> orchestrate -> research -> code -> tests -> QA, with results.md and results.json.")
public final class PipelineCommand implements Callable<Integer> {
    /** Where the bundled replay files of this command live on the class path. */
    static final String BUNDLED = "io/q2o/demo/pipeline/replay";
    /** Where the bundled research documents live on the class path (listed in its INDEX). */
    static final String SOURCES = "io/q2o/demo/pipeline/sources/";
    /** The provider that writes the code in offline runs. */
    static final String WRITER = "gemini";
    /** The provider that reviews the code in offline runs. */
    static final String REVIEWER = "openai";

    /** The objective the bundled answers were recorded for. */
    static final String DEFAULT_OBJECTIVE = "Build a Stripe webhook service in Python: a Pydantic model of payment events,"
            + " a PostgreSQL table to store them, a FastAPI endpoint that verifies the Stripe signature and records"
            + " payment_intent.succeeded events once, tests for the endpoint, and a review of the payment code.";

    @ParentCommand
    DemoApp app;

    @Option(names = "--objective", paramLabel = "TEXT",
            description = "The objective (default: a Stripe webhook service; offline runs have answers for it only).")
    String objective = DEFAULT_OBJECTIVE;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "output/pipeline",
            description = "Where the generated files and results go (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--sources", paramLabel = "DIR",
            description = "A folder of Markdown/text files for the research tasks (default: the bundled Stripe notes).")
    Path sources;

    @Option(names = "--run-tests", description = "OPT-IN: run the generated Python tests (python3 -m pytest) in a temporary "
            + "copy with a time limit. Off by default: generated code is never executed otherwise.")
    boolean runTests;

    @ArgGroup(exclusive = true)
    LlmOptions.Mode mode = new LlmOptions.Mode();

    @Override
    public Integer call() {
        PrintStream out = app.out();
        Optional<String> problem = OutputFolder.problem(output);
        if (problem.isPresent()) {
            app.err().println("Error: cannot use the output folder (-o/--output): " + problem.get());
            return 2;
        }
        if (objective == null || objective.isBlank()) {
            app.err().println("Error: --objective must not be blank");
            return 2;
        }
        ResearchSource research;
        try {
            research = sources != null ? new FolderSource(sources) : bundledSources();
        } catch (IllegalArgumentException e) {
            app.err().println("Error: --sources: " + e.getMessage());
            return 2;
        }
        Session session;
        try {
            session = open();
        } catch (LlmSession.UsageException | ConfigException e) {
            app.err().println("Error: " + e.getMessage());
            return 2;
        }
        try (session) {
            out.println(DemoCommand.RULE);
            out.println("Q2O pipeline - orchestrate, research, code, test, review");
            out.println(DemoCommand.RULE);
            out.println("Mode: " + session.notice);
            out.println("Objective: " + objective);
            PipelineResult result;
            try {
                result = run(session.service, objective, output, research, null, session.offline ? REVIEWER : null,
                        runTests ? TestRunner.forFramework(TestFramework.PYTEST) : null);
            } catch (InvalidPlanException e) {
                app.err().println("Error: no valid plan: " + e.getMessage());
                return 1;
            }
            try {
                PipelineReport.write(result, session.offline ? "offline" : "live", session.notice);
            } catch (IOException e) {
                app.err().println("Error: cannot write the results: " + e.getMessage());
                return 1;
            }
            print(result, out);
            return result.success() ? 0 : 1;
        }
    }

    /**
     * Plans and runs an objective.
     *
     * @param llm       the service
     * @param objective the objective
     * @param output    the output root
     * @param sources   the research sources
     * @param executor  runs the tasks, or {@code null} for the pipeline's own pool
     * @param reviewer  the QA reviewer provider, or {@code null} to pick one other than the writer
     * @param runner    the opt-in test runner, or {@code null}
     * @return the result
     */
    static PipelineResult run(LlmService llm, String objective, Path output, ResearchSource sources, Executor executor,
                              String reviewer, TestRunner runner) {
        Pipeline.Builder b = Pipeline.builder().llm(llm).outputRoot(output).sources(sources).testRunner(runner)
                .reviewer(reviewer, null);
        if (executor != null) {
            b.executor(executor);
        }
        try (Pipeline pipeline = b.build()) {
            return pipeline.run(objective);
        }
    }

    private static void print(PipelineResult r, PrintStream out) {
        out.println();
        for (TaskOutcome o : r.execution().outcomes()) {
            out.printf("  %-4s %-9s %s%n", o.taskId(), o.status(), o.error() != null ? o.error() : o.summary());
        }
        out.println();
        out.println("Files written under " + DemoCommand.display(r.outputRoot()) + ":");
        r.filesWritten().forEach(f -> out.println("  " + f));
        out.println();
        out.println("Tokens and cost per agent:");
        for (Map.Entry<String, AgentUsage> e : r.usageByAgent().entrySet()) {
            out.println("  " + PipelineReport.usageLine(e.getKey(), e.getValue()));
        }
        out.println("  " + PipelineReport.usageLine("total", r.totalUsage()));
        out.println();
        out.println("Results: " + DemoCommand.display(r.outputRoot().resolve(PipelineReport.MARKDOWN)) + " and "
                + PipelineReport.JSON);
        out.println(DemoCommand.RULE);
    }

    /** @return the bundled research documents */
    static ResearchSource bundledSources() {
        ClassLoader cl = PipelineCommand.class.getClassLoader();
        List<SourceDocument> docs = new ArrayList<>();
        for (String name : read(cl, SOURCES + "INDEX").lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String text = read(cl, SOURCES + name);
            String title = text.lines().filter(l -> l.startsWith("#")).findFirst().map(l -> l.replaceFirst("^#+\\s*", ""))
                    .orElse(name);
            docs.add(new SourceDocument(name, title, text));
        }
        return ResearchSource.of(docs.toArray(SourceDocument[]::new));
    }

    private static String read(ClassLoader cl, String resource) {
        try (InputStream in = Objects.requireNonNull(cl.getResourceAsStream(resource), "missing resource " + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** @return the bundled recorded answers of this command */
    static Recordings bundled() {
        return Recordings.fromClasspath(PipelineCommand.class.getClassLoader(), BUNDLED);
    }

    /** The service and whatever serves it. */
    static final class Session implements AutoCloseable {
        final LlmService service;
        final ReplayServer replay;
        final boolean offline;
        final String notice;

        Session(LlmService service, ReplayServer replay, String notice) {
            this.service = service;
            this.replay = replay;
            this.offline = replay != null;
            this.notice = notice;
        }

        @Override
        public void close() {
            try {
                service.close();
            } finally {
                if (replay != null) {
                    replay.close();
                }
            }
        }
    }

    private Session open() {
        LlmConfig base = app.configBuilder().build();
        boolean anyKey = false;
        for (WireProvider p : WireProvider.values()) {
            anyKey |= base.secret(p.apiKeyVariable()).isPresent();
        }
        boolean offline = mode.offline || (!mode.live && !anyKey);
        if (!offline) {
            if (!anyKey) {
                throw new LlmSession.UsageException("--live needs an API key (GOOGLE_API_KEY, OPENAI_API_KEY or "
                        + "ANTHROPIC_API_KEY; see .env.example)");
            }
            return new Session(LlmService.builder().config(base).build(), null, "live calls; the QA reviewer is a "
                    + "provider other than the writer");
        }
        if (!DEFAULT_OBJECTIVE.equals(objective)) {
            throw new LlmSession.UsageException("offline runs have recorded answers for the default objective only; "
                    + "set an API key (or use --live) for another objective");
        }
        return offline(app.configBuilder(), bundled());
    }

    /**
     * An offline session: the real Gemini and OpenAI adapters talk to a replay server that answers
     * from {@code recordings} (strictly: by request body or prompt).
     *
     * @param config     a configuration builder (the user's, or an isolated one in tests)
     * @param recordings the answers
     * @return the session
     */
    static Session offline(LlmConfig.Builder config, Recordings recordings) {
        return offline(config, recordings, Recordings.MatchMode.STRICT);
    }

    static Session offline(LlmConfig.Builder config, Recordings recordings, Recordings.MatchMode match) {
        String writerModel = model(recordings, WireProvider.GEMINI);
        String reviewerModel = model(recordings, WireProvider.OPENAI);
        ReplayServer server = ReplayServer.start(recordings, match);
        try {
            server.configure(config)
                    .set("Q2O_USE_LLM", "true")
                    .set("Q2O_LLM_DRY_RUN", "false")
                    .set("Q2O_LLM_PRIMARY", WRITER)
                    .set("Q2O_LLM_FALLBACK", "none")
                    .set("Q2O_LLM_AUTO_FALLBACK", "false")
                    .set("Q2O_LLM_MAX_RETRIES", "0")
                    .set("Q2O_LLM_CACHE_ENABLED", "false")
                    .set("Q2O_LLM_LEDGER", "false")
                    .set("Q2O_LLM_CACHE_PERSIST", "false")
                    .set(LlmConfig.prefix(WRITER) + "_MODEL", writerModel)
                    .set(LlmConfig.prefix(REVIEWER) + "_MODEL", reviewerModel);
            return new Session(LlmService.builder().config(config.build()).build(), server,
                    "offline replay of recorded answers (writer " + WRITER + "/" + writerModel + ", reviewer " + REVIEWER + "/"
                            + reviewerModel + ") - set API keys for live calls");
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static String model(Recordings recordings, WireProvider p) {
        return LlmSession.recordedModel(recordings, p)
                .orElseThrow(() -> new LlmSession.UsageException("no recorded answer for " + p.id() + " in " + BUNDLED));
    }
}
