-- 0018: each council action's running totals — committed, invoiced, paid, and the latest
-- day a purchase under it is dated — kept as purchases are written, so that the Spending
-- screen and the Needs-action list read one row per approval instead of every purchase
-- order and invoice (issues 24 and 25; docs/benchmarks-spending.md, docs/due.md).
--
-- Amounts are decimal text with two decimals, as the library keeps money; SQL never sums
-- them: the core counts them in Rust (`spending::figures::Sums`) and writes the row in the
-- same savepoint as the purchase that changes it (`spending::store`). The rows of the
-- approvals already recorded are counted from their purchases right after this script, in
-- the same transaction (`db::migrations`).
--
-- A row that is not up to date is worse than none, so any write to a purchase order, a
-- change order or an invoice — whatever code wrote it — removes its approval's row
-- (triggers below) before the core writes the new one; a reader that finds no row counts
-- that approval from its purchases.

CREATE TABLE approval_totals (
    approval_id   INTEGER PRIMARY KEY REFERENCES approvals (id),
    committed     TEXT NOT NULL CHECK (committed GLOB '*[0-9].[0-9][0-9]'),
    invoiced      TEXT NOT NULL CHECK (invoiced GLOB '*[0-9].[0-9][0-9]'),
    paid          TEXT NOT NULL CHECK (paid GLOB '*[0-9].[0-9][0-9]'),
    last_purchase TEXT
);

CREATE TRIGGER approval_totals_after_order_insert AFTER INSERT ON purchase_orders
WHEN NEW.approval_id IS NOT NULL
BEGIN
    DELETE FROM approval_totals WHERE approval_id = NEW.approval_id;
END;

CREATE TRIGGER approval_totals_after_order_update
AFTER UPDATE OF approval_id, order_date, amount, status ON purchase_orders
BEGIN
    DELETE FROM approval_totals WHERE approval_id IN (OLD.approval_id, NEW.approval_id);
END;

CREATE TRIGGER approval_totals_after_order_delete AFTER DELETE ON purchase_orders
WHEN OLD.approval_id IS NOT NULL
BEGIN
    DELETE FROM approval_totals WHERE approval_id = OLD.approval_id;
END;

CREATE TRIGGER approval_totals_after_change_insert AFTER INSERT ON change_orders
BEGIN
    DELETE FROM approval_totals
    WHERE approval_id = (SELECT approval_id FROM purchase_orders WHERE id = NEW.po_id);
END;

CREATE TRIGGER approval_totals_after_change_update
AFTER UPDATE OF po_id, amount ON change_orders
BEGIN
    DELETE FROM approval_totals WHERE approval_id IN
        (SELECT approval_id FROM purchase_orders WHERE id IN (OLD.po_id, NEW.po_id));
END;

CREATE TRIGGER approval_totals_after_change_delete AFTER DELETE ON change_orders
BEGIN
    DELETE FROM approval_totals
    WHERE approval_id = (SELECT approval_id FROM purchase_orders WHERE id = OLD.po_id);
END;

CREATE TRIGGER approval_totals_after_invoice_insert AFTER INSERT ON invoices
BEGIN
    DELETE FROM approval_totals
    WHERE approval_id = (SELECT approval_id FROM purchase_orders WHERE id = NEW.po_id);
END;

CREATE TRIGGER approval_totals_after_invoice_update
AFTER UPDATE OF po_id, invoice_date, amount, paid_date ON invoices
BEGIN
    DELETE FROM approval_totals WHERE approval_id IN
        (SELECT approval_id FROM purchase_orders WHERE id IN (OLD.po_id, NEW.po_id));
END;

CREATE TRIGGER approval_totals_after_invoice_delete AFTER DELETE ON invoices
BEGIN
    DELETE FROM approval_totals
    WHERE approval_id = (SELECT approval_id FROM purchase_orders WHERE id = OLD.po_id);
END;
