//! Measure-sheet interpretation on small invented sheets.
