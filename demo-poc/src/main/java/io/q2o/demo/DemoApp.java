package io.q2o.demo;

import io.q2o.demo.usage.UsageCommand;
import io.q2o.llm.LlmConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The proof-of-concept command line. Without a sub-command it runs the plan's demo
 * ({@link DemoCommand}); {@code connections} checks each configured provider
 * ({@link ConnectionsCommand}); {@code real-world} runs the CoderAgent on three tasks that have no
 * template ({@link RealWorldCommand}); {@code usage} reports spend from the usage ledger
 * ({@link UsageCommand}); {@code agent} answers a question with two tools through the tool loop
 * ({@link AgentCommand}); {@code pipeline} runs an objective through the orchestrator, researcher, coder,
 * testing and QA agents ({@link PipelineCommand}); {@code mcp-server} serves the CoderAgent as an MCP
 * server over stdio ({@link McpServerCommand}).
 *
 * <p>Exit codes: 0 success, 1 a check failed (invalid output, a provider unreachable…), 2 a usage
 * or configuration error.
 */
@Command(name = "q2o-demo", mixinStandardHelpOptions = true, version = "Q2O LLM SDK demo 0.1.0",
        description = {"Q2O LLM Integration - Proof of Concept.",
                "Generates the plan's Stripe webhook endpoint from a template and with an LLM, and compares"
                        + " quality, validity, tokens, cost and latency. Offline (replayed answers) unless an API"
                        + " key is set or --live is given."},
        subcommands = {ConnectionsCommand.class, RealWorldCommand.class, AgentCommand.class, PipelineCommand.class,
                McpServerCommand.class,
                CommandLine.HelpCommand.class})
public final class DemoApp implements Callable<Integer> {

    private final Supplier<LlmConfig.Builder> configSource;
    private final PrintStream out;
    private final PrintStream err;

    @Mixin
    LlmOptions llmOptions = new LlmOptions();

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "output",
            description = "Where the generated code and results go (default: ${DEFAULT-VALUE}).")
    Path output;

    /** The command line with the process environment, {@code .env} and config files. */
    public DemoApp() {
        this(LlmConfig::builder, new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }

    /**
     * @param configSource a fresh configuration builder per use (tests pass an isolated one)
     * @param out          standard output
     * @param err          error output
     */
    public DemoApp(Supplier<LlmConfig.Builder> configSource, PrintStream out, PrintStream err) {
        this.configSource = Objects.requireNonNull(configSource, "configSource");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
    }

    /**
     * @param args the arguments
     */
    public static void main(String[] args) {
        DemoApp app = new DemoApp();
        int code = app.commandLine().execute(args);
        System.exit(code);
    }

    /** @return a picocli command line for this app, writing to its streams */
    public CommandLine commandLine() {
        CommandLine cl = new CommandLine(this);
        cl.addSubcommand("usage", new UsageCommand(configSource, out, err));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        // a usage error: one line saying what is wrong and a hint, not the whole usage screen
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            err.println("Error: " + String.valueOf(ex.getMessage()).replaceAll("\\s*\\R\\s*", " "));
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("Error: " + ex);
            return 2;
        });
        return cl;
    }

    /** Runs the demo. */
    @Override
    public Integer call() {
        return new DemoCommand(this).run();
    }

    LlmConfig.Builder configBuilder() {
        return configSource.get();
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    LlmOptions llmOptions() {
        return llmOptions;
    }

    Path output() {
        return output;
    }
}
