-- Hub 0002: a record withdrawn from the region leaves the other jurisdictions' libraries.
--
-- The change log is read under row-level security: a member reads its own changes and
-- those of the region. A record its owner takes back into the office circle changes to
-- `circle = 'office'`, a change the other members may not read (it would show them the
-- office's version), so without more they would keep the last version they saw for ever.
-- The log therefore writes, before such a change, a *withdrawal*: a region row with no
-- facts (`body = '{}'`, `deleted`, `withdrawn`) that tells the region's libraries to put
-- their copy in the trash. The owner's own libraries skip it (they read the real change).

ALTER TABLE coopdesk.changes ADD COLUMN withdrawn boolean NOT NULL DEFAULT false;

CREATE OR REPLACE FUNCTION coopdesk.log_change() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    LOCK TABLE coopdesk.changes IN EXCLUSIVE MODE;
    IF TG_OP = 'UPDATE' AND OLD.circle = 'region' AND NEW.circle <> 'region' THEN
        INSERT INTO coopdesk.changes (record_id, kind, owner, circle, version, deleted,
                                      body, changed_at, changed_by, withdrawn)
        VALUES (NEW.id, NEW.kind, NEW.owner, 'region', NEW.version, true, '{}'::jsonb,
                NEW.changed_at, NEW.changed_by, true);
    END IF;
    INSERT INTO coopdesk.changes (record_id, kind, owner, circle, version, deleted, body,
                                  changed_at, changed_by)
    VALUES (NEW.id, NEW.kind, NEW.owner, NEW.circle, NEW.version, NEW.deleted, NEW.body,
            NEW.changed_at, NEW.changed_by);
    RETURN NULL;
END $$;
