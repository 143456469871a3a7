-- 0009: one chip chosen and nothing typed (a cooperative, or a category), counted from an
-- index.
--
-- With one chip chosen, that chip's own group is the whole library's (the counts of
-- 0008), and the other group and the statuses count only the contracts under the chip.
-- Read through `contracts_facet_columns` that was a pass over every contract (timed in
-- docs/benchmarks-search.md, "Facet counts"); through these indexes, led by the chip's
-- column and holding every column the count reads, it is a range of one index. Like the
-- counts, they cover only contracts in the library, not in the trash.

CREATE INDEX contracts_facet_by_cooperative ON contracts
    (cooperative, category, expiry_date, final_expiry_date, renewal_options)
    WHERE deleted_at IS NULL;

CREATE INDEX contracts_facet_by_category ON contracts
    (category, cooperative, expiry_date, final_expiry_date, renewal_options)
    WHERE deleted_at IS NULL;
