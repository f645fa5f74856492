package io.q2o.llm.mcp.server;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CoderAgent MCP server in its own process, driven by the official MCP Java SDK client over
 * stdio: initialize, list tools, call both tools, bad input, a path leading out of the output root.
 */
class CoderMcpServerTest {
    private static final String CODE = "```python\ndef slugify(text: str) -> str:\n"
            + "    \"\"\"Lower-case words joined by hyphens.\"\"\"\n"
            + "    return \"-\".join(text.lower().split())\n```";

    @TempDir
    Path root;
    private McpSyncClient client;

    @BeforeEach
    void start() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ServerParameters server = ServerParameters.builder(java)
                .args("-Dlogback.configurationFile=" + Path.of("src/test/resources/mcp/server-logback.xml").toAbsolutePath(),
                        "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                        "-cp", System.getProperty("java.class.path"), CoderServerProcess.class.getName(), root.toString(), CODE)
                .build();
        client = McpClient.sync(new StdioClientTransport(server, McpJsonDefaults.getMapper()))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build();
    }

    @AfterEach
    void stop() {
        client.closeGracefully();
    }

    private McpSchema.CallToolResult call(String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult r) {
        return (Map<String, Object>) r.structuredContent();
    }

    @Test
    void initializesAndListsBothTools() {
        McpSchema.InitializeResult init = client.initialize();
        assertThat(init.serverInfo().name()).isEqualTo(CoderMcpServer.SERVER_NAME);
        assertThat(init.capabilities().tools()).isNotNull();

        List<McpSchema.Tool> tools = client.listTools().tools();
        assertThat(tools).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("validate_code", "generate_component");
        McpSchema.Tool generate = tools.stream().filter(t -> t.name().equals("generate_component")).findFirst().orElseThrow();
        assertThat((List<String>) generate.inputSchema().get("required")).containsExactly("description", "output_path");
    }

    @Test
    void validateCodeReturnsTheValidatorsFindings() {
        client.initialize();
        McpSchema.CallToolResult good = call("validate_code", Map.of("code", "def area(r):\n    return 3.14 * r * r\n",
                "language", "python", "required_elements", List.of("area")));
        assertThat(good.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(structured(good)).containsEntry("passed", true).containsEntry("language", "python");

        McpSchema.CallToolResult bad = call("validate_code", Map.of("code", "def broken(:\n    pass\n",
                "language", "py", "required_elements", List.of("area")));
        Map<String, Object> report = structured(bad);
        assertThat(report).containsEntry("passed", false);
        assertThat((List<Map<String, Object>>) report.get("findings"))
                .anySatisfy(f -> assertThat(f.get("category")).isEqualTo("SYNTAX"))
                .anySatisfy(f -> assertThat(f.get("category")).isEqualTo("REQUIRED"));
        assertThat(((McpSchema.TextContent) bad.content().get(0)).text()).contains("\"passed\":false");
    }

    @Test
    void generateComponentWritesValidatedCodeInsideTheOutputRootAndReportsItsCost() throws Exception {
        client.initialize();
        McpSchema.CallToolResult r = call("generate_component", Map.of("description", "Turns a title into a URL slug",
                "output_path", "app/text/slugify.py", "required_elements", List.of("slugify")));

        assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
        Map<String, Object> result = structured(r);
        assertThat(result).containsEntry("succeeded", true).containsEntry("file", "app/text/slugify.py")
                .containsEntry("llm_calls", 1).containsEntry("input_tokens", 400).containsEntry("output_tokens", 120);
        assertThat(new java.math.BigDecimal((String) result.get("cost_usd"))).isPositive();
        assertThat(Files.readString(root.resolve("app/text/slugify.py"))).contains("def slugify(text: str)");
    }

    @Test
    void badInputIsAJsonRpcInvalidParamsError() {
        client.initialize();
        assertThatThrownBy(() -> call("validate_code", Map.of("code", "x = 1", "language", "cobol")))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                    assertThat(e.getJsonRpcError().message()).contains("unknown language 'cobol'");
                });
        assertThatThrownBy(() -> call("generate_component", Map.of("output_path", "a.py")))
                .isInstanceOfSatisfying(McpError.class, e -> {
                    assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                    assertThat(e.getJsonRpcError().message()).contains("'description'");
                });
    }

    @Test
    void aPathLeadingOutOfTheOutputRootIsRefusedAndNothingIsWritten() throws Exception {
        client.initialize();
        for (String path : List.of("../escaped.py", "/tmp/escaped.py", "app/../../escaped.py")) {
            assertThatThrownBy(() -> call("generate_component", Map.of("description", "anything", "output_path", path)))
                    .as(path)
                    .isInstanceOfSatisfying(McpError.class, e -> {
                        assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                        assertThat(e.getJsonRpcError().message()).contains("refused output_path");
                    });
        }
        assertThat(Files.exists(root.resolveSibling("escaped.py"))).isFalse();
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
