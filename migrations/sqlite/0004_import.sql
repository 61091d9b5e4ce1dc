-- Issue 10: what evaluation sheets carry beyond names, and uploads waiting for a staff
-- member's commit. Same structure in migrations/postgres.

-- A program's facts from its evaluation sheet (事務事業評価), one row per initiative that has
-- any: its number, its place in the plan, the judgements and the direction (今後の方向性).
CREATE TABLE program_facts (
    initiative_id INTEGER PRIMARY KEY REFERENCES initiatives (id) ON DELETE CASCADE,
    code          TEXT,                          -- 事業番号 as written
    direction     TEXT,                          -- ProgramDirection::as_str (expand, continue …)
    judgements    TEXT    NOT NULL DEFAULT '[]', -- JSON [{axis, value}] as written
    plan_path     TEXT    NOT NULL DEFAULT '[]', -- JSON [{level, code, title, node_id}], top level first;
                                                 -- node_id set where the plan has that code/title
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);

-- A program's costs by fiscal year: one figure per year, basis and item.
CREATE TABLE initiative_costs (
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    fiscal_year   INTEGER NOT NULL,
    basis         TEXT    NOT NULL,   -- CostBasis::as_str: budget, settlement, estimate, plan
    item          TEXT    NOT NULL,   -- total, general_fund, personnel, total_cost or the row's name
    amount        INTEGER,            -- yen (a 千円 table's 1,130 is 1130000); NULL when not a number
    written       TEXT    NOT NULL,   -- as written
    position      INTEGER NOT NULL DEFAULT 0, -- the document's order
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (initiative_id, fiscal_year, basis, item)
);

-- An indicator's kind when the document says (IndicatorKind::as_str: activity, outcome).
ALTER TABLE indicators ADD COLUMN kind TEXT;

-- Yearly values of an indicator other than actuals (targets, plans, forecasts by year),
-- kept like indicator_actuals: the text as written and what was parsed from it.
CREATE TABLE indicator_yearly (
    indicator_id    INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    fiscal_year     INTEGER NOT NULL,
    kind            TEXT    NOT NULL, -- YearValueKind::as_str: target, plan, forecast
    value_text      TEXT    NOT NULL,
    value_num       REAL,
    value_unit      TEXT,
    value_approx    INTEGER NOT NULL DEFAULT 0,
    value_qualifier TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (indicator_id, fiscal_year, kind)
);

-- Files a staff member uploaded on /manage/imports, kept server-side between the preview and
-- the commit (the browser never carries the bytes or the drafts back). Owned by the user and
-- the organization; expired rows are purged.
CREATE TABLE import_uploads (
    id           INTEGER PRIMARY KEY,
    batch        TEXT    NOT NULL,   -- random token naming one upload of one or more files
    org_id       INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,   -- the file's place in its batch
    file_name    TEXT    NOT NULL,
    content_hash TEXT    NOT NULL,   -- SHA-256 hex of bytes
    size         INTEGER NOT NULL,
    bytes        BLOB    NOT NULL,
    expires_at   INTEGER NOT NULL,   -- Unix ms
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX import_uploads_batch ON import_uploads (batch, position);
CREATE INDEX import_uploads_expires ON import_uploads (expires_at);
