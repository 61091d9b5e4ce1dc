//! Indicators on nodes and initiatives, with quantities kept as written and yearly actuals.

use anyhow::Result;
use hoshin_domain::*;
use hoshin_store::{Page, StoreError};
use hoshin_testkit::{fixtures::*, TestDb};

pub async fn indicators_with_actuals(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("はなみずき市")).await?;
    let p = tx.insert_plan(&plan(org, PlanKind::Basic, "基本計画")).await?;
    let n = tx.insert_node(&node(p, None, "1", "健康づくり", 1)).await?;
    let ini = tx.insert_initiative(&initiative(org, None, 2024, "健診の受診勧奨")).await?;
    let on_node = NewIndicator {
        name: "健診受診率".into(),
        unit: Some("%".into()),
        baseline: Some(Quantity::parse("約45.5%")),
        baseline_note: Some("令和4年3月末".into()),
        target: Some(Quantity::parse("60%以上")),
        actuals: vec![actual(2022, "47.0%"), actual(2021, "46.1%")],
        ..indicator(org, Some(IndicatorOwner::Node(n)), "x")
    };
    let k1 = tx.insert_indicator(&on_node).await?;
    let k2 = tx
        .insert_indicator(&NewIndicator {
            cumulative: true,
            direction: Direction::Down,
            sort_order: 2,
            ..indicator(org, Some(IndicatorOwner::Initiative(ini)), "未受診者数")
        })
        .await?;
    let loose = tx.insert_indicator(&indicator(org, None, "参考指標")).await?;
    tx.commit().await?;

    let got = s.get_indicator(k1).await?;
    assert_eq!(got.owner, Some(IndicatorOwner::Node(n)));
    assert_eq!(got.baseline, on_node.baseline);
    let base = got.baseline.clone().unwrap_or_else(|| Quantity::parse(""));
    assert!(base.approx && base.text == "約45.5%" && base.value == Some(45.5));
    assert_eq!(got.target.as_ref().and_then(|t| t.qualifier.as_deref()), Some("以上"));
    assert_eq!(got.baseline_note.as_deref(), Some("令和4年3月末"));
    let years: Vec<u16> = got.actuals.iter().map(|a| a.fiscal_year.year()).collect();
    assert_eq!(years, vec![2021, 2022], "actuals come back in year order");
    assert_eq!(got.actuals[1].value.text, "47.0%");

    let of_ini = s.indicators_of(IndicatorOwner::Initiative(ini)).await?;
    assert_eq!(of_ini.len(), 1);
    assert!(of_ini[0].cumulative && of_ini[0].direction == Direction::Down);
    assert_eq!(s.indicators_of(IndicatorOwner::Node(n)).await?.len(), 1);
    assert_eq!(
        s.list_indicators(org, Page::default()).await?.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![k1, k2, loose]
    );

    // set_actual inserts a year, then replaces it; each call bumps the indicator's version.
    let tx = s.begin().await?;
    let v = tx.set_actual(k1, got.meta.version, &actual(2023, "50%")).await?;
    let v = tx.set_actual(k1, v, &actual(2023, "51.2%")).await?;
    assert_eq!(v, 3);
    assert!(matches!(tx.set_actual(k1, 1, &actual(2024, "1%")).await, Err(StoreError::Conflict { .. })));
    tx.commit().await?;
    let got = s.get_indicator(k1).await?;
    assert_eq!(got.actuals.len(), 3);
    assert_eq!(got.actuals[2].value.value, Some(51.2));

    // update replaces fields and the whole set of actuals.
    let mut changed = got.clone();
    changed.actuals = vec![actual(2020, "44%")];
    changed.owner = Some(IndicatorOwner::Initiative(ini));
    changed.target = None;
    let tx = s.begin().await?;
    tx.update_indicator(&changed).await?;
    tx.commit().await?;
    let got = s.get_indicator(k1).await?;
    assert_eq!(got.actuals, changed.actuals);
    assert_eq!((got.owner, got.target.clone()), (changed.owner, None));
    assert!(s.indicators_of(IndicatorOwner::Node(n)).await?.is_empty());

    // Deleting the owner deletes its indicators and their actuals.
    let tx = s.begin().await?;
    tx.delete_initiative(ini, 1).await?;
    tx.commit().await?;
    assert!(matches!(s.get_indicator(k1).await, Err(StoreError::NotFound { .. })));
    assert_eq!(super::count(&s.stats().await?, "indicator_actuals"), 0);
    assert_eq!(super::count(&s.stats().await?, "indicators"), 1);
    Ok(())
}

