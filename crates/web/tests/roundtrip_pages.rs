//! The Excel round trip over HTTP (issue 11, item 3), on SQLite and PostgreSQL: the link and
//! form on the department page, the download, the preview (nothing stored), the confirm (one
//! transaction, audited, 303 back), the conflict page for a stale workbook (at preview and at
//! confirm), cell-addressed errors, files that are not ours, the size limit, rights (another
//! department's editor and a viewer: 403) and CSRF (refused). Every refusal changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code

mod common;

use axum::http::{header, StatusCode};
use common::staff::{fingerprint, get_as, get_file_as, post, post_multipart, scrape_input, Who, World};
use hoshin_app::roundtrip::layout::*;
use hoshin_store::Page;
use hoshin_testkit::{xlsx, TestDb};

fn irow(n: u32, col: u16) -> String {
    address(INITIATIVE_HEAD + 1 + n, col)
}

fn krow(n: u32, col: u16) -> String {
    address(KPI_HEAD + 1 + n, col)
}

async fn round_trip(db: TestDb) {
    let w = World::new(db).await;
    let fork = w.fork().await;
    let (app, store) = (&fork.app, fork.store());
    let a = &w.a;
    let rev = a.rev.id;
    let editor = w.session(Who::EditorA);
    let (cookie, csrf) = (editor.map(|s| s.cookie.as_str()), editor.map(|s| s.csrf.as_str()));
    let upload_url = format!("/manage/revisions/{rev}/workbook");
    let upload = |bytes: Vec<u8>| {
        let url = upload_url.clone();
        async move { post_multipart(app, cookie, csrf, &url, "workbook", &[("edited.xlsx", &bytes)]).await }
    };

    // The department page offers the download and the upload form.
    let page_url = format!("/manage/{}/departments/{}", w.year.year(), a.dept.id);
    let page = get_as(app, editor, &page_url).await;
    assert!(page.body.contains("Excelでダウンロード（オフライン編集用）"));
    assert!(page.body.contains(&format!("href=\"/manage/revisions/{rev}/workbook.xlsx\"")));
    assert!(page.body.contains(&format!("action=\"{upload_url}\"")) && page.body.contains("multipart/form-data"));

    let (status, headers, bytes) = get_file_as(app, editor, &format!("/manage/revisions/{rev}/workbook.xlsx")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().unwrap().contains("spreadsheetml"));
    assert!(headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("filename*=UTF-8''"));
    let sheet = sheet_name(&a.dept.name);
    let names: Vec<String> = xlsx::sheets(&bytes).unwrap().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, [sheet.as_str(), KPI_SHEET, META_SHEET]);
    assert_eq!(xlsx::value(&bytes, &sheet, &irow(0, I_NAME)).unwrap(), a.initiatives[0].name);

    // Unedited: no difference, no button, nothing stored.
    let before = fingerprint(store, &w).await;
    let res = upload(bytes.clone()).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("現在の内容との違いはありません"), "{}", res.body);
    assert!(!res.body.contains("反映する</button>"));
    assert_eq!(fingerprint(store, &w).await.diff(&before), Vec::<String>::new());

    // Bad cells: every one named by sheet and cell.
    let bad =
        xlsx::edit(&bytes, &[(&sheet, &irow(0, I_PROGRESS), "百"), (KPI_SHEET, &krow(0, K_TARGET), "未定")]).unwrap();
    let res = upload(bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.body.contains(&format!("{sheet}!{}: 進捗率は0〜100の整数で入力してください", irow(0, I_PROGRESS))),
        "{}",
        res.body
    );
    assert!(res.body.contains(&format!("指標!{}: 目標値が数値ではありません", krow(0, K_TARGET))));
    assert!(res.body.contains("2か所を直してから"));

    // An edit: previewed field by field, applied on confirm.
    let old = &a.initiatives[0];
    let edited = xlsx::edit(&bytes, &[(&sheet, &irow(0, I_NAME), "表計算で直した取組名")]).unwrap();
    let res = upload(edited.clone()).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains(&format!("変更</span>：取組「{}」", old.name)), "{}", res.body);
    assert!(res.body.contains("表計算で直した取組名"));
    assert_eq!(fingerprint(store, &w).await.diff(&before), Vec::<String>::new(), "a preview stores nothing");
    let hidden = scrape_input(&res.body, "workbook").unwrap();
    let apply_url = format!("/manage/revisions/{rev}/workbook/apply");
    // The confirm without the CSRF token is refused.
    let res = common::staff::post_raw(app, cookie, &apply_url, &[("workbook", &hidden)]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Another department's editor and a viewer may not.
    for who in [Who::EditorB, Who::Viewer] {
        let s = w.session(who);
        let res = post(app, s, &apply_url, &[("workbook", &hidden)]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{who:?}");
        let (c, t) = (s.map(|s| s.cookie.as_str()), s.map(|s| s.csrf.as_str()));
        let res = post_multipart(app, c, t, &upload_url, "workbook", &[("x.xlsx", &edited)]).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{who:?}");
        let (status, _, _) = get_file_as(app, s, &format!("/manage/revisions/{rev}/workbook.xlsx")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{who:?}");
    }
    // The upload without its token is refused before the file is read.
    let res = post_multipart(app, cookie, None, &upload_url, "workbook", &[("x.xlsx", &edited)]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(fingerprint(store, &w).await.diff(&before), Vec::<String>::new());

    let res = post(app, editor, &apply_url, &[("workbook", &hidden)]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(res.location().unwrap(), format!("{page_url}#initiatives"));
    assert_eq!(store.get_initiative(old.id).await.unwrap().name, "表計算で直した取組名");
    let trail = store.audit_trail("initiatives", old.id.0, Page::first(10)).await.unwrap();
    assert_eq!(trail[0].action, "update");
    assert_eq!(trail[0].actor_id, Some(w.user(Who::EditorA).id.0));
    let page = get_as(app, editor, &page_url).await;
    assert!(page.body.contains("表計算で直した取組名"));

    // The same workbook again is stale now: the conflict page, at preview and at confirm.
    let after = fingerprint(store, &w).await;
    let res = upload(edited.clone()).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("ダウンロード後に更新されています"));
    assert!(res.body.contains("取組「表計算で直した取組名」"), "{}", res.body);
    assert!(res.body.contains("試験 editor_a"));
    let res = post(app, editor, &apply_url, &[("workbook", &hidden)]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(fingerprint(store, &w).await.diff(&after), Vec::<String>::new(), "nothing overwritten");

    // Files that are not ours; too large; another department's workbook.
    let res = upload(b"not a workbook".to_vec()).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("Excel（.xlsx）として読み取れませんでした"));
    let res = upload(vec![b'x'; hoshin_app::roundtrip::MAX_BYTES + 10]).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    let b_editor = w.session(Who::EditorB);
    let (_, _, theirs) = get_file_as(app, b_editor, &format!("/manage/revisions/{}/workbook.xlsx", w.b.rev.id)).await;
    let res = upload(theirs).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains(&format!("このExcelは「{}」", w.b.dept.name)), "{}", res.body);
    assert_eq!(fingerprint(store, &w).await.diff(&after), Vec::<String>::new());
}

#[tokio::test]
async fn round_trip_sqlite() {
    round_trip(TestDb::sqlite().await.unwrap()).await;
}

#[tokio::test]
async fn round_trip_postgres() {
    round_trip(TestDb::postgres().await.unwrap()).await;
}
