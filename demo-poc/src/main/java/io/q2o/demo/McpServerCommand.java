package io.q2o.demo;

import io.q2o.coder.CoderAgent;
import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmService;
import io.q2o.llm.mcp.server.CoderMcpServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Serves the CoderAgent as an MCP server over stdio ({@code validate_code}, {@code generate_component}),
 * for MCP clients such as IDE assistants and desktop apps that start it as a process. Standard output
 * carries only JSON-RPC; notes go to standard error. The LLM configuration (providers, keys,
 * budgets, cost tracking) is the usual one: environment, {@code .env}, config files. Runs until the
 * client closes standard input. Exit code 0 then, 2 for a configuration error.
 */
@Command(name = "mcp-server", mixinStandardHelpOptions = true,
        description = {"Serve the CoderAgent as an MCP server over stdio (tools validate_code and generate_component).",
                "Files are written only inside --output-root. Standard output speaks JSON-RPC; notes go to standard error."})
public final class McpServerCommand implements Callable<Integer> {
    @ParentCommand
    DemoApp app;

    @Option(names = "--output-root", paramLabel = "DIR", defaultValue = "output/mcp",
            description = "The only folder generate_component writes into (default: ${DEFAULT-VALUE}).")
    Path outputRoot;

    @Option(names = "--no-llm", description = "Templates only: no LLM calls (generate_component then needs a template).")
    boolean noLlm;

    /** Where requests come from and answers go; the process's standard streams. */
    InputStream in = System.in;
    OutputStream out = System.out;

    @Override
    public Integer call() throws InterruptedException {
        LlmService llm;
        try {
            llm = noLlm ? null : LlmService.builder().config(app.configBuilder().build()).build();
        } catch (ConfigException e) {
            app.err().println("Error: " + e.getMessage());
            return 2;
        }
        try {
            CoderAgent agent;
            try {
                agent = CoderAgent.builder().llm(llm).outputRoot(outputRoot).agentId("coder_mcp").build();
            } catch (UncheckedIOException | IllegalArgumentException e) {
                app.err().println("Error: output root " + outputRoot + ": " + e.getMessage());
                return 2;
            }
            app.err().println("Q2O coder MCP server on stdio; writes only inside " + agent.outputRoot()
                    + (llm == null ? "; templates only" : "; LLM " + (llm.isEnabled() ? "enabled" : "disabled")));
            try (CoderMcpServer server = CoderMcpServer.stdio(agent, "0.1.0", in, out)) {
                server.awaitInputClosed();
            }
            return 0;
        } finally {
            if (llm != null) {
                llm.close();
            }
            try {
                out.flush();
            } catch (IOException e) {
                // the client is gone
            }
        }
    }
}
