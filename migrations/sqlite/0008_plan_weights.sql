-- Weights of plan nodes in the progress roll-up of the public plan pages (issue 15): how much
-- a node counts toward its parent's rolled-up progress, set by the planning office. A node
-- without a row weighs 1 (equal weights by default); 0 leaves it out of its parent's figure.
CREATE TABLE plan_node_weights (
    node_id    INTEGER PRIMARY KEY REFERENCES plan_nodes (id) ON DELETE CASCADE,
    weight     REAL    NOT NULL CHECK (weight >= 0 AND weight <= 100),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
-- Shown on the public plan pages: bump the page generation (see 0007_page_speed.sql).
CREATE TRIGGER page_generation_plan_node_weights_insert AFTER INSERT ON plan_node_weights
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_plan_node_weights_update AFTER UPDATE ON plan_node_weights
BEGIN UPDATE page_generation SET generation = generation + 1; END;
CREATE TRIGGER page_generation_plan_node_weights_delete AFTER DELETE ON plan_node_weights
BEGIN UPDATE page_generation SET generation = generation + 1; END;
