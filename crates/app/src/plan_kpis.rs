//! Actuals of the comprehensive plan's own KPIs (indicators attached to plan nodes, owned by
//! the planning office rather than a department). The planning office enters them directly
//! — it is the publisher — in one transaction per year's column, each change audited.

use crate::access::{require_planning, Actor};
use crate::editing::{write_actuals, ActualEntry};
use crate::error::{AppError, Result};
use hoshin_domain::*;
use hoshin_store::Store;

/// Enters one year's actuals of plan-node KPIs of `org`. Every value is checked before any
/// is written; a stale version or a value that is not a number leaves all unchanged.
pub async fn set_plan_actuals(
    store: &dyn Store,
    actor: &Actor,
    org: OrgId,
    year: FiscalYear,
    entries: &[ActualEntry],
) -> Result<usize> {
    require_planning(actor, org)?;
    let tx = store.begin().await?;
    let changed = write_actuals(tx.as_ref(), actor, year, entries, |i| {
        if i.org_id == org && matches!(i.owner, Some(IndicatorOwner::Node(_))) && i.draft.is_none() {
            Ok(())
        } else {
            Err(AppError::forbidden("計画の指標ではありません"))
        }
    })
    .await?;
    tx.commit().await?;
    Ok(changed)
}
