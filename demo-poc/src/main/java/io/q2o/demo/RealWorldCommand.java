package io.q2o.demo;

import io.q2o.coder.CoderAgent;
import io.q2o.coder.ComponentResult;
import io.q2o.coder.Task;
import io.q2o.coder.TaskResult;
import io.q2o.coder.TaskStatus;
import io.q2o.llm.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The plan's real-world runs: the CoderAgent on a Stripe integration, a Xero API client and a
 * GraphQL schema — tasks without a template, so each goes through the LLM, is validated and
 * written. Offline (replayed answers) unless a key is set or {@code --live} is given. Exit code 0
 * when every task produced files that pass validation.
 */
@Command(name = "real-world", mixinStandardHelpOptions = true,
        description = "Run the CoderAgent on three tasks without a template (Stripe integration, Xero API client, "
                + "GraphQL schema) and validate what it writes.")
public final class RealWorldCommand implements java.util.concurrent.Callable<Integer> {

    @ParentCommand
    DemoApp app;

    @Mixin
    LlmOptions llmOptions = new LlmOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "output/real-world",
            description = "Where the generated files go (default: ${DEFAULT-VALUE}).")
    Path output;

    @Override
    public Integer call() {
        PrintStream out = app.out();
        java.util.Optional<String> problem = OutputFolder.problem(output);
        if (problem.isPresent()) {
            app.err().println("Error: cannot use the output folder (-o/--output): " + problem.get());
            return 2;
        }
        LlmSession session;
        try {
            session = LlmSession.open(app, llmOptions, LlmSession.bundled());
        } catch (LlmSession.UsageException | ConfigException e) {
            app.err().println("Error: " + e.getMessage());
            return 2;
        }
        try (session) {
            out.println(DemoCommand.RULE);
            out.println("Q2O CoderAgent - real-world tasks without templates");
            out.println(DemoCommand.RULE);
            out.println("Mode: " + session.describe());
            List<TaskResult> results = run(session, output, out);
            long passed = results.stream().filter(r -> r.status() == TaskStatus.COMPLETED).count();
            out.println();
            out.println(DemoCommand.RULE);
            out.println(passed + " of " + results.size() + " tasks produced files that pass validation"
                    + " (written under " + DemoCommand.display(output) + ")");
            out.println(DemoCommand.RULE);
            return passed == results.size() ? 0 : 1;
        }
    }

    /**
     * Runs every task with one agent on the session's LLM service.
     *
     * @param session the LLM session
     * @param output  the output root
     * @param out     where progress goes
     * @return one result per task, in order
     */
    static List<TaskResult> run(LlmSession session, Path output, PrintStream out) {
        CoderAgent agent = CoderAgent.builder().llm(session.service()).outputRoot(output).agentId("coder_main").build();
        List<TaskResult> results = new ArrayList<>();
        int i = 0;
        for (Task task : RealWorldTasks.ALL) {
            i++;
            out.println();
            out.println("[" + i + "/" + RealWorldTasks.ALL.size() + "] " + task.title() + " ("
                    + String.join(", ", task.techStack()) + ")");
            long start = System.nanoTime();
            TaskResult r = agent.processTask(task);
            long millis = (System.nanoTime() - start) / 1_000_000;
            results.add(r);
            for (ComponentResult c : r.components()) {
                out.println("  " + (c.succeeded() ? "OK  " : "FAIL") + " " + c.outputPath()
                        + " - strategy " + c.strategy().map(Enum::name).orElse("-")
                        + c.code().map(code -> String.format(Locale.ROOT, ", %,d characters", code.length())).orElse("")
                        + c.validation().map(v -> ", " + (v.passed() ? "valid" : "INVALID") + ", quality "
                                + v.quality().score() + "/100").orElse("")
                        + ", " + c.llmCalls() + " LLM call(s)" + (c.repairAttempts() > 0 ? " incl. " + c.repairAttempts() + " repair(s)" : "")
                        + String.format(Locale.ROOT, ", %,d in / %,d out tokens", c.usage().inputTokens(), c.usage().outputTokens())
                        + ", " + c.usage().cost().map(DemoCommand::money).orElse("cost unknown")
                        + ", " + DemoCommand.seconds(millis));
                c.error().ifPresent(e -> out.println("       " + DemoCommand.firstLine(e)));
            }
        }
        BigDecimal total = results.stream().map(r -> r.totalUsage().cost().orElse(BigDecimal.ZERO))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        out.println();
        out.println("LLM cost of the three tasks: " + DemoCommand.money(total) + " (exact $" + total.toPlainString() + ")");
        return results;
    }
}
