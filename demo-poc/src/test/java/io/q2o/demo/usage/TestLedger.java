package io.q2o.demo.usage;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A usage ledger written line by line as JSON, the way llm-core's {@code UsageLedger} stores calls,
 * but without using it; and the totals the report must show, computed from the same list of calls
 * with plain streams (not with the SDK's reader or the report's code).
 */
final class TestLedger {
    static final LocalDate TODAY = LocalDate.of(2026, 2, 10);
    static final String XSS = "<script>alert(1)</script>";

    /** One call as the test knows it. {@code cost} null = unknown price. */
    record Call(String id, Instant start, String provider, String model, String agent, long in, long out,
                BigDecimal cost, boolean cacheHit, boolean dryRun, boolean failed, String errorKind) {
        LocalDate day(ZoneId zone) {
            return LocalDate.ofInstant(start, zone);
        }

        boolean billed() {
            return !failed && !cacheHit;
        }
    }

    /** Expected totals of a group. */
    record Expected(long calls, long in, long out, BigDecimal cost, long cacheHits, long failures) {
        static final Expected ZERO = new Expected(0, 0, 0, BigDecimal.ZERO, 0, 0);

        static Expected of(Call c) {
            return new Expected(1, c.billed() ? c.in() : 0, c.billed() ? c.out() : 0,
                    c.cost() == null ? BigDecimal.ZERO : c.cost(), c.cacheHit() ? 1 : 0, c.failed() ? 1 : 0);
        }

        Expected plus(Expected o) {
            return new Expected(calls + o.calls, in + o.in, out + o.out, cost.add(o.cost), cacheHits + o.cacheHits,
                    failures + o.failures);
        }

        String hitRate() {
            return String.format(Locale.ROOT, "%.1f%%", calls == 0 ? 0.0 : 100.0 * cacheHits / calls);
        }
    }

    private static final String[][] MODELS = {
            // provider, model, USD per 1M input, per 1M output
            {"gemini", "gemini-2.5-pro", "1.25", "10.00"},
            {"gemini", "gemini-2.5-flash", "0.30", "2.50"},
            {"openai", "gpt-4o", "2.50", "10.00"},
            {"openai", "gpt-4o-mini", "0.15", "0.60"},
            {"anthropic", "claude-sonnet-4", "3.00", "15.00"},
    };
    private static final String[] AGENTS = {"coder_main", "coder_main", "coder_main", "researcher_main", "reviewer",
            "planner", null};
    private static final String[] ERRORS = {"RATE_LIMITED", "TIMEOUT", "SERVER_ERROR", "OVERLOADED"};

    private TestLedger() {
    }

