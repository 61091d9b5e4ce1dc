-- The KPI standings of a year page (issue 14) read each indicator's numeric actuals up to the
-- year: one probe of indicator_actuals_indicator_year per indicator, then the row from the
-- heap for value_num. With value_num in the index the probe is the whole read (an index-only
-- scan once the table is vacuumed): 0.43 → 0.30 ms for the 147 indicators of one generated
-- organization. The unique key is unchanged; the index keeps its name (constraints.rs maps
-- it to the field).
DROP INDEX indicator_actuals_indicator_year;
CREATE UNIQUE INDEX indicator_actuals_indicator_year ON indicator_actuals (indicator_id, fiscal_year) INCLUDE (value_num);
