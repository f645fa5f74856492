package io.q2o.llm;

import io.q2o.llm.internal.JsonAnswers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs model → tools → model until the model answers without calling a tool, a step limit, or
 * the loop's budget.
 *
 * <p>Design: every step is one ordinary {@link LlmService#complete(LlmRequest)} call, so cost,
 * limits, budgets, cache, retries and fallback apply to each step exactly as to any call. The
 * conversation is provider-neutral data: when a step falls back to another provider, that
 * provider continues the same conversation (the adapters translate it; other providers' opaque
 * extras are dropped). Tool calls are executed in the order the model made them, on the calling
 * thread; each gets one tool result:
 * <ul>
 *   <li>a tool that throws → a tool error result naming the exception (a {@link StackOverflowError}
 *       too), never a crash; only an {@link OutOfMemoryError} or another JVM failure ends the run;</li>
 *   <li>an unknown tool name, or arguments that fail the tool's JSON Schema → an error result the
 *       model can correct; more than {@link Builder#maxToolErrors} of these end the loop with
 *       {@link ToolLoopResult.Status#TOO_MANY_TOOL_ERRORS}.</li>
 * </ul>
 * A call id the conversation already holds (some providers number calls per turn) is made unique
 * before the turn is appended.
 *
 * <p>Three ways to run: {@link #run} blocks; {@link #runAsync} makes every step an async call;
 * {@link #stream} streams every step to a {@link StreamListener}. The rules are the same.
 *
 * <p>Immutable and thread-safe (tools must be too when one loop runs on several threads); each
 * run has its own conversation.
 */
public final class ToolLoop {
    private final LlmService service;
    private final Map<String, Tool> tools;
    private final List<ToolDefinition> definitions;
    private final int maxSteps;
    private final int maxToolErrors;
    private final BigDecimal budget;

    private ToolLoop(Builder b) {
        this.service = b.service;
        this.tools = Map.copyOf(b.tools);
        this.definitions = b.tools.values().stream().map(Tool::definition).toList();
        this.maxSteps = b.maxSteps;
        this.maxToolErrors = b.maxToolErrors;
        this.budget = b.budget;
    }

    /**
     * @param service the service every step goes through
     * @return a builder
     */
    public static Builder builder(LlmService service) {
        return new Builder(service);
    }

    /**
     * Runs the loop for one request, blocking until it ends. The request's messages start the
     * conversation; its tools must be empty or registered ones (the registered tools are offered);
     * its other settings (temperature, provider, tool choice, tags…) apply to every step — except
     * that a tool choice forcing a call ({@code REQUIRED} or named) applies to the first step only,
     * so the model can then answer.
     *
     * @param request the request
     * @return the outcome; never throws for model or tool failures
     * @throws IllegalArgumentException if the request offers a tool that is not registered
     */
    public ToolLoopResult run(LlmRequest request) {
        Run run = new Run(request);
        for (LlmRequest next = run.next(); next != null; next = run.next()) {
            run.accept(service.complete(next));
        }
        return run.result;
    }

    /**
     * {@link #run} without blocking the caller: every step is a
     * {@link LlmService#completeAsync(LlmRequest)} call, and the tools of a step run on the thread
     * that completed it (a service thread), so they should not block for long.
     *
     * @param request the request, as for {@link #run}
     * @return a future of the outcome; it completes exceptionally only if a tool fails with a JVM
     *         error (out of memory) or the service is closed during the run
     * @throws IllegalArgumentException if the request offers a tool that is not registered
     */
    public CompletableFuture<ToolLoopResult> runAsync(LlmRequest request) {
        return steps(new Run(request), service::completeAsync);
    }

    /**
     * {@link #runAsync} with every step streamed: {@code listener} receives each step's text and
     * tool-call deltas as they arrive, and one {@link StreamListener#onCompleted} or
     * {@link StreamListener#onFailed} per step. Each step is a
     * {@link LlmService#stream(LlmRequest, StreamListener)} call, with its rules (fallback only
     * before the first chunk).
     *
     * @param request  the request, as for {@link #run}
     * @param listener receives the events of every step, on library threads
     * @return a future of the outcome, as for {@link #runAsync}
     * @throws IllegalArgumentException if the request offers a tool that is not registered
     */
    public CompletableFuture<ToolLoopResult> stream(LlmRequest request, StreamListener listener) {
        Objects.requireNonNull(listener, "listener");
        return steps(new Run(request), next -> service.stream(next, listener));
    }

    private static CompletableFuture<ToolLoopResult> steps(Run run,
                                                           Function<LlmRequest, CompletableFuture<LlmResponse>> call) {
        LlmRequest next = run.next();
        if (next == null) {
            return CompletableFuture.completedFuture(run.result);
        }
        return call.apply(next).thenCompose(response -> {
            run.accept(response);
            return steps(run, call);
        });
    }

    /**
     * The state of one run: the conversation so far, the steps and their cost. {@link #next} gives
     * the next step's request, or {@code null} once {@link #result} is set; {@link #accept} takes
     * that step's response and runs its tool calls. Used by one step at a time.
     */
    private final class Run {
        private final LlmRequest request;
        private final List<ChatMessage> conversation;
        private final Set<String> usedIds = new HashSet<>();
        private final List<LlmResponse> steps = new ArrayList<>();
        private BigDecimal spent = BigDecimal.ZERO;
        private int executed;
        private int errors;
        private int step;
        private LlmResponse last;
        private ToolLoopResult result;

        Run(LlmRequest request) {
            Objects.requireNonNull(request, "request");
            for (ToolDefinition t : request.tools()) {
                if (!tools.containsKey(t.name()) || !tools.get(t.name()).definition().equals(t)) {
                    throw new IllegalArgumentException("the request offers tool '" + t.name()
                            + "', which is not registered with this loop (or differs from the registered one)");
                }
            }
            this.request = request;
            this.conversation = new ArrayList<>(request.messages());
            for (ChatMessage m : conversation) {
                if (m instanceof AssistantMessage a) {
                    a.toolCalls().forEach(c -> usedIds.add(c.id()));
                }
            }
        }

        private void end(ToolLoopResult.Status status, String message) {
            result = new ToolLoopResult(status, last, conversation, steps, executed, message);
        }

        /** @return the next step's request, or {@code null} when the loop has ended */
        LlmRequest next() {
            if (result != null) {
                return null;
            }
            if (step == maxSteps) {
                end(ToolLoopResult.Status.STEP_LIMIT, "the model still called tools after " + maxSteps + " steps");
                return null;
            }
            // what is left, cut to the 10 decimal places a cost cap may have
            BigDecimal left = budget == null ? null : budget.subtract(spent).setScale(LlmRequest.MAX_AMOUNT_SCALE, RoundingMode.DOWN);
            if (left != null && left.signum() <= 0) {
                end(ToolLoopResult.Status.BUDGET_EXCEEDED,
                        "the loop spent $" + spent.toPlainString() + " of its $" + budget.toPlainString() + " budget");
                return null;
            }
            step++;
            LlmRequest.Builder next = request.toBuilder().systemPrompt(null).userPrompt(null).messages(conversation)
                    .tools(definitions);
            if (left != null) {
                next.maxCost(request.maxCost() == null ? left : left.min(request.maxCost()));
            }
            if (step > 1 && request.toolChoice() != null && request.toolChoice().mode() != ToolChoice.Mode.NONE) {
                next.toolChoice(ToolChoice.AUTO);
            }
            return next.build();
        }

        /** @param response the response to the request {@link #next} gave last */
        void accept(LlmResponse response) {
            last = Objects.requireNonNull(response, "response");
            steps.add(last);
            if (last.usage() != null) {
                Optional<BigDecimal> cost = last.usage().totalCost();
                if (cost.isEmpty() && budget != null) {
                    end(ToolLoopResult.Status.BUDGET_EXCEEDED, "step " + step + " has an unknown cost (model "
                            + last.model() + " has no price), so the loop budget cannot be kept");
                    return;
                }
                spent = spent.add(cost.orElse(BigDecimal.ZERO));
            }
            if (!last.success() && budget != null && last.error() != null && "cost-cap".equals(last.error().code())) {
                end(ToolLoopResult.Status.BUDGET_EXCEEDED, "step " + step + " would not fit in what is left of the $"
                        + budget.toPlainString() + " loop budget: " + last.error().message());
                return;
            }
            if (!last.success()) {
                end(ToolLoopResult.Status.FAILED, "step " + step + " failed: " + last.error());
                return;
            }
            if (!last.hasToolCalls()) {
                conversation.add(last.toMessage());
                end(ToolLoopResult.Status.COMPLETED, "answered after " + step + " step" + (step == 1 ? "" : "s"));
                return;
            }
            AssistantMessage turn = uniqueIds(last.toMessage(), usedIds, step);
            conversation.add(turn);
            for (ToolCall call : turn.toolCalls()) {
                executed++;
                Outcome o = execute(call);
                if (o.counted) {
                    errors++;
                }
                conversation.add(new ToolResultMessage(call.id(), call.name(), o.content, o.error));
            }
            if (errors > maxToolErrors) {
                end(ToolLoopResult.Status.TOO_MANY_TOOL_ERRORS,
                        errors + " unknown tools or invalid arguments (limit " + maxToolErrors + ")");
            }
        }
    }

    /** A tool result: its text, whether it reports an error, whether that error counts towards the limit. */
    private record Outcome(String content, boolean error, boolean counted) {
    }

    private Outcome execute(ToolCall call) {
        Tool tool = tools.get(call.name());
        if (tool == null) {
            return new Outcome("unknown tool '" + call.name() + "'; available tools: " + String.join(", ",
                    tools.keySet().stream().sorted().toList()), true, true);
        }
        JsonAnswers.Check check = JsonAnswers.check(call.arguments(), tool.definition().parametersJson());
        if (!check.valid()) {
            return new Outcome("invalid arguments for tool '" + call.name() + "': " + String.join("; ", check.errors()),
                    true, true);
        }
        try {
            String result = tool.invoke(check.json().orElseThrow());
            return new Outcome(result == null ? "null" : result, false, false);
        } catch (Tool.ToolArgumentsException e) {
            return new Outcome("invalid arguments for tool '" + call.name() + "': " + e.getMessage(), true, true);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            // a stack overflow in a tool (runaway recursion) is unwound by now and local to the tool;
            // other VirtualMachineErrors (out of memory) still end the run
            return new Outcome("tool '" + call.name() + "' failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), true, false);
        }
    }

    private static AssistantMessage uniqueIds(AssistantMessage turn, Set<String> used, int step) {
        boolean clash = false;
        Set<String> inTurn = new HashSet<>();
        for (ToolCall c : turn.toolCalls()) {
            clash |= used.contains(c.id()) || !inTurn.add(c.id());
        }
        if (!clash) {
            turn.toolCalls().forEach(c -> used.add(c.id()));
            return turn;
        }
        List<ToolCall> calls = new ArrayList<>();
        for (ToolCall c : turn.toolCalls()) {
            String id = c.id();
            for (int n = 1; used.contains(id); n++) {
                id = c.id() + "-s" + step + (n == 1 ? "" : "-" + n);
            }
            used.add(id);
            calls.add(new ToolCall(id, c.name(), c.arguments(), c.extras()));
        }
        return new AssistantMessage(turn.text(), calls, turn.extras());
    }

    /** @return a summary */
    @Override
    public String toString() {
        return "ToolLoop{tools=" + tools.keySet() + ", maxSteps=" + maxSteps + ", maxToolErrors=" + maxToolErrors
                + ", budget=" + (budget == null ? "none" : budget.toPlainString()) + "}";
    }

    /** Builder for {@link ToolLoop}; validates eagerly. Not thread-safe. */
    public static final class Builder {
        private final LlmService service;
        private final Map<String, Tool> tools = new LinkedHashMap<>();
        private int maxSteps = 10;
        private int maxToolErrors = 3;
        private BigDecimal budget;

        private Builder(LlmService service) {
            this.service = Objects.requireNonNull(service, "service");
        }

        /**
         * @param tool a tool; names must be unique
         * @return this
         * @throws IllegalArgumentException naming the tool if its name is taken
         */
        public Builder tool(Tool tool) {
            Objects.requireNonNull(tool, "tool");
            String name = Objects.requireNonNull(tool.definition(), "tool definition").name();
            if (tools.putIfAbsent(name, tool) != null) {
                throw new IllegalArgumentException("a tool named '" + name + "' is already registered");
            }
            return this;
        }

        /**
         * @param maxSteps the most model calls one run makes, 1 to 100; default 10
         * @return this
         */
        public Builder maxSteps(int maxSteps) {
            if (maxSteps < 1 || maxSteps > 100) {
                throw new IllegalArgumentException("maxSteps must be between 1 and 100, was " + maxSteps);
            }
            this.maxSteps = maxSteps;
            return this;
        }

        /**
         * @param maxToolErrors how many unknown-tool or invalid-argument calls one run tolerates
         *                      (each goes back to the model as an error); 0 to 100, default 3
         * @return this
         */
        public Builder maxToolErrors(int maxToolErrors) {
            if (maxToolErrors < 0 || maxToolErrors > 100) {
                throw new IllegalArgumentException("maxToolErrors must be between 0 and 100, was " + maxToolErrors);
            }
            this.maxToolErrors = maxToolErrors;
            return this;
        }

        /**
         * @param budgetUsd the most one run may spend in USD, &gt; 0 and below 10<sup>9</sup> with at most
         *                  10 decimal places, or {@code null} for no loop
         *                  budget (default; the service's own budgets always apply). A hard bound: each
         *                  step is sent with what is left as its {@link LlmRequest.Builder#maxCost cost
         *                  cap}, so its output limit is lowered to fit, and the loop ends with
         *                  {@code BUDGET_EXCEEDED} when even the smallest step no longer fits. A step of
         *                  unknown cost ends a budgeted loop.
         * @return this
         */
        public Builder budget(BigDecimal budgetUsd) {
            LlmRequest.checkAmount("loop budget", budgetUsd);
            this.budget = budgetUsd;
            return this;
        }

        /**
         * @return the loop
         * @throws IllegalStateException if no tool is registered
         */
        public ToolLoop build() {
            if (tools.isEmpty()) {
                throw new IllegalStateException("a tool loop needs at least one tool");
            }
            return new ToolLoop(this);
        }
    }
}
