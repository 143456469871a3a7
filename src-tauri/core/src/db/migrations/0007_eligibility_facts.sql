-- 0007: the eligibility facts buyers filter on: the award type and the supplier's flags,
-- and the jurisdiction's approved cooperatives as search reads them.
--
-- Every new fact is unknown until a clerk or a source states it: NULL (or an empty list)
-- is "the source does not say", never "no". Existing contracts keep every other fact
-- and start with all of these unknown.
ALTER TABLE contracts ADD COLUMN award_type TEXT
    CHECK (award_type IN ('single', 'multiple'));
-- Only for a multiple award, and only when known.
ALTER TABLE contracts ADD COLUMN awardee_count INTEGER
    CHECK (awardee_count IS NULL OR (awardee_count >= 2 AND award_type = 'multiple'));
ALTER TABLE contracts ADD COLUMN small_business INTEGER CHECK (small_business IN (0, 1));
-- A JSON array of two-letter state codes where the supplier counts as local.
ALTER TABLE contracts ADD COLUMN local_states TEXT NOT NULL DEFAULT '[]';
ALTER TABLE contracts ADD COLUMN minority_owned INTEGER CHECK (minority_owned IN (0, 1));
ALTER TABLE contracts ADD COLUMN woman_owned INTEGER CHECK (woman_owned IN (0, 1));
ALTER TABLE contracts ADD COLUMN veteran_owned INTEGER CHECK (veteran_owned IN (0, 1));

-- The cooperatives the jurisdiction has approved, from the `approvedCooperatives`
-- setting (a JSON array of names, kept by `settings::save`). Search ranks their
-- contracts first and filters to them; a setting that is not a JSON array (a damaged
-- row) approves nothing rather than failing every search.
CREATE VIEW approved_cooperatives AS
SELECT j.value AS name
FROM settings s, json_each(CASE WHEN json_valid(s.value) THEN s.value ELSE '[]' END) j
WHERE s.key = 'approvedCooperatives' AND j.type = 'text';
