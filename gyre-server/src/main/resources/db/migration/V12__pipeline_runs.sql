-- The closed loop: pipeline runs, their step runs and their events, each row holding the record as JSON (the
-- pipelines library's PipelineRun, StepRun and RunEvent) beside the columns the store queries by.
CREATE TABLE pipeline_runs (
    id         VARCHAR(128) NOT NULL,
    pipeline   VARCHAR(256) NOT NULL,
    status     VARCHAR(32)  NOT NULL,
    created_at BIGINT       NOT NULL,
    body       TEXT         NOT NULL,
    CONSTRAINT pipeline_runs_pk PRIMARY KEY (id)
);

CREATE TABLE pipeline_step_runs (
    run_id   VARCHAR(128) NOT NULL,
    seq      INTEGER      NOT NULL,
    step_key VARCHAR(64)  NOT NULL,
    status   VARCHAR(32)  NOT NULL,
    saved    BIGINT       NOT NULL,
    body     TEXT         NOT NULL,
    CONSTRAINT pipeline_step_runs_pk PRIMARY KEY (run_id, seq),
    CONSTRAINT pipeline_step_runs_run_fk FOREIGN KEY (run_id) REFERENCES pipeline_runs (id)
);
CREATE INDEX pipeline_step_runs_key ON pipeline_step_runs (step_key, status, saved);

-- Successful step runs in the order they were saved, for the cache lookup (the most recent success of a key).
CREATE TABLE pipeline_successes (
    position BIGINT       NOT NULL,
    step_key VARCHAR(64)  NOT NULL,
    run_id   VARCHAR(128) NOT NULL,
    seq      INTEGER      NOT NULL,
    body     TEXT         NOT NULL,
    CONSTRAINT pipeline_successes_pk PRIMARY KEY (position)
);
CREATE INDEX pipeline_successes_key ON pipeline_successes (step_key, position);

CREATE TABLE pipeline_events (
    run_id   VARCHAR(128) NOT NULL,
    position INTEGER      NOT NULL,
    body     TEXT         NOT NULL,
    CONSTRAINT pipeline_events_pk PRIMARY KEY (run_id, position),
    CONSTRAINT pipeline_events_run_fk FOREIGN KEY (run_id) REFERENCES pipeline_runs (id)
);
