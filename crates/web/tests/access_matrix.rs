//! The role × route matrix of the staff side (issue 5): every state-changing route of
//! `hoshin_web::router::POST_ROUTES`, sent by the public, a viewer, the editors of
//! departments A and B, the planning office and an admin. An allowed request answers 303 and
//! changes something (each on its own copy of the world); a refused one answers 403 (the
//! public: a redirect to /login or 403) and changes nothing at all. A route added to
//! `POST_ROUTES` without a row here fails the test. Runs on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::http::StatusCode;
use base64::Engine;
use common::staff::{
    fingerprint, get_file_as, login_post, post, post_files, post_multipart, Fork, Who, World, PASSWORD,
};
use hoshin_app::access::Actor;
use hoshin_domain::*;
use hoshin_store::{Page, Store};
use hoshin_testkit::{xlsx, TestDb};

/// One request shape. `bool`: department A (`true`) or B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    Login,
    Logout,
    Account,
    CreateToken,
    /// Revoking the viewer's token (only its owner may).
    RevokeToken,
    OpenYear,
    Deadlines,
    /// The year's 重点項目 (the cycle's policy deadline is lifted first so they are editable).
    Themes,
    PlanActuals,
    PlanWeights,
    Revise(bool),
    Stance(bool),
    AddInitiative(bool),
    SaveInitiative(bool),
    Move(bool),
    DeleteInitiative(bool),
    AddIndicator(bool),
    SaveIndicator(bool),
    DeleteIndicator(bool),
    Review(bool),
    Actuals(bool),
    /// The 中間 values and reviews of the revision's year (issue 15, reporting periods).
    Interim(bool),
    Submit(bool),
    Approve(bool),
    Return(bool),
    Publish(bool),
    /// The year page's bulk approve and bulk publish of both departments (issue 15).
    YearApprove,
    YearPublish,
    /// A comment on an initiative of the revision (issue 15).
    Comment(bool),
    /// 自己評価 of a published initiative of the department (issue 15).
    Evaluate(bool),
    /// The organization's review stages.
    Stages,
    /// Locking the year's review.
    ReviewLock,
    /// The organization's reporting periods (issue 15).
    Periods,
    /// The Excel round trip's upload (a preview: allowed answers 200 and stores nothing).
    WorkbookPreview(bool),
    WorkbookApply(bool),
    CreateUser,
    UpdateUser,
    Password,
    AddDepartment,
    Upload,
    CommitImport,
    DiscardImport,
    /// The 財務会計 CSV upload (a preview: allowed answers 200 and stores nothing).
    BudgetPreview,
    BudgetApply,
    MarkRead,
    ReadAll,
    Email,
}

/// An invented goal review for the import cases.
const IMPORT_DOC: &str = "| 部 局 | 水辺環境部 | 補 職 | 部 長 |
|---|---|---|---|

3. 当年度目標と目標設定に対する振り返り等

| No | 当年度目標(当初設定) | 実績 | |
|----|---|---|---|
| | 取組み事項及びその内容・スケジュール | 取組みを行った内容・成果 | 課題・今後の方向性 |
| 1 | ため池の水質改善 | <p>毎月の測定を行いました。</p> | <p>原因を調べます。</p> |
";

/// An invented 財務会計 export for the budget cases.
const BUDGET_CSV: &str = "細事業コード,年度,予算額,決算額\nS-001,2025,\"1,000\",900\n";

/// The state the revisions of A and B must be in before the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Draft,
    Submitted,
    Approved,
    /// Approved, in a year the planning office has already published (per-department publishing).
    ApprovedYearPublic,
}

fn cases() -> Vec<Case> {
    use Case::*;
    let mut v =
        vec![Login, Logout, Account, CreateToken, RevokeToken, OpenYear, Deadlines, Themes, PlanActuals, PlanWeights];
    for a in [true, false] {
        v.extend([
            Revise(a),
            Stance(a),
            AddInitiative(a),
            SaveInitiative(a),
            Move(a),
            DeleteInitiative(a),
            AddIndicator(a),
            SaveIndicator(a),
            DeleteIndicator(a),
            Review(a),
            Actuals(a),
            Interim(a),
            Submit(a),
            Approve(a),
            Return(a),
            Publish(a),
            Comment(a),
            Evaluate(a),
            WorkbookPreview(a),
            WorkbookApply(a),
        ]);
    }
    v.extend([CreateUser, UpdateUser, Password, AddDepartment, Upload, CommitImport, DiscardImport]);
    v.extend([BudgetPreview, BudgetApply]);
    v.extend([MarkRead, ReadAll, Email, YearApprove, YearPublish, Stages, ReviewLock, Periods]);
    v
}

