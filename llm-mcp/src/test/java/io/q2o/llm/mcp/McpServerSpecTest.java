package io.q2o.llm.mcp;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings of a server are checked when set, with errors naming the server and the value; no server runs. */
class McpServerSpecTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        McpServerSpec s = McpServerSpec.stdio("files", "node", "server.js", "/data").build();
        assertThat(s.transport()).isEqualTo(McpServerSpec.Transport.STDIO);
        assertThat(s.args()).containsExactly("server.js", "/data");
        assertThat(s.callTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.maxRestarts()).isEqualTo(3);
        assertThat(s.prefix()).isEmpty();
        assertThat(s.toolFilter().test("anything")).isTrue();
    }

    @Test
    void invalidSettingsFailNamingTheServerAndTheValue() {
        assertThatThrownBy(() -> McpServerSpec.stdio("9lives", "node")).hasMessageContaining("'9lives' is invalid");
        assertThatThrownBy(() -> McpServerSpec.stdio("files", " ")).hasMessageContaining("'files'").hasMessageContaining("blank");
        assertThatThrownBy(() -> McpServerSpec.http("remote", "ftp://host/mcp")).hasMessageContaining("'ftp://host/mcp'");
        assertThatThrownBy(() -> McpServerSpec.http("remote", "http://exa mple/")).hasMessageContaining("invalid URL");
        assertThatThrownBy(() -> McpServerSpec.stdio("files", "node").prefix("fs prefix"))
                .hasMessageContaining("'fs prefix'");
        assertThatThrownBy(() -> McpServerSpec.stdio("files", "node").callTimeout(Duration.ZERO))
                .hasMessageContaining("callTimeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> McpServerSpec.stdio("files", "node").maxRestarts(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> McpServerSpec.stdio("files", "node").header("Authorization", "x"))
                .hasMessageContaining("STREAMABLE_HTTP servers only");
        assertThatThrownBy(() -> McpServerSpec.http("remote", "http://h/mcp").env("TOKEN", "x"))
                .hasMessageContaining("STDIO servers only");
        assertThatThrownBy(() -> McpServerSpec.http("remote", "http://h/mcp").header("X-A", "a\r\nInjected: 1"))
                .hasMessageContaining("line break");
    }

    @Test
    void secretsNeverReachToString() {
        String http = McpServerSpec.http("remote", "https://h/mcp").header("Authorization", "Bearer top-secret").build().toString();
        String stdio = McpServerSpec.stdio("files", "node").env("API_TOKEN", "top-secret").build().toString();
        assertThat(http).contains("Authorization").doesNotContain("top-secret");
        assertThat(stdio).contains("API_TOKEN").doesNotContain("top-secret");
    }

    @Test
    void exposedNamesArePrefixedAndFitEveryProvider() {
        assertThat(McpToolSource.exposedName("fs_", "read_text_file")).isEqualTo("fs_read_text_file");
        assertThat(McpToolSource.exposedName("", "github.create/issue")).isEqualTo("github_create_issue");
        assertThat(McpToolSource.exposedName("", "3d-print")).isEqualTo("_3d-print");
        assertThat(McpToolSource.exposedName("", "überprüfen")).isEqualTo("_berpr_fen");
        assertThat(McpToolSource.exposedName("p_", "x".repeat(100))).hasSize(64).startsWith("p_x");
    }
}
