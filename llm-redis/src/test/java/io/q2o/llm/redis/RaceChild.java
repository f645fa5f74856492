package io.q2o.llm.redis;

import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
import io.q2o.llm.internal.RequestText;
import io.q2o.llm.internal.TokenEstimator;
import io.q2o.llm.spi.ProviderResponse;
import io.q2o.llm.testkit.ScriptedProvider;
import io.q2o.llm.testkit.TestClock;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A separate JVM for {@link MultiProcessTest}: builds an {@code LlmService} whose shared state is
 * found through ServiceLoader from {@code Q2O_LLM_REDIS_URL}, with a scripted "gemini" provider
 * that answers every call with 1 input token and {@code maxTokens} output tokens. Prints
 * {@code READY}, waits for {@code GO} on stdin (so all children race together), makes its calls
 * from several threads and prints {@code REACHED n} (calls that reached the provider),
 * {@code COST x} (exact sum of the successful calls' costs), {@code OUTCOME kind/code n} lines
 * and {@code DONE}.
 *
 * <p>Arguments: calls, threads, clock ({@code system} or an ISO instant that stays fixed), then
 * {@code NAME=value} settings. The pseudo-setting {@code INPUT_FACTOR=n} makes each call send a
 * report of about 1 KB and the provider report {@code n} times the input tokens the library
 * estimates for it (jtokkit {@code o200k_base} over everything the request sends) — a provider
 * whose tokenizer counts differently.
 */
public final class RaceChild {
    private RaceChild() {
    }

    /**
     * @param args calls, threads, clock, settings
     * @throws Exception on failure (the parent sees a non-zero exit)
     */
    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        Clock clock = args[2].equals("system") ? Clock.systemUTC() : new TestClock(Instant.parse(args[2]));
        Map<String, String> env = new HashMap<>(Map.of("Q2O_LLM_PRIMARY", "gemini", "Q2O_LLM_FALLBACK", "none",
                "Q2O_LLM_CACHE_ENABLED", "false", "Q2O_LLM_MAX_RETRIES", "0"));
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            env.put(kv[0], kv[1]);
        }
        String factorArg = env.remove("INPUT_FACTOR");
        int factor = factorArg == null ? 0 : Integer.parseInt(factorArg);
        LlmConfig config = LlmConfig.builder().isolated().environment(env).build();
        TokenEstimator estimator = new TokenEstimator();
        ScriptedProvider gemini = new ScriptedProvider("gemini").byDefault(r -> {
            long input = factor == 0 ? 1 : factor * estimator.count(RequestText.forEstimate(
                    LlmRequest.builder().systemPrompt(r.systemPrompt()).userPrompt(r.userPrompt()).build()));
            return new ProviderResponse("ok", r.model(), FinishReason.STOP, TokenCounts.of(input, r.maxTokens()));
        });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (LlmService llm = LlmService.builder().config(config).clock(clock)
                .provider(gemini, List.of("gemini-2.0-flash")).build()) {
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            if (!"GO".equals(line)) {
                throw new IllegalStateException("expected GO, got " + line);
            }
            List<Future<List<LlmResponse>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<LlmResponse> out = new ArrayList<>();
                    for (int i = thread; i < calls; i += threads) {
                        out.add(llm.complete(LlmRequest.builder().userPrompt(factor == 0 ? "call " + i : report(i)).build()));
                    }
                    return out;
                }));
            }
            Map<String, Integer> outcomes = new TreeMap<>();
            BigDecimal cost = BigDecimal.ZERO;
            for (Future<List<LlmResponse>> f : futures) {
                for (LlmResponse r : f.get()) {
                    String key = r.success() ? "SUCCESS" : r.error().kind() + "/" + r.error().code();
                    outcomes.merge(key, 1, Integer::sum);
                    if (r.success()) {
                        cost = cost.add(r.usage().totalCost().orElseThrow());
                    }
                }
            }
            System.out.println("REACHED " + gemini.calls());
            System.out.println("COST " + cost.toPlainString());
            outcomes.forEach((k, v) -> System.out.println("OUTCOME " + k + " " + v));
        } finally {
            pool.shutdownNow();
        }
        System.out.println("DONE");
        System.out.flush();
        System.exit(0);
    }

    /** About 1 KB of English with figures, different for every call. */
    private static String report(int i) {
        StringBuilder sb = new StringBuilder("Summarise the quarterly report " + i + " for the board, with every "
                + "figure and its source.\n");
        for (int q = 1; q <= 4; q++) {
            sb.append("Quarter ").append(q).append(": revenue rose to $").append(1_000 + 37 * i + q)
                    .append(" thousand while operating costs were ").append(400 + 11 * q).append(" thousand; the "
                    + "regional teams reported steady demand and two new customers in the north.\n");
        }
        return sb.toString();
    }
}