impl Case {
    fn pattern(self) -> &'static str {
        use Case::*;
        match self {
            Login => "/login",
            Logout => "/logout",
            Account => "/manage/account",
            CreateToken => "/manage/account/tokens",
            RevokeToken => "/manage/account/tokens/{id}/revoke",
            OpenYear => "/manage/cycle",
            Deadlines => "/manage/{year}/deadlines",
            Themes => "/manage/{year}/themes",
            YearApprove | YearPublish => "/manage/{year}/publish",
            PlanActuals => "/manage/{year}/indicators",
            PlanWeights => "/manage/plans/{plan}/weights",
            Revise(_) => "/manage/{year}/departments/{dept}/revise",
            Stance(_) => "/manage/revisions/{rev}/stance",
            AddInitiative(_) => "/manage/revisions/{rev}/initiatives",
            SaveInitiative(_) => "/manage/revisions/{rev}/initiatives/{id}",
            Move(_) => "/manage/revisions/{rev}/initiatives/{id}/move",
            DeleteInitiative(_) => "/manage/revisions/{rev}/initiatives/{id}/delete",
            AddIndicator(_) => "/manage/revisions/{rev}/initiatives/{id}/indicators",
            Review(_) => "/manage/revisions/{rev}/initiatives/{id}/review",
            SaveIndicator(_) => "/manage/revisions/{rev}/indicators/{id}",
            DeleteIndicator(_) => "/manage/revisions/{rev}/indicators/{id}/delete",
            Actuals(_) => "/manage/revisions/{rev}/actuals",
            Interim(_) => "/manage/revisions/{rev}/periods/{key}",
            Submit(_) | Approve(_) | Return(_) | Publish(_) => "/manage/revisions/{rev}/transition",
            Comment(_) => "/manage/revisions/{rev}/comments",
            Evaluate(_) => "/manage/initiatives/{id}/evaluations",
            Stages => "/manage/review-stages",
            Periods => "/manage/periods",
            ReviewLock => "/manage/{year}/review-lock",
            WorkbookPreview(_) => "/manage/revisions/{rev}/workbook",
            WorkbookApply(_) => "/manage/revisions/{rev}/workbook/apply",
            CreateUser => "/manage/users",
            UpdateUser => "/manage/users/{id}",
            Password => "/manage/users/{id}/password",
            AddDepartment => "/manage/departments",
            Upload => "/manage/imports",
            CommitImport => "/manage/imports/{batch}/commit",
            DiscardImport => "/manage/imports/{batch}/discard",
            BudgetPreview => "/manage/budget",
            BudgetApply => "/manage/budget/apply",
            MarkRead => "/manage/inbox/{id}/read",
            ReadAll => "/manage/inbox/read-all",
            Email => "/manage/inbox/email",
        }
    }

    fn label(self) -> String {
        let side = |a: bool| if a { "A" } else { "B" };
        let name = format!("{self:?}");
        let base = name.split('(').next().unwrap_or(&name).to_string();
        match self {
            Case::Revise(a)
            | Case::Stance(a)
            | Case::AddInitiative(a)
            | Case::SaveInitiative(a)
            | Case::Move(a)
            | Case::DeleteInitiative(a)
            | Case::AddIndicator(a)
            | Case::SaveIndicator(a)
            | Case::DeleteIndicator(a)
            | Case::Review(a)
            | Case::Actuals(a)
            | Case::Interim(a)
            | Case::Submit(a)
            | Case::Approve(a)
            | Case::Return(a)
            | Case::Publish(a)
            | Case::Comment(a)
            | Case::Evaluate(a)
            | Case::WorkbookPreview(a)
            | Case::WorkbookApply(a) => format!("{base} {}", side(a)),
            _ => base,
        }
    }

    /// Department work: the department's editors, planning and admins.
    fn department_side(self) -> Option<bool> {
        use Case::*;
        match self {
            Revise(a) | Stance(a) | AddInitiative(a) | SaveInitiative(a) | Move(a) | DeleteInitiative(a)
            | AddIndicator(a) | SaveIndicator(a) | DeleteIndicator(a) | Review(a) | Actuals(a) | Interim(a)
            | Submit(a) | Comment(a) | Evaluate(a) | WorkbookPreview(a) | WorkbookApply(a) => Some(a),
            _ => None,
        }
    }

    fn stage(self) -> Stage {
        match self {
            Case::Approve(_) | Case::Return(_) | Case::YearApprove => Stage::Submitted,
            Case::YearPublish => Stage::Approved,
            Case::Publish(_) => Stage::ApprovedYearPublic,
            _ => Stage::Draft,
        }
    }

    /// The contract: who may do this.
    fn allowed(self, who: Who) -> bool {
        match self {
            Case::Login => true,
            // One's own inbox: every signed-in person (someone else's notification is a 404,
            // tested in tests/inbox.rs).
            Case::Logout | Case::Account | Case::CreateToken | Case::MarkRead | Case::ReadAll | Case::Email => {
                who != Who::Anonymous
            }
            Case::RevokeToken => who == Who::Viewer,
            Case::CreateUser | Case::UpdateUser | Case::Password | Case::AddDepartment => who == Who::Admin,
            Case::Upload
            | Case::CommitImport
            | Case::DiscardImport
            | Case::Stages
            | Case::Periods
            | Case::ReviewLock
            | Case::BudgetPreview
            | Case::BudgetApply => {
                matches!(who, Who::Planning | Who::Admin)
            }
            _ => match (who, self.department_side()) {
                (Who::Admin | Who::Planning, _) => true,
                (Who::EditorA, Some(a)) => a,
                (Who::EditorB, Some(a)) => !a,
                _ => false,
            },
        }
    }

    /// The path and form fields (without `_csrf`), with versions read from `store` now.
    async fn request(self, w: &World, store: &dyn Store) -> (String, Vec<(String, String)>) {
        use Case::*;
        let s = |x: &str| x.to_string();
        let year = w.year.year();
        let rev_of = |a: bool| w.side(a).rev.id;
        let rev_version =
            |a: bool| async move { store.get_revision(rev_of(a)).await.unwrap().meta.version.to_string() };
        let init_version =
            |id: InitiativeId| async move { store.get_initiative(id).await.unwrap().meta.version.to_string() };
        match self {
            Login | Logout | Upload | CommitImport | DiscardImport | RevokeToken | WorkbookPreview(_)
            | WorkbookApply(_) | MarkRead | ReadAll | BudgetPreview | BudgetApply => unreachable!("sent by run()"),
            CreateToken => {
                (s("/manage/account/tokens"), vec![(s("name"), s("集計スクリプト")), (s("expires"), s("30"))])
            }
            Email => (s("/manage/inbox/email"), vec![(s("email"), s("staff@city.example.lg.jp"))]),
            OpenYear => (
                s("/manage/cycle"),
                vec![
                    (s("year"), s("2027")),
                    (s("themes"), s("次年度の重点項目\n第二の重点項目")),
                    (s("policy_due"), s("2027-05-31")),
                    (s("midyear_due"), s("")),
                    (s("yearend_due"), s("")),
                    (s("copy_forward"), s("on")),
                ],
            ),
            Themes => {
                let t = store.list_themes(w.org, w.year).await.unwrap().into_iter().next().unwrap();
                (
                    format!("/manage/{year}/themes"),
                    vec![
                        (format!("version_{}", t.id), t.meta.version.to_string()),
                        (format!("name_{}", t.id), format!("{}（改）", t.name)),
                        (format!("order_{}", t.id), s("1")),
                        (s("added"), s("新しい重点項目")),
                    ],
                )
            }
            Deadlines => {
                let cycle = store.get_cycle(w.org, w.year).await.unwrap().unwrap();
                (
                    format!("/manage/{year}/deadlines"),
                    vec![
                        (s("version"), cycle.meta.version.to_string()),
                        (s("policy_due"), s("2026-06-15")),
                        (s("midyear_due"), s("2026-11-13")),
                        (s("yearend_due"), s("")),
                    ],
                )
            }
            Account => (
                s("/manage/account"),
                vec![
                    (s("current_password"), s(PASSWORD)),
                    (s("new_password"), s("a-new-pass-for-2027")),
                    (s("new_password_again"), s("a-new-pass-for-2027")),
                ],
            ),
            PlanWeights => {
                let mut found = None;
                for plan in store.list_plans(w.org).await.unwrap() {
                    if let Some(n) = store.plan_nodes(plan.id).await.unwrap().into_iter().next() {
                        found = Some((plan, n));
                        break;
                    }
                }
                let (plan, node) = found.expect("the world has a plan with nodes");
                (
                    format!("/manage/plans/{}/weights", plan.id),
                    vec![(format!("shown_{}", node.id), s("1")), (format!("weight_{}", node.id), s("2.5"))],
                )
            }
            PlanActuals => {
                let page = hoshin_store::Page::first(1000);
                let kpis = store.list_indicators(w.org, page).await.unwrap();
                let k = kpis.iter().find(|k| matches!(k.owner, Some(IndicatorOwner::Node(_)))).unwrap();
                (
                    format!("/manage/{year}/indicators"),
                    vec![
                        (s("indicator"), k.id.to_string()),
                        (s("version"), k.meta.version.to_string()),
                        (s("value"), s("42")),
                    ],
                )
            }
            Revise(a) => (format!("/manage/{}/departments/{}/revise", w.prev.year(), w.side(a).dept.id), vec![]),
            Stance(a) => (
                format!("/manage/revisions/{}/stance", rev_of(a)),
                vec![
                    (s("version"), rev_version(a).await),
                    (s("stance"), s("現場の声を施策に反映する")),
                    (s("notes"), s("備考を追記")),
                ],
            ),
            AddInitiative(a) => (
                format!("/manage/revisions/{}/initiatives", rev_of(a)),
                vec![
                    (s("name"), s("新しく加える取組")),
                    (s("summary"), s("試験のために加える")),
                    (s("theme_id"), w.themes[0].id.to_string()),
                    (s("sdg_goals"), s("3, 11")),
                    (s("milestones"), s("2026-06-30 説明会\n9月 中間報告")),
                    (s("reform_perspectives"), s("① 市民サービスの向上")),
                    (s("reform_text"), s("手続を見直す")),
                ],
            ),
            SaveInitiative(a) => {
                let i = &w.side(a).initiatives[0];
                (
                    format!("/manage/revisions/{}/initiatives/{}", rev_of(a), i.id),
                    vec![
                        (s("version"), init_version(i.id).await),
                        (s("name"), format!("{}（見直し）", i.name)),
                        (s("summary"), s("概要を書き直した")),
                        (s("theme_id"), s("")),
                        (s("sdg_goals"), s("")),
                        (s("milestones"), s("説明")),
                        (s("reform_perspectives"), s("")),
                        (s("reform_text"), s("")),
                    ],
                )
            }
            Move(a) => {
                // Moves happen among the initiatives under the same theme: one with a later peer.
                let all = &w.side(a).initiatives;
                let i = all
                    .iter()
                    .enumerate()
                    .find(|(n, i)| all[n + 1..].iter().any(|j| j.theme_id == i.theme_id))
                    .map(|(_, i)| i)
                    .expect("two initiatives under one theme");
                (
                    format!("/manage/revisions/{}/initiatives/{}/move", rev_of(a), i.id),
                    vec![(s("version"), init_version(i.id).await), (s("direction"), s("down"))],
                )
            }
            DeleteInitiative(a) => {
                let i = w.side(a).initiatives.last().unwrap();
                (
                    format!("/manage/revisions/{}/initiatives/{}/delete", rev_of(a), i.id),
                    vec![(s("version"), init_version(i.id).await)],
                )
            }
            AddIndicator(a) => {
                let i = w.side(a).initiative_with_kpi();
                (
                    format!("/manage/revisions/{}/initiatives/{}/indicators", rev_of(a), i.id),
                    vec![
                        (s("name"), s("相談の件数")),
                        (s("unit"), s("件")),
                        (s("direction"), s("up")),
                        (s("cumulative"), s("on")),
                        (s("baseline"), s("120")),
                        (s("baseline_year"), s("2024")),
                        (s("target"), s("200")),
                        (s("target_year"), s("令和9年度")),
                    ],
                )
            }
            SaveIndicator(a) => {
                let k = &w.side(a).indicators[0];
                let v = store.get_indicator(k.id).await.unwrap().meta.version;
                (
                    format!("/manage/revisions/{}/indicators/{}", rev_of(a), k.id),
                    vec![
                        (s("version"), v.to_string()),
                        (s("name"), format!("{}（定義を修正）", k.name)),
                        (s("unit"), s("%")),
                        (s("direction"), s("up")),
                        (s("baseline"), s("40")),
                        (s("baseline_year"), s("2024")),
                        (s("target"), s("60")),
                        (s("target_year"), s("2027")),
                    ],
                )
            }
            DeleteIndicator(a) => {
                let k = &w.side(a).indicators[0];
                let v = store.get_indicator(k.id).await.unwrap().meta.version;
                (
                    format!("/manage/revisions/{}/indicators/{}/delete", rev_of(a), k.id),
                    vec![(s("version"), v.to_string())],
                )
            }
            Review(a) => {
                let i = &w.side(a).initiatives[0];
                let v = store.get_goal_review(i.id, w.year).await.unwrap().map(|r| r.meta.version.to_string());
                (
                    format!("/manage/revisions/{}/initiatives/{}/review", rev_of(a), i.id),
                    vec![
                        (s("version"), v.unwrap_or_default()),
                        (s("result"), s("計画どおり実施した")),
                        (s("issues_next"), s("周知を強める")),
                        (s("progress"), s("60")),
                        (s("judgement"), s("")),
                    ],
                )
            }
            Actuals(a) => {
                let k = &w.side(a).indicators[0];
                let v = store.get_indicator(k.id).await.unwrap().meta.version;
                (
                    format!("/manage/revisions/{}/actuals", rev_of(a)),
                    vec![
                        (s("year"), year.to_string()),
                        (s("indicator"), k.id.to_string()),
                        (s("version"), v.to_string()),
                        (s("value"), s("1,234件")),
                        (s("paste"), s("")),
                    ],
                )
            }
            Interim(a) => {
                let k = &w.side(a).indicators[0];
                let i = &w.side(a).initiatives[0];
                (
                    format!("/manage/revisions/{}/periods/midyear", rev_of(a)),
                    vec![
                        (format!("vversion-{}", k.id), s("")),
                        (format!("value-{}", k.id), s("600件")),
                        (format!("rversion-{}", i.id), s("")),
                        (format!("result-{}", i.id), s("上半期に説明会を3回開いた")),
                        (format!("progress-{}", i.id), s("40")),
                    ],
                )
            }
            Submit(a) | Approve(a) | Return(a) | Publish(a) => {
                let step = match self {
                    Submit(_) => "submit",
                    Approve(_) => "approve",
                    Return(_) => "return",
                    _ => "publish",
                };
                (
                    format!("/manage/revisions/{}/transition", rev_of(a)),
                    vec![
                        (s("version"), rev_version(a).await),
                        (s("step"), s(step)),
                        (s("comment"), s("指標の根拠を補ってください")),
                    ],
                )
            }
            YearApprove | YearPublish => {
                let step = if self == YearApprove { "approve" } else { "publish" };
                let mut fields = vec![(s("step"), s(step))];
                for a in [true, false] {
                    fields.push((s("rev"), format!("{}:{}", rev_of(a), rev_version(a).await)));
                }
                (format!("/manage/{year}/publish"), fields)
            }
            Comment(a) => (
                format!("/manage/revisions/{}/comments", rev_of(a)),
                vec![
                    (s("initiative"), w.side(a).initiatives[0].id.to_string()),
                    (s("body"), s("目標値の根拠を確認しました")),
                ],
            ),
            Evaluate(a) => {
                let live = w.side(a).initiatives.iter().find_map(|i| i.predecessor_id).expect("copied forward");
                (
                    format!("/manage/initiatives/{live}/evaluations"),
                    vec![
                        (s("year"), w.prev.year().to_string()),
                        (s("position"), s("1")),
                        (s("stage_name"), s(hoshin_app::stages::DEFAULT_STAGES[0].0)),
                        (s("version"), s("")),
                        (s("judgement"), s("")),
                        (s("comment"), s("計画どおり進んでいる")),
                        (s("back"), s("/manage")),
                    ],
                )
            }
            Stages => {
                let drawn = hoshin_app::stages::list_text(&hoshin_app::stages::stages(store, w.org).await.unwrap());
                (
                    s("/manage/review-stages"),
                    vec![(s("drawn"), drawn.clone()), (s("stages"), format!("{drawn}\n議会への報告 | 企画"))],
                )
            }
            Periods => {
                let drawn =
                    hoshin_app::periods::period_text(&hoshin_app::periods::periods(store, w.org).await.unwrap());
                let text = format!("第1四半期 | 6/30\n{drawn}");
                (s("/manage/periods"), vec![(s("drawn"), drawn), (s("periods"), text)])
            }
            ReviewLock => (format!("/manage/{year}/review-lock"), vec![(s("action"), s("lock"))]),
            AddDepartment => (s("/manage/departments"), vec![(s("name"), s("新設部")), (s("parent"), s(""))]),
            CreateUser => (
                s("/manage/users"),
                vec![
                    (s("login"), s("new.staff")),
                    (s("display_name"), s("新任 職員")),
                    (s("password"), s("another-good-pass")),
                    (s("role"), s("editor")),
                    (s("departments"), w.a.dept.id.to_string()),
                    (s("departments"), w.b.dept.id.to_string()),
                ],
            ),
            UpdateUser => {
                let u = store.get_user(w.user(Who::Viewer).id).await.unwrap();
                (
                    format!("/manage/users/{}", u.id),
                    vec![
                        (s("version"), u.meta.version.to_string()),
                        (s("display_name"), s("閲覧 担当（異動）")),
                        (s("role"), s("editor")),
                        (s("departments"), w.b.dept.id.to_string()),
                    ],
                )
            }
            Password => (
                format!("/manage/users/{}/password", w.user(Who::Viewer).id),
                vec![(s("password"), s("renewed-pass-2027"))],
            ),
        }
    }
}

