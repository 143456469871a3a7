-- 0017: the library's side of the shared hub (src/hub/, docs/hub.md).
--
-- A contract's global id, given when it is first shared (a push), or taken from the hub
-- when it came from there. The outbox: the contracts changed since the last push, filled
-- by triggers in the very transaction that changes them (whatever code path wrote), and
-- only while the library is joined to a hub, so a library that shares nothing pays one
-- lookup of an empty table per write. The shadow: each shared record as the hub last had
-- it (version and body), the base that tells "changed here" from "changed there". What
-- was sent: each record of a push under way, written before the hub's transaction and
-- cleared after, so that a push whose end this library did not see (the app killed, the
-- connection lost after the hub committed) is recognised as its own when it comes back.
-- The conflicts: records changed on both sides, with the hub's version, until the clerk
-- chooses.

ALTER TABLE contracts ADD COLUMN global_id TEXT;
CREATE UNIQUE INDEX contracts_by_global_id ON contracts (global_id);

-- The hub this library is joined to (at most one), its cursor in the hub's change log,
-- and `applying`, set while changes from the hub are written so they are not sent back.
CREATE TABLE hub_link (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    url            TEXT NOT NULL,
    ca_file        TEXT,
    member_role    TEXT NOT NULL,
    member_name    TEXT NOT NULL,
    cursor         INTEGER NOT NULL DEFAULT 0,
    applying       INTEGER NOT NULL DEFAULT 0 CHECK (applying IN (0, 1)),
    joined_at      TEXT NOT NULL,
    last_synced_at TEXT
);

CREATE TABLE hub_outbox (
    contract_id INTEGER PRIMARY KEY REFERENCES contracts (id) ON DELETE CASCADE
);

CREATE TABLE hub_shadow (
    global_id TEXT PRIMARY KEY,
    kind      TEXT NOT NULL,
    owner     TEXT NOT NULL,
    version   INTEGER NOT NULL,
    deleted   INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    body      TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE hub_sent (
    global_id TEXT PRIMARY KEY,
    version   INTEGER NOT NULL,
    deleted   INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    body      TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE hub_conflicts (
    global_id      TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    owner          TEXT NOT NULL,
    theirs_version INTEGER NOT NULL,
    theirs_deleted INTEGER NOT NULL CHECK (theirs_deleted IN (0, 1)),
    theirs_body    TEXT NOT NULL,
    changed_by     TEXT NOT NULL,
    found_at       TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER contracts_hub_outbox_after_insert AFTER INSERT ON contracts
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (contract_id) VALUES (NEW.id);
END;

CREATE TRIGGER contracts_hub_outbox_after_update AFTER UPDATE ON contracts
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (contract_id) VALUES (NEW.id);
END;
