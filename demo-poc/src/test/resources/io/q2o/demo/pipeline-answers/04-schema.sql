-- Payment events received from Stripe webhooks: one row per Stripe event id, so a retried
-- delivery of the same event cannot be stored twice.
CREATE TABLE IF NOT EXISTS payment_events (
    event_id          TEXT        PRIMARY KEY,
    event_type        TEXT        NOT NULL,
    payment_intent_id TEXT        NOT NULL,
    amount            BIGINT      NOT NULL CHECK (amount >= 0),
    currency          CHAR(3)     NOT NULL,
    received_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS payment_events_intent_idx ON payment_events (payment_intent_id);
