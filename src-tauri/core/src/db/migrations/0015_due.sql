-- 0015: what comes due — certificates of insurance, a lead time per contract, snoozes and
-- dismissals of the Needs-action list, and what the calendar export last wrote (issue 25).
--
-- Amounts are decimal text with exactly two decimals, as the library keeps money; dates
-- are ISO 8601 text. The Needs-action list itself is never stored: it is computed from
-- the library whenever it is asked for (`crate::due`).

-- How many days before a contract's expiry its renewal decision comes due; a contract
-- without a row takes the Settings' default (`due.defaultLeadDays`, 120 days).
CREATE TABLE contract_lead_times (
    contract_id INTEGER PRIMARY KEY REFERENCES contracts (id),
    days        INTEGER NOT NULL CHECK (days BETWEEN 0 AND 3650)
);

-- A vendor's certificate of insurance naming the jurisdiction, on file for a contract
-- (and, when it was given for one council action, that approval). A certificate is a
-- record: it is never deleted; a new one is recorded when the vendor sends it.
CREATE TABLE insurance_certificates (
    id                 INTEGER PRIMARY KEY,
    contract_id        INTEGER NOT NULL REFERENCES contracts (id),
    approval_id        INTEGER REFERENCES approvals (id),
    insurer            TEXT NOT NULL CHECK (trim(insurer) <> ''),
    effective_date     TEXT NOT NULL,
    expiry_date        TEXT NOT NULL,
    additional_insured TEXT NOT NULL DEFAULT 'unknown'
        CHECK (additional_insured IN ('yes', 'no', 'unknown')),
    -- The certificate's PDF among the contract's checksummed documents.
    document_id        INTEGER REFERENCES documents (id),
    notes              TEXT NOT NULL DEFAULT '',
    recorded_at        TEXT NOT NULL,
    CHECK (effective_date <= expiry_date)
);

CREATE INDEX insurance_certificates_by_contract ON insurance_certificates (contract_id);

-- The policies a certificate shows, each with its limit (per occurrence, as printed).
CREATE TABLE insurance_policies (
    certificate_id INTEGER NOT NULL REFERENCES insurance_certificates (id),
    position       INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('generalLiability', 'auto', 'workersComp',
                       'cyber', 'professional', 'umbrella', 'other')),
    limit_amount   TEXT NOT NULL CHECK (limit_amount GLOB '*[0-9].[0-9][0-9]'
                       AND limit_amount NOT GLOB '*[^0-9.]*'),
    PRIMARY KEY (certificate_id, position)
) WITHOUT ROWID;

CREATE TRIGGER insurance_certificates_never_deleted
BEFORE DELETE ON insurance_certificates
BEGIN
    SELECT RAISE(ABORT, 'a certificate of insurance is a record and is never deleted');
END;

CREATE TRIGGER insurance_certificate_documents_are_kept
BEFORE DELETE ON documents
WHEN EXISTS (SELECT 1 FROM insurance_certificates WHERE document_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'this document is a certificate of insurance on file and is kept');
END;

-- Every snooze and dismissal of an item of the Needs-action list, oldest first: the
-- latest for an item decides whether it shows. `item_key` names the item and the date it
-- is about ('renewal:12:2027-06-30'), so an item whose date moves comes back as a new one.
-- `what` is the item's sentence when the clerk acted on it.
CREATE TABLE due_actions (
    id       INTEGER PRIMARY KEY,
    item_key TEXT NOT NULL,
    action   TEXT NOT NULL CHECK (action IN ('snooze', 'dismiss')),
    until    TEXT,
    reason   TEXT NOT NULL DEFAULT '',
    what     TEXT NOT NULL,
    at       TEXT NOT NULL,
    CHECK ((action = 'snooze') = (until IS NOT NULL)),
    CHECK (action <> 'dismiss' OR trim(reason) <> '')
);

CREATE INDEX due_actions_by_item ON due_actions (item_key, id);

CREATE TRIGGER due_actions_never_change
BEFORE UPDATE ON due_actions
BEGIN
    SELECT RAISE(ABORT, 'the history of the Needs-action list is a record and is never changed');
END;

CREATE TRIGGER due_actions_never_deleted
BEFORE DELETE ON due_actions
BEGIN
    SELECT RAISE(ABORT, 'the history of the Needs-action list is a record and is never deleted');
END;

-- What the last calendar export wrote per event: a fingerprint of its content, its
-- SEQUENCE (raised by one whenever the content changes) and the DTSTAMP of that revision
-- (UTC), so re-exporting updates the clerk's calendar instead of duplicating it.
CREATE TABLE calendar_events (
    uid         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    sequence    INTEGER NOT NULL CHECK (sequence >= 0),
    stamped_at  TEXT NOT NULL
) WITHOUT ROWID;
