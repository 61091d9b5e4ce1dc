//! Importer: published plan documents → lossless raw structure → drafts.
