-- 0022: a memo takes a global id, like contracts and comparisons (0017, 0020), so that
-- the office's memos and the council actions that point at a memo version can be shared
-- through the hub (src/hub/kinds/, docs/hub.md). Only the column here: each kind's
-- triggers come with the migration that shares it.

ALTER TABLE memos ADD COLUMN global_id TEXT;
CREATE UNIQUE INDEX memos_by_global_id ON memos (global_id);
