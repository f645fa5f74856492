package io.q2o.demo;

import io.q2o.llm.AssistantMessage;
import io.q2o.llm.ChatMessage;
import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.ToolCall;
import io.q2o.llm.ToolLoopResult;
import io.q2o.llm.ToolResultMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * Answers a question with two small tools ({@link AgentTools}: a weather station and a
 * calculator) through the SDK's tool loop, printing every model turn, tool call and result, then
 * the answer with its steps and exact cost. Offline by default (no key): the bundled recorded
 * answers ({@value #BUNDLED}, in each provider's wire format) are replayed through the real
 * adapter — OpenAI's unless {@code --provider} names another — so the default question runs on a
 * fresh clone. Exit code 0 when the model answered.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Answer a question with two small tools (weather station, calculator) through the tool loop.")
public final class AgentCommand implements Callable<Integer> {
    /** Where the bundled replay files of this command live on the class path. */
    static final String BUNDLED = "io/q2o/demo/agent";

    /** The question the bundled answers were recorded for. */
    static final String DEFAULT_QUESTION = "Is it warmer in Oslo or in Rome right now, and by how many degrees?";

    /** The system prompt of every run. */
    static final String SYSTEM = "You answer questions about the current weather. Use the tools for every number:"
            + " current_temperature for readings, difference for arithmetic. Answer in one sentence.";

    @ParentCommand
    DemoApp app;

    @Mixin
    LlmOptions llmOptions = new LlmOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "QUESTION",
            description = "The question (default: \"" + DEFAULT_QUESTION + "\"; offline runs have answers for it only).")
    String question = DEFAULT_QUESTION;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "6",
            description = "Most model calls for the answer (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Override
    public Integer call() {
        PrintStream out = app.out();
        if (llmOptions.provider == null && !llmOptions.mode.live) {
            llmOptions.provider = "openai";   // the offline run shown in the README; --provider picks another
        }
        LlmSession session;
        try {
            session = LlmSession.open(app, llmOptions,
                    io.q2o.llm.testing.Recordings.fromClasspath(AgentCommand.class.getClassLoader(), BUNDLED));
        } catch (LlmSession.UsageException | ConfigException e) {
            app.err().println("Error: " + e.getMessage());
            return 2;
        }
        try (session) {
            out.println(DemoCommand.RULE);
            out.println("Q2O agent - tool loop with a weather station and a calculator");
            out.println(DemoCommand.RULE);
            out.println("Mode: " + session.describe());
            out.println("Question: " + question);
            ToolLoopResult r = session.service().toolLoop()
                    .tool(AgentTools.weather()).tool(AgentTools.difference()).maxSteps(maxSteps).build()
                    .run(LlmRequest.of(SYSTEM, question));
            print(r, out);
            out.println(DemoCommand.RULE);
            return r.success() ? 0 : 1;
        }
    }

    /**
     * Prints the turns of a run, the answer and its cost.
     *
     * @param r   the result
     * @param out where to print
     */
    static void print(ToolLoopResult r, PrintStream out) {
        int step = 0;
        for (ChatMessage m : r.conversation()) {
            if (m instanceof AssistantMessage a && a.hasToolCalls()) {
                step++;
                out.println();
                out.println("Step " + step + ": the model calls " + a.toolCalls().size() + " tool(s)");
                for (ToolCall c : a.toolCalls()) {
                    out.println("  -> " + c.name() + " " + c.arguments());
                }
            } else if (m instanceof ToolResultMessage t) {
                out.println("  <- " + t.toolName() + (t.error() ? " ERROR " : " ") + t.content());
            }
        }
        out.println();
        if (r.success()) {
            out.println("Answer: " + r.content());
        } else {
            out.println("No answer: " + r.status() + " - " + r.message());
        }
        out.println(r.steps().size() + " model call(s), " + r.toolCalls() + " tool call(s), cost "
                + r.totalCost().map(c -> DemoCommand.money(c) + " (exact $" + c.toPlainString() + ")").orElse("unknown")
                + ", by " + r.response().provider() + "/" + r.response().model());
    }
}
