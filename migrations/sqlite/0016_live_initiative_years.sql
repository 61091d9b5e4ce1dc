-- PostgreSQL's migration 0016 adds a partial index for the home page's skip scan over the years
-- of published initiatives. SQLite answers that scan from initiatives_org_year already, and an
-- index more would only weigh on every write, so this version changes nothing here; it
-- exists to keep the versions of the two backends in step.
SELECT 1;
