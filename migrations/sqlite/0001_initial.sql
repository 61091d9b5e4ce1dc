-- hoshin schema, SQLite dialect. PostgreSQL has the same file names and structure in
-- migrations/postgres. Never edit a migration once applied; add a new numbered file.
--
-- Conventions
--   * Every table has created_at / updated_at (Unix milliseconds, UTC) and version
--     (starts at 1; every update names the version it read and bumps it: optimistic locking).
--   * Fiscal years are Gregorian integers (令和5年度 = 2023).
--   * A value as written in a document (「約1,400万円」) is kept in full: *_text is the original
--     text, *_value the parsed number, *_unit the unit, *_approx 1 for 約/概ね, *_qualifier 以上/未満 ….
--   * Ownership cascades on delete (a plan's nodes, an indicator's actuals); references to
--     things that may outlive the row are set to NULL (a theme, a predecessor); a department
--     that still owns initiatives cannot be deleted.
--   * Unique indexes are named identically on both backends; the store reports their names.
--   * Small lists that are only read with their row (milestones, text sections, 行革の視点
--     tags, SDG goals) are JSON arrays in TEXT columns; links between records are tables,
--     indexed both ways.

-- 自治体.
CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    code        TEXT,             -- 全国地方公共団体コード (6 digits with check digit)
    prefecture  TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX organizations_code ON organizations (code);
CREATE INDEX organizations_name ON organizations (name);

