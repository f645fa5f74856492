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
    zone                     text        NOT NULL,     -- the writer's Q2O_LLM_TIMEZONE (normalized java.time id)
    day                      date        NOT NULL,     -- the start's day in that zone: the ledger file's day
    shipped_at               timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX q2o_llm_usage_start_at ON q2o_llm_usage (start_at);
-- reports in a zone other than the writer's read the rows themselves: (zone, start_at) finds them
CREATE INDEX q2o_llm_usage_zone_start_at ON q2o_llm_usage (zone, start_at);

-- Totals by day (in the writer's zone), host, provider, model, agent, error kind and dry run, kept
-- exact by the trigger below in the same transaction as the rows: a report over a month reads
-- thousands of these instead of a million rows. '' stands for NULL (a key column cannot be NULL).
CREATE TABLE q2o_llm_usage_daily (
    zone          text    NOT NULL,
    day           date    NOT NULL,
    host          text    NOT NULL,
    provider      text    NOT NULL,
    model         text    NOT NULL,
    agent         text    NOT NULL,
    error_kind    text    NOT NULL,
    simulated     boolean NOT NULL,
    records       bigint  NOT NULL,
    successful    bigint  NOT NULL,
    cache_hits    bigint  NOT NULL,
    input_tokens  bigint  NOT NULL,  -- billed calls only (success, not a cache hit), as the reports count them
    output_tokens bigint  NOT NULL,
    cost          numeric NOT NULL,  -- known costs, exact
    unknown_cost  bigint  NOT NULL,  -- billed calls whose model had no price
    PRIMARY KEY (zone, day, host, provider, model, agent, error_kind, simulated)
);

-- One statement-level trigger call per batch: the batch's rows are grouped, then added to (or, on
-- delete, taken from) the totals with one upsert per group.
CREATE FUNCTION q2o_llm_usage_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    s integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
    INSERT INTO q2o_llm_usage_daily AS d
    SELECT zone, day, host, coalesce(provider, ''), coalesce(model, ''), coalesce(agent, ''), coalesce(error_kind, ''),
           simulated, s * count(*), s * count(*) FILTER (WHERE outcome = 'success'), s * count(*) FILTER (WHERE cache_hit),
           s * coalesce(sum(input_tokens) FILTER (WHERE outcome = 'success' AND NOT cache_hit), 0),
           s * coalesce(sum(output_tokens) FILTER (WHERE outcome = 'success' AND NOT cache_hit), 0),
           s * coalesce(sum(cost), 0),
           s * count(*) FILTER (WHERE outcome = 'success' AND NOT cache_hit AND cost IS NULL)
    FROM changed
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
    ORDER BY 1, 2, 3, 4, 5, 6, 7, 8  -- one lock order for every writer
    ON CONFLICT (zone, day, host, provider, model, agent, error_kind, simulated) DO UPDATE SET
        records = d.records + EXCLUDED.records, successful = d.successful + EXCLUDED.successful,
        cache_hits = d.cache_hits + EXCLUDED.cache_hits, input_tokens = d.input_tokens + EXCLUDED.input_tokens,
        output_tokens = d.output_tokens + EXCLUDED.output_tokens, cost = d.cost + EXCLUDED.cost,
        unknown_cost = d.unknown_cost + EXCLUDED.unknown_cost;
    RETURN NULL;
END
$$;

-- the transition table holds only the rows really inserted: a repeat skipped by ON CONFLICT DO
-- NOTHING never counts twice; deleting old rows (retention) takes them out of the totals too
CREATE TRIGGER q2o_llm_usage_daily_insert AFTER INSERT ON q2o_llm_usage
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION q2o_llm_usage_daily_apply();
CREATE TRIGGER q2o_llm_usage_daily_delete AFTER DELETE ON q2o_llm_usage
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION q2o_llm_usage_daily_apply();


-- How far each host has shipped each ledger file, updated in the same transaction as the rows.
CREATE TABLE q2o_llm_ledger_offsets (
    host          text        NOT NULL,
    source        text        NOT NULL,  -- the ledger file's absolute path on that host
    shipped_bytes bigint      NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (host, source)
);
