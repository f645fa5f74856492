package io.q2o.llm.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a JMH JSON result of this suite ({@code -rf json -rff FILE}) into the Markdown tables of
 * docs/BENCHMARKS.md, ratio columns included. With the run's console log as a second argument it
 * adds the peak thread counts the concurrency benchmark prints.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.q2o.llm.bench.Report RESULT.json [RUN.log]</pre>
 */
public final class Report {
    private static final Pattern THREADS = Pattern.compile(
            "\\[threads] (\\w+) inFlight=(\\d+) okHttpMaxRequests=(\\S+): peak live threads (\\d+) \\((\\d+) before[^;]*; at most (\\d+) requests waited");

    private final Map<String, JsonNode> byKey = new HashMap<>();
    private final Map<String, String> threads = new HashMap<>();

    private Report(JsonNode results, String log) {
        for (JsonNode r : results) {
            String name = r.get("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(name);
            JsonNode params = r.get("params");
            if (params != null) {
                params.fields().forEachRemaining(e -> key.append(';').append(e.getKey()).append('=').append(e.getValue().asText()));
            }
            byKey.put(key.toString(), r);
        }
        if (log != null) {
            Matcher m = THREADS.matcher(log);
            while (m.find()) {
                threads.put(m.group(1) + ";" + m.group(2) + ";" + m.group(3), m.group(4) + " (" + m.group(5) + " before) | " + m.group(6));
            }
        }
    }

    /**
     * @param args the JSON result file, optionally the console log
     * @throws IOException if a file cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Report RESULT.json [RUN.log]");
            System.exit(2);
        }
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        String log = args.length > 1 ? Files.readString(Path.of(args[1])) : null;
        System.out.print(new Report(results, log).markdown());
    }

    private double score(String key) {
        JsonNode r = byKey.get(key);
        return r == null ? Double.NaN : r.get("primaryMetric").get("score").asDouble();
    }

    private String withError(String key, String format) {
        JsonNode r = byKey.get(key);
        if (r == null) {
            return "–";
        }
        JsonNode m = r.get("primaryMetric");
        double error = m.get("scoreError").asDouble();
        String s = String.format(Locale.ROOT, format, m.get("score").asDouble());
        return Double.isNaN(error) ? s : s + " ± " + String.format(Locale.ROOT, format, error);
    }

    private static String f(String format, double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
    }

    private String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("### 1. Overhead per call (µs per blocking call, one thread, stub answers at once)\n\n");
        sb.append("| provider | Q2O `complete` | raw SDK (sync) | raw SDK (async, joined) | LangChain4j "
                + "| Q2O − raw sync | Q2O / raw sync | Q2O / raw async | LangChain4j / raw sync |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String[] row : new String[][] {{"OverheadBenchmark", "openAi", "OpenAI"},
                {"OverheadBenchmark", "anthropic", "Anthropic"},
                {"CommonPoolOverheadBenchmark", "openAi", "OpenAI, common pool 2"},
                {"CommonPoolOverheadBenchmark", "anthropic", "Anthropic, common pool 2"}}) {
            String prefix = row[0] + "." + row[1];
            double q = score(prefix + "Q2o");
            double raw = score(prefix + "RawSdk");
            double async = score(prefix + "RawSdkAsync");
            double lc = score(prefix + "LangChain4j");
            sb.append("| ").append(row[2])
                    .append(" | ").append(withError(prefix + "Q2o", "%.1f"))
                    .append(" | ").append(withError(prefix + "RawSdk", "%.1f"))
                    .append(" | ").append(withError(prefix + "RawSdkAsync", "%.1f"))
                    .append(" | ").append(withError(prefix + "LangChain4j", "%.1f"))
                    .append(" | ").append(f("%+.1f", q - raw))
                    .append(" | ").append(f("%.2f", q / raw))
                    .append(" | ").append(f("%.2f", q / async))
                    .append(" | ").append(f("%.2f", lc / raw)).append(" |\n");
        }
        sb.append("\nLibrary alone (`complete` on an in-memory provider, no HTTP): ")
                .append(withError("OverheadBenchmark.libraryOnly", "%.2f")).append(" µs per call.\n\n");

        sb.append("### 2. Cache hits (OpenAI adapter behind the cache)\n\n");
        sb.append("| prompt | hit latency, 1 thread (µs) | hits/s, 2 threads | µs per hit at 2 threads (2 / rate) |\n");
        sb.append("|---|---|---|---|\n");
        for (String b : new String[] {"1024", "8192", "65536"}) {
            double rate = score("CacheBenchmark.hitsPerSecond2Threads;promptBytes=" + b);
            sb.append("| ").append(Integer.parseInt(b) / 1024).append(" KB | ")
                    .append(withError("CacheBenchmark.hit;promptBytes=" + b, "%.2f")).append(" | ")
                    .append(withError("CacheBenchmark.hitsPerSecond2Threads;promptBytes=" + b, "%,.0f")).append(" | ")
                    .append(f("%.2f", 2e6 / rate)).append(" |\n");
        }

        sb.append("\n### 3. Concurrency (closed loop, stub answers after 50 ms)\n\n");
        sb.append("| client | in flight | OkHttp max requests | calls/s | ideal (N / 0.05 s) | % of ideal | peak live threads | most requests waiting at the stub at once |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (String cls : new String[] {"ConcurrencyBenchmark", "CommonPoolConcurrencyBenchmark",
                "StubCeilingConcurrencyBenchmark"}) {
        for (String okHttp : cls.startsWith("Common") ? new String[] {"default", "4096"} : new String[] {"default"}) {
            for (String n : new String[] {"64", "512", "2048"}) {
                String key = cls + ".call;inFlight=" + n + (cls.startsWith("Common") ? ";okHttpMaxRequests=" + okHttp : "");
                double ideal = Integer.parseInt(n) / 0.05;
                sb.append("| ").append(cls.startsWith("Common") ? "Q2O, common pool 2"
                        : cls.startsWith("Stub") ? "bare OkHttp (stub ceiling)" : "Q2O, default JVM").append(" | ").append(n).append(" | ").append(cls.startsWith("Stub") ? "4096" : okHttp.equals("default") ? "64 (as shipped)" : okHttp)
                        .append(" | ").append(withError(key, "%,.0f"))
                        .append(" | ").append(f("%,.0f", ideal))
                        .append(" | ").append(f("%.1f %%", 100 * score(key) / ideal))
                        .append(" | ").append(threads.getOrDefault(cls + ";" + n + ";" + okHttp, "see log | see log")).append(" |\n");
            }
        }
        }

        sb.append("\n### 4. Bookkeeping under contention (64 threads, totals over all threads)\n\n");
        sb.append("| call | calls/s | ns per call (1e9 / rate) |\n|---|---|---|\n");
        for (String op : new String[] {"wholeCallLibraryOnly", "wholeCallWithBudget", "wholeCallTagged"}) {
            String key = "BookkeepingBenchmark." + op;
            sb.append("| `").append(op).append("` | ").append(withError(key, "%,.0f")).append(" | ")
                    .append(f("%.0f", 1e9 / score(key))).append(" |\n");
        }

        sb.append("\n### 5. Coder agent (one thread)\n\n");
        sb.append("| step | µs per operation |\n|---|---|\n");
        sb.append("| render `fastapi_endpoint` (5 fields) | ")
                .append(withError("CoderAgentBenchmark.renderTemplate", "%.1f")).append(" |\n");
        sb.append("| validate a 1,000-line Python file | ")
                .append(withError("CoderAgentBenchmark.validatePython", "%.1f")).append(" |\n");
        return sb.toString();
    }
}
