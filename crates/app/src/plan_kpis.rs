//! Actuals of the comprehensive plan's own KPIs (indicators attached to plan nodes, owned by
//! the planning office rather than a department). The planning office enters them directly
//! — it is the publisher — in one transaction per year's column, each change audited.

use crate::access::{require_planning, Actor};
use crate::audit;
use crate::editing::{with_actual, ActualEntry};
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
    let mut changed = 0;
    for (n, e) in entries.iter().enumerate() {
        let before = tx.get_indicator(e.indicator).await?;
        if before.org_id != org || !matches!(before.owner, Some(IndicatorOwner::Node(_))) || before.draft.is_some() {
            return Err(AppError::forbidden("計画の指標ではありません"));
        }
        let Some(mut after) = with_actual(&before, year, &e.text, n + 1)? else { continue };
        after.meta.version = e.version;
        tx.update_indicator(&after).await?;
        let saved = tx.get_indicator(e.indicator).await?;
        audit::record(tx.as_ref(), actor, "indicators", e.indicator.0, "actual", Some(&before), Some(&saved)).await?;
        changed += 1;
    }
    tx.commit().await?;
    Ok(changed)
}
