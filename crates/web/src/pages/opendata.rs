//! `/opendata` (`?page=N`): the catalogue of open-data bundles — every organization-year with
//! published initiatives, its 全国地方公共団体コード, what the zip holds and a link to it.

use super::{pager, PageResult};
use crate::html::{page, Crumb};
use crate::urls;
use axum::extract::{Query, State};
use hoshin_app::export::opendata::{self, catalogue};
use hoshin_app::App;
use maud::html;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Params {
    page: Option<u32>,
}

/// What every bundle holds (the resources of `hoshin_app::export::opendata`).
const CONTENTS: &str =
    "団体、部局、重点項目、部局運営方針、取組、取組と計画の関係、目標と振り返り、計画の体系、指標、指標の実績";

pub async fn show(State(app): State<App>, Query(p): Query<Params>) -> PageResult {
    let n = p.page.unwrap_or(1).max(1);
    let (entries, has_next) = catalogue(&app, n).await?;
    let body = html! {
        h1 { "オープンデータ" }
        p.lead { "公開されている部局運営方針・取組・指標を、自治体と年度ごとにまとめてダウンロードできます。" }
        p { "プログラムから読み込むときは " a href="/api" { "公開API（JSON）" } " もご利用いただけます。" }
        h2 { "形式" }
        ul {
            li { "ZIP形式。中にCSVファイル（UTF-8、BOM付き、1行目は列名）と、各ファイルの列の型と説明を記したメタデータ "
                 code { "datapackage.json" } "（Frictionless Data Package）が入っています。" }
            li { "すべての行に全国地方公共団体コード（" code { "org_code" } "、6桁）を付けています。" }
            li { "収録内容：" (CONTENTS) "。" }
            li { "表計算ソフトで数式と解釈される文字（=、+、-、@）で始まる文字列には、先頭にアポストロフィ（'）を付けています。" }
        }
        h2 { "ダウンロード" }
        @if entries.is_empty() {
            p.muted { "公開されているデータはまだありません。" }
        } @else {
            table {
                caption { "自治体・年度ごとのデータ（" (n) "ページ目）" }
                thead {
                    tr {
                        th scope="col" { "自治体" }
                        th scope="col" { "団体コード" }
                        th scope="col" { "年度" }
                        th scope="col" class="num" { "取組数" }
                        th scope="col" { "形式" }
                        th scope="col" { "ダウンロード" }
                    }
                }
                tbody {
                    @for e in &entries {
                        tr {
                            th scope="row" { a href=(urls::org(e.org.id)) { (e.org.name) } }
                            td { @if let Some(c) = &e.org.code { (c.as_str()) } @else { span.muted { "未登録" } } }
                            td { a href=(urls::org_year(e.org.id, e.year)) { (e.year.label()) } }
                            td.num { (super::group_digits(usize::try_from(e.initiatives).unwrap_or(0))) }
                            td { "ZIP（CSV＋datapackage.json）" }
                            td {
                                a href=(urls::opendata_zip(e.org.id, e.year)) download=(opendata::file_name(&e.org, e.year)) {
                                    (e.org.name) " " (e.year.label()) "のデータ"
                                }
                            }
                        }
                    }
                }
            }
        }
        (pager(n, has_next, urls::opendata_page))
    };
    Ok(page("オープンデータ", &[Crumb::link("自治体一覧", urls::home()), Crumb::here("オープンデータ")], body))
}
