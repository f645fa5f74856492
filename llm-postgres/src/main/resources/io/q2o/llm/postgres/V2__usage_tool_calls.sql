-- The names of the tools each answer called, in order (a tool called twice is named twice), as in
-- the ledger's tool_calls field; never the arguments. Rows shipped before this version, like ledger
-- lines written before the field existed, called none: '{}'. A constant default adds the column
-- without rewriting the table (PostgreSQL 11+), so an existing database upgrades in place at once.
ALTER TABLE q2o_llm_usage ADD COLUMN tool_calls text[] NOT NULL DEFAULT '{}';
