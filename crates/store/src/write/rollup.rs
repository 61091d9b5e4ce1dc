//! The weight of a plan node in the progress roll-up (issue 15).

use crate::conv::now_ms;
use crate::error::Result;
use hoshin_domain::*;
use sqlx::AnyConnection;

/// Sets a node's weight; `None` removes it (the node weighs 1 again).
pub(crate) async fn set_node_weight(c: &mut AnyConnection, node: NodeId, weight: Option<f64>) -> Result<()> {
    match weight {
        None => {
            sqlx::query("DELETE FROM plan_node_weights WHERE node_id = $1").bind(node.0).execute(&mut *c).await?;
        }
        Some(w) => {
            sqlx::query(
                "INSERT INTO plan_node_weights (node_id, weight, created_at, updated_at, version) \
                 VALUES ($1, $2, $3, $3, 1) ON CONFLICT (node_id) DO UPDATE SET weight = excluded.weight, \
                 updated_at = excluded.updated_at, version = plan_node_weights.version + 1",
            )
            .bind(node.0)
            .bind(w)
            .bind(now_ms())
            .execute(&mut *c)
            .await?;
        }
    }
    Ok(())
}
