-- Stem schema version 3: chords of the canvas.

-- One row per chord: its members in order, the body and error callback messages with their slot,
-- and what decided it ('body' or 'error'). Deleted with its members once expired.
CREATE TABLE ${prefix}chords (
    chord_id   text COLLATE "C" PRIMARY KEY,
    size       integer     NOT NULL,
    members    jsonb       NOT NULL,
    body       jsonb       NOT NULL,
    on_error   jsonb,
    decided    text,
    expires_at timestamptz NOT NULL
);
CREATE INDEX ${prefix}chords_expires_idx ON ${prefix}chords (expires_at);

-- The members that arrived, each once, with its result (JSON text) when it succeeded.
CREATE TABLE ${prefix}chord_members (
    chord_id  text COLLATE "C" NOT NULL REFERENCES ${prefix}chords (chord_id) ON DELETE CASCADE,
    member_id text COLLATE "C" NOT NULL,
    failed    boolean NOT NULL,
    result    text,
    PRIMARY KEY (chord_id, member_id)
);
