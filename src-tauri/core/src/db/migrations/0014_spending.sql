-- 0014: after the council votes — its approvals, the purchase orders, change orders and
-- invoices recorded against them, and their history (issue 24).
--
-- Amounts are decimal text with exactly two decimals ('1250.00', '-760.00'), as the
-- library keeps money; SQL never sums, sorts or compares them — the core reads them back
-- exactly and totals them in Rust. Dates are ISO 8601 text (YYYY-MM-DD).

-- The council's action on a memo version (the one it was shown) or on a library contract
-- (approvals made before CoopDesk). An approval is a record: it is never deleted, and its
-- amounts, term and fiscal years change only together with a history entry (trigger
-- below).
CREATE TABLE approvals (
    id                 INTEGER PRIMARY KEY,
    contract_id        INTEGER NOT NULL REFERENCES contracts (id),
    memo_id            INTEGER,
    memo_version       INTEGER,
    outcome            TEXT NOT NULL
        CHECK (outcome IN ('approved', 'approvedAsAmended', 'tabled', 'denied')),
    meeting_date       TEXT NOT NULL,
    agenda_item        TEXT NOT NULL DEFAULT '',
    -- Resolution, ordinance or motion number, as the minutes write it.
    action_number      TEXT NOT NULL DEFAULT '',
    not_to_exceed      TEXT CHECK (not_to_exceed IS NULL
        OR (not_to_exceed GLOB '*[0-9].[0-9][0-9]' AND not_to_exceed NOT GLOB '*[^0-9.]*')),
    term_from          TEXT,
    term_to            TEXT,
    renewals_need_vote INTEGER NOT NULL DEFAULT 1 CHECK (renewals_need_vote IN (0, 1)),
    fiscal_years       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(fiscal_years)),
    account_codes      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(account_codes)),
    conditions         TEXT NOT NULL DEFAULT '',
    -- Raised by one with every amendment; the amendment's history entry carries it.
    revision           INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
    recorded_at        TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK ((memo_id IS NULL) = (memo_version IS NULL)),
    -- Only an approval authorises spending, and it always says how much.
    CHECK ((outcome IN ('approved', 'approvedAsAmended')) = (not_to_exceed IS NOT NULL)),
    CHECK (term_from IS NULL OR term_to IS NULL OR term_from <= term_to),
    -- The memo version the council saw: printed, and so never changed again (0005).
    FOREIGN KEY (memo_id, memo_version) REFERENCES memo_versions (memo_id, version)
);

CREATE INDEX approvals_by_contract ON approvals (contract_id);
CREATE INDEX approvals_by_memo ON approvals (memo_id) WHERE memo_id IS NOT NULL;

-- The signed resolution or minutes: documents attached to the approval's contract (the
-- existing checksummed copies), linked here.
CREATE TABLE approval_documents (
    approval_id INTEGER NOT NULL REFERENCES approvals (id),
    document_id INTEGER NOT NULL REFERENCES documents (id),
    PRIMARY KEY (approval_id, document_id)
) WITHOUT ROWID;

CREATE INDEX approval_documents_by_document ON approval_documents (document_id);

CREATE TRIGGER approval_documents_are_kept
BEFORE DELETE ON documents
WHEN EXISTS (SELECT 1 FROM approval_documents WHERE document_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'this document is the record of a council action and is kept');
END;

