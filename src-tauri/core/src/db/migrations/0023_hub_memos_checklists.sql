-- 0023: the shared hub shares memos and the due-diligence checklists (src/hub/kinds/memo.rs
-- and checklist.rs, docs/hub.md).
--
-- A memo (its global id is 0022's column) waits in the outbox when it or any of its
-- versions changes, by the memo's id; one deleted (only a memo never printed can be)
-- leaves its global id in `hub_gone`, like a comparison (0020).
--
-- A printed version never changes (0005), with one exception the hub needs: two laptops
-- that each printed a version of one memo while apart numbered it the same. The version
-- that reached the hub first keeps its number, and the other laptop's own moves to the
-- next free number, as the hub's pull writes it (`hub_link.applying`): its number only,
-- never its content, its times or its PDF.
--
-- A contract's checklist is shared as a record of its own (office only: the hub refuses
-- it in the region), named on the hub by a global id of its own, kept in
-- `hub_checklists` (one row per contract whose checklist was shared or received; its id
-- is the contract's). Any answer changed puts the contract's checklist in the outbox.
--
-- The triggers add to the outbox with `WHERE NOT EXISTS` rather than `OR IGNORE`: the
-- checklist's save is an upsert, whose own conflict clause SQLite applies inside its
-- triggers too, so `OR IGNORE` would fail on a checklist already waiting.
--
-- The cursor goes back to the start of the hub's log, so that the memos and checklists
-- others shared before this CoopDesk knew them are read (the shadow makes reading the
-- rest again harmless).

DROP TRIGGER memo_versions_printed_never_change;
CREATE TRIGGER memo_versions_printed_never_change
BEFORE UPDATE ON memo_versions
WHEN OLD.printed_at IS NOT NULL
    AND NOT (EXISTS (SELECT 1 FROM hub_link WHERE applying = 1)
             AND NEW.memo_id = OLD.memo_id
             AND NEW.content IS OLD.content
             AND NEW.saved_at IS OLD.saved_at
             AND NEW.printed_at IS OLD.printed_at
             AND NEW.pdf IS OLD.pdf
             AND NEW.pdf_sha256 IS OLD.pdf_sha256)
BEGIN
    SELECT RAISE(ABORT, 'a printed memo version cannot be changed; save a new version');
END;

CREATE TRIGGER memos_hub_outbox_after_insert AFTER INSERT ON memos
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT INTO hub_outbox (kind, local_id)
    SELECT 'memo', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM hub_outbox WHERE kind = 'memo' AND local_id = NEW.id);
END;

CREATE TRIGGER memos_hub_outbox_after_update AFTER UPDATE ON memos
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT INTO hub_outbox (kind, local_id)
    SELECT 'memo', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM hub_outbox WHERE kind = 'memo' AND local_id = NEW.id);
END;

CREATE TRIGGER memos_hub_outbox_after_delete AFTER DELETE ON memos
BEGIN
    DELETE FROM hub_outbox WHERE kind = 'memo' AND local_id = OLD.id;
    INSERT OR IGNORE INTO hub_gone (global_id, kind)
    SELECT OLD.global_id, 'memo'
    WHERE OLD.global_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
        AND EXISTS (SELECT 1 FROM hub_shadow WHERE global_id = OLD.global_id);
END;

CREATE TRIGGER memo_versions_hub_outbox_after_insert AFTER INSERT ON memo_versions
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT INTO hub_outbox (kind, local_id)
    SELECT 'memo', NEW.memo_id
    WHERE NOT EXISTS (SELECT 1 FROM hub_outbox WHERE kind = 'memo' AND local_id = NEW.memo_id);
END;

CREATE TRIGGER memo_versions_hub_outbox_after_update AFTER UPDATE ON memo_versions
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT INTO hub_outbox (kind, local_id)
    SELECT 'memo', NEW.memo_id
    WHERE NOT EXISTS (SELECT 1 FROM hub_outbox WHERE kind = 'memo' AND local_id = NEW.memo_id);
END;

CREATE TABLE hub_checklists (
    id        INTEGER PRIMARY KEY REFERENCES contracts (id) ON DELETE CASCADE,
    global_id TEXT UNIQUE
);

CREATE TRIGGER due_diligence_hub_outbox_after_insert AFTER INSERT ON due_diligence
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT INTO hub_outbox (kind, local_id)
    SELECT 'checklist', NEW.contract_id
    WHERE NOT EXISTS (SELECT 1 FROM hub_outbox WHERE kind = 'checklist' AND local_id = NEW.contract_id);
END;

CREATE TRIGGER due_diligence_hub_outbox_after_update AFTER UPDATE ON due_diligence
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT INTO hub_outbox (kind, local_id)
    SELECT 'checklist', NEW.contract_id
    WHERE NOT EXISTS (SELECT 1 FROM hub_outbox WHERE kind = 'checklist' AND local_id = NEW.contract_id);
END;

CREATE TRIGGER due_diligence_hub_outbox_after_delete AFTER DELETE ON due_diligence
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
    AND EXISTS (SELECT 1 FROM contracts WHERE id = OLD.contract_id)
BEGIN
    INSERT INTO hub_outbox (kind, local_id)
    SELECT 'checklist', OLD.contract_id
    WHERE NOT EXISTS (SELECT 1 FROM hub_outbox WHERE kind = 'checklist' AND local_id = OLD.contract_id);
END;

-- A contract purged from the trash takes its checklist out of the outbox.
CREATE TRIGGER contracts_hub_checklist_after_delete AFTER DELETE ON contracts
BEGIN
    DELETE FROM hub_outbox WHERE kind = 'checklist' AND local_id = OLD.id;
END;

-- A joined library shares its memos and checklists at the next sync, and reads the hub's
-- log again.
INSERT OR IGNORE INTO hub_outbox (kind, local_id)
SELECT 'memo', id FROM memos WHERE EXISTS (SELECT 1 FROM hub_link);
INSERT OR IGNORE INTO hub_outbox (kind, local_id)
SELECT DISTINCT 'checklist', contract_id FROM due_diligence
WHERE EXISTS (SELECT 1 FROM hub_link);
UPDATE hub_link SET cursor = 0;
