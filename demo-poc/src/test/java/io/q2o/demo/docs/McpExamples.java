package io.q2o.demo.docs;

import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmService;
import io.q2o.llm.ToolLoopResult;
import io.q2o.llm.mcp.McpServerSpec;
import io.q2o.llm.mcp.McpToolSource;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The MCP examples of docs/LLM_USAGE_GUIDE.md. Each region between {@code // [name]} and
 * {@code // [/name]} appears verbatim in the guide (checked by {@code DocSnippetsTest}) and is run by
 * {@code McpExamplesTest} against the reference filesystem server and recorded model answers.
 */
public final class McpExamples {

    private McpExamples() {
    }

    static ToolLoopResult askTheFiles(LlmService llm, String node, Path serverScript, Path folder) {
        // [mcp-tools]
        // the reference filesystem server (npm install @modelcontextprotocol/server-filesystem), started by the SDK
        McpServerSpec files = McpServerSpec.stdio("files", node, serverScript.toString(), folder.toString())
                .prefix("fs_")                                   // its tools become fs_read_text_file, …
                .toolFilter(name -> name.startsWith("read_") || name.equals("list_directory"))   // read-only
                .callTimeout(Duration.ofSeconds(20))             // per call; default 60 s
                .build();
        try (McpToolSource mcp = McpToolSource.builder()
                .server(files)
                .listener(new LlmListener() {
                    @Override
                    public void onToolCall(ToolCallEvent e) {
                        System.out.println(e.server() + "/" + e.tool() + ": " + e.outcome() + " in "
                                + e.duration().toMillis() + " ms");
                    }
                })
                .build()) {                                      // starts the server, lists its tools
            ToolLoopResult result = mcp.addTo(llm.toolLoop())    // plus any Java tools you add
                    .maxSteps(6)
                    .build()
                    .run(LlmRequest.of("Answer from the files in " + folder + ".", "What does notes.txt say?"));
            System.out.println(result.success() ? result.content() : result.status() + ": " + result.message());
            return result;
        }                                                        // stops the server
        // [/mcp-tools]
    }

    static McpServerSpec remoteServer(String url, String token) {
        // [mcp-http]
        McpServerSpec tracker = McpServerSpec.http("tracker", url)   // e.g. https://mcp.example.com/mcp
                .header("Authorization", "Bearer " + token)        // header values are never logged
                .prefix("tracker_")
                .maxRestarts(1)                                     // reconnects before the server is dropped
                .build();
        // [/mcp-http]
        return tracker;
    }
}
