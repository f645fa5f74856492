package io.q2o.demo;

import io.q2o.llm.LlmConfig;
import io.q2o.llm.LlmService;
import io.q2o.llm.testing.Recording;
import io.q2o.llm.testing.RecordingProxy;
import io.q2o.llm.testing.Recordings;
import io.q2o.llm.testing.ReplayServer;
import io.q2o.llm.testing.WireProvider;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@link LlmService} for the demo in one of three modes, with whatever it needs running:
 * <ul>
 *   <li><b>offline</b> — the real adapter of the chosen provider talks to an in-process
 *       {@link ReplayServer} that serves the bundled recorded answers (no key, no network);</li>
 *   <li><b>live</b> — the configured providers as they are (keys from the environment or {@code .env});</li>
 *   <li><b>record</b> — live, through a {@link RecordingProxy} that saves every answer as a replay file.</li>
 * </ul>
 */
final class LlmSession implements AutoCloseable {

    /** Where the bundled replay files live on the class path. */
    static final String BUNDLED = "io/q2o/demo/replay";

    /** What the demo says when it runs on replayed answers. */
    static final String OFFLINE_NOTICE =
            "offline replay — set GOOGLE_API_KEY (or OPENAI_API_KEY / ANTHROPIC_API_KEY) for a live call";

    enum Mode { OFFLINE, LIVE, RECORD }

    private final Mode mode;
    private final String provider;
    private final LlmService service;
    private final ReplayServer replay;
    private final RecordingProxy proxy;

    private LlmSession(Mode mode, String provider, LlmService service, ReplayServer replay, RecordingProxy proxy) {
        this.mode = mode;
        this.provider = provider;
        this.service = service;
        this.replay = replay;
        this.proxy = proxy;
    }

    /** A usage problem the user can fix (exit code 2). */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * @param app      the command line (configuration source)
     * @param options  provider, mode and recording options
     * @param answers  the recorded answers for offline mode
     * @return the session
     * @throws UsageException if the options contradict the configuration
     * @throws io.q2o.llm.ConfigException if the configuration is malformed
     */
    static LlmSession open(DemoApp app, LlmOptions options, Recordings answers) {
        LlmConfig base = app.configBuilder().build();
        String provider = options.provider != null ? options.provider.strip().toLowerCase(Locale.ROOT) : base.primary();
        WireProvider wire;
        try {
            wire = WireProvider.of(provider);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        boolean keySet = base.secret(wire.apiKeyVariable()).isPresent();
        Mode mode;
        if (options.record != null) {
            if (options.mode.offline) {
                throw new UsageException("--record saves live answers; it cannot be combined with --offline");
            }
            mode = Mode.RECORD;
        } else if (options.mode.offline) {
            mode = Mode.OFFLINE;
        } else if (options.mode.live) {
            mode = Mode.LIVE;
        } else {
            mode = keySet ? Mode.LIVE : Mode.OFFLINE;
        }
        if (mode != Mode.OFFLINE && !keySet) {
            throw new UsageException((mode == Mode.RECORD ? "--record" : "--live") + " needs " + wire.apiKeyVariable()
                    + " for provider " + provider + " (set it in the environment or .env, see .env.example)");
        }
        LlmConfig.Builder b = app.configBuilder().set("Q2O_LLM_PRIMARY", provider);
        if (options.provider != null) {
            // the user asked for this provider: measure it, not a fallback
            b.set("Q2O_LLM_FALLBACK", "none").set("Q2O_LLM_AUTO_FALLBACK", "false");
        }
        switch (mode) {
            case OFFLINE: {
                String model = recordedModel(answers, wire).orElseThrow(() -> new UsageException(
                        "no bundled offline answer for provider " + provider + "; use --live"));
                ReplayServer server = ReplayServer.start(answers, Recordings.MatchMode.LENIENT);
                try {
                    server.configure(b)
                            .set("Q2O_USE_LLM", "true")
                            .set("Q2O_LLM_DRY_RUN", "false")
                            .set("Q2O_LLM_FALLBACK", "none")
                            .set("Q2O_LLM_AUTO_FALLBACK", "false")
                            .set("Q2O_LLM_MAX_RETRIES", "0")
                            // replayed calls are not real spend: keep them out of the usage ledger,
                            // and out of the persistent cache
                            .set("Q2O_LLM_LEDGER", "false")
                            .set("Q2O_LLM_CACHE_PERSIST", "false")
                            .set(LlmConfig.prefix(provider) + "_MODEL", model);
                    for (WireProvider other : WireProvider.values()) {
                        // another provider's recorded model too (the demo's QA reviewer)
                        if (other != wire) {
                            recordedModel(answers, other).ifPresent(m -> b.set(LlmConfig.prefix(other.id()) + "_MODEL", m));
                        }
                    }
                    return new LlmSession(mode, provider, LlmService.builder().config(b.build()).build(), server, null);
                } catch (RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
            case RECORD: {
                RecordingProxy.Builder pb = RecordingProxy.builder(options.record);
                for (WireProvider p : WireProvider.values()) {
                    base.providerBaseUrl(p.id()).ifPresent(url -> pb.upstream(p, url));
                }
                RecordingProxy started = pb.start();
                try {
                    started.pointAt(b);
                    return new LlmSession(mode, provider, LlmService.builder().config(b.build()).build(), null, started);
                } catch (RuntimeException e) {
                    started.close();
                    throw e;
                }
            }
            default:
                return new LlmSession(mode, provider, LlmService.builder().config(b.build()).build(), null, null);
        }
    }

    /**
     * @param answers recordings
     * @param wire    a provider
     * @return the model of the first streamed recording of that provider, else of any recording of it
     */
    static Optional<String> recordedModel(Recordings answers, WireProvider wire) {
        Optional<String> streamed = answers.all().stream().filter(r -> r.provider() == wire && r.stream())
                .map(Recording::model).findFirst();
        return streamed.isPresent() ? streamed
                : answers.all().stream().filter(r -> r.provider() == wire).map(Recording::model).findFirst();
    }

    /** @return the bundled recorded answers */
    static Recordings bundled() {
        return Recordings.fromClasspath(LlmSession.class.getClassLoader(), BUNDLED);
    }

    Mode mode() {
        return mode;
    }

    boolean offline() {
        return mode == Mode.OFFLINE;
    }

    String provider() {
        return provider;
    }

    LlmService service() {
        return service;
    }

    /** @return the folder live answers are recorded to, if recording */
    Optional<Path> recordingDirectory() {
        return proxy == null ? Optional.empty() : Optional.of(proxy.directory());
    }

    /** @return the files recorded so far */
    java.util.List<Path> recorded() {
        return proxy == null ? java.util.List.of() : proxy.recorded();
    }

    /** @return the requests the replay server received (offline mode), in order */
    java.util.List<ReplayServer.Replayed> replayed() {
        return replay == null ? java.util.List.of() : replay.requests();
    }

    /** @return a one-line description of the mode */
    String describe() {
        switch (mode) {
            case OFFLINE:
                return OFFLINE_NOTICE;
            case RECORD:
                return "live call to " + provider + ", recording answers to " + proxy.directory();
            default:
                return "live call to " + provider;
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            if (replay != null) {
                replay.close();
            }
            if (proxy != null) {
                proxy.close();
            }
        }
    }
}
