package io.q2o.llm.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmListener.ToolCallEvent;
import io.q2o.llm.LlmListener.ToolCallEvent.Outcome;
import io.q2o.llm.Tool;
import io.q2o.llm.ToolDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** McpToolSource against the MCP reference servers from npm, over stdio and Streamable HTTP. */
class McpToolSourceTest {
    private final List<ToolCallEvent> events = new CopyOnWriteArrayList<>();
    private final LlmListener recorder = new LlmListener() {
        @Override
        public void onToolCall(ToolCallEvent event) {
            events.add(event);
        }
    };

    private McpToolSource source(McpServerSpec... specs) {
        McpToolSource.Builder b = McpToolSource.builder().listener(recorder);
        for (McpServerSpec s : specs) {
            b.server(s);
        }
        return b.build();
    }

    private static Tool tool(McpToolSource source, String name) {
        return source.tool(name).orElseThrow(() -> new AssertionError("no tool " + name + " in " + source.definitions()));
    }

    @Test
    void listsTheServersToolsWithTheirInputSchemasAsGiven() {
        try (McpToolSource mcp = source(NodeServers.everything("everything").build())) {
            assertThat(mcp.definitions()).extracting(ToolDefinition::name).contains("echo", "get-sum", "get-tiny-image");
            JsonNode schema = tool(mcp, "get-sum").definition().parameters();
            assertThat(schema.path("type").asText()).isEqualTo("object");
            assertThat(schema.path("properties").path("a").path("type").asText()).isEqualTo("number");
            assertThat(schema.path("properties").path("b").path("description").asText()).isEqualTo("Second number");
            assertThat(tool(mcp, "get-sum").definition().description()).isEqualTo("Returns the sum of two numbers");
        }
    }

    @Test
    void callsAToolAndReportsTheCall() throws Exception {
        try (McpToolSource mcp = source(NodeServers.everything("everything").build())) {
            String text = tool(mcp, "get-sum").invoke("{\"a\":19,\"b\":23}");

            assertThat(text).contains("42");
            assertThat(events).hasSize(1);
            ToolCallEvent e = events.get(0);
            assertThat(e.tool()).isEqualTo("get-sum");
            assertThat(e.server()).isEqualTo("everything");
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(e.duration().isNegative()).isFalse();
        }
    }

    @Test
    void invalidArgumentsBecomeAToolErrorNotACrash() {
        try (McpToolSource mcp = source(NodeServers.everything("everything").build())) {
            assertThatThrownBy(() -> tool(mcp, "get-sum").invoke("{\"a\":\"seven\",\"b\":1}"))
                    .isInstanceOfSatisfying(McpToolException.class, e -> {
                        assertThat(e.outcome()).isIn(Outcome.TOOL_ERROR, Outcome.REJECTED);
                        assertThat(e.server()).isEqualTo("everything");
                    })
                    .hasMessageContaining("a");
            assertThat(events).singleElement().extracting(ToolCallEvent::outcome).isIn(Outcome.TOOL_ERROR, Outcome.REJECTED);
        }
    }

