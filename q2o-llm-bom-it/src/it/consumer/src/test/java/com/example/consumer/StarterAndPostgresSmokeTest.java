package com.example.consumer;

import io.q2o.llm.spi.LedgerShipperProvider;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * llm-spring-boot-starter and llm-postgres with the versions the BOM manages: the starter's
 * auto-configurations are registered and load with their Spring classes, and the PostgreSQL ledger
 * shipper is found with ServiceLoader (it stays off without Q2O_LLM_LEDGER_JDBC_URL).
 */
class StarterAndPostgresSmokeTest {

    @Test
    void theStartersAutoConfigurationsAreRegisteredAndLoad() throws Exception {
        String imports;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(
                "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(in).as("the starter registers its auto-configurations").isNotNull();
            imports = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(imports).contains("io.q2o.llm.spring.LlmAutoConfiguration");
        for (String name : imports.lines().map(String::strip).filter(l -> l.startsWith("io.q2o.")).toList()) {
            assertThat(Class.forName(name).getAnnotations()).as(name).isNotEmpty();
        }
    }

    @Test
    void thePostgresLedgerShipperIsDiscovered() {
        String providers = ServiceLoader.load(LedgerShipperProvider.class).stream()
                .map(p -> p.type().getName()).collect(Collectors.joining(","));
        assertThat(providers).contains("io.q2o.llm.postgres.PostgresLedgerShipperProvider");
    }
}
