package io.q2o.demo.docs;

import io.q2o.coder.CodeComponent;
import io.q2o.coder.CoderAgent;
import io.q2o.coder.ComponentResult;
import io.q2o.coder.Language;
import io.q2o.coder.Task;
import io.q2o.coder.TaskResult;
import io.q2o.llm.CachePolicy;
import io.q2o.llm.CostAlert;
import io.q2o.llm.ErrorKind;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmException;
import io.q2o.llm.LlmListener;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.RequestTags;
import io.q2o.llm.UsageStats;
import io.q2o.llm.config.BudgetConfig;
import io.q2o.llm.config.ProviderSettings;
import io.q2o.llm.config.RetryConfig;
import io.q2o.llm.opentelemetry.LlmTracing;
import io.q2o.llm.usage.LedgerReader;
import io.q2o.llm.usage.UsageRecord;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The Java examples of docs/LLM_USAGE_GUIDE.md and docs/LLM_COST_MONITORING.md. Each region
 * between {@code // [name]} and {@code // [/name]} appears verbatim in a doc (checked by
 * {@code DocSnippetsTest}) and is run against the replay server by {@code UsageGuideExamplesTest}.
 */
public final class UsageGuideExamples {

    private UsageGuideExamples() {
    }

    /** Creates and closes a service configured from the environment, .env and config files (compiled, not run). */
    static void create() {
        // [create]
        LlmService llm = LlmService.fromEnvironment();   // keys from the environment or .env
        // ... use it from any thread, then:
        llm.close();                                     // or try-with-resources
        // [/create]
    }

    /** The README's first call (compiled, not run: it reads the real environment). */
    static void readme() {
        // [readme]
        try (LlmService llm = LlmService.fromEnvironment()) {
            LlmResponse r = llm.complete(LlmRequest.of("You are a senior Python reviewer.", "Review: def add(a, b): return a + b"));
            if (r.success()) {
                System.out.println(r.content());
                System.out.println(r.usage().totalCost().map(c -> "$" + c.toPlainString()).orElse("cost unknown"));
            } else {
                System.err.println(r.error());   // typed: KIND[code] (provider): message
            }
        }
        // [/readme]
    }

    /** Typed setters and the per-concern settings of docs/LLM_SETUP_GUIDE.md (compiled, not run: it reads the environment). */
    static List<Object> typedConfig() {
        // [typed-config]
        LlmConfig config = LlmConfig.builder()
                .primary("openai").fallbacks(List.of("anthropic"))
                .maxRetries(3).timeout(Duration.ofSeconds(30)).requestTimeout(Duration.ofSeconds(10))
                .dailyCostLimit(new BigDecimal("5.00")).cacheTtl(Duration.ofDays(7))
                .maxConcurrentRequests("openai", 128)
                .build();                                      // maxRetries(-1) would throw ConfigException at once
        RetryConfig retry = config.retry();                    // maxRetries=3, initialDelay=PT0.5S, maxDelay=PT20S, retryAfterCap=PT30S
        BudgetConfig budget = config.budget();                 // daily call limit, cost alert, daily/monthly budget, time zone
        ProviderSettings openai = config.provider("openai");   // models, temperature, base URL, RPM, TPM, max concurrent requests
        // [/typed-config]
        return List.of(retry, budget, openai);
    }

    /** @param config a configuration @return a service with it */
    static LlmService createWithConfig(LlmConfig config) {
        // [create-config]
        LlmService llm = LlmService.builder()
                .config(config)                 // LlmConfig.builder().set("Q2O_LLM_PRIMARY", "openai").build()
                .listener(LlmListener.onCostAlert(alert -> System.err.println("LLM spend today: $" + alert.dailyCost())))
                .build();
        // [/create-config]
        return llm;
    }

    static String sync(LlmService llm) {
        // [sync]
        LlmResponse r = llm.complete(LlmRequest.builder()
                .systemPrompt("You are a senior Python reviewer.")
                .userPrompt("Review: def add(a, b): return a + b")
                .temperature(0.2)
                .maxTokens(512)
                .build());
        if (r.success()) {
            System.out.println(r.content());
            System.out.println(r.provider() + "/" + r.model() + ": " + r.usage().inputTokens() + " in, "
                    + r.usage().outputTokens() + " out, $"
                    + r.usage().totalCost().map(BigDecimal::toPlainString).orElse("unknown"));
        } else {
            System.err.println(r.error());   // KIND[code] (provider): message
        }
        // [/sync]
        return r.content();
    }

    static String plan(LlmService llm) {
        // [plan-call]
        // the plan's signature: system, user, temperature, max tokens, provider (null = primary)
        LlmResponse r = llm.complete("You are terse.", "Say hello", 0.7, 256, null);
        String text = r.orThrow().content();   // LlmException carrying the typed error on failure
        // [/plan-call]
        return text;
    }