/// Brings both revisions to `stage` (as the system, through the app's own workflow).
async fn set_stage(w: &World, store: &dyn Store, stage: Stage) {
    let steps: &[Transition] = match stage {
        Stage::Draft => &[],
        Stage::Submitted => &[Transition::Submit],
        Stage::Approved | Stage::ApprovedYearPublic => &[Transition::Submit, Transition::Approve],
    };
    for side in [&w.a, &w.b] {
        for step in steps {
            let v = store.get_revision(side.rev.id).await.unwrap().meta.version;
            hoshin_app::workflow::transition(store, &Actor::System, side.rev.id, v, *step, None).await.unwrap();
        }
    }
    if stage == Stage::ApprovedYearPublic {
        // As if the year page had published it before (with another department).
        let mut cycle = store.get_cycle(w.org, w.year).await.unwrap().unwrap();
        cycle.published_at = Some(1);
        cycle.published_on = hoshin_domain::Day::from_ymd(2026, 4, 1);
        let tx = store.begin().await.unwrap();
        tx.update_cycle(&cycle).await.unwrap();
        tx.commit().await.unwrap();
    }
}

/// An uploaded batch for the commit and discard cases: the uploader's own when `who` may
/// import (a batch is its uploader's), else the planning office's. Returns the path and fields.
async fn import_batch(case: Case, who: Who, w: &World, store: &dyn Store) -> (String, Vec<(String, String)>) {
    use hoshin_app::import::uploads::{preview_batch, upload, UploadFile};
    let owner = if case.allowed(who) { who } else { Who::Planning };
    let actor = Actor::User(w.user(owner).clone());
    let file = UploadFile { file_name: "mizube.md".into(), bytes: IMPORT_DOC.as_bytes().to_vec() };
    let labels = Default::default();
    let batch = upload(store, &actor, &[file], &labels).await.unwrap();
    let docs = preview_batch(store, &actor, &batch, &Default::default(), &labels).await.unwrap();
    let id = docs[0].upload.id.to_string();
    let fp = docs[0].preview.as_ref().unwrap().fingerprint.clone();
    match case {
        Case::CommitImport => {
            (format!("/manage/imports/{batch}/commit"), vec![(format!("fp.{id}"), fp), ("doc".to_string(), id)])
        }
        _ => (format!("/manage/imports/{batch}/discard"), Vec::new()),
    }
}

