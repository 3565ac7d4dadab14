-- Stage 7: which replica evaluates the alert rules. The holder renews its lease every monitoring round; another
-- replica takes it over once it has expired, so alerts are evaluated (and notified) by one replica at a time.
CREATE TABLE monitoring_lease (
    name       VARCHAR(64)  NOT NULL,
    holder     VARCHAR(128) NOT NULL,
    expires_at BIGINT       NOT NULL,
    CONSTRAINT monitoring_lease_pk PRIMARY KEY (name)
);
