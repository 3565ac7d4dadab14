-- Stage 7: monitoring. Each row is one replica's partial profile of one deployment version's traffic in one
-- window (window_start in epoch milliseconds, window_ms long): the platform profiles what its prediction log
-- keeps and rewrites its own row as the window fills; a standalone server's shipped profiles are rows of their
-- own source. Readers merge every source's row of a window, and windows into longer ones. last_seen is the
-- time of the latest record in the row (epoch milliseconds): which version answered last.
CREATE TABLE monitoring_windows (
    deployment      VARCHAR(128)             NOT NULL,
    model           VARCHAR(256)             NOT NULL,
    model_version   VARCHAR(64)              NOT NULL,
    window_start    BIGINT                   NOT NULL,
    window_ms       BIGINT                   NOT NULL,
    source          VARCHAR(128)             NOT NULL,
    rows_profiled   BIGINT                   NOT NULL,
    outliers        BIGINT                   NOT NULL,
    outlier_checked BIGINT                   NOT NULL,
    last_seen       BIGINT                   NOT NULL,
    latency         BYTEA,
    profile         BYTEA                    NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT monitoring_windows_pk PRIMARY KEY (deployment, model_version, window_start, source)
);
CREATE INDEX monitoring_windows_time ON monitoring_windows (deployment, window_start);

-- Alert state changes: one row when an alert starts firing and one when it resolves.
CREATE TABLE monitoring_alert_events (
    id          VARCHAR(512)             NOT NULL,
    deployment  VARCHAR(128)             NOT NULL,
    rule        VARCHAR(128)             NOT NULL,
    metric      VARCHAR(128)             NOT NULL,
    kind        VARCHAR(16)              NOT NULL,
    comparison  VARCHAR(4)               NOT NULL,
    threshold   DOUBLE PRECISION         NOT NULL,
    observed    DOUBLE PRECISION         NOT NULL,
    severity    VARCHAR(16)              NOT NULL,
    since       TIMESTAMP WITH TIME ZONE NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT monitoring_alert_events_pk PRIMARY KEY (id)
);
CREATE INDEX monitoring_alert_events_at ON monitoring_alert_events (at);
