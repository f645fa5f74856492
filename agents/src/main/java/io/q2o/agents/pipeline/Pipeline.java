package io.q2o.agents.pipeline;

import io.q2o.agents.orchestrator.OrchestratorAgent;
import io.q2o.agents.orchestrator.PlanResult;
import io.q2o.agents.qa.QAAgent;
import io.q2o.agents.research.ResearchSource;
import io.q2o.agents.research.ResearcherAgent;
import io.q2o.agents.testing.TestRunner;
import io.q2o.agents.testing.TestingAgent;
import io.q2o.coder.CoderAgent;
import io.q2o.coder.validation.CodeValidators;
import io.q2o.coder.write.OutputRoot;
import io.q2o.llm.LlmService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * One objective through every agent: the {@link OrchestratorAgent} plans a task DAG, and each task
 * runs with its agent ({@link ResearcherAgent}, {@link CoderAgent}, {@link TestingAgent},
 * {@link QAAgent}) in dependency order, independent tasks concurrently, outputs flowing to
 * dependents (see {@link PipelineHandler}). Files go under one output root; tokens and cost are
 * kept per agent id (every call is tagged with it, so {@link LlmService#usageStats()} shows the
 * same split).
 *
 * <p>Generated code is never run unless a {@link TestRunner} is given ({@link Builder#testRunner}).
 * Thread-safe; {@link #close()} stops the orchestrator's own pool (not a caller's executor, not
 * the {@link LlmService}).
 */
public final class Pipeline implements AutoCloseable {
    private final LlmService llm;
    private final Path outputRoot;
    private final OrchestratorAgent orchestrator;
    private final ResearcherAgent researcher;
    private final ResearchSource sources;
    private final CoderAgent coder;
    private final TestingAgent testing;
    private final QAAgent qa;
    private final TestRunner runner;
    private final OutputRoot output;
    private final CodeValidators validators = CodeValidators.defaults();

    private Pipeline(Builder b) throws IOException {
        this.llm = b.llm;
        this.output = new OutputRoot(b.outputRoot);
        this.outputRoot = output.root();
        OrchestratorAgent.Builder ob = OrchestratorAgent.builder().llm(llm);
        if (b.executor != null) {
            ob.executor(b.executor);
        }
        this.researcher = ResearcherAgent.builder().llm(llm).build();
        this.sources = b.sources;
        this.coder = CoderAgent.builder().llm(llm).outputRoot(outputRoot).build();
        this.testing = TestingAgent.builder().llm(llm).outputRoot(outputRoot).build();
        this.qa = QAAgent.builder().llm(llm).reviewer(b.reviewerProvider, b.reviewerModel).build();
        this.runner = b.runner;
        this.orchestrator = ob.build();   // last: it may own threads
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Plans and runs an objective.
     *
     * @param objective the objective
     * @return every task's outcome, the files and the usage per agent
     * @throws io.q2o.agents.orchestrator.InvalidPlanException if no valid plan came back
     * @throws IllegalArgumentException if the objective is blank
     */
    public PipelineResult run(String objective) {
        PipelineUsage usage = new PipelineUsage();
        OrchestratorAgent.Planning planning = orchestrator.plan(objective);
        usage.add(orchestrator.agentId(), planning.usage());
        PipelineHandler handler = new PipelineHandler(llm, researcher, sources, coder, testing, runner, qa, output,
                validators, usage);
        PlanResult result = orchestrator.execute(planning.plan(), handler);
        return new PipelineResult(objective, outputRoot, planning.repaired(), result, usage.byAgent());
    }

    @Override
    public void close() {
        orchestrator.close();
    }

    /**
     * Builder. Required: {@link #llm}, {@link #outputRoot}, {@link #sources}. Defaults: the
     * orchestrator's own pool of 4 threads, the QA reviewer chosen among the usable providers (not
     * the writer), no test runner (generated code is not executed). Not thread-safe.
     */
    public static final class Builder {
        private LlmService llm;
        private Path outputRoot;
        private ResearchSource sources;
        private Executor executor;
        private String reviewerProvider;
        private String reviewerModel;
        private TestRunner runner;

        private Builder() {
        }

        /** @param llm the service all agents use; required @return this */
        public Builder llm(LlmService llm) { this.llm = Objects.requireNonNull(llm, "llm"); return this; }

        /** @param outputRoot the only directory files are written under; required @return this */
        public Builder outputRoot(Path outputRoot) { this.outputRoot = Objects.requireNonNull(outputRoot, "outputRoot"); return this; }

        /** @param sources what research tasks read; required @return this */
        public Builder sources(ResearchSource sources) { this.sources = Objects.requireNonNull(sources, "sources"); return this; }

        /** @param executor runs the tasks (the caller keeps ownership); default an owned pool of 4 @return this */
        public Builder executor(Executor executor) { this.executor = Objects.requireNonNull(executor, "executor"); return this; }

        /**
         * @param provider the preferred QA reviewer provider
         * @param model    its model, or {@code null}
         * @return this
         */
        public Builder reviewer(String provider, String model) {
            this.reviewerProvider = provider;
            this.reviewerModel = model;
            return this;
        }

        /** @param runner OPT-IN: runs the generated tests after a test task; default none @return this */
        public Builder testRunner(TestRunner runner) { this.runner = runner; return this; }

        /**
         * @return the pipeline
         * @throws IllegalArgumentException naming a missing setting
         * @throws UncheckedIOException     if the output root cannot be created
         */
        public Pipeline build() {
            if (llm == null) {
                throw new IllegalArgumentException("Pipeline needs an LlmService (llm)");
            }
            if (outputRoot == null) {
                throw new IllegalArgumentException("Pipeline needs an outputRoot");
            }
            if (sources == null) {
                throw new IllegalArgumentException("Pipeline needs research sources (sources)");
            }
            try {
                return new Pipeline(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create output root " + outputRoot, e);
            }
        }
    }
}
