package io.q2o.llm.redis;

import io.q2o.llm.FinishReason;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.TokenCounts;
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
 * {@code NAME=value} settings.
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
        LlmConfig config = LlmConfig.builder().isolated().environment(env).build();
        ScriptedProvider gemini = new ScriptedProvider("gemini").byDefault(r ->
                new ProviderResponse("ok", r.model(), FinishReason.STOP, TokenCounts.of(1, r.maxTokens())));
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
                        out.add(llm.complete(LlmRequest.builder().userPrompt("call " + i).build()));
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
}