/// The draft of `rev` as a workbook with its stance changed (written as the system would
/// download it for the department's editor).
async fn edited_workbook(app: &hoshin_app::App, rev: RevisionId) -> Vec<u8> {
    let d = hoshin_app::roundtrip::download(app, &Actor::System, rev).await.unwrap();
    let sheet = xlsx::sheets(&d.bytes).unwrap()[0].0.clone();
    let cell = hoshin_app::roundtrip::layout::address(hoshin_app::roundtrip::layout::STANCE_ROW, 1);
    xlsx::edit(&d.bytes, &[(&sheet, &cell, "Excelで書き直した基本的考え方")]).unwrap()
}

/// An unread notification in the inbox of `who` (an editor's for the public), for the inbox
/// cases. Returns the path and fields.
async fn own_notification(case: Case, who: Who, w: &World, store: &dyn Store) -> (String, Vec<(String, String)>) {
    let owner = if who == Who::Anonymous { Who::EditorA } else { who };
    let tx = store.begin().await.unwrap();
    let new = hoshin_store::NewNotification {
        user_id: w.user(owner).id,
        kind: "submit".into(),
        subject: "【提出】試験".into(),
        body: "試験のお知らせ".into(),
        link: Some("/manage".into()),
        dedupe_key: None,
    };
    let id = tx.insert_notification(&new).await.unwrap().unwrap();
    tx.commit().await.unwrap();
    match case {
        Case::MarkRead => (format!("/manage/inbox/{id}/read"), Vec::new()),
        _ => ("/manage/inbox/read-all".to_string(), Vec::new()),
    }
}

