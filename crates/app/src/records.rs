//! Plain records the front-ends render, as the store returns them: no store trait, no store
//! error. What a page shows comes through a use case ([`crate::read`], [`crate::public`],
//! [`crate::editing`] …); these are only the shapes of its answers and of its paging.

pub use hoshin_store::{
    ApiToken, AuditEntry, CommentKind, Document, InitiativeBrief, MigrationStatus, Notification, Page, PoolState,
    RemovalKind, ReviewComment, ReviewLock, StageEvaluation, StageWriter, UploadSummary,
};
