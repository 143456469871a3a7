-- Hub 0001: shared records, their append-only change log, member jurisdictions, and the
-- row-level security that decides who reads and changes what (docs/hub.md).
--
-- Roles are made by `coopdesk-cli hub init` and `hub add-member`, not here: their names
-- carry the database's name, so that one PostgreSQL server can hold several hubs.

CREATE SCHEMA coopdesk;

-- The hub's schema version, one row per migration; a client newer or older than the
-- highest refuses with a sentence.
CREATE TABLE coopdesk.schema_version (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- A member jurisdiction: its group role (every login of its people is in it) and name.
CREATE TABLE coopdesk.members (
    role_name text PRIMARY KEY,
    name      text NOT NULL UNIQUE,
    added_at  timestamptz NOT NULL DEFAULT now()
);

-- Every shared record, in its latest version. A deletion is a version too (`deleted`),
-- so that a laptop that edited the record meanwhile sees it and is asked, never overruled.
-- Only the kinds a region may see can leave the office circle.
CREATE TABLE coopdesk.records (
    id         uuid PRIMARY KEY,
    kind       text NOT NULL CHECK (kind IN ('contract', 'price_list', 'document', 'note',
                   'checklist', 'comparison', 'memo', 'approval', 'purchase', 'setting')),
    owner      text NOT NULL REFERENCES coopdesk.members (role_name),
    circle     text NOT NULL DEFAULT 'office' CHECK (circle IN ('office', 'region')),
    version    bigint NOT NULL CHECK (version >= 1),
    deleted    boolean NOT NULL DEFAULT false,
    body       jsonb NOT NULL,
    changed_at timestamptz NOT NULL DEFAULT now(),
    changed_by text NOT NULL DEFAULT session_user,
    CHECK (circle = 'office' OR kind IN ('contract', 'price_list', 'document', 'note'))
);

-- The change log: every version of every record, in the order the hub committed them.
-- Clients read it after their cursor; no client writes it (a trigger does).
CREATE TABLE coopdesk.changes (
    seq        bigserial PRIMARY KEY,
    record_id  uuid NOT NULL,
    kind       text NOT NULL,
    owner      text NOT NULL,
    circle     text NOT NULL,
    version    bigint NOT NULL,
    deleted    boolean NOT NULL,
    body       jsonb NOT NULL,
    changed_at timestamptz NOT NULL,
    changed_by text NOT NULL
);
CREATE INDEX changes_by_record ON coopdesk.changes (record_id, version);

-- A new record starts at version 1; each change brings it to exactly the next version, so
-- a laptop that pushes from an older version is refused by the server itself. Kind and
-- owner never change; who and when is the server's word, not the client's.
CREATE FUNCTION coopdesk.stamp_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.version <> 1 THEN
        RAISE EXCEPTION 'a new shared record starts at version 1, not %', NEW.version;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.version <> OLD.version + 1 THEN
            RAISE EXCEPTION 'shared record % is at version %: a change brings it to %, not %',
                OLD.id, OLD.version, OLD.version + 1, NEW.version;
        END IF;
        IF NEW.kind <> OLD.kind OR NEW.owner <> OLD.owner THEN
            RAISE EXCEPTION 'shared record % keeps its kind and its owner', OLD.id;
        END IF;
    END IF;
    NEW.changed_at := now();
    NEW.changed_by := session_user;
    RETURN NEW;
END $$;
CREATE TRIGGER records_stamp BEFORE INSERT OR UPDATE ON coopdesk.records
    FOR EACH ROW EXECUTE FUNCTION coopdesk.stamp_record();

-- One push at a time: the change log's sequence numbers are then taken in commit order,
-- so a client that read up to number n has seen every change numbered below n. Called by
-- a push first, and again by the log trigger (a no-op in the same transaction).
CREATE FUNCTION coopdesk.begin_push() RETURNS void LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    LOCK TABLE coopdesk.changes IN EXCLUSIVE MODE;
END $$;

CREATE FUNCTION coopdesk.log_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    LOCK TABLE coopdesk.changes IN EXCLUSIVE MODE;
    INSERT INTO coopdesk.changes (record_id, kind, owner, circle, version, deleted, body,
                                  changed_at, changed_by)
    VALUES (NEW.id, NEW.kind, NEW.owner, NEW.circle, NEW.version, NEW.deleted, NEW.body,
            NEW.changed_at, NEW.changed_by);
    RETURN NULL;
END $$;
CREATE TRIGGER records_log AFTER INSERT OR UPDATE ON coopdesk.records
    FOR EACH ROW EXECUTE FUNCTION coopdesk.log_change();

-- Row-level security: a member reads its own records and what the region shares, and
-- adds or changes only its own. There is no DELETE policy (and no DELETE grant): a
-- deletion is a version. The table owner (the administrator who ran `hub init`) is
-- not bound by these; members never are the owner.
ALTER TABLE coopdesk.records ENABLE ROW LEVEL SECURITY;
ALTER TABLE coopdesk.changes ENABLE ROW LEVEL SECURITY;

CREATE POLICY read_own_and_region ON coopdesk.records FOR SELECT
    USING (pg_has_role(current_user, owner, 'MEMBER') OR circle = 'region');
CREATE POLICY add_own ON coopdesk.records FOR INSERT
    WITH CHECK (pg_has_role(current_user, owner, 'MEMBER'));
CREATE POLICY change_own ON coopdesk.records FOR UPDATE
    USING (pg_has_role(current_user, owner, 'MEMBER'))
    WITH CHECK (pg_has_role(current_user, owner, 'MEMBER'));
CREATE POLICY read_own_and_region ON coopdesk.changes FOR SELECT
    USING (pg_has_role(current_user, owner, 'MEMBER') OR circle = 'region');

REVOKE ALL ON ALL TABLES IN SCHEMA coopdesk FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA coopdesk FROM PUBLIC;
