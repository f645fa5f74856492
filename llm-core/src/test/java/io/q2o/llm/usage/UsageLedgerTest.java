package io.q2o.llm.usage;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.q2o.llm.CachePolicy;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.spi.InvalidRequestException;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class UsageLedgerTest {

    private final TestClock clock = TestClock.standard();
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    private LlmService service(Path dir, ScriptedProvider provider, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("Q2O_LLM_USAGE_DIR", dir.toString(), "Q2O_LLM_PRIMARY", "gemini",
                "Q2O_LLM_FALLBACK", "none", "Q2O_LLM_CACHE_ENABLED", "true"));
        env.putAll(extra);
        return LlmService.builder().config(LlmConfig.builder().isolated().environment(env).build())
                .discoverProviders(false).provider(provider, List.of("gpt-4o-mini")).clock(clock)
                .executor(Runnable::run).build();
    }

    private static LlmRequest req(String user, String agent) {
        return LlmRequest.builder().userPrompt(user).tags(new RequestTags(agent, "t1", "p1")).build();
    }

    @Test
    void everyKindOfCallIsRecordedWithItsFigures(@TempDir Path dir) {
        ScriptedProvider gemini = new ScriptedProvider("gemini");
        gemini.answer("gpt-4o-mini", "a", TokenCounts.of(10, 100));
        gemini.fail("gpt-4o-mini", new InvalidRequestException("gemini", 400, "bad", null));
        try (LlmService llm = service(dir, gemini, Map.of())) {
            llm.complete(req("q", "coder"));
            llm.complete(req("q", "coder"));
            llm.complete(req("other", "qa"));
        }
        List<UsageRecord> records = new LedgerReader(dir, ZoneOffset.UTC).records(TODAY, TODAY);
        assertThat(records).hasSize(3);
        UsageRecord paid = records.get(0);
        assertThat(paid.outcome()).isEqualTo("success");
        assertThat(paid.provider()).isEqualTo("gemini");
        assertThat(paid.model()).isEqualTo("gpt-4o-mini");
        assertThat(paid.inputTokens()).isEqualTo(10);
        assertThat(paid.outputTokens()).isEqualTo(100);
        assertThat(paid.cost()).isEqualByComparingTo("0.0000615");
        assertThat(paid.agent()).isEqualTo("coder");
        assertThat(paid.task()).isEqualTo("t1");
        assertThat(paid.project()).isEqualTo("p1");
        assertThat(paid.counted()).isTrue();
        assertThat(records.get(1).cacheHit()).isTrue();
        assertThat(records.get(1).cost()).isEqualByComparingTo("0");
        assertThat(records.get(1).counted()).isFalse();
        assertThat(records.get(2).outcome()).isEqualTo("failure");
        assertThat(records.get(2).errorKind()).isEqualTo(ErrorKind.INVALID_REQUEST.name());
        assertThat(records).extracting(UsageRecord::id).doesNotHaveDuplicates();
        assertThat(Files.exists(dir.resolve("usage-2026-11-28.jsonl"))).isTrue();
    }

    @Test
    void aRestartRestoresTodaysCallsAndCostExactlyAndTheLimitStillHolds(@TempDir Path dir) {
        ScriptedProvider gemini = new ScriptedProvider("gemini").alwaysAnswer("ok", TokenCounts.of(10, 100));
        Map<String, String> limit = Map.of("Q2O_LLM_DAILY_LIMIT", "5", "Q2O_LLM_CACHE_ENABLED", "false");
        try (LlmService first = service(dir, gemini, limit)) {
            for (int i = 0; i < 3; i++) {
                assertThat(first.complete(req("q" + i, "a")).success()).isTrue();
            }
        }
        try (LlmService second = service(dir, gemini, limit)) {
            assertThat(second.usageStats().dailyCalls()).isEqualTo(3);
            assertThat(second.usageStats().dailyCost()).isEqualByComparingTo("0.0001845");
            assertThat(second.usageStats().monthlyCost()).isEqualByComparingTo("0.0001845");
            assertThat(second.complete(req("q3", "a")).success()).isTrue();
            assertThat(second.complete(req("q4", "a")).success()).isTrue();
            LlmResponse refused = second.complete(req("q5", "a"));
            assertThat(refused.error().code()).isEqualTo("daily-limit");
        }
        assertThat(gemini.calls()).isEqualTo(5);
    }

    @Test
    void aRestartOnANewDayKeepsTheMonthButNotTheDay(@TempDir Path dir) {
        ScriptedProvider gemini = new ScriptedProvider("gemini").alwaysAnswer("ok", TokenCounts.of(10, 100));
        try (LlmService first = service(dir, gemini, Map.of("Q2O_LLM_CACHE_ENABLED", "false"))) {
            first.complete(req("a", "x"));
            first.complete(req("b", "x"));
        }
        clock.advance(Duration.ofDays(1));
        try (LlmService second = service(dir, gemini, Map.of())) {
            assertThat(second.usageStats().dailyCalls()).isZero();
            assertThat(second.usageStats().dailyCost()).isEqualByComparingTo("0");
            assertThat(second.usageStats().monthlyCost()).isEqualByComparingTo("0.000123");
        }
    }

    @Test
    void theToolsAnAnswerCalledAreRecordedByNameAndOlderLinesReadAsNone(@TempDir Path dir) throws Exception {
        ScriptedProvider gemini = new ScriptedProvider("gemini");
        gemini.answer("gpt-4o-mini", new io.q2o.llm.spi.ProviderResponse("", "gpt-4o-mini", io.q2o.llm.FinishReason.TOOL_CALLS,
                TokenCounts.of(10, 20), List.of(new io.q2o.llm.ToolCall("c1", "weather", "{\"city\":\"Oslo\"}"),
                new io.q2o.llm.ToolCall("c2", "weather", "{\"city\":\"Rome\"}"),
                new io.q2o.llm.ToolCall("c3", "add", "{}")), List.of()));
        gemini.answer("gpt-4o-mini", "done", TokenCounts.of(10, 5));
        try (LlmService llm = service(dir, gemini, Map.of())) {
            llm.complete(req("q", "agent"));
            llm.complete(req("q", "agent"));   // a cache hit returns the same calls
            llm.complete(req("other", "agent"));
        }
        Path file = dir.resolve("usage-2026-11-28.jsonl");
        assertThat(Files.readAllLines(file).get(0)).contains("\"tool_calls\":[\"weather\",\"weather\",\"add\"]")
                .doesNotContain("Oslo");
        String older = Files.readAllLines(file).get(2).replace(",\"tool_calls\":[]", "");
        assertThat(older).doesNotContain("tool_calls");
        Files.writeString(file, older + "\n", StandardOpenOption.APPEND);

        List<UsageRecord> records = new LedgerReader(dir, ZoneOffset.UTC).records(TODAY, TODAY);
        assertThat(records).extracting(UsageRecord::toolCalls).containsExactly(List.of("weather", "weather", "add"),
                List.of("weather", "weather", "add"), List.of(), List.of());
        assertThat(records.get(1).cacheHit()).isTrue();
    }

    @Test
    void aTornLastLineIsSkippedWithAWarning(@TempDir Path dir) throws Exception {
        ScriptedProvider gemini = new ScriptedProvider("gemini").alwaysAnswer("ok", TokenCounts.of(10, 100));
        try (LlmService llm = service(dir, gemini, Map.of("Q2O_LLM_CACHE_ENABLED", "false"))) {
            llm.complete(req("a", "x"));
            llm.complete(req("b", "x"));
        }
        Files.writeString(dir.resolve("usage-2026-11-28.jsonl"), "{\"id\":\"torn\",\"start\":\"2026-11-28T1",
                StandardOpenOption.APPEND);
        Logger logger = (Logger) LoggerFactory.getLogger(LedgerReader.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (LlmService again = service(dir, gemini, Map.of("Q2O_LLM_CACHE_ENABLED", "false"))) {
            assertThat(again.usageStats().dailyCalls()).isEqualTo(2);
            again.complete(req("c", "x"));
        } finally {
            logger.detachAppender(appender);
        }
        try (LlmService third = service(dir, gemini, Map.of())) {
            assertThat(third.usageStats().dailyCalls()).as("the call after the torn line is kept").isEqualTo(3);
        }
        assertThat(appender.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("Skipping unreadable line 3"));
    }

    @Test
    void aLineWithACostNoCallCanHaveIsSkippedSoTheServiceStillStartsAndCountsTheRest(@TempDir Path dir)
            throws Exception {
        ScriptedProvider gemini = new ScriptedProvider("gemini").alwaysAnswer("ok", TokenCounts.of(10, 100));
        try (LlmService llm = service(dir, gemini, Map.of("Q2O_LLM_CACHE_ENABLED", "false"))) {
            llm.complete(req("a", "x"));
        }
        Path file = dir.resolve("usage-2026-11-28.jsonl");
        String good = Files.readAllLines(file).get(0);
        BigDecimal oneCall = new LedgerReader(dir, ZoneOffset.UTC).records(TODAY, TODAY).get(0).cost();
        for (String bad : List.of("1e-999999999", "1e999999999", "-5", "\"1e-40\"")) {
            Files.writeString(file, good.replaceFirst("\"cost\":[^,]+,", "\"cost\":" + bad + ",") + "\n",
                    StandardOpenOption.APPEND);
        }
        Files.writeString(file, good.replaceFirst("\"input_tokens\":\\d+", "\"input_tokens\":-7") + "\n",
                StandardOpenOption.APPEND);
        Files.writeString(file, good + "\n", StandardOpenOption.APPEND);
        Logger logger = (Logger) LoggerFactory.getLogger(LedgerReader.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (LlmService again = service(dir, gemini, Map.of("Q2O_LLM_CACHE_ENABLED", "false",
                "Q2O_LLM_DAILY_COST_LIMIT", "5"))) {
            assertThat(again.usageStats().dailyCalls()).isEqualTo(2);
            assertThat(again.usageStats().dailyCost()).isEqualByComparingTo(oneCall.add(oneCall));
            assertThat(again.complete(req("b", "x")).success()).isTrue();
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).filteredOn(e -> e.getFormattedMessage().startsWith("Skipping line")).hasSize(5);
    }

    @Test
    void theReaderTotalsByProviderAgentAndDay(@TempDir Path dir) {
        ScriptedProvider gemini = new ScriptedProvider("gemini").alwaysAnswer("ok", TokenCounts.of(10, 100));
        try (LlmService llm = service(dir, gemini, Map.of())) {
            llm.complete(req("a", "coder"));
            llm.complete(req("a", "coder"));
            llm.complete(req("b", "qa"));
            clock.advance(Duration.ofDays(1));
            llm.complete(LlmRequest.builder().userPrompt("c").cachePolicy(CachePolicy.BYPASS).build());
        }
        LedgerReader reader = new LedgerReader(dir, ZoneOffset.UTC);
        Map<String, LedgerReader.Totals> byAgent = reader.totals(TODAY, TODAY.plusDays(1), UsageRecord::agent);
        assertThat(byAgent).containsOnlyKeys("coder", "qa", "-");
        assertThat(byAgent.get("coder").calls()).isEqualTo(2);
        assertThat(byAgent.get("coder").cacheHits()).isEqualTo(1);
        assertThat(byAgent.get("coder").cost()).isEqualByComparingTo("0.0000615");
        Map<String, LedgerReader.Totals> byDay = reader.totals(TODAY, TODAY.plusDays(1), r -> reader.day(r).toString());
        assertThat(byDay.get("2026-11-28").calls()).isEqualTo(3);
        assertThat(byDay.get("2026-11-29").cost()).isEqualByComparingTo("0.0000615");
        BigDecimal total = byDay.values().stream().map(LedgerReader.Totals::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(total).isEqualByComparingTo("0.000184500");
    }

    @Test
    void everyCallAChildAcknowledgedBeforeSigkillIsInTheLedger(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LedgerChild.class.getName(), dir.toString(), "1000")
                .redirectErrorStream(false).start();
        int acked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                assertThat(line).doesNotStartWith("FAIL");
                if (line.startsWith("ACK ")) {
                    acked = Integer.parseInt(line.substring(4));
                    if (acked == 300) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(acked).isEqualTo(300);
        List<UsageRecord> records = new LedgerReader(dir, ZoneOffset.UTC)
                .records(LocalDate.now(ZoneOffset.UTC).minusDays(1), LocalDate.now(ZoneOffset.UTC).plusDays(1));
        Set<String> tasks = new HashSet<>();
        records.forEach(r -> tasks.add(r.task()));
        for (int i = 0; i <= acked; i++) {
            assertThat(tasks).contains("call-" + i);
        }
        assertThat(records.size()).isGreaterThanOrEqualTo(acked + 1);
    }

    @Test
    void tagsWithLoneSurrogatesControlCharactersAndQuotesAreReadBackExactly(@TempDir Path dir) {
        ScriptedProvider gemini = new ScriptedProvider("gemini").alwaysAnswer("ok", TokenCounts.of(10, 100));
        String agent = "a\uD800b\uDC00";
        String task = "line\nbreak \u0000 \"quoted\" \uD83D\uDE00";
        try (LlmService llm = service(dir, gemini, Map.of())) {
            llm.complete(LlmRequest.builder().userPrompt("q").tags(new RequestTags(agent, task, "p")).build());
        }
        List<UsageRecord> records = new LedgerReader(dir, ZoneOffset.UTC).records(TODAY, TODAY);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.agent()).isEqualTo(agent);
            assertThat(r.task()).isEqualTo(task);
        });
    }
}
