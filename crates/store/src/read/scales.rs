//! Reads of judgement scales.

use crate::error::Result;
use crate::exec::{query, Db};
use crate::records::StoredScale;
use crate::rows::{self, scale_cols};
use hoshin_domain::*;

pub(crate) async fn judgement_scales(c: &mut Db<'_>, org: OrgId) -> Result<Vec<StoredScale>> {
    query(concat!("SELECT ", scale_cols!(), " FROM judgement_scales WHERE org_id = $1 ORDER BY id"))
        .bind(org.0)
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(rows::scale)
        .collect()
}
