package io.q2o.llm;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.ScriptedProvider;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static io.q2o.llm.Fixture.req;
import static org.assertj.core.api.Assertions.assertThat;

class CostTest {

    private final PriceTable prices = LlmConfig.builder().environment(Map.of()).isolated().build().prices();

    private BigDecimal total(String model, TokenCounts t) {
        List<BigDecimal> c = prices.cost(model, t).orElseThrow();
        return c.get(0).add(c.get(1));
    }

    @Test
    void uncachedTokensAtTheListedRates() {
        // gpt-4o: $2.50 in, $10.00 out per 1M
        assertThat(total("gpt-4o", TokenCounts.of(1_000, 500))).isEqualByComparingTo("0.0075");
        // gemini-1.5-pro: the plan's $0.00125 / $0.005 per 1K
        assertThat(total("gemini-1.5-pro", TokenCounts.of(856, 423))).isEqualByComparingTo("0.003185");
    }

    @Test
    void cachedTokensArePricedAtTheCachedRateOnly() {
        // 600 uncached x 2.50 + 400 cached x 1.25 + 500 out x 10.00
        TokenCounts t = new TokenCounts(1_000, 500, 400, 0, 0);
        List<BigDecimal> c = prices.cost("gpt-4o", t).orElseThrow();
        assertThat(c.get(0)).isEqualByComparingTo("0.002");
        assertThat(c.get(1)).isEqualByComparingTo("0.005");
    }

    @Test
    void anthropicCacheWritesHaveTheirOwnRate() {
        // claude-sonnet-4: 500 uncached x 3 + 200 read x 0.30 + 300 write x 3.75 + 100 out x 15
        TokenCounts t = new TokenCounts(1_000, 100, 200, 300, 0);
        assertThat(total("claude-sonnet-4-20250514", t)).isEqualByComparingTo("0.004185");
    }

    @Test
    void longContextTierAppliesAbovePromptThreshold() {
        // gemini-2.5-pro: <= 200k: $1.25 / $10; above: $2.50 / $15
        assertThat(total("gemini-2.5-pro", TokenCounts.of(200_000, 1_000))).isEqualByComparingTo("0.26");
        assertThat(total("gemini-2.5-pro", TokenCounts.of(250_000, 1_000))).isEqualByComparingTo("0.64");
        TokenCounts cached = new TokenCounts(250_000, 1_000, 100_000, 0, 0);
        // 150k x 2.50 + 100k x 0.25 + 1k x 15
        assertThat(total("gemini-2.5-pro", cached)).isEqualByComparingTo("0.415");
    }

    @Test
    void reasoningTokensArePartOfOutputAndNotChargedTwice() {
        TokenCounts t = new TokenCounts(100, 50, 0, 0, 30);
        assertThat(total("gemini-2.5-flash", t)).isEqualByComparingTo(
                new BigDecimal("0.30").multiply(BigDecimal.valueOf(100)).add(new BigDecimal("2.50").multiply(BigDecimal.valueOf(50)))
                        .movePointLeft(6));
    }

    @Test
    void datedSnapshotsArePricedByTheirLongestListedPrefix() {
        assertThat(prices.find("gpt-4o-2024-08-06")).get().extracting(ModelPrice::model).isEqualTo("gpt-4o");
        assertThat(prices.find("gpt-4o-mini-2024-07-18")).get().extracting(ModelPrice::model).isEqualTo("gpt-4o-mini");
        assertThat(prices.find("models/gemini-2.5-pro")).get().extracting(ModelPrice::model).isEqualTo("gemini-2.5-pro");
        assertThat(prices.find("claude-3-opus-20240229")).get().extracting(ModelPrice::model).isEqualTo("claude-3-opus");
        assertThat(prices.find("gpt-4oo")).isEmpty();
        assertThat(prices.find("llama-3")).isEmpty();
        assertThat(prices.find("gemini-2.0-flash-001")).get().extracting(ModelPrice::model).isEqualTo("gemini-2.0-flash");
        assertThat(prices.find("gpt-4-turbo-2024-04-09")).get().extracting(ModelPrice::model).isEqualTo("gpt-4-turbo");
        assertThat(prices.find("claude-3-5-haiku-latest")).get().extracting(ModelPrice::model).isEqualTo("claude-3-5-haiku");
        assertThat(prices.find("claude-sonnet-4-5-20250929")).get().extracting(ModelPrice::model).isEqualTo("claude-sonnet-4-5");
    }

