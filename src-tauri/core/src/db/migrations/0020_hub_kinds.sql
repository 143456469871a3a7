-- 0020: the shared hub shares record kinds besides contracts (src/hub/kinds/, docs/hub.md).
--
-- The outbox is keyed by kind and local id (it held contract ids): each kind's triggers
-- put their record in it, in the very transaction that changes it, and only while the
-- library is joined and the write is not the hub's own (`hub_link.applying`). A record a
-- kind deletes for good (a saved comparison has no trash) cannot stay in the outbox by its
-- id, which SQLite may give to the next one: its global id waits in `hub_gone` instead,
-- when the hub holds it, until the deletion is pushed.
--
-- Saved comparisons take a global id like contracts. The cursor goes back to the start of
-- the hub's log, so that the comparisons others shared before this CoopDesk knew them are
-- read (the shadow makes reading the contracts again harmless).

DROP TRIGGER contracts_hub_outbox_after_insert;
DROP TRIGGER contracts_hub_outbox_after_update;
DROP TRIGGER hub_region_after_insert;
DROP TRIGGER hub_region_after_delete;
DROP TRIGGER price_lines_hub_outbox_after_insert;
DROP TRIGGER price_lines_hub_outbox_after_update;
DROP TRIGGER price_lines_hub_outbox_after_delete;

CREATE TABLE hub_outbox_by_kind (
    kind     TEXT NOT NULL,
    local_id INTEGER NOT NULL,
    PRIMARY KEY (kind, local_id)
) WITHOUT ROWID;
INSERT INTO hub_outbox_by_kind (kind, local_id) SELECT 'contract', contract_id FROM hub_outbox;
DROP TABLE hub_outbox;
ALTER TABLE hub_outbox_by_kind RENAME TO hub_outbox;

CREATE TABLE hub_gone (
    global_id TEXT PRIMARY KEY,
    kind      TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER contracts_hub_outbox_after_insert AFTER INSERT ON contracts
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('contract', NEW.id);
END;

CREATE TRIGGER contracts_hub_outbox_after_update AFTER UPDATE ON contracts
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('contract', NEW.id);
END;

-- A contract purged from the trash leaves the outbox (its deletion went when it was
-- trashed), as the outbox's foreign key did.
CREATE TRIGGER contracts_hub_outbox_after_delete AFTER DELETE ON contracts
BEGIN
    DELETE FROM hub_outbox WHERE kind = 'contract' AND local_id = OLD.id;
END;

CREATE TRIGGER hub_region_after_insert AFTER INSERT ON hub_region
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('contract', NEW.contract_id);
END;

CREATE TRIGGER hub_region_after_delete AFTER DELETE ON hub_region
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
    AND EXISTS (SELECT 1 FROM contracts WHERE id = OLD.contract_id)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('contract', OLD.contract_id);
END;

CREATE TRIGGER price_lines_hub_outbox_after_insert AFTER INSERT ON price_lines
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('contract', NEW.contract_id);
END;

CREATE TRIGGER price_lines_hub_outbox_after_update AFTER UPDATE ON price_lines
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('contract', NEW.contract_id);
END;

CREATE TRIGGER price_lines_hub_outbox_after_delete AFTER DELETE ON price_lines
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
    AND EXISTS (SELECT 1 FROM contracts WHERE id = OLD.contract_id)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('contract', OLD.contract_id);
END;

ALTER TABLE comparisons ADD COLUMN global_id TEXT;
CREATE UNIQUE INDEX comparisons_by_global_id ON comparisons (global_id);

CREATE TRIGGER comparisons_hub_outbox_after_insert AFTER INSERT ON comparisons
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('comparison', NEW.id);
END;

CREATE TRIGGER comparisons_hub_outbox_after_update AFTER UPDATE ON comparisons
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('comparison', NEW.id);
END;

CREATE TRIGGER comparisons_hub_outbox_after_delete AFTER DELETE ON comparisons
BEGIN
    DELETE FROM hub_outbox WHERE kind = 'comparison' AND local_id = OLD.id;
    INSERT OR IGNORE INTO hub_gone (global_id, kind)
    SELECT OLD.global_id, 'comparison'
    WHERE OLD.global_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
        AND EXISTS (SELECT 1 FROM hub_shadow WHERE global_id = OLD.global_id);
END;

-- A joined library shares its comparisons at the next sync, and reads the hub's log again.
INSERT OR IGNORE INTO hub_outbox (kind, local_id)
SELECT 'comparison', id FROM comparisons WHERE EXISTS (SELECT 1 FROM hub_link);
UPDATE hub_link SET cursor = 0;
