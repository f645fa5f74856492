package io.q2o.demo;

import io.q2o.llm.ConfigException;
import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmError;
import io.q2o.llm.LlmRequest;
import io.q2o.llm.LlmResponse;
import io.q2o.llm.LlmService;
import io.q2o.llm.CachePolicy;
import io.q2o.llm.RequestTags;
import io.q2o.llm.spi.LlmProviderFactory;
import io.q2o.llm.spi.ProviderConfig;
import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The plan's {@code test_llm_connections}: one tiny request to each configured provider, one line
 * per provider with OK, latency and model, or the reason it failed. A provider is configured
 * when its API key or base URL is set or it is named in {@code Q2O_LLM_PRIMARY} / {@code Q2O_LLM_FALLBACK};
 * {@code --provider} narrows the check. With {@code --offline} every adapter that has a bundled
 * recorded answer (gemini, openai, anthropic) is checked against the in-process replay server of
 * llm-testing instead: the real adapter and SDK, the provider's wire format, no key and no network.
 * Exit code 0 when every checked provider answered, 1 when any failed, 2 for a configuration error.
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "Send one tiny request to each configured provider and report OK (latency, model) or why not.")
public final class ConnectionsCommand implements Callable<Integer> {

    static final int FAILED = 1;
    static final int CONFIG_ERROR = 2;

    @ParentCommand
    DemoApp app;

