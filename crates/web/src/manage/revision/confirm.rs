//! Confirmation pages before a deletion (`GET …/delete`): what will be removed, and a button
//! that sends the POST. The staff pages have no script, so the question is a page of its own.

use super::{draft_indicator, draft_initiative, edit_at, load, page_at};
use crate::error::WebError;
use crate::html::Crumb;
use crate::manage::{crumbs, csrf_field, layout};
use crate::pages::PageResult;
use crate::session::Staff;
use axum::extract::{Path, State};
use hoshin_app::access::may_edit_department;
use hoshin_app::accounts::SessionUser;
use hoshin_app::{App, AppError};
use hoshin_domain::*;
use maud::{html, Markup};

/// Only someone who could send the deletion sees the question.
fn may_delete(su: &SessionUser, r: &PolicyRevision, d: &Department) -> Result<(), WebError> {
    if !may_edit_department(&su.user, d) {
        return Err(WebError::App(AppError::forbidden("この部局の方針を編集する権限がありません")));
    }
    if !r.state.editable() {
        return Err(WebError::App(AppError::State(format!("この改訂は「{}」のため編集できません。", r.state.label()))));
    }
    Ok(())
}

fn question(su: &SessionUser, title: &str, what: Markup, action: &str, version: i64, back: &str) -> Markup {
    let body = html! {
        h1 { (title) }
        (what)
        form.step method="post" action=(action) {
            (csrf_field(su))
            input type="hidden" name="version" value=(version);
            button.danger type="submit" { "削除する" }
            " "
            a href=(back) { "やめて戻る" }
        }
    };
    layout(title, su, &crumbs(vec![Crumb::here(title)]), body)
}

/// `GET /manage/revisions/{rev}/initiatives/{id}/delete`.
pub async fn initiative(State(app): State<App>, Staff(su): Staff, Path((rev, id)): Path<(i64, i64)>) -> PageResult {
    let (r, d) = load(&app, &su, rev).await?;
    may_delete(&su, &r, &d)?;
    let i = draft_initiative(&app, r.id, id).await?;
    let kpis = hoshin_app::editing::initiative_indicators(&app, i.id).await?.len();
    let what = html! {
        p { "取組「" strong { (i.name) } "」を" (d.name) "の" (r.fiscal_year.label()) "の改訂（第" (r.number) "版）から削除します。" }
        ul {
            @if kpis > 0 { li { "この取組の指標" (kpis) "件と、その実績値も削除されます。" } }
            li { "この取組の振り返りも削除されます。" }
            li { "公開ページは、この改訂が承認・公開されるまで変わりません。削除は変更履歴に残ります。" }
        }
    };
    let action = format!("/manage/revisions/{}/initiatives/{}/delete", r.id, i.id);
    Ok(question(&su, "取組の削除の確認", what, &action, i.meta.version, &page_at(&r, &format!("i-{}", i.id))))
}

/// `GET /manage/revisions/{rev}/indicators/{id}/delete`.
pub async fn indicator(State(app): State<App>, Staff(su): Staff, Path((rev, id)): Path<(i64, i64)>) -> PageResult {
    let (r, d) = load(&app, &su, rev).await?;
    may_delete(&su, &r, &d)?;
    let k = draft_indicator(&app, r.id, id).await?;
    let Some(IndicatorOwner::Initiative(owner)) = k.owner else { return Err(WebError::NotFound) };
    let what = html! {
        p { "指標「" strong { (k.name) } "」を削除します。" }
        ul {
            @if !k.actuals.is_empty() { li { "入力済みの実績値" (k.actuals.len()) "件も削除されます。" } }
            li { "公開ページは、この改訂が承認・公開されるまで変わりません。削除は変更履歴に残ります。" }
        }
    };
    let action = format!("/manage/revisions/{}/indicators/{}/delete", r.id, k.id);
    Ok(question(&su, "指標の削除の確認", what, &action, k.meta.version, &edit_at(&r, owner, &format!("kpi-{}", k.id))))
}
