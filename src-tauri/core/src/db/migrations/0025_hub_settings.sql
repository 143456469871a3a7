-- 0025: the office's settings are shared through the hub as one record of kind `setting`
-- (src/hub/kinds/settings.rs, docs/hub.md), each setting a field. The settings stay the
-- rows of `settings`; `hub_settings` is the record's anchor, one row holding its global id.
--
-- Only the office's settings put the record in the outbox, named in `hub_settings_keys`
-- as in `hub::kinds::settings::office_keys`: this computer's own rows of `settings` (the
-- calendar's file and id, the mappings remembered for files imported here) never travel. As for every
-- kind, only while the library is joined and the write is not the hub's own. The settings
-- are written with an upsert (`ON CONFLICT DO UPDATE`), whose conflict handling SQLite
-- applies to the statements of its triggers too: `INSERT OR IGNORE` would fail there, so
-- the triggers insert only when the record is not waiting already.

CREATE TABLE hub_settings (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    global_id TEXT UNIQUE
);
INSERT INTO hub_settings (id) VALUES (1);

CREATE TABLE hub_settings_keys (
    key TEXT PRIMARY KEY
) WITHOUT ROWID;
INSERT INTO hub_settings_keys (key) VALUES
    ('jurisdictionName'), ('state'), ('entityType'), ('legalAuthority'),
    ('fiscalYearStartMonth'), ('memoTo'), ('authorizedSigner'), ('signers'), ('paper'),
    ('approvedCooperatives'), ('policyDiscountRate'), ('policyDiscountSource'), ('logo'),
    ('changeOrderThreshold'), ('councilActionThreshold'), ('dueReminders');

CREATE TRIGGER settings_hub_outbox_after_insert AFTER INSERT ON settings
WHEN NEW.key IN (SELECT key FROM hub_settings_keys)
    AND EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT INTO hub_outbox (kind, local_id) SELECT 'setting', 1
    WHERE NOT EXISTS (SELECT 1 FROM hub_outbox WHERE kind = 'setting' AND local_id = 1);
END;

CREATE TRIGGER settings_hub_outbox_after_update AFTER UPDATE ON settings
WHEN NEW.key IN (SELECT key FROM hub_settings_keys)
    AND EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT INTO hub_outbox (kind, local_id) SELECT 'setting', 1
    WHERE NOT EXISTS (SELECT 1 FROM hub_outbox WHERE kind = 'setting' AND local_id = 1);
END;

CREATE TRIGGER settings_hub_outbox_after_delete AFTER DELETE ON settings
WHEN OLD.key IN (SELECT key FROM hub_settings_keys)
    AND EXISTS (SELECT 1 FROM hub_link WHERE applying = 0)
BEGIN
    INSERT INTO hub_outbox (kind, local_id) SELECT 'setting', 1
    WHERE NOT EXISTS (SELECT 1 FROM hub_outbox WHERE kind = 'setting' AND local_id = 1);
END;

-- A joined library that set any of them shares its settings at the next sync, and reads
-- the hub's log again for settings another laptop shared first.
INSERT OR IGNORE INTO hub_outbox (kind, local_id)
SELECT 'setting', 1 WHERE EXISTS (SELECT 1 FROM hub_link)
    AND EXISTS (SELECT 1 FROM settings WHERE key IN (SELECT key FROM hub_settings_keys));
UPDATE hub_link SET cursor = 0;
