-- The sample's own table. Stem's tables (stem_jobs, stem_results, ...) are created by Stem itself.
CREATE TABLE IF NOT EXISTS sample_orders (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer     text        NOT NULL,
    item         text        NOT NULL,
    quantity     integer     NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    confirmed_at timestamptz
);
