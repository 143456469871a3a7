-- A vendor as a finance system names it, matched by the clerk to the council action its
-- payments fall under when no contract or PO number ties them (issue #24): the next
-- import matches the same name without asking. Keyed by the name as vendors are
-- compared (lower-case words of letters and digits).
CREATE TABLE vendor_matches (
    vendor_key TEXT PRIMARY KEY,
    vendor TEXT NOT NULL,
    approval_id INTEGER NOT NULL REFERENCES approvals(id) ON DELETE CASCADE,
    confirmed_at TEXT NOT NULL
);
