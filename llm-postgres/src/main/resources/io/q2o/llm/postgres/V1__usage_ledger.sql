-- One row per finished call, shipped from each host's JSON-lines usage ledger.
-- Money is NUMERIC without precision or scale: every digit of the ledger's exact decimal is kept.
CREATE TABLE q2o_llm_usage (
    id                       text        PRIMARY KEY,  -- the call id: shipping is idempotent on it
    host                     text        NOT NULL,
    start_at                 timestamptz NOT NULL,     -- microseconds; start_extra_nanos holds the rest
    start_extra_nanos        integer     NOT NULL DEFAULT 0,
    duration_ms              bigint      NOT NULL,
    provider                 text,
    model                    text,
    input_tokens             bigint      NOT NULL,
    output_tokens            bigint      NOT NULL,
    cached_input_tokens      bigint      NOT NULL,
    cache_write_input_tokens bigint      NOT NULL,
    reasoning_tokens         bigint      NOT NULL,
    input_cost               numeric,
    output_cost              numeric,
    cost                     numeric,
    agent                    text,
    task                     text,
    project                  text,
    cache_hit                boolean     NOT NULL,
    simulated                boolean     NOT NULL,
    counted                  boolean     NOT NULL,
    outcome                  text        NOT NULL,
    error_kind               text,
    attempts                 integer     NOT NULL,
    shipped_at               timestamptz NOT NULL DEFAULT now()
);
-- reports select days (today, 7 days, a month) as start_at ranges in the reader's zone
CREATE INDEX q2o_llm_usage_start_at ON q2o_llm_usage (start_at);

-- How far each host has shipped each ledger file, updated in the same transaction as the rows.
CREATE TABLE q2o_llm_ledger_offsets (
    host          text        NOT NULL,
    source        text        NOT NULL,  -- the ledger file's absolute path on that host
    shipped_bytes bigint      NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (host, source)
);
