-- 0010: a status chip chosen and nothing typed, counted from an index.
--
-- With only a status chip chosen, the status chips are the whole library's (the counts
-- of 0008), and the cooperative and category chips count only the contracts of that
-- status. A status is a range of expiry dates on the day it is counted (active: after
-- today + 90 days; expiring: today to today + 30, 60 or 90; expired: before today;
-- unknown: none), so an index led by the expiry date and holding every column the
-- count reads turns the pass over every contract (timed in docs/benchmarks-search.md,
-- "A status chip chosen alone") into a range of one index. Like the other chip indexes,
-- it covers only contracts in the library, not in the trash.
CREATE INDEX contracts_facet_by_expiry ON contracts
    (expiry_date, cooperative, category, final_expiry_date, renewal_options)
    WHERE deleted_at IS NULL;
