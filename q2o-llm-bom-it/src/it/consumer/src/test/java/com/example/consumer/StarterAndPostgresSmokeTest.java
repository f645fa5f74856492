package com.example.consumer;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.postgres.PostgresLedgerShipperProvider;
import io.q2o.llm.spi.LedgerShipperProvider;
import io.q2o.llm.usage.LedgerReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * llm-spring-boot-starter and llm-postgres with the versions the BOM manages: a Spring Boot
 * application starts with the starter, its LlmService answers and is closed with the context; the
 * PostgreSQL ledger shipper is found with ServiceLoader, starts with HikariCP and the driver (here
 * against a port where nothing listens: the service starts anyway) and calls are recorded locally.
 */
class StarterAndPostgresSmokeTest {

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {
    }

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
    void aSpringBootApplicationGetsAnLlmServiceThatAnswersAndIsClosedWithIt() {
        SpringApplication app = new SpringApplication(App.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        LlmService service;
        try (ConfigurableApplicationContext context = app.run("--q2o.llm.use-environment=false",
                "--q2o.llm.dry-run=true", "--q2o.llm.primary=openai", "--q2o.llm.fallback=",
                "--q2o.llm.providers.openai.models=gpt-4o-mini", "--q2o.llm.usage.ledger=false",
                "--q2o.llm.cache.enabled=false")) {
            service = context.getBean(LlmService.class);
            LlmResponse r = service.complete(LlmRequest.of("You are terse.", "Say hello"));
            assertThat(r.success()).isTrue();
            assertThat(r.simulated()).isTrue();
            assertThat(r.content()).contains("gpt-4o-mini");
        }
        assertThatThrownBy(() -> service.complete(LlmRequest.of("", "after stop")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void thePostgresLedgerShipperIsDiscoveredStartsAndCallsAreRecorded() throws Exception {
        String providers = ServiceLoader.load(LedgerShipperProvider.class).stream()
                .map(p -> p.type().getName()).collect(Collectors.joining(","));
        assertThat(providers).contains("io.q2o.llm.postgres.PostgresLedgerShipperProvider");

        int nobody;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = s.getLocalPort();
        }
        LlmConfig config = LlmConfig.builder().environment(Map.of()).isolated()
                .set("Q2O_LLM_DRY_RUN", "true").set("Q2O_LLM_PRIMARY", "openai").set("OPENAI_MODEL", "gpt-4o-mini")
                .set("Q2O_LLM_USAGE_DIR", dir.toString()).set("Q2O_LLM_TIMEZONE", "UTC")
                .set("Q2O_LLM_LEDGER_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + nobody + "/llm")
                .set("Q2O_LLM_LEDGER_USER", "q2o").set("Q2O_LLM_LEDGER_PASSWORD", "smoke-secret")
                .set("Q2O_LLM_LEDGER_CONNECT_TIMEOUT_MS", "250")
                .build();

        try (LedgerShipperProvider.LedgerShipper shipper = new PostgresLedgerShipperProvider()
                .create(config, dir, Clock.systemUTC()).orElseThrow()) {
            assertThat(shipper.name()).contains("postgresql://127.0.0.1:" + nobody + "/llm")
                    .doesNotContain("smoke-secret");
        }
        try (LlmService llm = LlmService.builder().config(config).discoverProviders(false).build()) {
            assertThat(llm.complete(LlmRequest.of("You are terse.", "Say hello")).success()).isTrue();
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(new LedgerReader(dir, ZoneOffset.UTC).records(today.minusDays(1), today.plusDays(1))).hasSize(1);
    }
}
