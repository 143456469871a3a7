-- 0019: the region circle of the shared hub, and price lists shared with their contract
-- (src/hub/, docs/hub.md).
--
-- `hub_members`: the hub's jurisdictions' names. `hub_region`: the contracts shared with the region — this jurisdiction's own that the
-- clerk chose to share (`hub share`), and the other jurisdictions' it received. Choosing
-- (or withdrawing) puts the contract in the outbox, like any change to it.
--
-- A contract's price list travels with the contract, so a change to its lines puts the
-- contract in the outbox too; the contracts that already have a price list go once.
--
-- Another jurisdiction's contract, received from the region, is read-only here: the hub
-- would never take a change to it (its row-level security lets a member change only its
-- own), so the library refuses one at once rather than keep a change that can never be
-- shared. Writes from the hub itself (`hub_link.applying`) are the only ones let through;
-- a later migration that rewrites every contract sets `applying` around its update.

-- The hub's member jurisdictions by role, as of the last sync: whose a region contract is,
-- in the words its clerk would use.
CREATE TABLE hub_members (
    role TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE hub_region (
    contract_id INTEGER PRIMARY KEY REFERENCES contracts (id) ON DELETE CASCADE
);

CREATE TRIGGER hub_region_after_insert AFTER INSERT ON hub_region
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (contract_id) VALUES (NEW.contract_id);
END;

CREATE TRIGGER hub_region_after_delete AFTER DELETE ON hub_region
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
    AND EXISTS (SELECT 1 FROM contracts WHERE id = OLD.contract_id)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (contract_id) VALUES (OLD.contract_id);
END;

CREATE TRIGGER price_lines_hub_outbox_after_insert AFTER INSERT ON price_lines
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (contract_id) VALUES (NEW.contract_id);
END;

CREATE TRIGGER price_lines_hub_outbox_after_update AFTER UPDATE ON price_lines
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (contract_id) VALUES (NEW.contract_id);
END;

CREATE TRIGGER price_lines_hub_outbox_after_delete AFTER DELETE ON price_lines
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
    AND EXISTS (SELECT 1 FROM contracts WHERE id = OLD.contract_id)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (contract_id) VALUES (OLD.contract_id);
END;

-- Another jurisdiction's contract: its shadow's owner is not this library's member.
CREATE TRIGGER contracts_from_the_region_are_read_only BEFORE UPDATE ON contracts
WHEN OLD.global_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM hub_link l JOIN hub_shadow s ON s.owner <> l.member_role
                WHERE l.applying = 0 AND s.global_id = OLD.global_id)
BEGIN
    SELECT RAISE(ABORT, 'Shared library: this contract is another jurisdiction''s, shared with the region; it is read-only here. Ask its clerk to change it, or add your own copy.');
END;

CREATE TRIGGER price_lines_from_the_region_are_read_only_insert BEFORE INSERT ON price_lines
WHEN EXISTS (SELECT 1 FROM contracts c JOIN hub_shadow s ON s.global_id = c.global_id
                 JOIN hub_link l ON s.owner <> l.member_role
             WHERE c.id = NEW.contract_id AND l.applying = 0)
BEGIN
    SELECT RAISE(ABORT, 'Shared library: this contract is another jurisdiction''s, shared with the region; its price list is read-only here.');
END;

CREATE TRIGGER price_lines_from_the_region_are_read_only_delete BEFORE DELETE ON price_lines
WHEN EXISTS (SELECT 1 FROM contracts c JOIN hub_shadow s ON s.global_id = c.global_id
                 JOIN hub_link l ON s.owner <> l.member_role
             WHERE c.id = OLD.contract_id AND l.applying = 0)
BEGIN
    SELECT RAISE(ABORT, 'Shared library: this contract is another jurisdiction''s, shared with the region; its price list is read-only here.');
END;

INSERT OR IGNORE INTO hub_outbox (contract_id)
SELECT DISTINCT contract_id FROM price_lines WHERE EXISTS (SELECT 1 FROM hub_link);
