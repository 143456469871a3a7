-- 0004: saved TCO comparisons.
-- The comparison is kept whole as the JSON document of the comparison file format
-- (docs/comparison-format.md), so saving, exporting and importing are one format and a
-- new field needs no migration. The title is copied out for the list; no SQL ever does
-- arithmetic on the amounts inside the document. Times are ISO 8601 text.

CREATE TABLE comparisons (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    document    TEXT NOT NULL CHECK (json_valid(document)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE INDEX comparisons_by_updated ON comparisons (updated_at);
