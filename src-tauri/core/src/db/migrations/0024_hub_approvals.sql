-- 0024: the council's actions, with their purchases, become a shared kind of the office
-- (src/hub/kinds/approval.rs, docs/hub.md). Never of the region: the hub refuses them there.
--
-- An approval takes a global id like contracts and comparisons. Its purchase orders,
-- change orders and invoices travel inside its body, each as a field of its own keyed by
-- an id of its own, so that two laptops adding different purchases to the same action
-- both keep theirs: each row gets a random id when it is written (triggers below), the
-- rows already recorded get theirs here, and a row received from the hub takes the id it
-- had on the laptop that wrote it.
--
-- An approval is never deleted (0014), so none waits in `hub_gone`. Whatever changes an
-- approval, a purchase under it, a line, a change order, an invoice, a linked document or
-- an override puts the approval in the outbox, in the same transaction, while the library
-- is joined and the write is not the hub's own. The cursor goes back to the start of the
-- hub's log so that the actions others shared before this CoopDesk knew them are read.

ALTER TABLE approvals ADD COLUMN global_id TEXT;
CREATE UNIQUE INDEX approvals_by_global_id ON approvals (global_id);

-- What the hub names that this library does not hold, kept so that the action sent back
-- from here still names it: the memo version the council was shown (by the memo's global
-- id and the version's number) when this library has no such memo version, and the
-- checksums of resolution documents not (yet) among its contract's documents.
ALTER TABLE approvals ADD COLUMN hub_memo TEXT CHECK (hub_memo IS NULL OR json_valid(hub_memo));
ALTER TABLE approvals ADD COLUMN hub_documents_absent TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(hub_documents_absent));

ALTER TABLE purchase_orders ADD COLUMN global_id TEXT;
ALTER TABLE change_orders ADD COLUMN global_id TEXT;
ALTER TABLE invoices ADD COLUMN global_id TEXT;
UPDATE purchase_orders SET global_id = lower(hex(randomblob(16)));
UPDATE change_orders SET global_id = lower(hex(randomblob(16)));
UPDATE invoices SET global_id = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX purchase_orders_by_global_id ON purchase_orders (global_id);
CREATE UNIQUE INDEX change_orders_by_global_id ON change_orders (global_id);
CREATE UNIQUE INDEX invoices_by_global_id ON invoices (global_id);

CREATE TRIGGER purchase_orders_global_id AFTER INSERT ON purchase_orders
WHEN NEW.global_id IS NULL
BEGIN
    UPDATE purchase_orders SET global_id = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;

CREATE TRIGGER change_orders_global_id AFTER INSERT ON change_orders
WHEN NEW.global_id IS NULL
BEGIN
    UPDATE change_orders SET global_id = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;

CREATE TRIGGER invoices_global_id AFTER INSERT ON invoices
WHEN NEW.global_id IS NULL
BEGIN
    UPDATE invoices SET global_id = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;

CREATE TRIGGER approvals_hub_outbox_after_insert AFTER INSERT ON approvals
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('approval', NEW.id);
END;

CREATE TRIGGER approvals_hub_outbox_after_update AFTER UPDATE ON approvals
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('approval', NEW.id);
END;

CREATE TRIGGER purchase_orders_hub_outbox_after_insert AFTER INSERT ON purchase_orders
WHEN NEW.approval_id IS NOT NULL AND EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('approval', NEW.approval_id);
END;

CREATE TRIGGER purchase_orders_hub_outbox_after_update AFTER UPDATE ON purchase_orders
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id)
    SELECT 'approval', id FROM approvals WHERE id IN (OLD.approval_id, NEW.approval_id);
END;

CREATE TRIGGER purchase_orders_hub_outbox_after_delete AFTER DELETE ON purchase_orders
WHEN OLD.approval_id IS NOT NULL AND EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('approval', OLD.approval_id);
END;

CREATE TRIGGER purchase_lines_hub_outbox_after_insert AFTER INSERT ON purchase_lines
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id)
    SELECT 'approval', approval_id FROM purchase_orders
    WHERE id = NEW.po_id AND approval_id IS NOT NULL;
END;

CREATE TRIGGER purchase_lines_hub_outbox_after_delete AFTER DELETE ON purchase_lines
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id)
    SELECT 'approval', approval_id FROM purchase_orders
    WHERE id = OLD.po_id AND approval_id IS NOT NULL;
END;

CREATE TRIGGER change_orders_hub_outbox_after_insert AFTER INSERT ON change_orders
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id)
    SELECT 'approval', approval_id FROM purchase_orders
    WHERE id = NEW.po_id AND approval_id IS NOT NULL;
END;

CREATE TRIGGER change_orders_hub_outbox_after_update AFTER UPDATE ON change_orders
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id)
    SELECT 'approval', approval_id FROM purchase_orders
    WHERE id IN (OLD.po_id, NEW.po_id) AND approval_id IS NOT NULL;
END;

CREATE TRIGGER change_orders_hub_outbox_after_delete AFTER DELETE ON change_orders
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id)
    SELECT 'approval', approval_id FROM purchase_orders
    WHERE id = OLD.po_id AND approval_id IS NOT NULL;
END;

CREATE TRIGGER invoices_hub_outbox_after_insert AFTER INSERT ON invoices
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id)
    SELECT 'approval', approval_id FROM purchase_orders
    WHERE id = NEW.po_id AND approval_id IS NOT NULL;
END;

CREATE TRIGGER invoices_hub_outbox_after_update AFTER UPDATE ON invoices
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id)
    SELECT 'approval', approval_id FROM purchase_orders
    WHERE id IN (OLD.po_id, NEW.po_id) AND approval_id IS NOT NULL;
END;

CREATE TRIGGER invoices_hub_outbox_after_delete AFTER DELETE ON invoices
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id)
    SELECT 'approval', approval_id FROM purchase_orders
    WHERE id = OLD.po_id AND approval_id IS NOT NULL;
END;

CREATE TRIGGER approval_documents_hub_outbox_after_insert AFTER INSERT ON approval_documents
WHEN EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('approval', NEW.approval_id);
END;

-- A guard rail overridden: the override travels with the purchase it was given for.
CREATE TRIGGER spending_overrides_hub_outbox_after_insert AFTER INSERT ON spending_history
WHEN NEW.action = 'override' AND NEW.approval_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT OR IGNORE INTO hub_outbox (kind, local_id) VALUES ('approval', NEW.approval_id);
END;

-- A joined library shares its council actions at the next sync, and reads the hub's log
-- again.
INSERT OR IGNORE INTO hub_outbox (kind, local_id)
SELECT 'approval', id FROM approvals WHERE EXISTS (SELECT 1 FROM hub_link);
UPDATE hub_link SET cursor = 0;
