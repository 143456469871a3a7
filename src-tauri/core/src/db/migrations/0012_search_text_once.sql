-- 0012: the search text of 0006, the same text for every contract, computed once per
-- contract instead of once per mention, in two views.
--
-- SQLite merges a view's inner query into the outer one, so each mention of `s.notes`
-- (up to five per column: the text, the tests for joining marks, the joined form) built
-- the column's text again, and the test for a joining mark, one GLOB with a character
-- class, is matched character by character against every member of the class. Building
-- the search index of a bulk import through this view cost more than the index itself
-- (`cargo bench -p coopdesk-core --bench import`, docs/benchmarks-import.md).
--
-- 1. `contract_search_fields`: each contract's fields grouped into the eight columns
--    (0006's inner query). It is `SELECT DISTINCT`: SQLite does not merge a DISTINCT
--    subquery into the query that reads it, so each column is built once, and the
--    DISTINCT costs nothing, since the rows include `c.id`, the rowid. A lookup by id
--    (the triggers, highlight()) still reads the one contract: SQLite pushes `id = ?`
--    down into it.
-- 2. `contract_search_text`: each column followed by its joined form (0006's outer
--    query), the test for a joining mark now one test per mark: a GLOB for each ASCII
--    mark (a fast scan for one byte), instr() for the others, the first found ends it.
--    A bulk import builds the same text from `contract_search_fields` in Rust
--    (`interchange::search_text`), at once for every new contract.
--
-- The text is unchanged (a test compares it with 0006's view): nothing to index again.
DROP VIEW contract_search_text;

CREATE VIEW contract_search_fields AS
SELECT DISTINCT
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

CREATE VIEW contract_search_text AS
SELECT
    s.id AS id,
    concat_ws(char(10), s.number,
        CASE WHEN (s.number GLOB '*''*' OR s.number GLOB '*`*' OR s.number GLOB '*&*' OR s.number GLOB '*-*'
            OR instr(s.number, '’') OR instr(s.number, '‘') OR instr(s.number, 'ʼ') OR instr(s.number, '´')
            OR instr(s.number, '‐') OR instr(s.number, '‑'))
            OR (instr(s.number, '.') AND s.number GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.number, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS number,
    concat_ws(char(10), s.title,
        CASE WHEN (s.title GLOB '*''*' OR s.title GLOB '*`*' OR s.title GLOB '*&*' OR s.title GLOB '*-*'
            OR instr(s.title, '’') OR instr(s.title, '‘') OR instr(s.title, 'ʼ') OR instr(s.title, '´')
            OR instr(s.title, '‐') OR instr(s.title, '‑'))
            OR (instr(s.title, '.') AND s.title GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.title, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS title,
    concat_ws(char(10), s.vendor,
        CASE WHEN (s.vendor GLOB '*''*' OR s.vendor GLOB '*`*' OR s.vendor GLOB '*&*' OR s.vendor GLOB '*-*'
            OR instr(s.vendor, '’') OR instr(s.vendor, '‘') OR instr(s.vendor, 'ʼ') OR instr(s.vendor, '´')
            OR instr(s.vendor, '‐') OR instr(s.vendor, '‑'))
            OR (instr(s.vendor, '.') AND s.vendor GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.vendor, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS vendor,
    concat_ws(char(10), s.cooperative,
        CASE WHEN (s.cooperative GLOB '*''*' OR s.cooperative GLOB '*`*' OR s.cooperative GLOB '*&*' OR s.cooperative GLOB '*-*'
            OR instr(s.cooperative, '’') OR instr(s.cooperative, '‘') OR instr(s.cooperative, 'ʼ') OR instr(s.cooperative, '´')
            OR instr(s.cooperative, '‐') OR instr(s.cooperative, '‑'))
            OR (instr(s.cooperative, '.') AND s.cooperative GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.cooperative, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS cooperative,
    concat_ws(char(10), s.category,
        CASE WHEN (s.category GLOB '*''*' OR s.category GLOB '*`*' OR s.category GLOB '*&*' OR s.category GLOB '*-*'
            OR instr(s.category, '’') OR instr(s.category, '‘') OR instr(s.category, 'ʼ') OR instr(s.category, '´')
            OR instr(s.category, '‐') OR instr(s.category, '‑'))
            OR (instr(s.category, '.') AND s.category GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.category, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS category,
    concat_ws(char(10), s.description,
        CASE WHEN (s.description GLOB '*''*' OR s.description GLOB '*`*' OR s.description GLOB '*&*' OR s.description GLOB '*-*'
            OR instr(s.description, '’') OR instr(s.description, '‘') OR instr(s.description, 'ʼ') OR instr(s.description, '´')
            OR instr(s.description, '‐') OR instr(s.description, '‑'))
            OR (instr(s.description, '.') AND s.description GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.description, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS description,
    concat_ws(char(10), s.keywords,
        CASE WHEN (s.keywords GLOB '*''*' OR s.keywords GLOB '*`*' OR s.keywords GLOB '*&*' OR s.keywords GLOB '*-*'
            OR instr(s.keywords, '’') OR instr(s.keywords, '‘') OR instr(s.keywords, 'ʼ') OR instr(s.keywords, '´')
            OR instr(s.keywords, '‐') OR instr(s.keywords, '‑'))
            OR (instr(s.keywords, '.') AND s.keywords GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.keywords, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS keywords,
    concat_ws(char(10), s.notes,
        CASE WHEN (s.notes GLOB '*''*' OR s.notes GLOB '*`*' OR s.notes GLOB '*&*' OR s.notes GLOB '*-*'
            OR instr(s.notes, '’') OR instr(s.notes, '‘') OR instr(s.notes, 'ʼ') OR instr(s.notes, '´')
            OR instr(s.notes, '‐') OR instr(s.notes, '‑'))
            OR (instr(s.notes, '.') AND s.notes GLOB '*[A-Za-z0-9].[A-Za-z0-9]*')
        THEN replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(s.notes, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', ''), '´', ''), '&', ''), '.', ''), '‐', ''), '‑', ''), '-', '') END) AS notes
FROM contract_search_fields s;
