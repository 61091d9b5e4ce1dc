//! The staff import page `/manage/imports` (issue 10) through the router, on SQLite and
//! PostgreSQL: upload → preview (nothing stored) → commit (stored, audited as the person); a
//! corrected department mapping is used; a file that cannot be read and an oversize file are
//! refused with a Japanese message and nothing stored; other roles are refused; a preview made
//! before the stored data changed is refused with a conflict message.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::http::StatusCode;
use common::staff::{fingerprint, get_as, post, post_files, Fork, Resp, Who, World};
use hoshin_app::import::{import_file, ImportOptions};
use hoshin_domain::*;
use hoshin_store::{Page, Store};
use hoshin_testkit::TestDb;

/// An invented goal review of a department サンプル市 does not have.
const DOC: &str = "| 部 局 | 水辺環境部 | 補 職 | 部 長 |
|---|---|---|---|

1. 部局の使命

- (1) 川と池をきれいに保ち、生きものが戻る水辺をつくる

3. 当年度目標と目標設定に対する振り返り等

| No | 当年度目標(当初設定) | 実績 | |
|----|---|---|---|
| | 取組み事項及びその内容・スケジュール | 取組みを行った内容・成果 | 課題・今後の方向性 |
| 1 | <p>ため池の水質改善</p> <p>(1) 三つのため池で水質を毎月測ります。</p> | <p>(1) 毎月の測定を行い、結果を公表しました。</p> | <p>(1) 水質が悪い池の原因を調べます。</p> |
| 2 | 川辺の清掃活動 | <p>清掃活動に延べ300人が参加しました。</p> | <p>参加する団体を増やします。</p> |
";

macro_rules! both_backends {
    ($case:ident, $sqlite:ident, $postgres:ident) => {
        #[tokio::test]
        async fn $sqlite() {
            $case(TestDb::sqlite().await.unwrap()).await;
        }

        #[tokio::test]
        async fn $postgres() {
            $case(TestDb::postgres().await.unwrap()).await;
        }
    };
}

/// `name="fp.{id}" value="{hex}"` of the first document on a preview page.
fn fingerprint_field(html: &str) -> (String, String) {
    let re = regex::Regex::new(r#"name="fp\.(\d+)" value="([0-9a-f]{64})""#).unwrap();
    let c = re.captures(html).expect("a commit form with the preview's fingerprint");
    (c[1].to_string(), c[2].to_string())
}

fn main_text(r: &Resp) -> String {
    let at = r.body.find("<main").unwrap_or(0);
    r.body[at..].chars().take(600).collect()
}

async fn initiatives_named(store: &dyn Store, org: OrgId, name: &str) -> Vec<Initiative> {
    store.list_initiatives(org, None, Page::first(5000)).await.unwrap().into_iter().filter(|i| i.name == name).collect()
}

/// Uploads DOC as planning and returns the preview page's URL and body.
async fn upload(w: &World, fork: &Fork, file: &str, bytes: &[u8]) -> (String, Resp) {
    let planning = w.session(Who::Planning);
    let res = post_files(&fork.app, planning, "/manage/imports", &[(file, bytes)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", main_text(&res));
    let url = res.location().unwrap().to_string();
    assert!(url.starts_with("/manage/imports/"), "{url}");
    let page = get_as(&fork.app, planning, &url).await;
    assert_eq!(page.status, StatusCode::OK, "{}", main_text(&page));
    (url, page)
}

async fn upload_preview_commit(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let store = fork.store();
    let planning = w.session(Who::Planning);

    let form = get_as(&fork.app, planning, "/manage/imports").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"enctype="multipart/form-data""#) && form.body.contains("1件32MB"));

    let before = store.stats().await.unwrap();
    let (url, page) = upload(&w, &fork, "mizube.md", DOC.as_bytes()).await;
    // The preview: drafts beside their source lines, the department mapping, nothing stored.
    for expect in [
        "取り込み内容の確認",
        "ため池の水質改善",
        "川辺の清掃活動",
        "水辺環境部",
        "新しい部局として登録",
        "元の文書",
        "行",
    ] {
        assert!(page.body.contains(expect), "preview lacks {expect}");
    }
    assert!(initiatives_named(store, w.org, "ため池の水質改善").await.is_empty(), "nothing stored before the commit");
    let after_upload = store.stats().await.unwrap();
    for (b, a) in before.iter().zip(&after_upload) {
        let grew = i64::from(matches!(b.table, "import_uploads" | "audit_log"));
        assert_eq!(a.rows, b.rows + grew, "{}", b.table);
    }

    // The person maps 水辺環境部 onto department A, and commits.
    let (id, fp) = fingerprint_field(&page.body);
    let dept_field = format!("dept.{id}.水辺環境部");
    let dept_a = w.a.dept.id.0.to_string();
    let corrected = get_as(
        &fork.app,
        planning,
        &format!("{url}?{}", serde_urlencoded::to_string([(&dept_field, &dept_a)]).unwrap()),
    )
    .await;
    assert_eq!(corrected.status, StatusCode::OK);
    let (_, fp2) = fingerprint_field(&corrected.body);
    assert_ne!(fp, fp2, "the mapping is part of what the preview shows");
    let fp_field = format!("fp.{id}");
    let res =
        post(&fork.app, planning, &format!("{url}/commit"), &[(&dept_field, &dept_a), (&fp_field, &fp2), ("doc", &id)])
            .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", main_text(&res));
    assert_eq!(res.location(), Some("/manage/documents"));

    let stored = initiatives_named(store, w.org, "ため池の水質改善").await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].department_id, Some(w.a.dept.id), "the corrected mapping was used");
    let docs = store.list_documents(w.org, Page::first(10)).await.unwrap();
    let doc = docs.iter().find(|d| d.file_name.as_deref() == Some("mizube.md")).unwrap();
    let trail = store.audit_trail("documents", doc.id.0, Page::first(5)).await.unwrap();
    assert_eq!((trail[0].action.as_str(), trail[0].actor_id), ("import", Some(w.user(Who::Planning).id.0)));
    let counts = store.stats().await.unwrap();
    assert_eq!(counts.iter().find(|t| t.table == "import_uploads").unwrap().rows, 0, "the upload is gone");
    // The batch cannot be committed twice.
    let again = post(&fork.app, planning, &format!("{url}/commit"), &[(&fp_field, &fp2), ("doc", &id)]).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    // The public page shows it.
    let public = get_as(&fork.app, None, &format!("/initiatives/{}", stored[0].id)).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("ため池の水質改善"));
}
both_backends!(upload_preview_commit, upload_preview_commit_sqlite, upload_preview_commit_postgres);

