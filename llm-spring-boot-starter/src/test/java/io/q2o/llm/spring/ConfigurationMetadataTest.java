package io.q2o.llm.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration metadata IDEs read: every property is described, with the variable it sets. */
class ConfigurationMetadataTest {

    private static JsonNode metadata() throws IOException {
        try (InputStream in = LlmProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("spring-configuration-metadata.json is generated").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyPropertyHasADescription() throws IOException {
        Map<String, String> described = new HashMap<>();
        metadata().path("properties").forEach(p -> described.put(p.path("name").asText(), p.path("description").asText()));
        assertThat(described).hasSizeGreaterThanOrEqualTo(40).allSatisfy((name, description) -> {
            assertThat(name).startsWith(name.startsWith("management.") ? "management.health.llm" : "q2o.llm.");
            assertThat(description).as(name).isNotBlank();
        });
        assertThat(described.get("q2o.llm.daily-cost-limit")).contains("Q2O_LLM_DAILY_COST_LIMIT");
        assertThat(described.get("q2o.llm.cache.ttl")).contains("Q2O_LLM_CACHE_TTL").contains("days");
        assertThat(described.get("q2o.llm.tracing.capture-content")).contains("gen_ai.input.messages");
        assertThat(described).containsKeys("q2o.llm.providers", "q2o.llm.settings", "q2o.llm.use-environment",
                "management.health.llm.enabled");
    }

    @Test
    void primaryProviderHasValueHints() throws IOException {
        JsonNode hints = metadata().path("hints");
        assertThat(hints.findValues("name")).extracting(JsonNode::asText).contains("q2o.llm.primary", "q2o.llm.usage.fsync");
    }
}
