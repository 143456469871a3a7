-- 0013: renewal options as data, and the last date a contract could be extended to.
--
-- 1. `renewal_count`, `renewal_months`, `renewals_used`: how many renewal options, how
--    long each, how many used, beside the words of `renewal_options` (kept as they are).
--    NULL is "not recorded".
-- 2. `extendable_until`: the last date the contract could still be extended to — its
--    final possible expiry, or its expiry with the options not yet used — as an ISO
--    date; 'unclear' when its renewal words say neither how many nor how long; NULL when
--    nothing lets it go past its expiry. Written with every contract by the core
--    (`crate::renewal`), which also reads the options from the words of the contracts
--    already in the library right after this script (`db::migrations`). The status
--    filters and counts compare it with the day, so they no longer judge the words.
-- 3. The status counts of 0008 are kept per expiry and `extendable_until` (what a status
--    depends on) instead of per expiry, final expiry and words; the covering indexes of
--    0008–0010 and the partial index of 0006 hold the new column instead of the two.
ALTER TABLE contracts ADD COLUMN renewal_count INTEGER
    CHECK (renewal_count IS NULL OR renewal_count >= 0);
ALTER TABLE contracts ADD COLUMN renewal_months INTEGER
    CHECK (renewal_months IS NULL OR renewal_months BETWEEN 0 AND 120);
ALTER TABLE contracts ADD COLUMN renewals_used INTEGER
    CHECK (renewals_used IS NULL OR renewals_used >= 0);
ALTER TABLE contracts ADD COLUMN extendable_until TEXT;

DROP INDEX contracts_extendable_by_expiry;
CREATE INDEX contracts_extendable_by_expiry ON contracts (expiry_date)
WHERE extendable_until IS NOT NULL;

DROP INDEX contracts_facet_columns;
CREATE INDEX contracts_facet_columns ON contracts
    (id, cooperative, category, expiry_date, extendable_until)
    WHERE deleted_at IS NULL;
DROP INDEX contracts_facet_by_cooperative;
CREATE INDEX contracts_facet_by_cooperative ON contracts
    (cooperative, category, expiry_date, extendable_until)
    WHERE deleted_at IS NULL;
DROP INDEX contracts_facet_by_category;
CREATE INDEX contracts_facet_by_category ON contracts
    (category, cooperative, expiry_date, extendable_until)
    WHERE deleted_at IS NULL;
DROP INDEX contracts_facet_by_expiry;
CREATE INDEX contracts_facet_by_expiry ON contracts
    (expiry_date, cooperative, category, extendable_until)
    WHERE deleted_at IS NULL;

DROP TRIGGER contract_facet_expiries_after_insert;
DROP TRIGGER contract_facets_before_delete;
DROP TRIGGER contract_facets_update_leaves;
DROP TRIGGER contract_facets_update_enters;
DROP TABLE contract_facet_expiries;

CREATE TABLE contract_facet_expiries (
    expiry_date      TEXT NOT NULL,
    extendable_until TEXT NOT NULL,
    n                INTEGER NOT NULL,
    PRIMARY KEY (expiry_date, extendable_until)
) WITHOUT ROWID;

-- As in 0008: a missing value is stored as '' (a primary key cannot hold NULL).
CREATE TRIGGER contract_facet_expiries_after_insert AFTER INSERT ON contracts
WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO contract_facet_expiries (expiry_date, extendable_until, n)
    VALUES (coalesce(new.expiry_date, ''), coalesce(new.extendable_until, ''), 1)
    ON CONFLICT (expiry_date, extendable_until) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER contract_facets_before_delete BEFORE DELETE ON contracts
WHEN old.deleted_at IS NULL BEGIN
    UPDATE contract_facet_cooperatives SET n = n - 1 WHERE cooperative = old.cooperative;
    DELETE FROM contract_facet_cooperatives WHERE cooperative = old.cooperative AND n = 0;
    UPDATE contract_facet_categories SET n = n - 1 WHERE category = old.category;
    DELETE FROM contract_facet_categories WHERE category = old.category AND n = 0;
    UPDATE contract_facet_expiries SET n = n - 1
    WHERE expiry_date = coalesce(old.expiry_date, '')
      AND extendable_until = coalesce(old.extendable_until, '');
    DELETE FROM contract_facet_expiries
    WHERE expiry_date = coalesce(old.expiry_date, '')
      AND extendable_until = coalesce(old.extendable_until, '') AND n = 0;
END;

CREATE TRIGGER contract_facets_update_leaves AFTER UPDATE OF
    cooperative, category, expiry_date, extendable_until, deleted_at
ON contracts WHEN old.deleted_at IS NULL BEGIN
    UPDATE contract_facet_cooperatives SET n = n - 1 WHERE cooperative = old.cooperative;
    DELETE FROM contract_facet_cooperatives WHERE cooperative = old.cooperative AND n = 0;
    UPDATE contract_facet_categories SET n = n - 1 WHERE category = old.category;
    DELETE FROM contract_facet_categories WHERE category = old.category AND n = 0;
    UPDATE contract_facet_expiries SET n = n - 1
    WHERE expiry_date = coalesce(old.expiry_date, '')
      AND extendable_until = coalesce(old.extendable_until, '');
    DELETE FROM contract_facet_expiries
    WHERE expiry_date = coalesce(old.expiry_date, '')
      AND extendable_until = coalesce(old.extendable_until, '') AND n = 0;
END;

CREATE TRIGGER contract_facets_update_enters AFTER UPDATE OF
    cooperative, category, expiry_date, extendable_until, deleted_at
ON contracts WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO contract_facet_cooperatives (cooperative, n) VALUES (new.cooperative, 1)
    ON CONFLICT (cooperative) DO UPDATE SET n = n + 1;
    INSERT INTO contract_facet_categories (category, n) VALUES (new.category, 1)
    ON CONFLICT (category) DO UPDATE SET n = n + 1;
    INSERT INTO contract_facet_expiries (expiry_date, extendable_until, n)
    VALUES (coalesce(new.expiry_date, ''), coalesce(new.extendable_until, ''), 1)
    ON CONFLICT (expiry_date, extendable_until) DO UPDATE SET n = n + 1;
END;

-- Count what the library holds; the options read from the words right after this script
-- move their contracts' counts through the update triggers.
INSERT INTO contract_facet_expiries (expiry_date, extendable_until, n)
SELECT coalesce(expiry_date, ''), coalesce(extendable_until, ''), count(*)
FROM contracts WHERE deleted_at IS NULL
GROUP BY coalesce(expiry_date, ''), coalesce(extendable_until, '');
