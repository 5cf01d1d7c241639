-- Stem schema version 2: result writes fenced by the delivery that wrote them, one job per message id.

-- The delivery count of the lease under which a worker wrote the record (0 outside a lease): a
-- record written under an older lease of the same attempt never replaces one written under a newer one.
ALTER TABLE ${prefix}results ADD COLUMN delivery integer NOT NULL DEFAULT 0;

-- Publishing is idempotent by message id: a publish that is retried or replayed finds the job
-- there and adds nothing. Of jobs already stored twice under one id, the first published is kept.
DELETE FROM ${prefix}jobs AS later USING ${prefix}jobs AS earlier
WHERE later.message_id = earlier.message_id AND later.id > earlier.id;
CREATE UNIQUE INDEX ${prefix}jobs_message_id_idx ON ${prefix}jobs (message_id);
