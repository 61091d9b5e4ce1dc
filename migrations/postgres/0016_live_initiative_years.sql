-- The years of an organization's published initiatives (revision_id NULL), for PostgreSQL
-- (issue 14). The home page lists every organization with its years by a skip scan: one
-- MIN(fiscal_year) seek per year. On initiatives_org_year each seek also read the row from the
-- heap to test revision_id, about 220 heap reads for a page of 20 organizations (2.2 ms of the
-- page's 2.5 ms of statements on 20 × 10 data); on this partial index a seek is the index
-- alone. The same seeks serve year_before and the per-department counts.
--
-- SQLite keeps initiatives_org_year for these (its skip scan read 0.2 ms there); its
-- migration 0016 is empty, so the versions of the two backends stay in step.
CREATE INDEX initiatives_live_org_year ON initiatives (org_id, fiscal_year) WHERE revision_id IS NULL;
