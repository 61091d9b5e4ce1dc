-- An organization's published indicators in id order (issue 14): the indicator list of a year
-- pages through them (`ORDER BY id LIMIT … OFFSET …`) and the API walks them by keyset
-- (`id > $1`). With only indicators_org (org_id, sort_order), SQLite sorted all of an
-- organization's indicators in a temporary B-tree for every page. On this partial index the
-- page is a range read.
CREATE INDEX indicators_live_org_id ON indicators (org_id, id) WHERE revision_id IS NULL;