-- 部局 and, with a parent, 課. The id survives renames; department_names keeps the names.
CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    parent_id   INTEGER REFERENCES departments (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX departments_org ON departments (org_id, sort_order);
CREATE INDEX departments_parent ON departments (parent_id);

-- Rename history: the name a department had from a fiscal year on (NULL: from the start).
CREATE TABLE department_names (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    name          TEXT    NOT NULL,
    valid_from    INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX department_names_department ON department_names (department_id);

-- 総合計画 / 基本計画 / 実施計画 / 基本政策 / 個別計画 / 部局運営方針 (kind: PlanKind::as_str).
CREATE TABLE plans (
    id             INTEGER PRIMARY KEY,
    org_id         INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    parent_plan_id INTEGER REFERENCES plans (id) ON DELETE SET NULL,
    period_start   INTEGER,
    period_end     INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plans_org ON plans (org_id, kind);

-- A plan's tree, any depth, through parent_id. kind_label is the city's own word (政策, 施策 …).
CREATE TABLE plan_nodes (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    parent_id      INTEGER REFERENCES plan_nodes (id) ON DELETE CASCADE,
    kind_label     TEXT    NOT NULL,
    code           TEXT,              -- as written: 経1-1, 33, 5-2-①
    title          TEXT    NOT NULL,
    vision         TEXT,              -- 目指す姿
    current_issues TEXT,              -- 現況と課題
    sdgs_direction TEXT,              -- SDGsに向けた方向性
    sdg_goals      TEXT    NOT NULL DEFAULT '[]',  -- JSON array of 1..17
    sort_order     INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX plan_nodes_plan ON plan_nodes (plan_id, parent_id, sort_order);
CREATE INDEX plan_nodes_parent ON plan_nodes (parent_id, sort_order);

-- 重点項目 of one organization and year.
CREATE TABLE priority_themes (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    fiscal_year INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX priority_themes_org_year_name ON priority_themes (org_id, fiscal_year, name);

-- 取組 / 事務事業. kind: InitiativeKind::as_str. fiscal_year NULL: runs the whole plan period.
CREATE TABLE initiatives (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    department_id       INTEGER REFERENCES departments (id),
    fiscal_year         INTEGER,
    period_end          INTEGER,
    kind                TEXT    NOT NULL,
    theme_id            INTEGER REFERENCES priority_themes (id) ON DELETE SET NULL,
    name                TEXT    NOT NULL,
    summary             TEXT,
    reform_perspectives TEXT    NOT NULL DEFAULT '[]', -- JSON [{number, name}] (行革の視点)
    reform_text         TEXT,                          -- 行革の視点からの取組み内容
    sdg_goals           TEXT    NOT NULL DEFAULT '[]', -- JSON array of 1..17
    milestones          TEXT    NOT NULL DEFAULT '[]', -- JSON [{text, due}]
    sections            TEXT    NOT NULL DEFAULT '[]', -- JSON [{label, body}]
    predecessor_id      INTEGER REFERENCES initiatives (id) ON DELETE SET NULL,
    sort_order          INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX initiatives_org_year ON initiatives (org_id, fiscal_year, sort_order);
CREATE INDEX initiatives_department_year ON initiatives (department_id, fiscal_year, sort_order);
CREATE INDEX initiatives_predecessor ON initiatives (predecessor_id) WHERE predecessor_id IS NOT NULL;
CREATE INDEX initiatives_theme ON initiatives (theme_id) WHERE theme_id IS NOT NULL;

-- Initiative ↔ plan node (basic policies are nodes of a basic_policy plan). Both directions indexed.
CREATE TABLE initiative_nodes (
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    node_id       INTEGER NOT NULL REFERENCES plan_nodes (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL DEFAULT 0, -- the order the links were given in
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (initiative_id, node_id)
);
CREATE INDEX initiative_nodes_node ON initiative_nodes (node_id, initiative_id);

-- 部局運営方針: one stance per department and year.
CREATE TABLE department_policies (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    fiscal_year   INTEGER NOT NULL,
    stance        TEXT    NOT NULL,   -- 基本的考え方 / 使命
    notes         TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX department_policies_department_year ON department_policies (department_id, fiscal_year);

-- 指標 / KPI, attached to a plan node or an initiative (or, while importing, to nothing yet).
CREATE TABLE indicators (
    id                  INTEGER PRIMARY KEY,
    org_id              INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    node_id             INTEGER REFERENCES plan_nodes (id) ON DELETE CASCADE,
    initiative_id       INTEGER REFERENCES initiatives (id) ON DELETE CASCADE,
    name                TEXT    NOT NULL,
    unit                TEXT,
    direction           TEXT    NOT NULL,            -- up | down
    cumulative          INTEGER NOT NULL DEFAULT 0,  -- 累計
    baseline_text       TEXT,
    baseline_value      REAL,
    baseline_unit       TEXT,
    baseline_approx     INTEGER NOT NULL DEFAULT 0,
    baseline_qualifier  TEXT,
    baseline_year       INTEGER,
    baseline_note       TEXT,                        -- 「令和4年3月末」
    target_text         TEXT,
    target_value        REAL,
    target_unit         TEXT,
    target_approx       INTEGER NOT NULL DEFAULT 0,
    target_qualifier    TEXT,
    target_year         INTEGER,
    sort_order          INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT indicators_one_owner CHECK (node_id IS NULL OR initiative_id IS NULL)
);
CREATE INDEX indicators_org ON indicators (org_id, sort_order);
CREATE INDEX indicators_node ON indicators (node_id, sort_order) WHERE node_id IS NOT NULL;
CREATE INDEX indicators_initiative ON indicators (initiative_id, sort_order) WHERE initiative_id IS NOT NULL;

-- One year's actual value of an indicator.
CREATE TABLE indicator_actuals (
    id              INTEGER PRIMARY KEY,
    indicator_id    INTEGER NOT NULL REFERENCES indicators (id) ON DELETE CASCADE,
    fiscal_year     INTEGER NOT NULL,
    value_text      TEXT    NOT NULL,
    value_num       REAL,
    value_unit      TEXT,
    value_approx    INTEGER NOT NULL DEFAULT 0,
    value_qualifier TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX indicator_actuals_indicator_year ON indicator_actuals (indicator_id, fiscal_year);

-- 振り返り: one review per initiative and year.
CREATE TABLE goal_reviews (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    fiscal_year   INTEGER NOT NULL,
    result        TEXT,               -- 実績
    issues_next   TEXT,               -- 課題・今後の方向性
    progress      INTEGER,            -- 0..100 %
    judgement     TEXT,               -- a label of the organization's scale
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT goal_reviews_progress CHECK (progress IS NULL OR progress BETWEEN 0 AND 100)
);
CREATE UNIQUE INDEX goal_reviews_initiative_year ON goal_reviews (initiative_id, fiscal_year);

-- 関連計画 / 個別計画, and the plan nodes that refer to them.
CREATE TABLE related_plans (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    description TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX related_plans_org ON related_plans (org_id, name);

CREATE TABLE related_plan_nodes (
    related_plan_id INTEGER NOT NULL REFERENCES related_plans (id) ON DELETE CASCADE,
    node_id         INTEGER NOT NULL REFERENCES plan_nodes (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (related_plan_id, node_id)
);
CREATE INDEX related_plan_nodes_node ON related_plan_nodes (node_id, related_plan_id);

-- Imported source documents. Re-importing the same bytes (same hash) updates, never duplicates.
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    org_id       INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    genre        TEXT    NOT NULL,
    fiscal_year  INTEGER,
    title        TEXT    NOT NULL,
    file_name    TEXT,
    content_hash TEXT    NOT NULL,    -- hex SHA-256 of the file
    imported_at  INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX documents_org_hash ON documents (org_id, content_hash);
CREATE INDEX documents_org_imported ON documents (org_id, imported_at);

-- Judgement scales an organization uses (S/A/B/C, 順調/やや遅れ/遅れ); bands as JSON [{label, min_rate}].
CREATE TABLE judgement_scales (
    id          INTEGER PRIMARY KEY,
    org_id      INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    bands       TEXT    NOT NULL,
    is_default  INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX judgement_scales_org_name ON judgement_scales (org_id, name);

-- Who changed what. actor_id will reference users once the editing issue adds them.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER,
    at          INTEGER NOT NULL,
    table_name  TEXT    NOT NULL,
    row_id      INTEGER NOT NULL,
    action      TEXT    NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX audit_log_row ON audit_log (table_name, row_id, at);
CREATE INDEX audit_log_at ON audit_log (at);