    /**
     * Calls on every day from 2025-12-20 to 2026-02-11 (a day after {@link #TODAY}), several providers,
     * models and agents, cache hits, failures, one unknown price and one dry run.
     *
     * @return the calls, deterministic
     */
    static List<Call> standard() {
        Random rnd = new Random(20260210);
        List<Call> calls = new ArrayList<>();
        int n = 0;
        for (LocalDate d = LocalDate.of(2025, 12, 20); !d.isAfter(TODAY.plusDays(1)); d = d.plusDays(1)) {
            int perDay = 3 + rnd.nextInt(7) + (d.getDayOfWeek().getValue() >= 6 ? -2 : 2);
            for (int i = 0; i < perDay; i++) {
                n++;
                String[] m = MODELS[rnd.nextInt(MODELS.length)];
                String agent = AGENTS[rnd.nextInt(AGENTS.length)];
                Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600L * (1 + rnd.nextInt(22))
                        + rnd.nextInt(3600));
                long in = 400 + rnd.nextInt(4000);
                long out = 200 + rnd.nextInt(3000);
                int kind = rnd.nextInt(100);
                if (kind < 9) {   // failure: no model answered, nothing billed
                    calls.add(new Call("c" + n, start, m[0], kind < 3 ? "" : m[1], agent, 0, 0, BigDecimal.ZERO, false,
                            false, true, ERRORS[rnd.nextInt(ERRORS.length)]));
                } else if (kind < 24) {   // cache hit: tokens of the stored answer, $0
                    calls.add(new Call("c" + n, start, m[0], m[1], agent, in, out, BigDecimal.ZERO, true, false, false, null));
                } else {
                    BigDecimal cost = new BigDecimal(m[2]).multiply(BigDecimal.valueOf(in))
                            .add(new BigDecimal(m[3]).multiply(BigDecimal.valueOf(out)))
                            .divide(BigDecimal.valueOf(1_000_000));
                    calls.add(new Call("c" + n, start, m[0], m[1], agent, in, out, cost, false, false, false, null));
                }
            }
        }
        LocalDate yesterday = TODAY.minusDays(1);
        calls.add(new Call("unpriced", yesterday.atTime(12, 0).toInstant(ZoneOffset.UTC), "openai", "my-finetune",
                "coder_main", 1200, 800, null, false, false, false, null));
        calls.add(new Call("dry", TODAY.atTime(8, 0).toInstant(ZoneOffset.UTC), "gemini", "gemini-2.5-pro", "coder_main",
                1000, 8192, BigDecimal.ZERO, false, true, false, null));
        return calls;
    }

    /** Agent and model names that would run script or add markup if a page did not escape them. */
    static final List<String> HOSTILE_NAMES = List.of(XSS,
            "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
            "</script><script>document.body.setAttribute('data-pwned','json')</script>",
            "\"><svg onload=\"document.body.setAttribute('data-pwned','attr')\">",
            "Tom & Jerry's \"agent\" &amp; co");

    /**
     * @return calls three days before {@link #TODAY} by agents with {@link #HOSTILE_NAMES}, one of
     *         them through a model with markup in its name, and one failed call with such an agent
     */
    static List<Call> hostile() {
        List<Call> calls = new ArrayList<>();
        Instant at = TODAY.minusDays(3).atTime(9, 30).toInstant(ZoneOffset.UTC);
        for (int i = 0; i < HOSTILE_NAMES.size(); i++) {
            calls.add(new Call("x" + i, at.plusSeconds(i), "gemini", i == 1 ? "gemini-<b>bold</b>" : "gemini-2.5-flash",
                    HOSTILE_NAMES.get(i), 700, 300, new BigDecimal("0.00096").add(BigDecimal.valueOf(i, 6)), false,
                    false, false, null));
        }
        calls.add(new Call("x-failed", at.plusSeconds(60), "openai", "", XSS, 0, 0, BigDecimal.ZERO, false, false,
                true, "TIMEOUT"));
        return calls;
    }

    /**
     * Writes the calls as JSON lines, one file per UTC day, in call order.
     *
     * @param dir   the ledger folder (created)
     * @param calls the calls
     */
    static void write(Path dir, List<Call> calls) throws IOException {
        Files.createDirectories(dir);
        for (Call c : calls) {
            Path f = dir.resolve("usage-" + c.day(ZoneOffset.UTC) + ".jsonl");
            Files.writeString(f, json(c) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /** Appends a line cut mid-write (a crash) to the file of a day. */
    static void tornLine(Path dir, LocalDate day) throws IOException {
        Files.writeString(dir.resolve("usage-" + day + ".jsonl"),
                "{\"id\":\"torn\",\"start\":\"" + day + "T23:59:59Z\",\"duration_ms\":12,\"provider\":\"gem",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static String json(Call c) {
        BigDecimal inCost = c.cost() == null || c.cacheHit() || c.failed() || c.dryRun() ? null : c.cost();
        return "{\"id\":" + str(c.id()) + ",\"start\":\"" + c.start() + "\",\"duration_ms\":" + (c.in() / 3)
                + ",\"provider\":" + str(c.provider()) + ",\"model\":" + str(c.model())
                + ",\"input_tokens\":" + c.in() + ",\"output_tokens\":" + c.out()
                + ",\"cached_input_tokens\":0,\"cache_write_input_tokens\":0,\"reasoning_tokens\":0"
                + ",\"input_cost\":" + (inCost == null ? "null" : "0") + ",\"output_cost\":"
                + (inCost == null ? "null" : inCost.toPlainString())
                + ",\"cost\":" + (c.cost() == null ? "null" : c.cost().toPlainString())
                + ",\"agent\":" + str(c.agent()) + ",\"task\":\"task-1\",\"project\":null"
                + ",\"cache_hit\":" + c.cacheHit() + ",\"simulated\":" + c.dryRun()
                + ",\"counted\":" + !(c.cacheHit() || c.dryRun())
                + ",\"outcome\":\"" + (c.failed() ? "failure" : "success") + "\""
                + ",\"error_kind\":" + str(c.errorKind()) + ",\"attempts\":1}";
    }

    private static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    /**
     * @param calls the calls
     * @param from  first day
     * @param to    last day
     * @param zone  zone of the days
     * @param key   grouping ("-" for empty or null)
     * @return expected totals by key, dry runs left out
     */
    static Map<String, Expected> expected(List<Call> calls, LocalDate from, LocalDate to, ZoneId zone,
                                          Function<Call, String> key) {
        Map<String, Expected> out = new TreeMap<>();
        calls.stream().filter(in(from, to, zone)).filter(c -> !c.dryRun()).forEach(c -> {
            String k = key.apply(c);
            out.merge(k == null || k.isEmpty() ? "-" : k, Expected.of(c), Expected::plus);
        });
        return out;
    }

    static Expected total(List<Call> calls, LocalDate from, LocalDate to, ZoneId zone) {
        return expected(calls, from, to, zone, c -> "all").getOrDefault("all", Expected.ZERO);
    }

    static Predicate<Call> in(LocalDate from, LocalDate to, ZoneId zone) {
        return c -> !c.day(zone).isBefore(from) && !c.day(zone).isAfter(to);
    }
}
