-- 0021: a shared contract's documents travel with it, once each, by checksum
-- (src/hub/documents.rs, docs/hub.md "Documents").
--
-- A contract's body on the hub names its documents (checksum, name, kind, size); the bytes
-- go to the hub once per checksum. `hub_documents_absent`: documents the hub's version of
-- a contract names that this library does not hold yet (not downloaded, over the hub's
-- size limit, or refused because the hub's copy did not match its checksum) — still the
-- contract's documents, so that this library never sends the contract without them.
-- `hub_documents_on_hub`: checksums the hub is known to hold (sent or received), not
-- asked about again. `hub_documents_unsent`: the sentence for each document the hub did
-- not take (over its limit, or its file here no longer matching), for `hub status`.
--
-- Attaching or removing a document is a change to its contract: the triggers touch the
-- contract row (`global_id = global_id`, which changes nothing), so the contract's own
-- triggers put it in the outbox and refuse the change when the contract is another
-- jurisdiction's, received read-only from the region — whatever shape the outbox has.
-- Writes from the hub itself (`hub_link.applying`) are left alone.

CREATE TABLE hub_documents_absent (
    contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    sha256      TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL,
    PRIMARY KEY (contract_id, sha256, name, kind)
) WITHOUT ROWID;

CREATE TABLE hub_documents_on_hub (
    sha256 TEXT PRIMARY KEY
) WITHOUT ROWID;

CREATE TABLE hub_documents_unsent (
    sha256   TEXT PRIMARY KEY,
    sentence TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER documents_hub_after_insert AFTER INSERT ON documents
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    UPDATE contracts SET global_id = global_id WHERE id = NEW.contract_id;
END;

CREATE TRIGGER documents_hub_after_delete AFTER DELETE ON documents
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    UPDATE contracts SET global_id = global_id WHERE id = OLD.contract_id;
END;

-- A library already joined shares its contracts' documents once: those contracts go to
-- the outbox (not another jurisdiction's, which are not this library's to send).
UPDATE contracts SET global_id = global_id
WHERE id IN (SELECT contract_id FROM documents)
    AND EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
    AND NOT EXISTS (SELECT 1 FROM hub_shadow s JOIN hub_link l ON s.owner <> l.member_role
                    WHERE s.global_id = contracts.global_id);
