-- The version of the summary tables (issue 17): one row whose counter rises
-- in the same transaction as every write that changes a summary table
-- (outcome_summary, adherence_summary, adherence_rollup,
-- supervision_summary, can_results). App servers cache dashboard figures
-- under the version they read before the summary rows, so a cached figure
-- is never older than its version, and a write makes every server's cache
-- miss at its next read. A later migration that rewrites summary rows must
-- raise the counter too.
CREATE TABLE results_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO results_version (id, version) VALUES (1, 0);