-- A purchase order, with or without a council action on file. Its amount is what it
-- was issued for; change orders amend it. A cancelled PO keeps its amounts but commits
-- nothing.
CREATE TABLE purchase_orders (
    id           INTEGER PRIMARY KEY,
    approval_id  INTEGER REFERENCES approvals (id),
    number       TEXT NOT NULL,
    order_date   TEXT NOT NULL,
    amount       TEXT NOT NULL
        CHECK (amount GLOB '*[0-9].[0-9][0-9]' AND amount NOT GLOB '*[^0-9.]*'),
    fiscal_year  TEXT NOT NULL DEFAULT '',
    account_code TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    vendor       TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

-- A finance system numbers its purchase orders once.
CREATE UNIQUE INDEX purchase_orders_by_number ON purchase_orders (lower(trim(number)));
CREATE INDEX purchase_orders_by_approval ON purchase_orders (approval_id);

-- A PO's lines: quantity × unit price, against the contract's price list.
CREATE TABLE purchase_lines (
    po_id      INTEGER NOT NULL REFERENCES purchase_orders (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    item       TEXT NOT NULL,
    quantity   TEXT NOT NULL,
    unit_price TEXT NOT NULL,
    PRIMARY KEY (po_id, position)
) WITHOUT ROWID;

-- A change to a PO's amount (up or down), always with its reason.
CREATE TABLE change_orders (
    id          INTEGER PRIMARY KEY,
    po_id       INTEGER NOT NULL REFERENCES purchase_orders (id) ON DELETE CASCADE,
    change_date TEXT NOT NULL,
    amount      TEXT NOT NULL CHECK (amount GLOB '*[0-9].[0-9][0-9]'),
    reason      TEXT NOT NULL CHECK (trim(reason) <> ''),
    recorded_at TEXT NOT NULL
);

CREATE INDEX change_orders_by_po ON change_orders (po_id);

-- An invoice billing a PO. A credit memo is marked so and its amount is negative; no
-- other invoice is. One vendor never sends two invoices with the same number.
CREATE TABLE invoices (
    id           INTEGER PRIMARY KEY,
    po_id        INTEGER NOT NULL REFERENCES purchase_orders (id),
    -- The PO's vendor, lower-cased with single spaces: what makes a number unique.
    vendor_key   TEXT NOT NULL,
    number       TEXT NOT NULL,
    invoice_date TEXT NOT NULL,
    amount       TEXT NOT NULL CHECK (amount GLOB '*[0-9].[0-9][0-9]'),
    credit_memo  INTEGER NOT NULL DEFAULT 0 CHECK (credit_memo IN (0, 1)),
    paid_date    TEXT,
    recorded_at  TEXT NOT NULL,
    CHECK (credit_memo = 1 OR amount NOT LIKE '-%')
);

CREATE UNIQUE INDEX invoices_by_vendor_number ON invoices (vendor_key, lower(trim(number)));
CREATE INDEX invoices_by_po ON invoices (po_id);

-- Every change to an approval or a purchase, oldest first, and every guard rail the
-- clerk overrode, with the rule, the sentence shown and the reason given. No foreign
-- key: history outlives what it tells of. `changes` is a JSON array of
-- {"field", "label", "old", "new"} with values as text, as a contract's history.
CREATE TABLE spending_history (
    id          INTEGER PRIMARY KEY,
    approval_id INTEGER,
    subject     TEXT NOT NULL
        CHECK (subject IN ('approval', 'purchaseOrder', 'changeOrder', 'invoice')),
    subject_id  INTEGER NOT NULL,
    -- For an approval's entries: the revision the entry made.
    revision    INTEGER,
    at          TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'override')),
    changes     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(changes)),
    rule        TEXT,
    sentence    TEXT,
    reason      TEXT,
    CHECK ((action = 'override') = (rule IS NOT NULL)),
    CHECK (action <> 'override' OR (sentence IS NOT NULL AND trim(reason) <> ''))
);

CREATE INDEX spending_history_by_approval ON spending_history (approval_id, id);
CREATE INDEX spending_history_by_subject ON spending_history (subject, subject_id, id);

CREATE TRIGGER spending_history_never_changes
BEFORE UPDATE ON spending_history
BEGIN
    SELECT RAISE(ABORT, 'the spending history is a record and is never changed');
END;

CREATE TRIGGER spending_history_never_deleted
BEFORE DELETE ON spending_history
BEGIN
    SELECT RAISE(ABORT, 'the spending history is a record and is never deleted');
END;

CREATE TRIGGER approvals_never_deleted
BEFORE DELETE ON approvals
BEGIN
    SELECT RAISE(ABORT, 'a council action is a record and is never deleted');
END;

-- What the council approved changes only as an amendment: the row's revision goes up by
-- one and the history entry of that revision is already written.
CREATE TRIGGER approvals_change_only_with_history
BEFORE UPDATE ON approvals
WHEN (OLD.not_to_exceed IS NOT NEW.not_to_exceed
       OR OLD.outcome IS NOT NEW.outcome
       OR OLD.term_from IS NOT NEW.term_from
       OR OLD.term_to IS NOT NEW.term_to
       OR OLD.fiscal_years IS NOT NEW.fiscal_years
       OR OLD.account_codes IS NOT NEW.account_codes
       OR OLD.contract_id IS NOT NEW.contract_id
       OR OLD.memo_id IS NOT NEW.memo_id
       OR OLD.memo_version IS NOT NEW.memo_version
       OR OLD.revision IS NOT NEW.revision)
  AND (NEW.revision IS NOT OLD.revision + 1
       OR NOT EXISTS (SELECT 1 FROM spending_history
                      WHERE subject = 'approval' AND subject_id = NEW.id
                        AND revision = NEW.revision AND action = 'update'))
BEGIN
    SELECT RAISE(ABORT, 'what the council approved changes only as an amendment recorded in its history');
END;
