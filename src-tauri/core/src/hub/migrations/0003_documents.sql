-- Hub 0003: documents travel once, by checksum, with a size limit set by the hub's
-- administrator (docs/hub.md, "Documents").
--
-- A contract's body names its documents (`documents`: checksum, name, kind, size); the
-- bytes are kept here once per checksum, however many contracts of however many
-- jurisdictions carry the same file. A member reads a document's bytes when it uploaded
-- them or when a record it may read (its own, or the region's: the records' own
-- row-level security, applied inside this policy) names the checksum — so another
-- jurisdiction's document stays unreadable until the contract naming it is shared with
-- the region. The server checks what it is sent: the bytes must have the checksum they
-- are stored under, and be within the limit. There is no UPDATE or DELETE for members.

-- The hub's settings, one row, set by its administrator (`hub init --max-document-mb`,
-- `hub set-document-limit`).
CREATE TABLE coopdesk.settings (
    only_row           boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    max_document_bytes bigint NOT NULL DEFAULT 26214400 CHECK (max_document_bytes >= 0)
);
INSERT INTO coopdesk.settings DEFAULT VALUES;

CREATE TABLE coopdesk.documents (
    sha256     text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes bigint NOT NULL,
    bytes      bytea NOT NULL,
    -- The jurisdiction that sent it first.
    owner      text NOT NULL REFERENCES coopdesk.members (role_name),
    added_at   timestamptz NOT NULL DEFAULT now(),
    added_by   text NOT NULL DEFAULT session_user
);

-- The server's word on what it keeps: the checksum is the bytes', the size theirs, and
-- both within the limit; who and when are the server's.
CREATE FUNCTION coopdesk.check_document() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    limit_bytes bigint := (SELECT max_document_bytes FROM coopdesk.settings);
BEGIN
    IF encode(sha256(NEW.bytes), 'hex') <> NEW.sha256 THEN
        RAISE EXCEPTION 'a document''s bytes do not have the checksum % they were sent under',
            NEW.sha256;
    END IF;
    IF octet_length(NEW.bytes) > limit_bytes THEN
        RAISE EXCEPTION 'a document of % bytes is over the hub''s limit of % bytes',
            octet_length(NEW.bytes), limit_bytes;
    END IF;
    NEW.size_bytes := octet_length(NEW.bytes);
    NEW.added_at := now();
    NEW.added_by := session_user;
    RETURN NEW;
END $$;
CREATE TRIGGER documents_check BEFORE INSERT ON coopdesk.documents
    FOR EACH ROW EXECUTE FUNCTION coopdesk.check_document();

-- Which of these checksums the hub holds, whoever's they are: a client asks before it
-- sends, so a file travels once. Knowing a checksum is knowing the file, so the answer
-- tells nothing new.
CREATE FUNCTION coopdesk.held_documents(checksums text[]) RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT sha256 FROM coopdesk.documents WHERE sha256 = ANY (checksums)
$$;
REVOKE ALL ON FUNCTION coopdesk.held_documents(text[]) FROM PUBLIC;

-- The records naming a checksum, found by the index rather than by reading every body.
CREATE INDEX records_documents ON coopdesk.records
    USING gin ((body -> 'documents') jsonb_path_ops);

ALTER TABLE coopdesk.documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_own_or_named ON coopdesk.documents FOR SELECT
    USING (pg_has_role(current_user, owner, 'MEMBER')
           OR EXISTS (SELECT 1 FROM coopdesk.records r
                      WHERE r.body -> 'documents'
                            @> jsonb_build_array(jsonb_build_object('sha256', sha256))));
CREATE POLICY add_own ON coopdesk.documents FOR INSERT
    WITH CHECK (pg_has_role(current_user, owner, 'MEMBER'));

REVOKE ALL ON coopdesk.settings, coopdesk.documents FROM PUBLIC;
