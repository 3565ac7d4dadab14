-- Delayed ground truth (docs/feedback.md). monitoring_predictions keeps what each deployment's primary version
-- answered, by request id, from the prediction log: a predicted class with its per-class probabilities (a JSON
-- object, class -> probability) or a regression value. monitoring_feedback keeps the true label sent later for
-- such a request: label_text for a class, label_value for a number. Both are keyed by (deployment, request_id), so
-- recording a prediction again or sending the same label again changes nothing. The regression value is
-- predicted_value: VALUE is a keyword on H2.
CREATE TABLE monitoring_predictions (
    deployment      VARCHAR(128)             NOT NULL,
    request_id      VARCHAR(256)             NOT NULL,
    model_version   VARCHAR(64)              NOT NULL,
    predicted_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    predicted_class VARCHAR(1024),
    probabilities   VARCHAR(1000000),
    predicted_value DOUBLE PRECISION,
    CONSTRAINT monitoring_predictions_pk PRIMARY KEY (deployment, request_id),
    CONSTRAINT monitoring_predictions_output_ck CHECK (predicted_class IS NOT NULL OR predicted_value IS NOT NULL)
);

CREATE INDEX monitoring_predictions_time_ix ON monitoring_predictions (deployment, predicted_at);

CREATE TABLE monitoring_feedback (
    deployment  VARCHAR(128)             NOT NULL,
    request_id  VARCHAR(256)             NOT NULL,
    label_text  VARCHAR(1024),
    label_value DOUBLE PRECISION,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    received_by VARCHAR(255)             NOT NULL,
    CONSTRAINT monitoring_feedback_pk PRIMARY KEY (deployment, request_id),
    CONSTRAINT monitoring_feedback_label_ck CHECK ((label_text IS NULL) <> (label_value IS NULL))
);
