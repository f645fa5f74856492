package io.q2o.llm.redis;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.FinishReason;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Four separate JVMs race through {@code LlmService} against one Redis: the daily call limit, a
 * hard cost budget (also with a provider that bills 3x and 10x the estimated input) and a rate
 * limit hold across all of them.
 */
class MultiProcessTest {
    private static final int CHILDREN = 4;
    private static final int CALLS = 2000;
    private static final int THREADS = 4;

    private static RedisServer server;
    private static Raw raw;

    @BeforeAll
    static void startRedis() throws Exception {
        server = RedisServer.start();
        raw = new Raw(server);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (raw != null) {
            raw.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** What one child printed. */
    private record Report(long reached, BigDecimal cost, Map<String, Integer> outcomes) {
    }

    private static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("EOF " + e);
                }
                lines.add("EOF");
            });
            reader.setDaemon(true);
            reader.start();
        }

        String await(String prefix, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    fail("child did not print " + prefix + " within " + timeout);
                }
                if (line.startsWith("EOF")) {
                    fail("child ended before printing " + prefix);
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        Report report() throws InterruptedException {
            long reached = Long.parseLong(await("REACHED ", Duration.ofMinutes(2)).substring(8));
            BigDecimal cost = new BigDecimal(await("COST ", Duration.ofSeconds(10)).substring(5));
            Map<String, Integer> outcomes = new HashMap<>();
            while (true) {
                String line = await("", Duration.ofSeconds(10));
                if (line.equals("DONE")) {
                    break;
                }
                if (line.startsWith("OUTCOME ")) {
                    String[] p = line.split(" ");
                    outcomes.put(p[1], Integer.parseInt(p[2]));
                }
            }
            return new Report(reached, cost, outcomes);
        }
    }

    /** Starts the children, lets them race together and collects their reports. */
    private static List<Report> race(String clock, String prefix, String... settings) throws Exception {
        return race(CALLS, THREADS, clock, prefix, settings);
    }

    private static List<Report> race(int calls, int threads, String clock, String prefix, String... settings)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Child> children = new ArrayList<>();
        try {
            for (int i = 0; i < CHILDREN; i++) {
                List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                        RaceChild.class.getName(), Integer.toString(calls), Integer.toString(threads), clock,
                        "Q2O_LLM_REDIS_URL=" + server.url(), "Q2O_LLM_REDIS_PREFIX=" + prefix,
                        "Q2O_LLM_REDIS_TIMEOUT_MS=5000"));
                cmd.addAll(List.of(settings));
                children.add(new Child(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start()));
            }
            for (Child c : children) {
                c.await("READY", Duration.ofMinutes(1));
            }
            for (Child c : children) {
                OutputStream out = c.process.getOutputStream();
                out.write("GO\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            List<Report> reports = new ArrayList<>();
            for (Child c : children) {
                reports.add(c.report());
                assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(c.process.exitValue()).isZero();
            }
            return reports;
        } finally {
            for (Child c : children) {
                c.process.destroyForcibly();
            }
        }
    }

    private static long reached(List<Report> reports) {
        return reports.stream().mapToLong(Report::reached).sum();
    }

    private static int outcome(List<Report> reports, String key) {
        return reports.stream().mapToInt(r -> r.outcomes().getOrDefault(key, 0)).sum();
    }

    private static String today() {
        return "day:" + LocalDate.now(ZoneOffset.UTC);
    }

    @Test
    void dailyCallLimitHoldsAcrossFourProcesses() throws Exception {
        List<Report> reports = race("system", "limit:", "Q2O_LLM_DAILY_LIMIT=3000");
        assertThat(reached(reports)).isEqualTo(3000);
        assertThat(outcome(reports, "SUCCESS")).isEqualTo(3000);
        assertThat(outcome(reports, "RATE_LIMITED/daily-limit")).isEqualTo(CHILDREN * CALLS - 3000);
        assertThat(raw.redis().hget("limit:usage:" + today(), "calls")).isEqualTo("3000");
        // every child got a share: they really raced
        assertThat(reports).allSatisfy(r -> assertThat(r.reached()).isPositive());
    }

    @Test
    void hardCostBudgetIsNeverExceededAcrossFourProcesses() throws Exception {
        // each call: 1 input token + up to 500 output tokens of gemini-2.0-flash (at most $0.0002001), reserved
        // beforehand at an upper bound; near the end the budget lowers a call's max tokens to what is left,
        // so later calls cost less, and the actual cost never exceeds the reservation
        BigDecimal limit = new BigDecimal("0.5");
        List<Report> reports = race("system", "budget:", "Q2O_LLM_DAILY_LIMIT=0", "Q2O_LLM_DAILY_COST_LIMIT=0.5",
                "Q2O_LLM_MONTHLY_BUDGET=100", "Q2O_LLM_MAX_TOKENS=500");
        long reached = reached(reports);
        BigDecimal spent = reports.stream().map(Report::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        String day = "budget:usage:" + today();
        BigDecimal inRedis = new BigDecimal(raw.redis().hget(day, "cost"));
        assertThat(spent).isLessThanOrEqualTo(new BigDecimal("0.0002001").multiply(BigDecimal.valueOf(reached)));
        assertThat(inRedis).as("Redis holds the exact sum").isEqualByComparingTo(spent);
        assertThat(inRedis).isLessThanOrEqualTo(limit);
        // the budget is used up to less than one worst-case reservation per racing thread
        assertThat(limit.subtract(inRedis)).isLessThan(new BigDecimal("0.0003").multiply(BigDecimal.valueOf(CHILDREN * THREADS)));
        assertThat(outcome(reports, "BUDGET_EXCEEDED/budget")).isEqualTo(CHILDREN * CALLS - (int) reached);
        assertThat(raw.redis().hget(day, "reserved")).isEqualTo("0");
        assertThat(raw.redis().zcard(day + ":res")).isZero();
        String month = "budget:usage:month:" + today().substring(4, 11);
        assertThat(new BigDecimal(raw.redis().hget(month, "cost"))).isEqualByComparingTo(spent);
    }

    @ParameterizedTest(name = "provider reports {0}x the estimated input tokens")
    @ValueSource(ints = {3, 10})
    void aBudgetHoldsExactlyAcrossFourProcessesWhateverTheProviderCountsAsInput(int factor) throws Exception {
        // 4 JVMs x 16 threads, each call about 1 KB of prompt; the provider bills factor x the library's
        // o200k estimate of the input (about 2,300 tokens at 10x) and the full max tokens as output
        int calls = 500;
        int threads = 16;
        BigDecimal limit = new BigDecimal("0.25");
        String prefix = "factor" + factor + ":";
        List<Report> reports = race(calls, threads, "system", prefix, "INPUT_FACTOR=" + factor,
                "Q2O_LLM_DAILY_LIMIT=100000", "Q2O_LLM_DAILY_COST_LIMIT=" + limit, "Q2O_LLM_MAX_TOKENS=500");
        long reached = reached(reports);
        BigDecimal billed = reports.stream().map(Report::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        String day = prefix + "usage:" + today();
        BigDecimal inRedis = new BigDecimal(raw.redis().hget(day, "cost"));
        assertThat(outcome(reports, "BUDGET_EXCEEDED/budget")).as("the budget ran out").isPositive();
        assertThat(reached).isEqualTo(outcome(reports, "SUCCESS"));
        assertThat(inRedis).as("Redis holds what the provider billed").isEqualByComparingTo(billed);
        assertThat(billed).as("overshoot is exactly $0").isLessThanOrEqualTo(limit);
        // the budget is used up to less than one worst-case reservation per racing thread
        // (input bound 4 x ~1,000 bytes at $0.10/M + 500 output tokens at $0.40/M < $0.0007)
        assertThat(limit.subtract(billed)).isLessThan(new BigDecimal("0.0007").multiply(BigDecimal.valueOf(4L * threads)));
        assertThat(raw.redis().hget(day, "reserved")).isEqualTo("0");
        assertThat(Long.parseLong(raw.redis().hget(day, "calls"))).as("calls refused by the budget are not counted")
                .isEqualTo(reached);
    }

    @Test
    void rateLimitHoldsAcrossFourProcessesAndRefillsByTheClock() throws Exception {
        // every child's clock stands still at the same instant: no refill, so exactly the capacity gets through
        Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
        List<Report> reports = race(t0.toString(), "rate:", "Q2O_LLM_DAILY_LIMIT=0", "GEMINI_RPM=300",
                "Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS=0");
        assertThat(reached(reports)).isEqualTo(300);
        assertThat(outcome(reports, "RATE_LIMITED/rate-limiter")).isEqualTo(CHILDREN * CALLS - 300);

        // 30 s later by a test clock, another process finds half a minute's refill: 150 calls
        TestClock clock = new TestClock(t0.plusSeconds(30));
        LlmConfig config = LlmConfig.builder().isolated().environment(Map.of("Q2O_LLM_PRIMARY", "gemini",
                "Q2O_LLM_FALLBACK", "none", "Q2O_LLM_CACHE_ENABLED", "false", "Q2O_LLM_DAILY_LIMIT", "0",
                "GEMINI_RPM", "300", "Q2O_LLM_RATE_LIMIT_MAX_WAIT_MS", "0", "Q2O_LLM_REDIS_URL", server.url(),
                "Q2O_LLM_REDIS_PREFIX", "rate:")).build();
        ScriptedProvider gemini = new ScriptedProvider("gemini").byDefault(r ->
                new ProviderResponse("ok", r.model(), FinishReason.STOP, TokenCounts.of(1, 1)));
        try (LlmService llm = LlmService.builder().config(config).clock(clock)
                .provider(gemini, List.of("gemini-2.0-flash")).build()) {
            int ok = 0;
            for (int i = 0; i < 200; i++) {
                LlmResponse r = llm.complete(LlmRequest.builder().userPrompt("later " + i).build());
                ok += r.success() ? 1 : 0;
            }
            assertThat(ok).isEqualTo(150);
            assertThat(gemini.calls()).isEqualTo(150);
        }
    }
}
