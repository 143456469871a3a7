-- 0008: the filter chips' counts without reading every contract.
--
-- Counting the chips read the whole contracts table three times (once per facet, each
-- row a page of text; timed in docs/benchmarks-search.md, "Facet counts", with
-- `cargo bench -p coopdesk-core --bench search`). Two things make it cheap and
-- keep it exact:
--
-- 1. `contract_facet_cooperatives`, `contract_facet_categories` and
--    `contract_facet_expiries` hold how many contracts in the library (not in the trash)
--    have each cooperative, each category, and each expiry, final expiry and renewal
--    options. Triggers keep them in the same transaction as the change, so the chips of
--    the whole library (the Library screen before anything is typed or chosen) are read,
--    not counted. Status is not stored: it depends on the day, so it is computed from
--    the stored dates (a few thousand rows) when counted.
-- 2. `contracts_facet_columns` holds, per contract id, every column a count reads, so
--    counting the contracts that match a search (or a chip) never opens a contract's
--    row. Like those queries, it covers only contracts in the library.
--
-- A missing date is stored as '' in the count tables (a primary key cannot hold NULL);
-- the queries turn it back into NULL.

CREATE INDEX contracts_facet_columns ON contracts
    (id, cooperative, category, expiry_date, final_expiry_date, renewal_options)
    WHERE deleted_at IS NULL;

CREATE TABLE contract_facet_cooperatives (
    cooperative TEXT PRIMARY KEY,
    n           INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE contract_facet_categories (
    category TEXT PRIMARY KEY,
    n        INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE contract_facet_expiries (
    expiry_date       TEXT NOT NULL,
    final_expiry_date TEXT NOT NULL,
    renewal_options   TEXT NOT NULL,
    n                 INTEGER NOT NULL,
    PRIMARY KEY (expiry_date, final_expiry_date, renewal_options)
) WITHOUT ROWID;

-- A contract enters the counts when it enters the library (inserted, or restored from
-- the trash) and leaves them when it leaves (trashed, deleted); an edit leaves with the
-- old values and enters with the new. Rows that fall to zero are removed.
--
-- One insert trigger per table: a bulk import sets each aside and adds its rows' counts
-- in one statement (`interchange::plan`'s DEFERRABLE).
CREATE TRIGGER contract_facet_cooperatives_after_insert AFTER INSERT ON contracts
WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO contract_facet_cooperatives (cooperative, n) VALUES (new.cooperative, 1)
    ON CONFLICT (cooperative) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER contract_facet_categories_after_insert AFTER INSERT ON contracts
WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO contract_facet_categories (category, n) VALUES (new.category, 1)
    ON CONFLICT (category) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER contract_facet_expiries_after_insert AFTER INSERT ON contracts
WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO contract_facet_expiries (expiry_date, final_expiry_date, renewal_options, n)
    VALUES (coalesce(new.expiry_date, ''), coalesce(new.final_expiry_date, ''),
            new.renewal_options, 1)
    ON CONFLICT (expiry_date, final_expiry_date, renewal_options) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER contract_facets_before_delete BEFORE DELETE ON contracts
WHEN old.deleted_at IS NULL BEGIN
    UPDATE contract_facet_cooperatives SET n = n - 1 WHERE cooperative = old.cooperative;
    DELETE FROM contract_facet_cooperatives WHERE cooperative = old.cooperative AND n = 0;
    UPDATE contract_facet_categories SET n = n - 1 WHERE category = old.category;
    DELETE FROM contract_facet_categories WHERE category = old.category AND n = 0;
    UPDATE contract_facet_expiries SET n = n - 1
    WHERE expiry_date = coalesce(old.expiry_date, '')
      AND final_expiry_date = coalesce(old.final_expiry_date, '')
      AND renewal_options = old.renewal_options;
    DELETE FROM contract_facet_expiries
    WHERE expiry_date = coalesce(old.expiry_date, '')
      AND final_expiry_date = coalesce(old.final_expiry_date, '')
      AND renewal_options = old.renewal_options AND n = 0;
END;

CREATE TRIGGER contract_facets_update_leaves AFTER UPDATE OF
    cooperative, category, expiry_date, final_expiry_date, renewal_options, deleted_at
ON contracts WHEN old.deleted_at IS NULL BEGIN
    UPDATE contract_facet_cooperatives SET n = n - 1 WHERE cooperative = old.cooperative;
    DELETE FROM contract_facet_cooperatives WHERE cooperative = old.cooperative AND n = 0;
    UPDATE contract_facet_categories SET n = n - 1 WHERE category = old.category;
    DELETE FROM contract_facet_categories WHERE category = old.category AND n = 0;
    UPDATE contract_facet_expiries SET n = n - 1
    WHERE expiry_date = coalesce(old.expiry_date, '')
      AND final_expiry_date = coalesce(old.final_expiry_date, '')
      AND renewal_options = old.renewal_options;
    DELETE FROM contract_facet_expiries
    WHERE expiry_date = coalesce(old.expiry_date, '')
      AND final_expiry_date = coalesce(old.final_expiry_date, '')
      AND renewal_options = old.renewal_options AND n = 0;
END;

-- SQLite fires the two update triggers in no promised order. They touch the same row
-- only when an edit keeps a counted value, and then -1 before +1 (the row removed at
-- zero and inserted again) and +1 before -1 end with the same count.
CREATE TRIGGER contract_facets_update_enters AFTER UPDATE OF
    cooperative, category, expiry_date, final_expiry_date, renewal_options, deleted_at
ON contracts WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO contract_facet_cooperatives (cooperative, n) VALUES (new.cooperative, 1)
    ON CONFLICT (cooperative) DO UPDATE SET n = n + 1;
    INSERT INTO contract_facet_categories (category, n) VALUES (new.category, 1)
    ON CONFLICT (category) DO UPDATE SET n = n + 1;
    INSERT INTO contract_facet_expiries (expiry_date, final_expiry_date, renewal_options, n)
    VALUES (coalesce(new.expiry_date, ''), coalesce(new.final_expiry_date, ''),
            new.renewal_options, 1)
    ON CONFLICT (expiry_date, final_expiry_date, renewal_options) DO UPDATE SET n = n + 1;
END;

-- Count what the library already holds.
INSERT INTO contract_facet_cooperatives (cooperative, n)
SELECT cooperative, count(*) FROM contracts WHERE deleted_at IS NULL GROUP BY cooperative;

INSERT INTO contract_facet_categories (category, n)
SELECT category, count(*) FROM contracts WHERE deleted_at IS NULL GROUP BY category;

INSERT INTO contract_facet_expiries (expiry_date, final_expiry_date, renewal_options, n)
SELECT coalesce(expiry_date, ''), coalesce(final_expiry_date, ''), renewal_options, count(*)
FROM contracts WHERE deleted_at IS NULL
GROUP BY coalesce(expiry_date, ''), coalesce(final_expiry_date, ''), renewal_options;
