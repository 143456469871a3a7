-- 0002: full-text search over the contract library, and the trash.
--
-- `deleted_at` is set when a contract goes to the trash (soft delete): the row, its id
-- and everything that points to it stay, so restoring brings it back exactly. Only
-- contracts in the library (deleted_at IS NULL) are indexed for search.
ALTER TABLE contracts ADD COLUMN deleted_at TEXT;

-- The searchable text of each contract, grouped into eight weighted columns. Each
-- column starts with the field the Library table shows (number, title, vendor,
-- cooperative), followed by its other forms on new lines, so a highlight can be cut
-- back to the displayed field. List fields are JSON arrays of strings; their items are
-- joined by cutting the brackets and the `","` between items, not with json_each():
-- FTS5 reads this view through a schema-qualified name, and SQLite then fails to
-- resolve a table-valued function inside it ("no such table: main.json_each").
CREATE VIEW contract_search_text AS
SELECT
    c.id AS id,
    concat_ws(char(10), c.contract_number,
        nullif(trim(replace(substr(c.number_variants, 2, length(c.number_variants) - 2), '","', char(10)), '"'), ''),
        nullif(c.solicitation_number, '')) AS number,
    c.title AS title,
    concat_ws(char(10), c.vendor_name,
        nullif(trim(replace(substr(c.vendor_aliases, 2, length(c.vendor_aliases) - 2), '","', char(10)), '"'), '')) AS vendor,
    concat_ws(char(10), c.cooperative, nullif(c.lead_agency, '')) AS cooperative,
    concat_ws(char(10), nullif(c.category, ''),
        nullif(trim(replace(substr(c.nigp_codes, 2, length(c.nigp_codes) - 2), '","', ' '), '"'), ''),
        nullif(trim(replace(substr(c.unspsc_codes, 2, length(c.unspsc_codes) - 2), '","', ' '), '"'), '')) AS category,
    c.description AS description,
    concat_ws(char(10),
        nullif(trim(replace(substr(c.keywords, 2, length(c.keywords) - 2), '","', char(10)), '"'), ''),
        nullif(trim(replace(substr(c.tags, 2, length(c.tags) - 2), '","', char(10)), '"'), '')) AS keywords,
    concat_ws(char(10), nullif(c.notes, ''), nullif(c.eligibility_notes, ''),
        nullif(c.pricing_basis, ''), nullif(c.admin_fee_notes, ''), nullif(c.warranty, ''),
        nullif(c.insurance_notes, ''), nullif(c.renewal_options, ''),
        nullif(c.solicitation_method, ''), nullif(c.vendor_contact, ''),
        nullif(c.vendor_email, '')) AS notes
FROM contracts c
WHERE c.deleted_at IS NULL;

-- External content: the index stores no second copy of the text; highlight() reads it
-- back through the view. prefix='1 2 3' keeps search-as-you-type on short prefixes
-- from merging thousands of term lists per keystroke.
CREATE VIRTUAL TABLE contracts_fts USING fts5(
    number, title, vendor, cooperative, category, description, keywords, notes,
    content = 'contract_search_text',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

-- Column weights, set once so that `ORDER BY rank` uses them: a hit in the contract
-- number or the vendor outranks one in the title, which outranks the long text.
INSERT INTO contracts_fts (contracts_fts, rank)
VALUES ('rank', 'bm25(12.0, 4.0, 8.0, 2.0, 2.0, 1.0, 2.0, 0.5)');

-- The index follows the table. The "delete" entries are written BEFORE the change,
-- while the view still shows the old text the index was built from.
CREATE TRIGGER contracts_fts_after_insert AFTER INSERT ON contracts
WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO contracts_fts (rowid, number, title, vendor, cooperative, category,
                               description, keywords, notes)
    SELECT id, number, title, vendor, cooperative, category, description, keywords, notes
    FROM contract_search_text WHERE id = new.id;
END;

CREATE TRIGGER contracts_fts_before_update BEFORE UPDATE ON contracts
WHEN old.deleted_at IS NULL BEGIN
    INSERT INTO contracts_fts (contracts_fts, rowid, number, title, vendor, cooperative,
                               category, description, keywords, notes)
    SELECT 'delete', id, number, title, vendor, cooperative, category, description,
           keywords, notes
    FROM contract_search_text WHERE id = old.id;
END;

CREATE TRIGGER contracts_fts_after_update AFTER UPDATE ON contracts
WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO contracts_fts (rowid, number, title, vendor, cooperative, category,
                               description, keywords, notes)
    SELECT id, number, title, vendor, cooperative, category, description, keywords, notes
    FROM contract_search_text WHERE id = new.id;
END;

CREATE TRIGGER contracts_fts_before_delete BEFORE DELETE ON contracts
WHEN old.deleted_at IS NULL BEGIN
    INSERT INTO contracts_fts (contracts_fts, rowid, number, title, vendor, cooperative,
                               category, description, keywords, notes)
    SELECT 'delete', id, number, title, vendor, cooperative, category, description,
           keywords, notes
    FROM contract_search_text WHERE id = old.id;
END;

-- Contract numbers reduced to a key (ASCII lower case, without spaces and the
-- punctuation sources sprinkle into numbers), so "091521 -NAF" finds "091521-NAF"
-- exactly and puts it first. The Rust side (`search::number_key`) must reduce typed
-- text the same way.
CREATE TABLE contract_number_keys (
    key         TEXT NOT NULL,
    contract_id INTEGER NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
    PRIMARY KEY (key, contract_id)
) WITHOUT ROWID;

CREATE INDEX contract_number_keys_by_contract ON contract_number_keys (contract_id);

CREATE VIEW contract_number_key_source AS
SELECT contract_id,
       lower(replace(replace(replace(replace(replace(replace(replace(
           number, ' ', ''), '-', ''), '#', ''), '.', ''), '/', ''), '_', ''), ':', ''))
           AS key
FROM (
    SELECT id AS contract_id, contract_number AS number
    FROM contracts WHERE deleted_at IS NULL
    UNION ALL
    SELECT c.id, j.value
    FROM contracts c, json_each(c.number_variants) j WHERE c.deleted_at IS NULL
);

CREATE TRIGGER contract_number_keys_after_insert AFTER INSERT ON contracts BEGIN
    INSERT OR IGNORE INTO contract_number_keys (key, contract_id)
    SELECT key, contract_id FROM contract_number_key_source
    WHERE contract_id = new.id AND key <> '';
END;

CREATE TRIGGER contract_number_keys_after_update AFTER UPDATE ON contracts BEGIN
    DELETE FROM contract_number_keys WHERE contract_id = new.id;
    INSERT OR IGNORE INTO contract_number_keys (key, contract_id)
    SELECT key, contract_id FROM contract_number_key_source
    WHERE contract_id = new.id AND key <> '';
END;

-- Backfill what a version-1 library already holds.
INSERT INTO contracts_fts (contracts_fts) VALUES ('rebuild');
INSERT OR IGNORE INTO contract_number_keys (key, contract_id)
SELECT key, contract_id FROM contract_number_key_source WHERE key <> '';

-- Filters and facets.
CREATE INDEX contracts_by_cooperative ON contracts (cooperative, expiry_date);
CREATE INDEX contracts_by_category ON contracts (category, expiry_date);
