-- Reporting periods (issue 15): the points of a fiscal year at which KPI values and the review
-- are reported. An organization without rows uses the defaults (hoshin_domain::period:
-- 中間 ending 9/30, key 'midyear'; 年度末 ending 3/31, key 'year_end'). The year-end period is
-- always last and is the existing yearly record (indicator_actuals, goal_reviews); the interim
-- periods keep their values in the two tables below, named by the period's key (stable; the
-- label may change).
CREATE TABLE reporting_periods (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    period_key  TEXT    NOT NULL,
    label       TEXT    NOT NULL,
    end_month   INTEGER NOT NULL CHECK (end_month BETWEEN 1 AND 12),
    end_day     INTEGER NOT NULL CHECK (end_day BETWEEN 1 AND 31),
    position    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT reporting_periods_key UNIQUE (org_id, period_key)
);

-- A KPI's value at an interim period of a year (a cumulative KPI: the year's amount so far),
-- kept like indicator_actuals. Draft KPIs of a revision have their own rows, copied on publish.
CREATE TABLE interim_actuals (
    id              INTEGER PRIMARY KEY,
    indicator_id    INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    fiscal_year     INTEGER NOT NULL,
    period_key      TEXT    NOT NULL,
    value_text      TEXT    NOT NULL,
    value_num       REAL,
    value_unit      TEXT,
    value_approx    INTEGER NOT NULL DEFAULT 0,
    value_qualifier TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT interim_actuals_one UNIQUE (indicator_id, fiscal_year, period_key)
);

-- The review of an initiative at an interim period of a year, kept like goal_reviews.
CREATE TABLE interim_reviews (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    fiscal_year   INTEGER NOT NULL,
    period_key    TEXT    NOT NULL,
    result        TEXT,
    issues_next   TEXT,
    progress      INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
    judgement     TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT interim_reviews_one UNIQUE (initiative_id, fiscal_year, period_key)
);

-- Public pages show published interim values and reviews: bump the page generation (see 0007).
-- Search does not index them (no search change log triggers).
CREATE TRIGGER page_generation_reporting_periods_insert AFTER INSERT ON reporting_periods
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_reporting_periods_update AFTER UPDATE ON reporting_periods
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_reporting_periods_delete AFTER DELETE ON reporting_periods
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_interim_actuals_insert AFTER INSERT ON interim_actuals
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_interim_actuals_update AFTER UPDATE ON interim_actuals
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_interim_actuals_delete AFTER DELETE ON interim_actuals
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_interim_reviews_insert AFTER INSERT ON interim_reviews
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_interim_reviews_update AFTER UPDATE ON interim_reviews
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_interim_reviews_delete AFTER DELETE ON interim_reviews
BEGIN UPDATE page_generation SET generation = generation + 1; END;