    static List<String> async(LlmService llm) {
        // [async]
        List<CompletableFuture<LlmResponse>> calls = new ArrayList<>();
        for (String file : List.of("models.py", "views.py", "tests.py")) {
            calls.add(llm.completeAsync(LlmRequest.of("You review Python.", "Review " + file)));
        }
        // the futures never complete exceptionally: failures are responses with success() == false
        List<String> reviews = calls.stream()
                .map(CompletableFuture::join)
                .map(r -> r.success() ? r.content() : "failed: " + r.error().message())
                .collect(Collectors.toList());
        // [/async]
        return reviews;
    }

    static LlmResponse streaming(LlmService llm) {
        // [streaming]
        StringBuilder shown = new StringBuilder();
        CompletableFuture<LlmResponse> done = llm.stream(
                LlmRequest.of("You write Python.", "Write a FastAPI health endpoint"),
                chunk -> {                     // called on a library thread, in order
                    shown.append(chunk);
                    System.out.print(chunk);
                });
        LlmResponse r = done.join();         // the full text, usage and cost
        if (!r.success() && r.partial()) {
            System.err.println("stream broke after " + r.content().length() + " chars: " + r.error().message());
        }
        // [/streaming]
        return r;
    }

    static LlmResponse tags(LlmService llm) {
        // [tags]
        LlmResponse r = llm.complete(LlmRequest.builder()
                .userPrompt("Summarise the research notes")
                .tags(new RequestTags("researcher_main", "task-42", "project-7"))   // agent, task, project
                .build());
        UsageStats.Breakdown mine = llm.usageStats().byAgent().get("researcher_main");
        System.out.println("researcher: " + mine.calls() + " calls, $" + mine.cost().toPlainString());
        // [/tags]
        return r;
    }

    static LlmResponse budgets(LlmService llm) {
        // [budgets]
        // Q2O_LLM_DAILY_COST_LIMIT=5.00 and/or Q2O_LLM_MONTHLY_BUDGET=100.00 set hard budgets;
        // a call that could push spend past them is refused before it is sent
        LlmResponse r = llm.complete(LlmRequest.of("You write Python.", "Write a CSV parser"));
        if (!r.success() && r.error().kind() == ErrorKind.BUDGET_EXCEEDED) {
            System.err.println("Over budget, using the template instead: " + r.error().message());
        } else if (!r.success() && "daily-limit".equals(r.error().code())) {
            System.err.println("Q2O_LLM_DAILY_LIMIT reached: " + r.error().message());
        }
        // [/budgets]
        return r;
    }

    static LlmResponse cacheBypass(LlmService llm) {
        // [cache-bypass]
        LlmRequest fresh = LlmRequest.builder()
                .userPrompt("Give me three new test ideas")
                .temperature(1.0)
                .cachePolicy(CachePolicy.BYPASS)    // always call the provider, store nothing
                .build();
        LlmRequest once = LlmRequest.builder()
                .userPrompt("Explain this stack trace: ...")
                .cachePolicy(CachePolicy.NO_STORE)  // may use a cached answer, never stores this one
                .build();
        LlmResponse r = llm.complete(fresh);
        boolean cached = llm.complete(once).cacheHit();   // a hit costs exactly $0
        // [/cache-bypass]
        System.out.println("cached: " + cached);
        return r;
    }

    static LlmResponse code(LlmService llm) {
        // [code]
        LlmResponse r = llm.generateCode(
                "Create Stripe webhook endpoint: verify the signature, handle payment_intent.succeeded",
                List.of("FastAPI", "Stripe", "Pydantic"),
                Map.of("stripe_docs", "construct_event(payload, sig_header, secret)"),   // research context, or null
                0.3,
                "python");
        // or build the request and add tags / a cache policy before sending it:
        LlmRequest request = llm.codeRequest("Create a Pydantic model for an invoice", List.of("Pydantic"),
                null, 0.3, "python").tags(RequestTags.agent("coder_main")).build();
        LlmResponse model = llm.complete(request);
        // [/code]
        System.out.println(model.success());
        return r;
    }

    static String errors(LlmService llm) {
        // [errors]
        try {
            return llm.complete(LlmRequest.of("", "Say hello")).orThrow().content();
        } catch (LlmException e) {
            switch (e.error().kind()) {
                case AUTHENTICATION:   // a key is missing or wrong: the message names the variable
                case NO_PROVIDER:      // no provider has a key
                    throw new IllegalStateException("fix the configuration: " + e.error().message(), e);
                default:               // rate limits, outages, budgets: degrade gracefully
                    return "";
            }
        }
        // [/errors]
    }

    static UsageStats stats(LlmService llm) {
        // [stats]
        UsageStats s = llm.usageStats();
        System.out.printf("calls %d (%d ok, %d failed, %d cache hits, %.0f%% hit rate)%n",
                s.totalCalls(), s.successfulCalls(), s.failedCalls(), s.cacheHits(), 100 * s.cacheHitRate());
        System.out.println("cost since start $" + s.totalCost().toPlainString()
                + ", today $" + s.dailyCost().toPlainString() + " in " + s.dailyCalls() + " calls"
                + ", this month $" + s.monthlyCost().toPlainString());
        s.byModel().forEach((model, b) -> System.out.println(model + ": " + b.calls() + " calls, "
                + b.inputTokens() + " in / " + b.outputTokens() + " out tokens, $" + b.cost().toPlainString()));
        if (s.unknownCostCalls() > 0) {
            System.out.println(s.unknownCostCalls() + " calls used models without a price in config/llm_config.json");
        }
        // [/stats]
        return s;
    }

