//! Stage 2: genre detection and one interpreter per genre.
