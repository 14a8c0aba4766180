CREATE TABLE orders (
    id              VARCHAR(36)    NOT NULL PRIMARY KEY,
    subject         VARCHAR(100)   NOT NULL,
    idempotency_key VARCHAR(255),
    fingerprint     VARCHAR(64)    NOT NULL,
    item            VARCHAR(100)   NOT NULL,
    quantity        INTEGER        NOT NULL,
    amount          NUMERIC(12, 2) NOT NULL,
    currency        CHAR(3)        NOT NULL,
    status          VARCHAR(20)    NOT NULL,
    payment_id      VARCHAR(36),
    failure_reason  VARCHAR(200),
    created_at      TIMESTAMP      NOT NULL,
    updated_at      TIMESTAMP      NOT NULL,
    -- A retried POST finds its order by key, across replicas and restarts. Keys are per user, so one user's key
    -- can never return another user's order. Orders without a key (NULL) are not constrained.
    CONSTRAINT orders_one_per_idempotency_key UNIQUE (subject, idempotency_key)
);

CREATE INDEX orders_by_subject ON orders (subject, created_at);
