-- Which published initiatives each imported document wrote. A corrected re-import of the same
-- document removes the initiatives it no longer contains (unless another document also wrote
-- them or a revision is editing them); without this table such rows would linger. Same
-- structure in migrations/postgres.
CREATE TABLE document_initiatives (
    document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    initiative_id INTEGER NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, initiative_id)
);
CREATE INDEX document_initiatives_initiative ON document_initiatives (initiative_id);
