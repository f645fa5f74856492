package io.q2o.llm.postgres;

import io.q2o.llm.usage.UsageRecord;

import java.util.Objects;

/**
 * A call record as stored in the shared ledger: the local ledger's record and the host that shipped it.
 *
 * @param host   the shipping host ({@code Q2O_LLM_LEDGER_HOST})
 * @param record the record, equal field by field to the local ledger's line
 */
public record ShippedRecord(String host, UsageRecord record) {
    /** Checks that both parts are present. */
    public ShippedRecord {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(record, "record");
    }
}
