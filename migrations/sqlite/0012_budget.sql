-- Issue 15: 予算細事業 codes on initiatives and the costs the city's 財務会計 system exports
-- for them. Same structure in migrations/postgres.

-- The 予算細事業 codes an initiative is keyed to (several allowed), as typed on the staff form
-- (NFKC-normalized, trimmed). Draft rows have their own codes; publishing copies a draft's
-- codes onto the published row, opening a revision or a year copies them into the drafts.
CREATE TABLE initiative_budget_codes (
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    code          TEXT    NOT NULL,
    position      INTEGER NOT NULL DEFAULT 0,  -- the order the editor typed them in
    PRIMARY KEY (initiative_id, code)
);
CREATE INDEX initiative_budget_codes_code ON initiative_budget_codes (code);

-- One line of a 財務会計 CSV: a 細事業's figures of one fiscal year, in yen (a 千円 file's
-- 1,234 is 1234000). Kept by code, not by initiative: several initiatives may share a code,
-- and a code imported before any initiative carries it shows once one does. NULL: the
-- column was absent or empty in the file.
CREATE TABLE budget_costs (
    id            INTEGER PRIMARY KEY,
    org_id        INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    code          TEXT    NOT NULL,
    fiscal_year   INTEGER NOT NULL,
    budget        INTEGER,   -- 予算額 (当初予算額, 予算現額)
    settlement    INTEGER,   -- 決算額 (支出済額)
    general_fund  INTEGER,   -- 一般財源
    personnel     INTEGER,   -- 人件費
    total_cost    INTEGER,   -- トータルコスト (総事業費)
    source        TEXT    NOT NULL,  -- the file name it was imported from
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX budget_costs_key ON budget_costs (org_id, code, fiscal_year);

CREATE TRIGGER page_generation_budget_costs_insert AFTER INSERT ON budget_costs
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_budget_costs_update AFTER UPDATE ON budget_costs
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_budget_costs_delete AFTER DELETE ON budget_costs
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiative_budget_codes_insert AFTER INSERT ON initiative_budget_codes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiative_budget_codes_update AFTER UPDATE ON initiative_budget_codes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_initiative_budget_codes_delete AFTER DELETE ON initiative_budget_codes
BEGIN UPDATE page_generation SET generation = generation + 1; END;
