package io.q2o.demo;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options that choose how the LLM is reached: provider, offline/live, recording. */
final class LlmOptions {

    @Option(names = {"-p", "--provider"}, paramLabel = "NAME",
            description = "Provider for the LLM calls: gemini, openai or anthropic (default: Q2O_LLM_PRIMARY, else gemini).")
    String provider;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    /** --offline / --live; neither means live when the provider's key is set, else offline. */
    static final class Mode {
        @Option(names = "--offline", description = "Replay the bundled recorded answers through the real adapter (no key, no network).")
        boolean offline;

        @Option(names = "--live", description = "Call the live API (needs the provider's API key).")
        boolean live;
    }

    @Option(names = "--record", paramLabel = "DIR",
            description = "Call the live API through a recording proxy and save its answers as replay files in DIR.")
    Path record;
}
