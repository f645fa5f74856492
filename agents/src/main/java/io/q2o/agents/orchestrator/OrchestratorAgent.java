package io.q2o.agents.orchestrator;

import io.q2o.agents.AgentUsage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TypedResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plan's Phase 3 OrchestratorAgent: breaks an objective down into a task DAG and runs it.
 *
 * <p>{@link #plan(String)} asks the model for a {@link TaskPlan} (structured output) and checks it
 * with {@link DagValidator} (non-empty, unique ids, dependencies exist, acyclic, code tasks name a
 * file). An invalid plan gets ONE repair round: the same conversation plus the model's plan and the
 * list of errors. If the repaired plan is still invalid (or a call fails) an
 * {@link InvalidPlanException} lists the errors.
 *
 * <p>{@link #execute(TaskPlan, TaskHandler)} runs a valid plan on the executor: each task when all
 * its dependencies are done, independent tasks concurrently, each task receiving its dependencies'
 * {@link TaskOutcome outcomes} (their outputs). Tasks downstream of a failure are
 * {@link TaskStatus#BLOCKED} with a reason naming the failed dependency.
 *
 * <p>The executor is the caller's ({@link Builder#executor}) or, by default, a pool of
 * {@link Builder#parallelism} daemon threads the agent owns and shuts down in {@link #close()}.
 * Calls are tagged with the agent id (default {@value #DEFAULT_AGENT_ID}). Thread-safe.
 */
public final class OrchestratorAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OrchestratorAgent.class);

    /** Default agent id. */
    public static final String DEFAULT_AGENT_ID = "orchestrator_main";

    static final String SYSTEM_PROMPT = "You are a software project orchestrator. Break the objective down into a small "
            + "DAG of tasks, each run by one agent: research (findings from documentation), code (exactly one source "
            + "file, named in outputPath), test (tests for the code of its dependencies), qa (a review of the code of "
            + "its dependencies). Give every task a unique id, list the ids it depends on (only earlier tasks, no "
            + "cycles), its tech stack, its complexity (low, medium, high or very_high), concrete requirements, and mark "
            + "critical every task touching payments, authentication or secrets.";

    static final String REPAIR_PROMPT = "That plan is not a valid task DAG. Fix every error and return the whole plan again:";

    private final LlmService llm;
    private final String agentId;
    private final Executor executor;
    private final ExecutorService owned;
    private final int maxTokens;

    private OrchestratorAgent(Builder b) {
        this.llm = b.llm;
        this.agentId = b.agentId;
        this.maxTokens = b.maxTokens;
        if (b.executor != null) {
            this.executor = b.executor;
            this.owned = null;
        } else {
            AtomicInteger n = new AtomicInteger();
            ThreadFactory f = r -> {
                Thread t = new Thread(r, "q2o-orchestrator-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            this.owned = Executors.newFixedThreadPool(b.parallelism, f);
            this.executor = owned;
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the agent id used in request tags */
    public String agentId() {
        return agentId;
    }

    /**
     * A plan and what it cost.
     *
     * @param plan     the valid plan
     * @param repaired whether the repair round was needed
     * @param usage    the calls made
     */
    public record Planning(TaskPlan plan, boolean repaired, AgentUsage usage) {
    }

    /**
     * Asks the model for a task DAG and validates it (one repair round).
     *
     * @param objective the objective
     * @return the valid plan
     * @throws InvalidPlanException     listing the errors if no valid plan came back
     * @throws IllegalArgumentException if the objective is blank
     * @throws IllegalStateException    if the service has no LLM ({@link #plan} needs one)
     */
    public Planning plan(String objective) {
        if (objective == null || objective.isBlank()) {
            throw new IllegalArgumentException("objective must not be null or blank");
        }
        if (llm == null) {
            throw new IllegalStateException("OrchestratorAgent " + agentId + " has no LlmService: plan() needs one");
        }
        RequestTags tags = new RequestTags(agentId, null, null);
        LlmRequest first = LlmRequest.builder().systemPrompt(SYSTEM_PROMPT).userPrompt("Objective: " + objective.strip())
                .temperature(0.2).maxTokens(maxTokens).tags(tags).build();
        TypedResponse<TaskPlan> answer = llm.complete(first, TaskPlan.class);
        AgentUsage usage = AgentUsage.NONE.plus(answer);
        if (!answer.success()) {
            throw new InvalidPlanException("the orchestrator's plan call failed: " + answer.response().error(), List.of());
        }
        List<String> errors = DagValidator.errors(answer.value());
        if (errors.isEmpty()) {
            return new Planning(answer.value(), false, usage);
        }
        log.info("Plan for '{}' is invalid ({}); one repair round", objective, errors);
        List<ChatMessage> messages = new ArrayList<>(first.messages());
        messages.add(ChatMessage.assistant(answer.response().content()));
        messages.add(ChatMessage.user(REPAIR_PROMPT + "\n- " + String.join("\n- ", errors)));
        LlmRequest repair = first.toBuilder().systemPrompt(null).userPrompt(null).messages(messages).build();
        TypedResponse<TaskPlan> second = llm.complete(repair, TaskPlan.class);
        usage = usage.plus(second);
        if (!second.success()) {
            throw new InvalidPlanException("the plan was invalid (" + String.join("; ", errors)
                    + ") and the repair call failed: " + second.response().error(), errors);
        }
        List<String> still = DagValidator.errors(second.value());
        if (!still.isEmpty()) {
            throw new InvalidPlanException("the orchestrator could not produce a valid task DAG for the objective after "
                    + "one repair round: " + String.join("; ", still), still);
        }
        return new Planning(second.value(), true, usage);
    }

    /**
     * Runs a plan in dependency order, independent tasks concurrently; blocks until every task has
     * an outcome.
     *
     * @param plan    a plan
     * @param handler runs one task
     * @return every task's outcome
     * @throws IllegalArgumentException listing the errors if the plan is not a valid DAG
     */
    public PlanResult execute(TaskPlan plan, TaskHandler handler) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(handler, "handler");
        return new PlanExecution(plan, handler, executor).run();
    }

    /** Shuts down the pool the agent owns (not a caller's executor). */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "OrchestratorAgent{id=" + agentId + ", ownsExecutor=" + (owned != null) + "}";
    }

    /**
     * Builder. Defaults: no LLM (only {@link #execute} is usable), agent id
     * {@value OrchestratorAgent#DEFAULT_AGENT_ID}, an owned pool of 4 threads, 4,096 output tokens
     * for a plan. Not thread-safe.
     */
    public static final class Builder {
        private LlmService llm;
        private String agentId = DEFAULT_AGENT_ID;
        private Executor executor;
        private int parallelism = 4;
        private int maxTokens = 4096;

        private Builder() {
        }

        /** @param llm the service planning calls go through @return this */
        public Builder llm(LlmService llm) { this.llm = Objects.requireNonNull(llm, "llm"); return this; }

        /** @param agentId the agent id for request tags @return this */
        public Builder agentId(String agentId) { this.agentId = agentId; return this; }

        /** @param executor runs the tasks; the caller keeps ownership @return this */
        public Builder executor(Executor executor) { this.executor = Objects.requireNonNull(executor, "executor"); return this; }

        /** @param threads size of the owned pool when no executor is given, 1 to 64; default 4 @return this */
        public Builder parallelism(int threads) { this.parallelism = threads; return this; }

        /** @param tokens output tokens of a planning call, at least 256; default 4,096 @return this */
        public Builder maxTokens(int tokens) { this.maxTokens = tokens; return this; }

        /**
         * @return the agent
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public OrchestratorAgent build() {
            if (agentId == null || agentId.isBlank()) {
                throw new IllegalArgumentException("agentId must not be null or blank");
            }
            if (parallelism < 1 || parallelism > 64) {
                throw new IllegalArgumentException("parallelism must be 1 to 64, was " + parallelism);
            }
            if (maxTokens < 256) {
                throw new IllegalArgumentException("maxTokens must be at least 256, was " + maxTokens);
            }
            return new OrchestratorAgent(this);
        }
    }
}
