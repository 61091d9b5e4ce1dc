//! Reporting periods through the router (issue 15), on SQLite and PostgreSQL: planning sets
//! the organization's periods on the cycle page (a bad list refused with its message, nothing
//! changed), the new period is offered on the department's value page and takes values there,
//! and a published 中間 review shows (escaped) on the public review page.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::StatusCode;
use common::staff::{get_as, post, Who, World};
use hoshin_app::access::Actor;
use hoshin_domain::period::MIDYEAR;
use hoshin_domain::*;
use hoshin_testkit::TestDb;

async fn periods(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let (app, s) = (&fork.app, fork.store());

    // The cycle page lists the defaults and gives planning the form.
    let page = get_as(app, w.session(Who::Planning), "/manage/cycle").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("報告期間") && page.body.contains("中間 | 9/30\n年度末 | 3/31"), "{}", page.body);
    let drawn = "中間 | 9/30\n年度末 | 3/31";

    // A list with a period twice: refused with the reason, nothing stored.
    let bad = "中間 | 9/30\n中間 | 12/31\n年度末 | 3/31";
    let res = post(app, w.session(Who::Planning), "/manage/periods", &[("drawn", drawn), ("periods", bad)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("重複"), "{}", res.body);
    assert!(s.reporting_periods(w.org).await.unwrap().is_empty());

    // Quarterly from now on: the first quarter is offered on the department's value page.
    let list = "第1四半期 | 6/30\n中間 | 9/30\n年度末 | 3/31";
    let res = post(app, w.session(Who::Planning), "/manage/periods", &[("drawn", drawn), ("periods", list)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location(), Some("/manage/cycle#periods"));
    let stored = s.reporting_periods(w.org).await.unwrap();
    assert_eq!(stored.iter().map(|p| p.label.as_str()).collect::<Vec<_>>(), ["第1四半期", "中間", "年度末"]);
    let q1 = stored[0].key.clone();
    let rev = w.a.rev.id;
    // A yearly target for the revision's year: the value page shows it beside the final one.
    let k0 = s.get_indicator(w.a.indicators[0].id).await.unwrap();
    let input = hoshin_app::editing::IndicatorInput {
        yearly_targets: Some(vec![(w.year, "77件".to_string())]),
        ..hoshin_app::editing::IndicatorInput::of(&k0)
    };
    let editor = Actor::User(w.user(Who::EditorA).clone());
    hoshin_app::editing::update_indicator(s, &editor, rev, k0.id, k0.meta.version, &input).await.unwrap();
    let values = format!("/manage/revisions/{rev}/actuals");
    let page = get_as(app, w.session(Who::EditorA), &format!("{values}?period={q1}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("第1四半期（6月30日）"), "{}", page.body);
    assert!(page.body.contains(&format!("{} 77件", w.year.wareki())), "the year's own target: {}", page.body);
    // Every field's label is its own (a form per initiative: each label names the initiative).
    let labels: Vec<&str> = page
        .body
        .split("<label for=")
        .skip(1)
        .filter_map(|l| l.split_once('>'))
        .map(|(_, t)| t.split("</label>").next().unwrap())
        .collect();
    assert!(labels.len() > 4, "{labels:?}");
    let mut seen = std::collections::HashSet::new();
    assert!(labels.iter().all(|l| seen.insert(*l)), "a label twice: {labels:?}");
    // The 判定 is a choice of the organization's judgements, as on the year-end review.
    let item = w.a.initiatives[0].id;
    assert!(page.body.contains(&format!(r#"<select id="judgement-{item}" name="judgement-{item}">"#)), "{}", page.body);
    let kpi = w.a.indicators[0].id;
    let (vname, vver) = (format!("value-{kpi}"), format!("vversion-{kpi}"));
    let res = post(
        app,
        w.session(Who::EditorA),
        &format!("/manage/revisions/{rev}/periods/{q1}"),
        &[(vver.as_str(), ""), (vname.as_str(), "120件")],
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let saved = s.interim_actuals(&[kpi]).await.unwrap();
    assert_eq!(
        saved.iter().map(|v| (v.period.as_str(), v.value.text.as_str())).collect::<Vec<_>>(),
        [(q1.as_str(), "120件")]
    );
    // A progress over 100: refused beside that initiative's field, what was typed kept.
    let item = w.a.initiatives[0].id;
    let (rv, pr, rs) = (format!("rversion-{item}"), format!("progress-{item}"), format!("result-{item}"));
    let typed = [(rv.as_str(), ""), (pr.as_str(), "150"), (rs.as_str(), "第1四半期の取組")];
    let from = format!("{values}?period={q1}");
    let res = common::staff::post_from(
        app,
        w.session(Who::EditorA),
        &from,
        &format!("/manage/revisions/{rev}/periods/{q1}"),
        &typed,
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let at = &res.body[res.body.find(&format!(r#"name="{pr}""#)).unwrap()..];
    assert!(at.contains(r#"aria-invalid="true""#) && at.contains("進捗率は0〜100"), "{at}");
    assert!(res.body.contains(">第1四半期の取組</textarea>"), "{}", res.body);
    // Now in use, the quarter cannot be removed.
    let res = post(
        app,
        w.session(Who::Planning),
        "/manage/periods",
        &[("drawn", list), ("periods", "中間 | 9/30\n年度末 | 3/31")],
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("削除できません"), "{}", res.body);

    // A stale form (planning saved the 中間 review meanwhile): 409, the page drawn anew with the
    // current text in the form and what the editor typed listed above it, labelled.
    let item = w.a.initiatives[0].id;
    let (rv, rs) = (format!("rversion-{item}"), format!("result-{item}"));
    let mid = format!("/manage/revisions/{}/periods/{MIDYEAR}", w.a.rev.id);
    let res =
        post(app, w.session(Who::Planning), &mid, &[(rv.as_str(), ""), (rs.as_str(), "企画が書いた中間の実績")]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let form_page = format!("{values}?period={MIDYEAR}");
    let typed = [(rv.as_str(), ""), (rs.as_str(), "部局が書いた<b>中間</b>の実績")];
    let res = common::staff::post_from(app, w.session(Who::EditorA), &form_page, &mid, &typed).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("保存されなかった入力内容"), "{}", res.body);
    assert!(res.body.contains("部局が書いた&lt;b&gt;中間&lt;/b&gt;の実績"), "typed, escaped: {}", res.body);
    assert!(res.body.contains(">企画が書いた中間の実績</textarea>"), "the form shows what is stored: {}", res.body);
    let item_name = &w.a.initiatives[0].name;
    assert!(
        res.body.contains(&format!("の実績（取組みを行った内容・成果）（{item_name}）</dt>")),
        "under its label: {}",
        res.body
    );

    // A 中間 review of last year's published policy, published with a new revision: shown,
    // escaped, under the year's review on the public review page.
    let prev = w.prev;
    let planner = Actor::User(w.user(Who::Planning).clone());
    let rev = hoshin_app::editing::open_revision(s, &editor, w.a.dept.id, prev).await.unwrap();
    let item = s.revision_initiatives(rev).await.unwrap().remove(0);
    let (rv, res_f, pr) =
        (format!("rversion-{}", item.id), format!("result-{}", item.id), format!("progress-{}", item.id));
    let res = post(
        app,
        w.session(Who::EditorA),
        &format!("/manage/revisions/{rev}/periods/{MIDYEAR}"),
        &[(rv.as_str(), ""), (res_f.as_str(), "<i>上半期</i>に説明会を開いた"), (pr.as_str(), "40")],
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let public = format!("/orgs/{}/years/{}/departments/{}/review", w.org, prev.year(), w.a.dept.id);
    assert!(!get_as(app, None, &public).await.body.contains("上半期"), "not before publishing");
    for (who, step) in [(&editor, Transition::Submit), (&planner, Transition::Approve), (&planner, Transition::Publish)]
    {
        let v = s.get_revision(rev).await.unwrap().meta.version;
        hoshin_app::workflow::transition(s, who, rev, v, step, None).await.unwrap();
    }
    let shown = get_as(app, None, &public).await.body;
    assert!(shown.contains("中間の報告") && shown.contains("進捗 40%"), "{shown}");
    assert!(shown.contains("&lt;i&gt;上半期&lt;/i&gt;に説明会を開いた") && !shown.contains("<i>上半期"), "{shown}");
}

#[tokio::test]
async fn periods_sqlite() {
    periods(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn periods_postgres() {
    periods(TestDb::postgres().await.unwrap()).await;
}

/// A plan weight out of range: refused beside that node's field, with what was typed kept.
async fn weights(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let (app, s) = (&fork.app, fork.store());
    // The first plan whose weights page has fields.
    let mut found = None;
    for plan in s.list_plans(w.org).await.unwrap() {
        let page = format!("/manage/plans/{}/weights", plan.id);
        let shown = get_as(app, w.session(Who::Planning), &page).await;
        assert_eq!(shown.status, StatusCode::OK, "{}", shown.body);
        let nodes = s.plan_nodes(plan.id).await.unwrap();
        if let Some(n) = nodes.iter().find(|n| shown.body.contains(&format!("name=\"weight_{}\"", n.id))) {
            found = Some((plan.clone(), n.clone(), nodes.clone(), page, shown));
            break;
        }
    }
    let (plan, node, nodes, page, shown) = found.expect("a plan with weights to set");
    // The whole form, as a browser sends it (every node's hidden and typed weight), one bad.
    let wn = format!("weight_{}", node.id);
    let mut sent: Vec<(String, String)> = Vec::new();
    for n in &nodes {
        for name in [format!("shown_{}", n.id), format!("weight_{}", n.id)] {
            if let Some(v) = common::staff::scrape_input(&shown.body, &name) {
                let v = if name == wn { "-1".to_string() } else { v };
                sent.push((name, v));
            }
        }
    }
    let fields: Vec<(&str, &str)> = sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = common::staff::post_from(app, w.session(Who::Planning), &page, &page, &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let at = &res.body[res.body.find(&format!("name=\"{wn}\"")).unwrap()..];
    assert!(at.contains("value=\"-1\"") && at.contains("aria-invalid=\"true\""), "{at}");
    assert!(s.plan_node_weights(plan.id).await.unwrap().is_empty(), "nothing stored");
}

#[tokio::test]
async fn weights_sqlite() {
    weights(TestDb::sqlite().await.unwrap()).await;
}