    @Test
    void aToolThatReportsAnErrorBecomesAToolErrorWithTheServersText() {
        try (McpToolSource mcp = source(NodeServers.everything("everything").build())) {
            assertThatThrownBy(() -> tool(mcp, "get-resource-reference").invoke("{\"resourceType\":\"Text\",\"resourceId\":-4}"))
                    .isInstanceOfSatisfying(McpToolException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.TOOL_ERROR))
                    .hasMessageContaining("-4");
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(Outcome.TOOL_ERROR);
                assertThat(e.detail()).contains("-4");
            });
        }
    }

    @Test
    void mapsStructuredContentToJsonAndImagesToPlaceholders() throws Exception {
        try (McpToolSource mcp = source(NodeServers.everything("everything").build())) {
            String structured = tool(mcp, "get-structured-content").invoke("{\"location\":\"Chicago\"}");
            assertThat(structured).startsWith("{").contains("\"temperature\"");

            String image = tool(mcp, "get-tiny-image").invoke("{}");
            assertThat(image).containsPattern("\\[image image/png, [1-9][0-9]* bytes\\]");
        }
    }

    @Test
    void prefixesAndFiltersTheToolsOfEachServer(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("note.txt"), "fjord");
        try (McpToolSource mcp = source(
                NodeServers.everything("everything").prefix("ev_").allowTools("echo", "get-sum").build(),
                NodeServers.filesystem("files", dir).prefix("fs_").toolFilter(n -> n.startsWith("read_")).build())) {
            assertThat(mcp.definitions()).extracting(ToolDefinition::name)
                    .contains("ev_echo", "ev_get-sum", "fs_read_text_file")
                    .allMatch(n -> n.equals("ev_echo") || n.equals("ev_get-sum") || n.startsWith("fs_read_"));
            assertThat(tool(mcp, "fs_read_text_file").invoke("{\"path\":\"" + dir.resolve("note.txt") + "\"}"))
                    .contains("fjord");
            assertThat(events).last().satisfies(e -> {
                assertThat(e.tool()).isEqualTo("fs_read_text_file");
                assertThat(e.server()).isEqualTo("files");
            });
        }
    }

    @Test
    void aPathOutsideTheFilesystemServersRootIsAToolError(@TempDir Path dir) throws Exception {
        Path inside = Files.createDirectory(dir.resolve("inside"));
        Files.writeString(dir.resolve("secret.txt"), "no");
        try (McpToolSource mcp = source(NodeServers.filesystem("files", inside).build())) {
            assertThatThrownBy(() -> tool(mcp, "read_text_file").invoke("{\"path\":\"" + dir.resolve("secret.txt") + "\"}"))
                    .isInstanceOfSatisfying(McpToolException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.TOOL_ERROR))
                    .hasMessageContaining("denied");
        }
    }

    @Test
    void twoServersOfferingTheSameNameFailClearlyWithoutAPrefix() {
        // built outside the assertion, so that missing servers skip the test instead of failing it
        McpServerSpec one = NodeServers.everything("one").allowTools("echo").build();
        McpServerSpec two = NodeServers.everything("two").allowTools("echo").build();
        assertThatThrownBy(() -> source(one, two))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'one' and 'two' both offer a tool named 'echo'");
    }

    @Test
    void aCallThatTakesLongerThanTheTimeoutBecomesATimeoutError() throws Exception {
        try (McpToolSource mcp = source(NodeServers.everything("everything").callTimeout(Duration.ofMillis(1500)).build())) {
            assertThatThrownBy(() -> tool(mcp, "trigger-long-running-operation").invoke("{\"duration\":60,\"steps\":2}"))
                    .isInstanceOfSatisfying(McpToolException.class, e -> assertThat(e.outcome()).isEqualTo(Outcome.TIMEOUT));
            assertThat(events).singleElement().extracting(ToolCallEvent::outcome).isEqualTo(Outcome.TIMEOUT);
            // a server that does not answer is restarted at the next call
            assertThat(tool(mcp, "get-sum").invoke("{\"a\":1,\"b\":2}")).contains("3");
        }
    }

    @Test
    void aServerKilledBetweenCallsIsRestartedAndTheFailedCallIsAToolError() throws Exception {
        try (McpToolSource mcp = source(NodeServers.everything("everything").callTimeout(Duration.ofSeconds(20)).build())) {
            assertThat(tool(mcp, "get-sum").invoke("{\"a\":1,\"b\":1}")).contains("2");
            long killed = NodeServers.kill("server-everything");
            assertThat(killed).isEqualTo(1);

            Tool sum = tool(mcp, "get-sum");
            String afterRestart;
            try {
                afterRestart = sum.invoke("{\"a\":2,\"b\":2}");
            } catch (McpToolException e) {
                assertThat(e.outcome()).isIn(Outcome.SERVER_UNAVAILABLE, Outcome.TIMEOUT);
                assertThat(e.getMessage()).contains("everything");
                afterRestart = sum.invoke("{\"a\":2,\"b\":2}");
            }
            assertThat(afterRestart).contains("4");
        }
    }

    @Test
    void aServerThatDiesDuringACallIsAToolErrorAndIsDroppedWhenNoRestartIsLeft() {
        try (McpToolSource mcp = source(NodeServers.changing("changing").maxRestarts(0).build())) {
            Tool greet = tool(mcp, "greet");
            assertThatThrownBy(() -> tool(mcp, "crash").invoke("{}"))
                    .isInstanceOfSatisfying(McpToolException.class,
                            e -> assertThat(e.outcome()).isIn(Outcome.SERVER_UNAVAILABLE, Outcome.TIMEOUT));
            assertThatThrownBy(() -> greet.invoke("{\"name\":\"Ada\"}"))
                    .isInstanceOfSatisfying(McpToolException.class,
                            e -> assertThat(e.outcome()).isEqualTo(Outcome.SERVER_UNAVAILABLE))
                    .hasMessageContaining("MCP server 'changing'");
            assertThat(mcp.tools()).isEmpty();
            assertThat(events).extracting(ToolCallEvent::tool).containsExactly("crash", "greet");
        }
    }

    @Test
    void aServerThatDiesDuringACallIsRestartedForTheNextCall() throws Exception {
        try (McpToolSource mcp = source(NodeServers.changing("changing").build())) {
            assertThatThrownBy(() -> tool(mcp, "crash").invoke("{}")).isInstanceOf(McpToolException.class);
            assertThat(tool(mcp, "greet").invoke("{\"name\":\"Ada\"}")).isEqualTo("Hello, Ada!");
        }
    }

    @Test
    void picksUpToolListChanges() throws Exception {
        try (McpToolSource mcp = source(NodeServers.changing("changing").build())) {
            assertThat(mcp.tool("late_tool")).isEmpty();
            assertThat(tool(mcp, "add_tool").invoke("{\"tool\":\"late_tool\"}")).isEqualTo("added late_tool");

            await().atMost(Duration.ofSeconds(20)).until(() -> mcp.tool("late_tool").isPresent());
            assertThat(tool(mcp, "late_tool").invoke("{}")).isEqualTo("late_tool ran");
        }
    }

    @Test
    void overStreamableHttp() throws Exception {
        try (NodeServers.HttpEverything server = new NodeServers.HttpEverything();
             McpToolSource mcp = source(McpServerSpec.http("remote", server.url()).header("X-Test", "1").build())) {
            assertThat(mcp.definitions()).extracting(ToolDefinition::name).contains("echo", "get-sum");
            assertThat(tool(mcp, "echo").invoke("{\"message\":\"over http\"}")).contains("over http");
            assertThatThrownBy(() -> tool(mcp, "get-sum").invoke("{\"a\":\"x\"}")).isInstanceOf(McpToolException.class);
            assertThat(events).extracting(ToolCallEvent::server).containsOnly("remote");
        }
    }

    @Test
    void aServerThatCannotStartFailsTheBuildNamingItWithoutWaitingForTheTimeout() {
        String node = NodeServers.node();
        assertThatThrownBy(() -> source(McpServerSpec.stdio("broken", node, "-e", "process.exit(5)")
                .startTimeout(Duration.ofMinutes(10)).build()))
                .isInstanceOf(McpServerException.class)
                .hasMessageContaining("MCP server 'broken' could not be started")
                .hasMessageContaining("exited with code 5");
        assertThatThrownBy(() -> source(McpServerSpec.stdio("missing", "/nonexistent/q2o-mcp-server")
                .startTimeout(Duration.ofMinutes(10)).build()))
                .isInstanceOf(McpServerException.class)
                .hasMessageContaining("MCP server 'missing' could not be started")
                .hasMessageContaining("/nonexistent/q2o-mcp-server does not exist");
        assertThatThrownBy(() -> source(McpServerSpec.stdio("unknown", "q2o-no-such-mcp-server")
                .startTimeout(Duration.ofMinutes(10)).build()))
                .isInstanceOf(McpServerException.class)
                .hasMessageContaining("q2o-no-such-mcp-server is not on the PATH");
    }
}
