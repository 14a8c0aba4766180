CREATE TABLE payments (
    id         VARCHAR(36)    NOT NULL PRIMARY KEY,
    order_id   VARCHAR(64)    NOT NULL,
    amount     NUMERIC(12, 2) NOT NULL,
    currency   CHAR(3)        NOT NULL,
    status     VARCHAR(20)    NOT NULL,
    created_at TIMESTAMP      NOT NULL,
    -- One charge per order, whatever the number of replicas or retries.
    CONSTRAINT payments_one_charge_per_order UNIQUE (order_id)
);
