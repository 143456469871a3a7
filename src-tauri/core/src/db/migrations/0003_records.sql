-- 0003: what is kept beside each contract: its history, due-diligence checklist, price
-- list and attached documents.

-- Every change to a contract, oldest first. No foreign key: the history of a contract
-- is kept even if it is ever purged for good. `changes` is a JSON array of
-- {"field", "old", "new"} with values as text.
CREATE TABLE contract_history (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL,
    at          TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore')),
    changes     TEXT NOT NULL DEFAULT '[]'
);

CREATE INDEX contract_history_by_contract ON contract_history (contract_id, id);

-- Record what exists already, so every contract's history starts with its creation.
INSERT INTO contract_history (contract_id, at, action)
SELECT id, created_at, 'create' FROM contracts ORDER BY id;

-- The due-diligence checklist: one row per answered item.
CREATE TABLE due_diligence (
    contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    item        TEXT NOT NULL,
    answer      TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'notApplicable', 'notYet')),
    checked_by  TEXT NOT NULL DEFAULT '',
    checked_on  TEXT,
    note        TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (contract_id, item)
) WITHOUT ROWID;

-- Price list lines, in the order the clerk entered them. Unit prices are decimal text,
-- read back exactly and never summed or sorted by SQL.
CREATE TABLE price_lines (
    id          INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    item        TEXT NOT NULL,
    unit        TEXT NOT NULL DEFAULT '',
    unit_price  TEXT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    UNIQUE (contract_id, position)
);

-- Files copied into <data dir>/documents/<contract id>/<file_name>.
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    contract_id   INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('contract', 'solicitation', 'bidTabulation',
                      'award', 'priceList', 'amendment', 'certificate', 'other')),
    file_name     TEXT NOT NULL,
    original_name TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    attached_at   TEXT NOT NULL,
    UNIQUE (contract_id, file_name)
);