async fn refused_files_store_nothing(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let planning = w.session(Who::Planning);
    let before = fingerprint(fork.store(), &w).await;

    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let res = post_files(&fork.app, planning, "/manage/imports", &[("photo.png", png)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains("「photo.png」を読み取れませんでした") && res.body.contains("何も保存していません"),
        "{}",
        main_text(&res)
    );
    // One good file and one bad: nothing of either is kept.
    let res =
        post_files(&fork.app, planning, "/manage/imports", &[("ok.md", DOC.as_bytes()), ("empty.txt", b"")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("「empty.txt」を読み取れませんでした"), "{}", main_text(&res));

    // Over the per-file limit of this server (4 KiB): refused with the limit named.
    let small =
        fork.app.clone().with_imports(hoshin_app::ImportSettings { max_upload_bytes: 4096, ..Default::default() });
    let big = DOC.repeat(10);
    let res = post_files(&small, planning, "/manage/imports", &[("big.md", big.as_bytes())]).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.body.contains("「big.md」は大きすぎます") && res.body.contains("4KB"), "{}", main_text(&res));
    // Over the whole body's limit: also a clear 413, never a 500.
    let huge = vec![b'a'; 4096 * 10 + (2 << 20)];
    let res = post_files(&small, planning, "/manage/imports", &[("huge.txt", &huge)]).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", main_text(&res));
    assert!(res.body.contains("大きすぎます"));

    // Other roles: 403 for staff, the login page for the public; nothing changes.
    for who in [Who::Viewer, Who::EditorA] {
        let res = post_files(&fork.app, w.session(who), "/manage/imports", &[("ok.md", DOC.as_bytes())]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{who:?}");
        assert_eq!(get_as(&fork.app, w.session(who), "/manage/imports").await.status, StatusCode::FORBIDDEN);
    }
    let res = post_files(&fork.app, None, "/manage/imports", &[("ok.md", DOC.as_bytes())]).await;
    assert!(res.status == StatusCode::SEE_OTHER && res.location().unwrap().starts_with("/login"));
    let res = get_as(&fork.app, None, "/manage/imports").await;
    assert!(res.status == StatusCode::SEE_OTHER && res.location().unwrap().starts_with("/login"));
    // A multipart post without the CSRF token.
    let mut stolen = w.session(Who::Planning).unwrap().clone();
    stolen.csrf = "wrong".into();
    let res = post_files(&fork.app, Some(&stolen), "/manage/imports", &[("ok.md", DOC.as_bytes())]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    let after = fingerprint(fork.store(), &w).await;
    assert!(before.diff(&after).is_empty(), "changed: {:?}", before.diff(&after));
}
both_backends!(refused_files_store_nothing, refused_files_store_nothing_sqlite, refused_files_store_nothing_postgres);

async fn stale_preview_is_refused(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let store = fork.store();
    let planning = w.session(Who::Planning);
    let (url, page) = upload(&w, &fork, "mizube.md", DOC.as_bytes()).await;
    let (id, fp) = fingerprint_field(&page.body);
    // Someone imports a corrected copy of the same document in between.
    let org = store.get_organization(w.org).await.unwrap().name;
    let opts = ImportOptions { organization: Some(org), ..ImportOptions::default() };
    import_file(store, "mizube.md", DOC.replace("300人", "320人").as_bytes(), &opts).await.unwrap();
    let before = store.stats().await.unwrap();
    let fp_field = format!("fp.{id}");
    let res = post(&fork.app, planning, &format!("{url}/commit"), &[(&fp_field, &fp), ("doc", &id)]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", main_text(&res));
    assert!(
        res.body.contains("確認画面を表示した後に") && res.body.contains("何も取り込んでいません"),
        "{}",
        main_text(&res)
    );
    assert_eq!(store.stats().await.unwrap(), before, "nothing stored");
    // The redrawn preview shows the difference against what is stored now; committing it works.
    assert!(res.body.contains("保存済みの内容との違い"));
    let (_, fresh) = fingerprint_field(&res.body);
    let ok = post(&fork.app, planning, &format!("{url}/commit"), &[(&fp_field, &fresh), ("doc", &id)]).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", main_text(&ok));
    // Another planner cannot commit or read someone else's upload.
    let (url2, _) = upload(&w, &fork, "again.md", DOC.as_bytes()).await;
    let admin = w.session(Who::Admin);
    assert_eq!(get_as(&fork.app, admin, &url2).await.status, StatusCode::CONFLICT);
    let res = post(&fork.app, admin, &format!("{url2}/discard"), &[]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let res = post(&fork.app, planning, &format!("{url2}/discard"), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(store.stats().await.unwrap().iter().find(|t| t.table == "import_uploads").unwrap().rows, 0);
}
both_backends!(stale_preview_is_refused, stale_preview_is_refused_sqlite, stale_preview_is_refused_postgres);
