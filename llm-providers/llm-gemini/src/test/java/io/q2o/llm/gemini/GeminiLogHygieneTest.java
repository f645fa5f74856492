package io.q2o.llm.gemini;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.q2o.llm.ResponseFormat;
import io.q2o.llm.spi.LlmProvider;
import io.q2o.llm.spi.ProviderRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Everything logged at any level, through SLF4J or the SDK's java.util.logging, is free of the key. */
class GeminiLogHygieneTest {

    private WireMockServer server;
    private final ListAppender<ILoggingEvent> slf4j = new ListAppender<>();
    private final List<LogRecord> jul = new ArrayList<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (jul) {
                jul.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static final List<String> LOGGERS = List.of("io.q2o", "com.google", "okhttp3");
    private java.util.logging.Level previousJulLevel;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        for (String name : LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.TRACE);
        }
        slf4j.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(slf4j);
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        previousJulLevel = julRoot.getLevel();
        julRoot.setLevel(java.util.logging.Level.INFO); // keeps other libraries' console output as it was
        java.util.logging.Logger.getLogger("com.google").setLevel(java.util.logging.Level.ALL);
        java.util.logging.Logger.getLogger("okhttp3").setLevel(java.util.logging.Level.ALL);
        julHandler.setLevel(java.util.logging.Level.ALL);
        julRoot.addHandler(julHandler);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(slf4j);
        for (String name : LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(null);
        }
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        julRoot.removeHandler(julHandler);
        julRoot.setLevel(previousJulLevel);
        java.util.logging.Logger.getLogger("com.google").setLevel(null);
        java.util.logging.Logger.getLogger("okhttp3").setLevel(null);
        server.stop();
    }

    @Test
    void noLogLineAtAnyLevelContainsTheKey() throws Exception {
        String model = "contract-model";
        ProviderRequest request = new ProviderRequest(model, "sys", "user", 0.5, 16, List.of(), ResponseFormat.TEXT,
                Duration.ofSeconds(5));
        try (LlmProvider provider = GeminiWire.provider("http://127.0.0.1:" + server.port(), Duration.ofSeconds(5))) {
            server.stubFor(post(urlPathEqualTo("/v1beta/models/" + model + ":generateContent"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("{\"candidates\": [" + GeminiWire.candidate("ok", "STOP") + "], \"usageMetadata\": "
                                    + "{\"promptTokenCount\": 10, \"candidatesTokenCount\": 5,"
                                    + " \"cachedContentTokenCount\": 20}}")));
            provider.complete(request); // cached > prompt: logs a warning
            provider.completeAsync(request, Runnable::run).get(10, TimeUnit.SECONDS);
            server.stubFor(post(urlEqualTo("/v1beta/models/" + model + ":streamGenerateContent?alt=sse"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                            .withBody("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"x\"}]}}]}\r\n\r\n")));
            catchThrowable(() -> provider.stream(request, t -> { }));
            server.stubFor(post(urlPathEqualTo("/v1beta/models/" + model + ":generateContent"))
                    .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                            .withBody(GeminiWire.error(401, "API key " + GeminiWire.KEY + " is invalid"))));
            catchThrowable(() -> provider.complete(request));
        }

        assertThat(slf4j.list).as("the clamped cached count was logged, so logging was on")
                .anyMatch(e -> e.getFormattedMessage().contains("cached tokens"));
        for (ILoggingEvent event : slf4j.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(GeminiWire.KEY);
            if (event.getThrowableProxy() != null) {
                assertThat(event.getThrowableProxy().getMessage()).doesNotContain(GeminiWire.KEY);
            }
        }
        synchronized (jul) {
            for (LogRecord record : jul) {
                assertThat(String.valueOf(record.getMessage())).doesNotContain(GeminiWire.KEY);
                if (record.getParameters() != null) {
                    for (Object p : record.getParameters()) {
                        assertThat(String.valueOf(p)).doesNotContain(GeminiWire.KEY);
                    }
                }
            }
        }
    }
}