    @Option(names = {"-p", "--provider"}, split = ",", paramLabel = "NAME",
            description = "Check only these providers (gemini, openai, anthropic); repeatable or comma-separated.")
    List<String> providers = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Longest wait for each provider (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    @Option(names = "--offline",
            description = "Check the adapters against the bundled recorded answers on a local replay server (no key, no network).")
    boolean offline;

    /** The configuration source: the app's, or the app's pointed at the replay server. */
    private Supplier<LlmConfig.Builder> configs;
    /** The replay server while an offline check runs. */
    private ReplayServer replay;

    /** One provider's result. */
    record Check(String provider, boolean ok, boolean skipped, String model, Duration latency, String detail) {
    }

    @Override
    public Integer call() {
        if (!offline) {
            configs = app::configBuilder;
            return run();
        }
        Recordings answers;
        try {
            answers = LlmSession.bundled();
        } catch (RuntimeException e) {
            app.err().println("The bundled offline answers are unreadable: " + e.getMessage());
            return CONFIG_ERROR;
        }
        try (ReplayServer server = ReplayServer.start(answers, Recordings.MatchMode.LENIENT)) {
            replay = server;
            configs = () -> {
                LlmConfig.Builder b = server.configure(app.configBuilder())
                        // replayed calls are not real spend: keep them out of the ledger and the cache
                        .set("Q2O_LLM_LEDGER", "false").set("Q2O_LLM_CACHE_PERSIST", "false");
                for (WireProvider w : WireProvider.values()) {
                    answered(answers, w).ifPresent(model -> b.set(LlmConfig.prefix(w.id()) + "_MODEL", model));
                }
                return b;
            };
            return run();
        } finally {
            replay = null;
        }
    }

    /** @return the model of the first non-streamed recording of that provider: what a check is answered with */
    private static Optional<String> answered(Recordings answers, WireProvider wire) {
        return answers.all().stream().filter(r -> r.provider() == wire && !r.stream()).map(Recording::model).findFirst();
    }

    private int run() {
        PrintStream out = app.out();
        LlmConfig base;
        try {
            base = configs.get().build();
        } catch (ConfigException e) {
            app.err().println("Configuration error: " + e.getMessage());
            return CONFIG_ERROR;
        }
        Map<String, LlmProviderFactory> factories = factories();
        Set<String> selected = new LinkedHashSet<>();
        for (String p : providers) {
            String n = p.strip().toLowerCase(Locale.ROOT);
            if (!factories.containsKey(n)) {
                app.err().println("Unknown provider '" + p + "': known providers are " + String.join(", ", factories.keySet()));
                return CONFIG_ERROR;
            }
            selected.add(n);
        }
        out.println("Testing LLM API connections...");
        out.println("=".repeat(60));
        List<Check> checks = new ArrayList<>();
        for (LlmProviderFactory f : factories.values()) {
            Check c = check(f, base, selected);
            checks.add(c);
            out.println(format(c));
        }
        out.println("=".repeat(60));
        long failed = checks.stream().filter(c -> !c.ok() && !c.skipped()).count();
        long ok = checks.stream().filter(Check::ok).count();
        if (failed == 0 && ok > 0) {
            out.println("ALL API CONNECTIONS WORKING! (" + ok + " of " + ok + ")");
            return 0;
        }
        if (failed == 0 && offline) {
            out.println("No bundled recorded answer for the selected providers.");
            return FAILED;
        }
        if (failed == 0) {
            out.println("No provider is configured: set GOOGLE_API_KEY, OPENAI_API_KEY or ANTHROPIC_API_KEY (see .env.example).");
            return FAILED;
        }
        out.println("Some connections failed (" + failed + " of " + (failed + ok) + ") - check the lines above and docs/LLM_TROUBLESHOOTING.md");
        return FAILED;
    }

    private Check check(LlmProviderFactory f, LlmConfig base, Set<String> selected) {
        String name = f.name().toLowerCase(Locale.ROOT);
        String keyVar = f.apiKeyVariable();
        boolean keySet = base.secret(keyVar).isPresent();
        boolean inChain = name.equals(base.primary()) || base.fallbacks().contains(name);
        if (!selected.isEmpty() && !selected.contains(name)) {
            return new Check(name, false, true, "", Duration.ZERO, "not selected (--provider)");
        }
        boolean baseUrlSet = base.providerBaseUrl(name).isPresent();
        if (selected.isEmpty() && !keySet && !inChain && !baseUrlSet) {
            return new Check(name, false, true, "", Duration.ZERO,
                    "not configured (" + keyVar + " not set, not in Q2O_LLM_PRIMARY/Q2O_LLM_FALLBACK)");
        }
        List<String> models = base.models(name, f.defaultModels());
        String model = models.isEmpty() ? "" : models.get(0);
        boolean keyOptional = !models.isEmpty() && f.keyOptional(new ProviderConfig(name, Optional.empty(), models,
                OptionalDouble.empty(), base.providerBaseUrl(name), base.requestTimeout(), base::setting));
        if (!keySet && !keyOptional) {
            return new Check(name, false, false, model, Duration.ZERO, "missing key: " + keyVar + " is not set");
        }
        if (model.isEmpty()) {
            return new Check(name, false, false, model, Duration.ZERO,
                    "no model configured: set " + LlmConfig.prefix(name) + "_MODEL");
        }
        LlmConfig.Builder b = configs.get()
                .set("Q2O_USE_LLM", "true")
                .set("Q2O_LLM_DRY_RUN", "false")
                .set("Q2O_LLM_PRIMARY", name)
                .set("Q2O_LLM_FALLBACK", "none")
                .set("Q2O_LLM_AUTO_FALLBACK", "false")
                .set("Q2O_LLM_MAX_RETRIES", "0")
                .set("Q2O_LLM_CACHE_ENABLED", "false")
                .set("Q2O_LLM_TIMEOUT_SECONDS", String.valueOf(timeoutSeconds))
                .set("Q2O_LLM_REQUEST_TIMEOUT_SECONDS", String.valueOf(timeoutSeconds));
        String where = replay != null ? "the replay server on 127.0.0.1:" + replay.port()
                : base.providerBaseUrl(name).orElse("the default API URL");
        long start = System.nanoTime();
        LlmResponse r;
        try (LlmService llm = LlmService.builder().config(b.build()).discoverProviders(false).providerFactory(f).build()) {
            String display = name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
            r = llm.complete(LlmRequest.builder()
                    .userPrompt("Say '" + display + " API working!' if you can read this.")
                    .provider(name).model(model).maxTokens(256).temperature(0.0)
                    .cachePolicy(CachePolicy.BYPASS).tags(RequestTags.agent("connection-test"))
                    .build());
        } catch (RuntimeException e) {
            return new Check(name, false, false, model, Duration.ofNanos(System.nanoTime() - start),
                    "cannot create the client: " + oneLine(e.getMessage()));
        }
        Duration took = r.usage() != null ? r.usage().duration() : Duration.ofNanos(System.nanoTime() - start);
        if (r.success()) {
            String said = oneLine(r.content());
            return new Check(name, true, false, r.model(), took, said.isEmpty() ? "(empty answer)" : "\"" + said + "\"");
        }
        return new Check(name, false, false, model, took, reason(r.error(), name, model, keyVar, where));
    }

    static String reason(LlmError e, String provider, String model, String keyVar, String where) {
        String msg = oneLine(e.message());
        String status = e.code().startsWith("http-") ? " (HTTP " + e.code().substring(5) + ")" : "";
        switch (e.kind()) {
            case AUTHENTICATION:
                return "key refused" + status + ": check " + keyVar + " - " + msg;
            case CONNECTION:
                return "unreachable host " + where + ": " + msg;
            case TIMEOUT:
                return "no answer in time from " + where + ": " + msg;
            case MODEL_NOT_FOUND:
                return "unknown model '" + model + "'" + status + ": set " + LlmConfig.prefix(provider) + "_MODEL - " + msg;
            case RATE_LIMITED:
                return "rate limited or out of quota" + status + ": " + msg;
            default:
                return e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + status + ": " + msg;
        }
    }

    private static String format(Check c) {
        String status = c.ok() ? "OK" : c.skipped() ? "SKIP" : "FAIL";
        String latency = c.ok() || (!c.skipped() && !c.latency().isZero()) ? c.latency().toMillis() + " ms" : "";
        return String.format(Locale.ROOT, "%-5s %-10s %-26s %8s  %s", status, c.provider(), c.model(), latency,
                c.detail()).stripTrailing();
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 220 ? one.substring(0, 217) + "..." : one;
    }

    /** @return the provider factories on the class path, built-in ones first in the plan's order */
    static Map<String, LlmProviderFactory> factories() {
        Map<String, LlmProviderFactory> found = new LinkedHashMap<>();
        for (LlmProviderFactory f : ServiceLoader.load(LlmProviderFactory.class, DemoApp.class.getClassLoader())) {
            found.putIfAbsent(f.name().toLowerCase(Locale.ROOT), f);
        }
        Map<String, LlmProviderFactory> ordered = new LinkedHashMap<>();
        for (String n : List.of("gemini", "openai", "anthropic")) {
            if (found.containsKey(n)) {
                ordered.put(n, found.remove(n));
            }
        }
        ordered.putAll(found);
        return ordered;
    }
}
