package io.q2o.llm.config;

import io.q2o.llm.usage.FsyncPolicy;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The usage ledger. Immutable.
 *
 * @param usageDir {@code Q2O_LLM_USAGE_DIR}, default {@code .llm_usage}; empty when the ledger is off
 *                 ({@code Q2O_LLM_LEDGER=false}, or an isolated configuration without an explicit folder)
 * @param fsync    {@code Q2O_LLM_USAGE_FSYNC}: {@code every} call or {@code batched} (default)
 */
public record LedgerConfig(Optional<Path> usageDir, FsyncPolicy fsync) {
    /** Validates the components. */
    public LedgerConfig {
        Objects.requireNonNull(usageDir, "usageDir");
        Objects.requireNonNull(fsync, "fsync");
    }

    /** @return whether a ledger is written */
    public boolean enabled() {
        return usageDir.isPresent();
    }
}