/// Sends `case` as `who` on `fork`; returns the outcome's description or an error.
async fn run(case: Case, who: Who, w: &World, fork: &Fork) -> Result<String, String> {
    let app = &fork.app;
    let session = w.session(who);
    let prepared = match case {
        Case::CommitImport | Case::DiscardImport => Some(import_batch(case, who, w, fork.store()).await),
        Case::RevokeToken => {
            let viewer = Actor::User(w.user(Who::Viewer).clone());
            let t = hoshin_app::tokens::create_token(app, &viewer, "閲覧者のトークン", None).await.unwrap();
            Some((
                format!("/manage/account/tokens/{}/revoke", t.row.id),
                vec![("version".to_string(), t.row.version.to_string())],
            ))
        }
        Case::MarkRead | Case::ReadAll => Some(own_notification(case, who, w, fork.store()).await),
        Case::Themes => {
            // Themes are editable until the policy deadline: lift it, outside the request.
            let tx = fork.store().begin().await.unwrap();
            let mut cycle = tx.get_cycle(w.org, w.year).await.unwrap().unwrap();
            cycle.policy_due = None;
            tx.update_cycle(&cycle).await.unwrap();
            tx.commit().await.unwrap();
            None
        }
        _ => None,
    };
    let before = fingerprint(fork.store(), w).await;
    let res = match case {
        Case::Login => {
            let as_user = who.login().unwrap_or("viewer");
            login_post(app, session.map(|s| s.cookie.as_str()), as_user, PASSWORD).await
        }
        Case::Logout => post(app, session, "/logout", &[]).await,
        Case::Upload => post_files(app, session, "/manage/imports", &[("mizube.md", IMPORT_DOC.as_bytes())]).await,
        Case::BudgetPreview => {
            let (cookie, csrf) = (session.map(|s| s.cookie.as_str()), session.map(|s| s.csrf.as_str()));
            post_multipart(app, cookie, csrf, "/manage/budget", "file", &[("budget.csv", BUDGET_CSV.as_bytes())]).await
        }
        Case::BudgetApply => {
            let encoded = base64::engine::general_purpose::STANDARD.encode(BUDGET_CSV.as_bytes());
            post(app, session, "/manage/budget/apply", &[("name", "budget.csv"), ("file", &encoded)]).await
        }
        Case::WorkbookPreview(a) | Case::WorkbookApply(a) => {
            let rev = w.side(a).rev.id;
            let bytes = edited_workbook(app, rev).await;
            if matches!(case, Case::WorkbookPreview(_)) {
                let (cookie, csrf) = (session.map(|s| s.cookie.as_str()), session.map(|s| s.csrf.as_str()));
                let path = format!("/manage/revisions/{rev}/workbook");
                post_multipart(app, cookie, csrf, &path, "workbook", &[("edited.xlsx", &bytes)]).await
            } else {
                let encoded = base64::engine::general_purpose::STANDARD.encode(&bytes);
                post(app, session, &format!("/manage/revisions/{rev}/workbook/apply"), &[("workbook", &encoded)]).await
            }
        }
        Case::CommitImport | Case::DiscardImport | Case::RevokeToken | Case::MarkRead | Case::ReadAll => {
            let (path, fields) = prepared.clone().unwrap();
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            post(app, session, &path, &fields).await
        }
        _ => {
            let (path, fields) = case.request(w, fork.store()).await;
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            post(app, session, &path, &fields).await
        }
    };
    let after = fingerprint(fork.store(), w).await;
    let changed = before.diff(&after);
    let got = format!("{} {}", res.status.as_u16(), res.location().unwrap_or(""));
    // The page's main content (the error message), not its head.
    let excerpt = || {
        let main = res.body.find("<main").map_or(res.body.as_str(), |i| &res.body[i..]);
        main.chars().take(400).collect::<String>()
    };
    if case.allowed(who) && matches!(case, Case::WorkbookPreview(_) | Case::BudgetPreview) {
        // A preview shows the difference and stores nothing.
        let button = if case == Case::BudgetPreview { "取り込む</button>" } else { "反映する</button>" };
        if res.status != StatusCode::OK || !res.body.contains(button) {
            return Err(format!("expected the preview (200), got {got}: {}", excerpt()));
        }
        if !changed.is_empty() {
            return Err(format!("the preview changed: {}", changed.join(", ")));
        }
        return Ok(got);
    }
    if case.allowed(who) {
        // A new token is shown on the answer itself (it is never stored to show again).
        if case == Case::CreateToken {
            if res.status != StatusCode::OK || !res.body.contains("hoshin_pat_") {
                return Err(format!("expected 200 with the token, got {got}: {}", excerpt()));
            }
            let made = fork.store().user_api_tokens(w.user(who).id).await.unwrap();
            if made.len() != 1 || changed.is_empty() {
                return Err(format!("answered {got} but made {} tokens", made.len()));
            }
            return Ok(got);
        }
        if res.status != StatusCode::SEE_OTHER {
            return Err(format!("expected 303, got {got}: {}", excerpt()));
        }
        let to_login = res.location().is_some_and(|l| l.starts_with("/login"));
        if to_login != matches!(case, Case::Logout | Case::Account) {
            return Err(format!("a successful post went to {got}"));
        }
        if changed.is_empty() {
            return Err(format!("answered {got} but changed nothing"));
        }
        match case {
            Case::Login if res.set_cookie("hoshin_session").is_none() => {
                return Err("login answered 303 without a session cookie".into());
            }
            Case::Logout => {
                let token = session.unwrap().cookie.trim_start_matches("hoshin_session=");
                let found = fork.store().find_session(&hoshin_app::auth::token::token_hash(token)).await.unwrap();
                if found.is_some() {
                    return Err("logout left the session alive".into());
                }
            }
            _ => {}
        }
        Ok(got)
    } else {
        let refused = match who {
            Who::Anonymous => {
                res.status == StatusCode::FORBIDDEN
                    || (res.status == StatusCode::SEE_OTHER && res.location().is_some_and(|l| l.starts_with("/login")))
            }
            _ => res.status == StatusCode::FORBIDDEN,
        };
        if !refused {
            return Err(format!("expected a refusal (403), got {got}: {}", excerpt()));
        }
        if !changed.is_empty() {
            return Err(format!("refused with {got} but changed: {}", changed.join(", ")));
        }
        Ok(got)
    }
}

