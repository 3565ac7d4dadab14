-- Who a pipeline run acts as, in which project, and what started it (written before the run itself, so a run
-- always has one), with the platform process driving it and that process's latest heartbeat; and the pipelines a
-- project stores with their triggers (a cron schedule, monitoring alerts).
CREATE TABLE pipeline_run_contexts (
    run_id       VARCHAR(128) NOT NULL,
    project_id   BIGINT       NOT NULL,
    user_id      BIGINT       NOT NULL,
    trigger_name VARCHAR(512) NOT NULL,
    created_at   BIGINT       NOT NULL,
    driver       VARCHAR(64),
    heartbeat    BIGINT,
    CONSTRAINT pipeline_run_contexts_pk PRIMARY KEY (run_id)
);
CREATE INDEX pipeline_run_contexts_project ON pipeline_run_contexts (project_id, created_at);

CREATE TABLE pipeline_definitions (
    project_id     BIGINT       NOT NULL,
    name           VARCHAR(256) NOT NULL,
    spec           TEXT         NOT NULL,
    schedule       VARCHAR(256),
    on_alert       TEXT         NOT NULL,
    owner_id       BIGINT       NOT NULL,
    updated_at     BIGINT       NOT NULL,
    -- the latest scheduled time a run was started for; replicas claim a time by moving it forward
    last_scheduled BIGINT,
    CONSTRAINT pipeline_definitions_pk PRIMARY KEY (project_id, name)
);