    @Test
    void aLongerNameThatIsNotADatedSnapshotIsAnotherModelWithoutAPrice() {
        assertThat(prices.find("gpt-4o-audio-preview")).isEmpty();
        assertThat(prices.find("gpt-5-nano")).isEmpty();
        assertThat(prices.find("gemini-2.5-flash-lite")).isEmpty();
        assertThat(prices.find("gpt-4o-experimental-2024-08-06")).isEmpty();
        assertThat(prices.find("gpt-4o-mini-x")).isEmpty();
    }

    @Test
    void aServerModelWithoutAPriceIsUnknownCostUnlessItIsADatedSnapshotOfTheRequestedModel() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.q2o.llm.LlmService");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o");
        try (LlmService llm = fx.build()) {
            gemini.byDefault(r -> new ProviderResponse("ok", "gpt-4o-experimental", FinishReason.STOP, TokenCounts.of(10, 10)));
            LlmResponse other = llm.complete(req("a"));
            llm.complete(req("b"));
            gemini.byDefault(r -> new ProviderResponse("ok", "gpt-4o-2024-11-20", FinishReason.STOP, TokenCounts.of(10, 10)));
            LlmResponse snapshot = llm.complete(req("c"));

            assertThat(other.usage().model()).isEqualTo("gpt-4o-experimental");
            assertThat(other.usage().costKnown()).isFalse();
            // 10 x 2.50 + 10 x 10.00 per million
            assertThat(snapshot.usage().totalCost().orElseThrow()).isEqualByComparingTo("0.000125");
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).filteredOn(e -> e.getFormattedMessage().contains("gpt-4o-experimental")).hasSize(1);
    }

    @Test
    void everyListedPriceNamesItsSourceAndDate() {
        assertThat(prices.all()).containsKeys("gpt-4o", "gpt-4o-mini", "gpt-4-turbo", "gemini-1.5-pro",
                "gemini-1.5-flash", "gemini-2.5-pro", "gemini-2.5-flash", "claude-3-opus", "claude-3-5-sonnet",
                "claude-sonnet-4");
        assertThat(prices.all().values()).allSatisfy(p -> {
            assertThat(p.source()).startsWith("https://");
            assertThat(p.asOf()).matches("\\d{4}-\\d{2}-\\d{2}");
        });
    }

    @Test
    void costsAddUpExactlyWithoutFloatingPointDrift() {
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "gpt-4o-mini");
        gemini.alwaysAnswer("ok", TokenCounts.of(10, 100));
        try (LlmService llm = fx.build()) {
            for (int i = 0; i < 1000; i++) {
                llm.complete(req("q" + i));
            }
            // 1000 x (10 x 0.15 + 100 x 0.60) / 1M = 0.0615
            assertThat(llm.usageStats().totalCost()).isEqualByComparingTo("0.0615");
            assertThat(llm.usageStats().dailyCost()).isEqualByComparingTo("0.0615");
            assertThat(llm.usageStats().totalCost().toPlainString()).isEqualTo("0.0615000");
        }
    }

    @Test
    void anUnknownModelReportsUnknownCostWithOneWarningNeverZero() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.q2o.llm.LlmService");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Fixture fx = new Fixture();
        ScriptedProvider gemini = fx.provider("gemini", "my-local-model");
        gemini.alwaysAnswer("ok", TokenCounts.of(10, 10));
        try (LlmService llm = fx.build()) {
            LlmResponse first = llm.complete(req("a"));
            llm.complete(req("b"));
            assertThat(first.usage().costKnown()).isFalse();
            assertThat(first.usage().totalCost()).isEmpty();
            assertThat(llm.usageStats().unknownCostCalls()).isEqualTo(2);
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).filteredOn(e -> e.getFormattedMessage().contains("my-local-model")).hasSize(1);
    }
}