async fn matrix(db: TestDb) {
    let w = World::new(db).await;
    let cases = cases();

    // Every route of the router has a row, and every row names a real route.
    let missing: Vec<&str> =
        hoshin_web::router::POST_ROUTES.iter().copied().filter(|p| !cases.iter().any(|c| c.pattern() == *p)).collect();
    assert!(missing.is_empty(), "POST routes without a row in the access matrix: {missing:?}");
    for c in &cases {
        assert!(hoshin_web::router::POST_ROUTES.contains(&c.pattern()), "{c:?}: {} is not a POST route", c.pattern());
    }

    // Refused requests share one copy per stage (they must change nothing); allowed ones get their own.
    let mut refused_worlds: Vec<(Stage, Fork)> = Vec::new();
    let mut failures = Vec::new();
    let mut table = String::new();
    table.push_str(&format!("{:<22}", "route"));
    for who in Who::ALL {
        table.push_str(&format!("{:>10}", who.label()));
    }
    table.push('\n');
    for case in &cases {
        table.push_str(&format!("{:<22}", case.label()));
        for who in Who::ALL {
            let outcome = if case.allowed(who) {
                let fork = w.fork().await;
                set_stage(&w, fork.store(), case.stage()).await;
                run(*case, who, &w, &fork).await
            } else {
                if !refused_worlds.iter().any(|(s, _)| *s == case.stage()) {
                    let fork = w.fork().await;
                    set_stage(&w, fork.store(), case.stage()).await;
                    refused_worlds.push((case.stage(), fork));
                }
                let pos = refused_worlds.iter().position(|(s, _)| *s == case.stage()).unwrap();
                let out = run(*case, who, &w, &refused_worlds[pos].1).await;
                if out.is_err() {
                    // Whatever went wrong must not leak into the next case.
                    refused_worlds.remove(pos);
                }
                out
            };
            // Each cell: what was expected (303 allowed, 403 refused), then ok or FAIL.
            let expect = if case.allowed(who) { "303" } else { "403" };
            match outcome {
                Ok(_) => table.push_str(&format!("{:>10}", format!("{expect} ok"))),
                Err(e) => {
                    table.push_str(&format!("{:>10}", format!("{expect} FAIL")));
                    failures.push(format!("{} as {}: {e}", case.label(), who.label()));
                }
            }
        }
        table.push('\n');
    }
    assert!(failures.is_empty(), "access matrix:\n{table}\n{} failures:\n{}", failures.len(), failures.join("\n"));
}

