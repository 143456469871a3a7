-- 0005: justification memos and their versions.
--
-- A memo is written from a saved comparison and the option it recommends. Each version
-- keeps, as one JSON document, what the clerk typed (the draft: header lines, amounts,
-- edited sections) and a snapshot of what it was composed from (settings, contract,
-- checklist, comparison), so a version prints the same memo forever, whatever happens
-- to the library afterwards. A printed version also keeps the PDF it printed and is
-- never changed or deleted again; editing it makes the next version.

CREATE TABLE memos (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    -- The comparison it was written from; kept as NULL if that comparison is deleted,
    -- since the memo holds its own snapshot.
    comparison_id INTEGER REFERENCES comparisons (id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE INDEX memos_by_updated ON memos (updated_at);

CREATE TABLE memo_versions (
    memo_id     INTEGER NOT NULL REFERENCES memos (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL CHECK (version >= 1),
    content     TEXT NOT NULL CHECK (json_valid(content)),
    saved_at    TEXT NOT NULL,
    printed_at  TEXT,
    pdf         BLOB,
    pdf_sha256  TEXT,
    CHECK ((printed_at IS NULL) = (pdf IS NULL)),
    PRIMARY KEY (memo_id, version)
) WITHOUT ROWID;

-- What was printed stays as it was printed.
CREATE TRIGGER memo_versions_printed_never_change
BEFORE UPDATE ON memo_versions
WHEN OLD.printed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a printed memo version cannot be changed; save a new version');
END;

CREATE TRIGGER memo_versions_printed_never_deleted
BEFORE DELETE ON memo_versions
WHEN OLD.printed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a printed memo version cannot be deleted');
END;
