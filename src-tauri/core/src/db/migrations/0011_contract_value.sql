-- 0011: the contract's value, as registers publish it (a "$ limit", a "Contract
-- Amount"): the amount in whole cents, so that SQL can compare and sort it exactly
-- ("value above …"), and what kind of value it is. Both are unknown (NULL) until a
-- source states them; existing contracts start without a value.
ALTER TABLE contracts ADD COLUMN value_cents INTEGER CHECK (value_cents IS NULL OR value_cents >= 0);
ALTER TABLE contracts ADD COLUMN value_kind TEXT
    CHECK (value_kind IN ('maximum', 'estimated', 'annual'));

-- "Value above …" reads the contracts in the library by value.
CREATE INDEX contracts_by_value ON contracts (value_cents)
    WHERE deleted_at IS NULL AND value_cents IS NOT NULL;
