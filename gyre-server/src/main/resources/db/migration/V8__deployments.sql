-- Stage 6: the named deployments the platform serves. Each row is the whole state of one deployment; the
-- platform restores it into its serving engine at start and writes it after every change. alias_version is
-- the version the followed alias named when the deployment last followed it: the deployment moves again only
-- when the alias moves, so a rollback or retarget stays until then.
CREATE TABLE deployments (
    name             VARCHAR(128)             NOT NULL,
    model            VARCHAR(256)             NOT NULL,
    alias            VARCHAR(255),
    version          INTEGER,
    primary_version  INTEGER                  NOT NULL,
    canary_version   INTEGER,
    canary_percent   INTEGER,
    shadow_version   INTEGER,
    sticky_header    VARCHAR(255),
    previous_version INTEGER,
    alias_version    INTEGER,
    created_by       VARCHAR(255)             NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by       VARCHAR(255)             NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT deployments_pk PRIMARY KEY (name),
    CONSTRAINT deployments_target_ck CHECK ((alias IS NULL) <> (version IS NULL)),
    CONSTRAINT deployments_canary_ck CHECK ((canary_version IS NULL) = (canary_percent IS NULL))
);
