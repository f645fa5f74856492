package io.q2o.llm.spi;

import io.q2o.llm.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class HttpSettingsTest {

    @ParameterizedTest
    @CsvSource({
            "http://localhost:11434, http://localhost:11434",
            "https://EXAMPLE.org/, https://EXAMPLE.org",
            "HTTPS://api.example.com/v1///, https://api.example.com/v1",
            "http://127.0.0.1:1/a/b-c/d_e~f.g, http://127.0.0.1:1/a/b-c/d_e~f.g",
            "http://[::1]:8080/v1, http://[::1]:8080/v1",
            "'  http://host/p%20q  ', http://host/p%20q"})
    void acceptsAbsoluteHttpUrlsAndNormalisesThem(String given, String expected) {
        assertThat(HttpSettings.baseUrl("X_BASE_URL", given)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://host/v1", "file:///etc/passwd", "localhost:11434", "//host/v1", "/v1", "http://",
            "http:host", "http://host:0", "http://host:65536", "http://host:/v1", "http://host/v1?key=1",
            "http://host/v1?", "http://host/v1#x", "http://host/v1/../admin", "http://host/./v1", "http://host//v1",
            "http://host/%2e%2e/x", "http://host/a%2Fb", "http://host/a\\b", "http://ho st/", "http://host/v1\r\nX: y",
            "http://höst/", "http://host/ä", "http://user@host/", "http://user:pw@host/", "http://host/{x}",
            "javascript:alert(1)", "http://-/"})
    void refusesAnythingElseNamingTheVariableAndTheValue(String value) {
        ConfigException e = catchThrowableOfType(() -> HttpSettings.baseUrl("X_BASE_URL", value), ConfigException.class);
        assertThat(e).as(value).isNotNull();
        assertThat(e.variable()).isEqualTo("X_BASE_URL");
        assertThat(e.getMessage()).startsWith("X_BASE_URL ").contains("got '").doesNotContain("\r", "\n");
    }

    @Test
    void credentialsInARefusedUrlAreMasked() {
        ConfigException e = catchThrowableOfType(() -> HttpSettings.baseUrl("X_BASE_URL",
                "https://alice:hunter2@proxy.example.com/v1?token=s3cret"), ConfigException.class);
        assertThat(e.getMessage()).contains("https://****@proxy.example.com/v1").doesNotContain("hunter2", "alice", "s3cret");
    }

    @Test
    void aHugeValueIsCutInTheMessage() {
        String huge = "http://host/" + "a".repeat(5000);
        assertThatThrownBy(() -> HttpSettings.baseUrl("X_BASE_URL", huge)).isInstanceOf(ConfigException.class)
                .message().hasSizeLessThan(400).contains("5012 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v1beta", "v1alpha2", "2023-06-01", "v1.2_x~y"})
    void acceptsPlainPathSegments(String value) {
        assertThat(HttpSettings.pathSegment("X_VERSION", " " + value + " ")).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1beta/../../x?y", "v1/models", "..", ".", "v1?x=1", "v1#f", "v 1", "v1%2F", "vé", ""})
    void refusesAnythingThatIsNotOnePathSegment(String value) {
        ConfigException e = catchThrowableOfType(() -> HttpSettings.pathSegment("X_VERSION", value), ConfigException.class);
        assertThat(e).as(value).isNotNull();
        assertThat(e.variable()).isEqualTo("X_VERSION");
        assertThat(e.getMessage()).contains("X_VERSION", "'" + value.strip() + "'");
    }

    @Test
    void headerValuesHoldNoLineBreakOrControlCharacter() {
        assertThat(HttpSettings.headerValue("X_ORG", " org-123 ")).isEqualTo("org-123");
        for (String bad : new String[] {"org\r\nX-Injected: 1", "org\u0000", "örg", "x".repeat(300)}) {
            ConfigException e = catchThrowableOfType(() -> HttpSettings.headerValue("X_ORG", bad), ConfigException.class);
            assertThat(e).as(bad).isNotNull();
            assertThat(e.variable()).isEqualTo("X_ORG");
            assertThat(e.getMessage()).doesNotContain("\r", "\n");
        }
    }
}
