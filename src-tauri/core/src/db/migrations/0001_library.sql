-- 0001: the contract library and the jurisdiction's settings.
-- List fields (variants, aliases, codes, keywords, entity types, states, sources, tags)
-- are JSON arrays of strings. Dates are ISO 8601 text (YYYY-MM-DD). Amounts and
-- percentages are decimal text and never summed or sorted by SQL.

CREATE TABLE contracts (
    id                   INTEGER PRIMARY KEY,
    -- identity
    cooperative          TEXT NOT NULL,
    lead_agency          TEXT NOT NULL DEFAULT '',
    contract_number      TEXT NOT NULL,
    number_variants      TEXT NOT NULL DEFAULT '[]',
    title                TEXT NOT NULL,
    vendor_name          TEXT NOT NULL,
    vendor_aliases       TEXT NOT NULL DEFAULT '[]',
    vendor_contact       TEXT NOT NULL DEFAULT '',
    vendor_email         TEXT NOT NULL DEFAULT '',
    vendor_phone         TEXT NOT NULL DEFAULT '',
    -- what
    category             TEXT NOT NULL DEFAULT '',
    nigp_codes           TEXT NOT NULL DEFAULT '[]',
    unspsc_codes         TEXT NOT NULL DEFAULT '[]',
    description          TEXT NOT NULL DEFAULT '',
    keywords             TEXT NOT NULL DEFAULT '[]',
    -- solicitation
    solicitation_number  TEXT NOT NULL DEFAULT '',
    solicitation_method  TEXT NOT NULL DEFAULT '',
    solicitation_issued  TEXT,
    response_count       INTEGER,
    cooperative_clause   INTEGER CHECK (cooperative_clause IN (0, 1)),
    -- dates
    award_date           TEXT,
    effective_date       TEXT,
    expiry_date          TEXT,
    expiry_as_published  TEXT NOT NULL DEFAULT '',
    renewal_options      TEXT NOT NULL DEFAULT '',
    final_expiry_date    TEXT,
    -- eligibility
    entity_types         TEXT NOT NULL DEFAULT '[]',
    eligible_states      TEXT NOT NULL DEFAULT '[]',
    eligibility_notes    TEXT NOT NULL DEFAULT '',
    -- terms
    pricing_basis        TEXT NOT NULL DEFAULT '',
    admin_fee_percent    TEXT,
    admin_fee_notes      TEXT NOT NULL DEFAULT '',
    warranty             TEXT NOT NULL DEFAULT '',
    insurance_notes      TEXT NOT NULL DEFAULT '',
    -- provenance
    sources              TEXT NOT NULL DEFAULT '[]',
    last_verified        TEXT,
    notes                TEXT NOT NULL DEFAULT '',
    tags                 TEXT NOT NULL DEFAULT '[]',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    -- One cooperative number can carry many vendors (HGACBuy HT06-20), so the
    -- vendor is part of what makes a contract unique.
    UNIQUE (cooperative, contract_number, vendor_name)
);

CREATE INDEX contracts_by_expiry ON contracts (expiry_date);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
