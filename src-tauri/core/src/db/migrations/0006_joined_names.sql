-- 0006: names typed without their apostrophe, ampersand, hyphen or period are found;
-- expired contracts that may still be extended are found quickly.
--
-- The tokenizer splits "O'Brien" into "o" and "brien", "Macy's" into "macy" and "s",
-- "AT&T" into "at" and "t", "E-Rate" into "e" and "rate": typed as "O'Brien" they are
-- found (the typed word becomes the same phrase), typed the way a clerk says them
-- ("obrien", "macys", "att", "erate") they were not. Each column now also carries its
-- text with those joining marks deleted, after its other forms, so the index holds the
-- joined word ("obrien") as well as the split ones. Only a column holding an apostrophe,
-- "&" or a hyphen, or a period between two letters or digits ("U.S.", not "Inc."), gets
-- the second form, so most text is not indexed twice. The test is one GLOB with a single
-- character class (a second only once a period is there): each mention of a column in
-- this view builds its text again, and highlight() reads every result's text back
-- through it, so a test per mark (or a three-class GLOB) cost a few ms per page.
-- The marks: straight, curly and modifier apostrophes, backtick, acute accent, "&",
-- ".", "-" and the Unicode hyphens U+2010 and U+2011. The Rust side
-- (`search::JOINERS`) must delete the same marks from typed words.
--
-- The displayed field stays first in each column, so highlights are cut as before; a
-- match on the joined form alone is shown as an excerpt.
DROP VIEW contract_search_text;

CREATE VIEW contract_search_text AS
SELECT
    s.id AS id,
    concat_ws(char(10), s.number,
        CASE WHEN s.number GLOB '*[''’‘ʼ`´&‐‑-]*'
            OR (instr(s.number, '.') AND s.number GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.number, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS number,
    concat_ws(char(10), s.title,
        CASE WHEN s.title GLOB '*[''’‘ʼ`´&‐‑-]*'
            OR (instr(s.title, '.') AND s.title GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.title, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS title,
    concat_ws(char(10), s.vendor,
        CASE WHEN s.vendor GLOB '*[''’‘ʼ`´&‐‑-]*'
            OR (instr(s.vendor, '.') AND s.vendor GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.vendor, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS vendor,
    concat_ws(char(10), s.cooperative,
        CASE WHEN s.cooperative GLOB '*[''’‘ʼ`´&‐‑-]*'
            OR (instr(s.cooperative, '.') AND s.cooperative GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.cooperative, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS cooperative,
    concat_ws(char(10), s.category,
        CASE WHEN s.category GLOB '*[''’‘ʼ`´&‐‑-]*'
            OR (instr(s.category, '.') AND s.category GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.category, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS category,
    concat_ws(char(10), s.description,
        CASE WHEN s.description GLOB '*[''’‘ʼ`´&‐‑-]*'
            OR (instr(s.description, '.') AND s.description GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.description, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS description,
    concat_ws(char(10), s.keywords,
        CASE WHEN s.keywords GLOB '*[''’‘ʼ`´&‐‑-]*'
            OR (instr(s.keywords, '.') AND s.keywords GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.keywords, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS keywords,
    concat_ws(char(10), s.notes,
        CASE WHEN s.notes GLOB '*[''’‘ʼ`´&‐‑-]*'
            OR (instr(s.notes, '.') AND s.notes GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.notes, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS notes
FROM (
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
    WHERE c.deleted_at IS NULL
) s;

-- Index what the library already holds through the new view.
INSERT INTO contracts_fts (contracts_fts) VALUES ('rebuild');

-- Contracts that might be extended past their current expiry: a final possible expiry or
-- renewal options recorded. The "expired, may be extended" chip and the dashboard walk
-- this (small) index by expiry instead of looking up every expired contract; their
-- queries repeat this WHERE clause (`status::MAY_BE_EXTENDED_CANDIDATE_SQL`).
CREATE INDEX contracts_extendable_by_expiry ON contracts (expiry_date)
WHERE final_expiry_date IS NOT NULL OR renewal_options <> '';
