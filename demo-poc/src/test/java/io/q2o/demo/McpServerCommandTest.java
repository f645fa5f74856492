package io.q2o.demo;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code q2o-demo mcp-server} started as a process, as an MCP client would start it, and driven by the SDK's client. */
class McpServerCommandTest {

    @Test
    void servesTheCoderAgentOverStdio(@TempDir Path root) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters command = ServerParameters.builder(java)
                .args("-cp", System.getProperty("java.class.path"), DemoApp.class.getName(),
                        "mcp-server", "--output-root", root.toString(), "--no-llm")
                .build();
        McpSyncClient client = McpClient.sync(new StdioClientTransport(command, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
        try {
            assertThat(client.initialize().serverInfo().name()).isEqualTo("q2o-coder");
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .containsExactlyInAnyOrder("validate_code", "generate_component");

            McpSchema.CallToolResult r = client.callTool(new McpSchema.CallToolRequest("validate_code",
                    Map.of("code", "export function total(xs) { return xs.reduce((a, b) => a + b, 0); }",
                            "language", "javascript", "required_elements", List.of("total", "average"))));
            @SuppressWarnings("unchecked")
            Map<String, Object> report = (Map<String, Object>) r.structuredContent();
            assertThat(report).containsEntry("passed", false).containsEntry("language", "javascript");
            assertThat(report.get("findings").toString()).contains("average");

            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("generate_component",
                    Map.of("description", "x", "output_path", "../../etc/cron.d/job.py"))))
                    .isInstanceOfSatisfying(McpError.class,
                            e -> assertThat(e.getJsonRpcError().message()).contains("refused output_path"));
        } finally {
            client.closeGracefully();
        }
    }
}