    static TaskResult coderAgent(LlmService llm, Path projectDir) {
        // [coder-agent]
        CoderAgent coder = CoderAgent.builder()
                .llm(llm)                          // null: template-only mode
                .outputRoot(projectDir)            // nothing is ever written outside it
                .build();
        Task task = Task.builder().id("task-17").title("Stripe payments integration")
                .techStack("Python", "Stripe", "Pydantic")
                .component(CodeComponent.builder()
                        .name("Stripe payments service")
                        .outputPath("payments/stripe_payments.py")
                        .language(Language.PYTHON)
                        .description("StripePayments class with create_customer, create_payment and refund")
                        .requiredElements("StripePayments", "create_payment", "refund")
                        .build())
                .build();
        TaskResult result = coder.processTask(task);   // template, LLM or hybrid per component; validated
        for (ComponentResult c : result.components()) {
            System.out.println(c.outputPath() + ": " + (c.succeeded() ? "written" : "failed") + " via "
                    + c.strategy().orElse(null) + ", " + c.llmCalls() + " LLM call(s), cost "
                    + c.usage().cost().map(BigDecimal::toPlainString).orElse("unknown")
                    + c.validation().map(v -> ", quality " + v.quality().score() + "/100").orElse(""));
        }
        // [/coder-agent]
        return result;
    }

    static Map<String, LedgerReader.Totals> ledger(LlmConfig config) {
        // [ledger]
        // one JSON line per finished call in usage-YYYY-MM-DD.jsonl under Q2O_LLM_USAGE_DIR (.llm_usage)
        Path dir = config.usageDir().orElse(Path.of(".llm_usage"));
        LedgerReader ledger = new LedgerReader(dir, config.zone());
        LocalDate today = LocalDate.now(config.zone());
        Map<String, LedgerReader.Totals> byModel = ledger.totals(today.withDayOfMonth(1), today, UsageRecord::model);
        byModel.forEach((model, t) -> System.out.println(model + ": " + t.calls() + " calls, "
                + t.inputTokens() + " in / " + t.outputTokens() + " out tokens, $" + t.cost().toPlainString()));
        // [/ledger]
        return byModel;
    }

    static LlmService listener(LlmConfig config) {
        // [listener]
        LlmListener audit = new LlmListener() {
            @Override
            public void onFallback(LlmListener.FallbackEvent e) {
                System.err.println(e.requestId() + ": " + e.fromProvider() + " -> " + e.toProvider()
                        + (e.reason() == null ? " (skipped)" : " after " + e.reason()));
            }

            @Override
            public void onBudgetExhausted(LlmListener.BudgetEvent e) {
                System.err.println("refused by a budget: today $" + e.dailyCost() + ", this month $" + e.monthlyCost());
            }

            @Override
            public void onResponse(LlmListener.CallEvent e) {   // exactly once per call
                LlmResponse r = e.response();
                String cost = r.usage() == null ? "0"
                        : r.usage().totalCost().map(BigDecimal::toPlainString).orElse("unknown");
                System.out.println(e.request().tags().agentId() + " " + r.provider() + "/" + r.model() + " "
                        + (r.success() ? "ok" : r.error().kind()) + (r.cacheHit() ? " (cache hit)" : "") + " $" + cost);
            }
        };
        LlmService llm = LlmService.builder().config(config).listener(audit).build();
        // [/listener]
        return llm;
    }

    /** Spans for every call (llm-opentelemetry), under whatever span is current when a call starts. */
    static LlmService tracing(LlmConfig config, io.opentelemetry.api.OpenTelemetry openTelemetry) {
        // [otel-tracing]
        LlmTracing tracing = LlmTracing.builder(openTelemetry)   // e.g. the application's OpenTelemetrySdk
                .build();                                        // prompts and answers stay off the spans
        LlmService llm = LlmService.builder().config(config).listener(tracing).build();
        // [/otel-tracing]
        return llm;
    }

    static List<CostAlert> alerts(LlmConfig config) {
        // [alerts]
        List<CostAlert> alerts = new ArrayList<>();
        try (LlmService llm = LlmService.builder()
                .config(config)   // Q2O_LLM_COST_ALERT=10.00: fires once per day when today's cost reaches it
                .listener(LlmListener.onCostAlert(alert -> {
                    alerts.add(alert);
                    System.err.println("LLM spend on " + alert.day() + " reached $" + alert.dailyCost()
                            + " (alert at $" + alert.threshold() + ")");
                }))
                .build()) {
            llm.complete(LlmRequest.of("You write Python.", "Write a retry decorator"));
        }
        // [/alerts]
        return alerts;
    }
}