/// The public downloads (issue 11), `hoshin_web::router::DOWNLOAD_ROUTES`: every role and the
/// public get the same published bytes (a signed-in person sees no draft through them), and a
/// download changes nothing. A download route without a row here fails the test. The JSON API's
/// routes are walked the same way (all of them, from its endpoint table).
async fn downloads(db: TestDb) {
    let w = World::new(db).await;
    let f = w.fork().await;
    let (o, y, d) = (w.org.0, w.prev.year(), w.a.dept.id.0);
    let published_kpi = hoshin_app::public::all_indicators(f.store(), w.org).await.unwrap()[0].id;
    let published_item = f.store().list_initiatives(w.org, Some(w.prev), Page::first(1)).await.unwrap()[0].id;
    let rows: Vec<(&str, String)> = vec![
        ("/orgs/{org}/years/{year}/departments.csv", format!("/orgs/{o}/years/{y}/departments.csv")),
        ("/orgs/{org}/years/{year}/indicators.csv", format!("/orgs/{o}/years/{y}/indicators.csv?encoding=sjis")),
        (
            "/orgs/{org}/years/{year}/departments/{dept}/initiatives.csv",
            format!("/orgs/{o}/years/{y}/departments/{d}/initiatives.csv"),
        ),
        ("/orgs/{org}/years/{year}/opendata.zip", format!("/orgs/{o}/years/{y}/opendata.zip")),
        ("/indicators/{id}/values.csv", format!("/indicators/{}/values.csv", published_kpi.0)),
        (
            "/orgs/{org}/years/{year}/departments/{dept}/policy.xlsx",
            format!("/orgs/{o}/years/{y}/departments/{d}/policy.xlsx"),
        ),
        ("/orgs/{org}/years/{year}/workbook.xlsx", format!("/orgs/{o}/years/{y}/workbook.xlsx")),
        ("/orgs/{org}/years/{year}/indicators.xlsx", format!("/orgs/{o}/years/{y}/indicators.xlsx")),
        ("/initiatives/{id}/sheet.xlsx", format!("/initiatives/{}/sheet.xlsx", published_item.0)),
    ];
    for p in hoshin_web::router::DOWNLOAD_ROUTES {
        assert!(rows.iter().any(|(q, _)| q == p), "download route without a row in the access matrix: {p}");
    }
    let before = fingerprint(f.store(), &w).await;
    for (pattern, url) in &rows {
        let (status, headers, public) = get_file_as(&f.app, None, url).await;
        assert_eq!(status, StatusCode::OK, "{pattern}");
        assert!(headers.get("content-disposition").is_some(), "{pattern}: a download");
        for who in Who::ALL {
            let (status, _, got) = get_file_as(&f.app, w.session(who), url).await;
            assert_eq!(status, StatusCode::OK, "{pattern} as {}", who.label());
            assert!(got == public, "{pattern} as {}: not the same published data as the public", who.label());
        }
    }
    // The staff workbook of department A's draft (the Excel round trip): its editors,
    // planning and admins; the public is sent to sign in, everyone else refused.
    let url = format!("/manage/revisions/{}/workbook.xlsx", w.a.rev.id);
    for who in Who::ALL {
        let (status, headers, _) = get_file_as(&f.app, w.session(who), &url).await;
        let expected = match who {
            Who::EditorA | Who::Planning | Who::Admin => StatusCode::OK,
            Who::Anonymous => StatusCode::SEE_OTHER,
            Who::Viewer | Who::EditorB => StatusCode::FORBIDDEN,
        };
        assert_eq!(status, expected, "workbook as {}", who.label());
        if expected == StatusCode::SEE_OTHER {
            assert!(headers["location"].to_str().unwrap().starts_with("/login"));
        }
    }
    // The public JSON API (every route of `hoshin_web::api::ENDPOINTS`, its OpenAPI document
    // and docs page): the same published bytes for everyone.
    let mut node = None;
    for p in f.store().list_plans(w.org).await.unwrap() {
        node = node.or(f.store().plan_nodes(p.id).await.unwrap().first().cloned());
    }
    let node = node.expect("a plan node");
    let ids = common::ApiIds {
        org: w.org,
        year: w.prev,
        initiative: f.store().list_initiatives(w.org, Some(w.prev), Page::first(1)).await.unwrap()[0].id,
        indicator: published_kpi,
        plan: node.plan_id,
        node: node.id,
    };
    let api: Vec<String> = hoshin_web::api::ENDPOINTS
        .iter()
        .map(|e| common::api_url(e.path, ids))
        .chain(["/api/openapi.json".to_string(), "/api".to_string()])
        .collect();
    for url in &api {
        let (status, _, public) = get_file_as(&f.app, None, url).await;
        assert_eq!(status, StatusCode::OK, "{url}");
        for who in Who::ALL {
            let (status, _, got) = get_file_as(&f.app, w.session(who), url).await;
            assert_eq!(status, StatusCode::OK, "{url} as {}", who.label());
            assert!(got == public, "{url} as {}: not the same published data as the public", who.label());
        }
    }
    assert!(fingerprint(f.store(), &w).await.diff(&before).is_empty(), "a download changed something");
}

