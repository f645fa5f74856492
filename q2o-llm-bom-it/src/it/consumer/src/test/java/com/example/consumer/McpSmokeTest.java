package com.example.consumer;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.q2o.coder.CoderAgent;
import io.q2o.llm.mcp.McpServerSpec;
import io.q2o.llm.mcp.server.CoderMcpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * llm-mcp with the versions the BOM manages: the MCP SDK finds its Jackson 3 mapper, and the
 * CoderAgent's MCP tools parse their schemas and answer a call (no server process needed).
 */
class McpSmokeTest {

    @Test
    void theCoderAgentsMcpToolsAnswerWithTheManagedJacksonAndSdk(@TempDir Path root) {
        CoderAgent agent = CoderAgent.builder().outputRoot(root).build();
        List<McpServerFeatures.SyncToolSpecification> tools = CoderMcpServer.tools(agent, McpJsonDefaults.getMapper());
        assertThat(tools).extracting(t -> t.tool().name()).containsExactly("validate_code", "generate_component");

        McpSchema.CallToolResult r = tools.get(0).callHandler().apply(null, new McpSchema.CallToolRequest("validate_code",
                Map.of("code", "def f(:\n", "language", "python")));
        assertThat(r.structuredContent().toString()).contains("passed=false");
    }

    @Test
    void aServerSpecValidatesEagerly() {
        McpServerSpec spec = McpServerSpec.http("remote", "http://localhost:3001/mcp").prefix("r_").build();
        assertThat(spec.prefix()).isEqualTo("r_");
    }
}
