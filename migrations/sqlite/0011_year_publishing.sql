-- Year publishing (issue 15): a fiscal year opened in hoshin is public only once the planning
-- office has published it from the year page (/manage/{year}/publish), all approved
-- departments in one transaction. Until then publishing a single department of that year is
-- refused, so nothing of the year's revisions reaches the public pages. Years without a
-- fiscal_cycles row (imported documents) are not affected: imports publish directly.
--
-- The page_generation triggers of 0007 already cover fiscal_cycles, so marking a year
-- published refreshes the cached public pages that say whether it is.

-- Who published the year and when; NULL: not published yet.
ALTER TABLE fiscal_cycles ADD COLUMN published_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE fiscal_cycles ADD COLUMN published_at INTEGER;   -- Unix ms
ALTER TABLE fiscal_cycles ADD COLUMN published_on TEXT;      -- the day in Japan, ISO (Day::iso)

-- A year in which a department was already published one by one (before this migration) is
-- public: it keeps being so, dated by its first publication.
UPDATE fiscal_cycles SET
    published_at = (
        SELECT MIN(r.published_at) FROM policy_revisions r JOIN departments d ON d.id = r.department_id
        WHERE d.org_id = fiscal_cycles.org_id AND r.fiscal_year = fiscal_cycles.fiscal_year
          AND r.state = 'published' AND r.published_at IS NOT NULL)
WHERE published_at IS NULL;
UPDATE fiscal_cycles SET
    published_on = date(published_at / 1000, 'unixepoch', '+9 hours'),
    published_by = (
        SELECT r.published_by FROM policy_revisions r JOIN departments d ON d.id = r.department_id
        WHERE d.org_id = fiscal_cycles.org_id AND r.fiscal_year = fiscal_cycles.fiscal_year
          AND r.published_at = fiscal_cycles.published_at
        LIMIT 1)
WHERE published_at IS NOT NULL AND published_on IS NULL;
