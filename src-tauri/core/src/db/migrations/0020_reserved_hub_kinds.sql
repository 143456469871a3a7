-- 0020 is s10-hubkinds' migration (the outbox by kind); this placeholder only keeps the
-- numbering of branch s10-hubdocs whole until the two are merged, where theirs replaces it.
SELECT 1;
