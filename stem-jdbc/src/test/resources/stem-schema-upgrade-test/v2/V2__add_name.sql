ALTER TABLE ${prefix}widgets ADD COLUMN name text NOT NULL DEFAULT 'unnamed';