/// The write API (`POST /api/v1/actuals`, [`hoshin_web::api::WRITES`]) by token: each role
/// writes a KPI of department A, of department B and of the plan. Allowed: the departments'
/// editors, planning and admins for department KPIs, planning and admins for plan KPIs (200,
/// the value stored); refused: 403 and nothing changed; without a token (the public, or a
/// signed-in session's cookie and CSRF header alone): 401 and nothing changed.
async fn api_writes(db: TestDb) {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let w = World::new(db).await;
    let f = w.fork().await;
    assert_eq!(hoshin_web::api::WRITES.iter().map(|e| e.path).collect::<Vec<_>>(), ["/api/v1/actuals"]);
    let plan_kpi = f
        .store()
        .list_indicators(w.org, Page::first(5000))
        .await
        .unwrap()
        .into_iter()
        .find(|k| matches!(k.owner, Some(IndicatorOwner::Node(_))) && k.draft.is_none())
        .unwrap()
        .id;
    let targets =
        [("A", w.a.indicators[0].id, Some(true)), ("B", w.b.indicators[0].id, Some(false)), ("plan", plan_kpi, None)];
    let mut failures = Vec::new();
    for (n, who) in Who::ALL.into_iter().enumerate() {
        let token = match who {
            Who::Anonymous => None,
            _ => Some(
                hoshin_app::tokens::create_token(&f.app, &Actor::User(w.user(who).clone()), "表", None)
                    .await
                    .unwrap()
                    .token,
            ),
        };
        for (label, kpi, side) in targets {
            for with_token in [true, false] {
                let value = format!("{}", 100 + 2 * n + usize::from(with_token));
                let body =
                    serde_json::json!({ "items": [{ "indicator_id": kpi.0, "year": w.year.year(), "value": value }] });
                let allowed = match (who, side) {
                    (Who::Admin | Who::Planning, _) => true,
                    (Who::EditorA, Some(a)) => a,
                    (Who::EditorB, Some(a)) => !a,
                    _ => false,
                };
                let mut req = Request::post("/api/v1/actuals").header(header::CONTENT_TYPE, "application/json");
                match (&token, with_token) {
                    (Some(t), true) => req = req.header(header::AUTHORIZATION, format!("Bearer {t}")),
                    (_, false) => {
                        if let Some(s) = w.session(who) {
                            req = req.header(header::COOKIE, &s.cookie).header("x-csrf-token", &s.csrf);
                        }
                    }
                    (None, true) => continue,
                }
                let before = fingerprint(f.store(), &w).await;
                let res = hoshin_web::router(f.app.clone())
                    .oneshot(req.body(Body::from(body.to_string())).unwrap())
                    .await
                    .unwrap();
                let status = res.status();
                let changed = !before.diff(&fingerprint(f.store(), &w).await).is_empty();
                let stored = f
                    .store()
                    .get_indicator(kpi)
                    .await
                    .unwrap()
                    .actuals
                    .iter()
                    .any(|a| a.fiscal_year == w.year && a.value.text == value);
                let want = match (with_token && token.is_some(), allowed) {
                    (false, _) => StatusCode::UNAUTHORIZED,
                    (true, true) => StatusCode::OK,
                    (true, false) => StatusCode::FORBIDDEN,
                };
                let ok = status == want && changed == (want == StatusCode::OK) && stored == (want == StatusCode::OK);
                if !ok {
                    let how = if with_token { "token" } else { "cookie" };
                    failures.push(format!(
                        "{} {label} by {how}: {status} (want {want}), changed {changed}, stored {stored}",
                        who.label()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "write API access:\n{}", failures.join("\n"));
}

#[tokio::test]
async fn api_writes_sqlite() {
    api_writes(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn api_writes_postgres() {
    api_writes(TestDb::postgres().await.unwrap()).await;
}

#[tokio::test]
async fn downloads_sqlite() {
    downloads(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn downloads_postgres() {
    downloads(TestDb::postgres().await.unwrap()).await;
}

#[tokio::test]
async fn access_matrix_sqlite() {
    matrix(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn access_matrix_postgres() {
    matrix(TestDb::postgres().await.unwrap()).await;
}
