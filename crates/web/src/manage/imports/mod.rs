//! `/manage/imports` (取り込み): the staff import page. Planning and admin upload one or more
//! files (multipart, a size limit per file from `[import]`), see a preview — what will be
//! stored beside the source lines or cells it came from, warnings, text that was not placed,
//! the department mapping and, for a re-import, the difference — correct the fiscal year and
//! the department mapping, then commit each document in its own transaction (audited). The
//! files wait server-side (`import_uploads`); nothing is stored before the commit, and a
//! preview made before the stored data changed is refused.

mod choices;
pub mod commit;
pub mod messages;
pub mod preview;
pub mod upload;

/// The page of one uploaded batch.
pub fn batch_url(batch: &str) -> String {
    format!("/manage/imports/{}", crate::urls::encode(batch))
}
