//! Evaluation-sheet interpretation on small invented sheets.