/// On one connection, a write with no number (a NULL f64) and then one with a number: the
/// statement must not keep the first run's parameter types (sqlx's Any driver declares a NULL
/// f64 as float4 to PostgreSQL, and a cached statement then refused the 8-byte value: 22P03).
pub async fn numbers_after_no_number_on_one_connection(db: TestDb) -> Result<()> {
    let s = &db.store;
    let tx = s.begin().await?;
    let org = tx.insert_organization(&org("つゆくさ市")).await?;
    let bare = NewIndicator { actuals: vec![actual(2024, "－")], ..indicator(org, None, "値なし") };
    let full = NewIndicator {
        baseline: Some(Quantity::parse("12.5%")),
        target: Some(Quantity::parse("20%")),
        actuals: vec![actual(2024, "13.25%")],
        ..indicator(org, None, "値あり")
    };
    let a = tx.insert_indicator(&bare).await?;
    let b = tx.insert_indicator(&full).await?;
    for id in [a, b, a, b] {
        let mut k = tx.get_indicator(id).await?;
        k.actuals.push(Actual { fiscal_year: FiscalYear::new(2025)?, value: Quantity::parse("7.75件") });
        k.actuals.dedup_by_key(|x| x.fiscal_year);
        tx.update_indicator(&k).await?;
    }
    tx.commit().await?;
    let got = s.get_indicator(b).await?;
    assert_eq!(got.baseline.and_then(|q| q.value), Some(12.5));
    assert_eq!(got.actuals.iter().map(|x| x.value.value).collect::<Vec<_>>(), [Some(13.25), Some(7.75)]);
    assert_eq!(s.get_indicator(a).await?.actuals[0].value.value, None);
    Ok(())
}

/// A year page's KPI standings read the actuals by their organization (migration 0020), a
/// column derived from the indicator: whoever writes an actual — the store one at a time or
/// in a batch, or a hand-written statement without the column or with a wrong one — it is
/// the indicator's, and the standings see the actual.
pub async fn actuals_carry_their_indicators_organization(db: TestDb) -> Result<()> {
    use sqlx::Connection;
    let s = &db.store;
    let tx = s.begin().await?;
    let a = tx.insert_organization(&org("あおば市")).await?;
    let b = tx.insert_organization(&org("みどり町")).await?;
    let one = tx
        .insert_indicator(&NewIndicator {
            actuals: vec![actual(2022, "10件"), actual(2021, "5件")],
            ..indicator(a, None, "相談件数")
        })
        .await?;
    let batch = tx
        .insert_indicators_batch(&[
            NewIndicator { actuals: vec![actual(2022, "30%")], ..indicator(a, None, "参加率") },
            NewIndicator { actuals: vec![actual(2022, "70%")], ..indicator(b, None, "満足度") },
        ])
        .await?;
    tx.commit().await?;
    let other = batch[1];

    let mut c = sqlx::AnyConnection::connect(&db.url).await?;
    // Without the column, and with another organization's id in it.
    sqlx::query(
        "INSERT INTO indicator_actuals (indicator_id, fiscal_year, value_text, value_num, created_at, updated_at) \
         VALUES ($1, 2023, '12件', 12, 0, 0)",
    )
    .bind(one.0)
    .execute(&mut c)
    .await?;
    sqlx::query(
        "INSERT INTO indicator_actuals (indicator_id, org_id, fiscal_year, value_text, value_num, created_at, \
         updated_at) VALUES ($1, $2, 2024, '15件', 15, 0, 0)",
    )
    .bind(one.0)
    .bind(b.0)
    .execute(&mut c)
    .await?;
    // Another organization set by hand: the indicator's is put back.
    sqlx::query("UPDATE indicator_actuals SET org_id = $1 WHERE indicator_id = $2 AND fiscal_year = 2021")
        .bind(b.0)
        .bind(one.0)
        .execute(&mut c)
        .await?;
    let wrong: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM indicator_actuals a JOIN indicators i ON i.id = a.indicator_id \
         WHERE a.org_id IS NULL OR a.org_id <> i.org_id",
    )
    .fetch_one(&mut c)
    .await?;
    assert_eq!(wrong, 0, "every actual has its indicator's organization");

    let standings = s.indicator_standings(a, fy(2024)).await?;
    let first = standings.iter().find(|x| x.id == one).expect("the indicator stands");
    assert_eq!(first.latest, Some((fy(2024), 15.0)));
    assert_eq!(first.total, Some(5.0 + 10.0 + 12.0 + 15.0));
    assert_eq!(standings.len(), 2, "{standings:?}");
    assert!(standings.iter().all(|x| x.id != other));
    let theirs = s.indicator_standings(b, fy(2024)).await?;
    assert_eq!(theirs.len(), 1);
    assert_eq!((theirs[0].id, theirs[0].latest), (other, Some((fy(2022), 70.0))));
    // Up to an earlier year, only the actuals until then.
    let earlier = s.indicator_standings(a, fy(2022)).await?;
    let first = earlier.iter().find(|x| x.id == one).expect("the indicator stands");
    assert_eq!((first.latest, first.total), (Some((fy(2022), 10.0)), Some(15.0)));

    // An indicator moved to another organization by hand takes its actuals along.
    sqlx::query("UPDATE indicators SET org_id = $1 WHERE id = $2").bind(b.0).bind(batch[0].0).execute(&mut c).await?;
    let theirs = s.indicator_standings(b, fy(2024)).await?;
    let moved = theirs.iter().find(|x| x.id == batch[0]).expect("the moved indicator stands in its new organization");
    assert_eq!(moved.latest, Some((fy(2022), 30.0)));
    assert_eq!(s.indicator_standings(a, fy(2024)).await?.len(), 1);
    // An actual of an indicator that does not exist is refused by its foreign key.
    let err = sqlx::query(
        "INSERT INTO indicator_actuals (indicator_id, fiscal_year, value_text, created_at, updated_at) \
         VALUES ($1, 2024, '1件', 0, 0)",
    )
    .bind(i64::MAX)
    .execute(&mut c)
    .await
    .expect_err("no such indicator");
    assert!(err.to_string().to_lowercase().contains("foreign key"), "{err}");
    Ok(())
}
