-- The tag a version DOI was minted for. With the digest it is what the DOI names and what the server keeps in place;
-- other tags that later point at the same image may move and go like any tag.
ALTER TABLE doi ADD COLUMN tag VARCHAR(128);

-- DOIs minted before this column: the tag their record was drafted from, the first (in tag list order) of the tags
-- that pointed at the image when the DOI was minted; until now no tag of a cited image could move, so they still do.
-- A tag pushed again since then has a later time, so failing those, the first tag that points at the image now.
UPDATE doi SET tag = COALESCE(
  (SELECT t.name FROM tag t JOIN repository r ON r.id = t.repository_id
    WHERE r.name = doi.repository AND t.digest = doi.digest AND t.updated_at <= doi.created_at
    ORDER BY t.sort_name, t.name FETCH FIRST 1 ROWS ONLY),
  (SELECT t.name FROM tag t JOIN repository r ON r.id = t.repository_id
    WHERE r.name = doi.repository AND t.digest = doi.digest
    ORDER BY t.sort_name, t.name FETCH FIRST 1 ROWS ONLY))
WHERE kind = 'VERSION';
