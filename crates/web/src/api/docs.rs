//! `/api`: the API's docs page in the site's layout, made from [`super::ENDPOINTS`] — every
//! endpoint with its parameters and an example address on the first published records — plus pagination, errors and caching.

use super::{Examples, In, Kind, DEFAULT_LIMIT, ENDPOINTS, WRITES};
use crate::html::{page, Crumb};
use axum::extract::State;
use hoshin_app::public::{self, IndicatorFilter, InitiativeFilter, MAX_WINDOW};
use hoshin_app::App;
use maud::{html, Markup};

/// The first published records, for the examples (any read failing leaves examples out).
async fn examples(app: &App) -> Examples {
    let r = &app;
    let mut x = Examples::default();
    let Some(org) = public::organizations(r).await.ok().and_then(|o| o.into_iter().min_by_key(|o| o.id.0)) else {
        return x;
    };
    x.org = Some(org.id.0);
    let year = public::years(r, org.id).await.ok().and_then(|y| y.last().copied());
    x.year = year.map(|y| y.year());
    let f = InitiativeFilter { org: Some(org.id), year, ..Default::default() };
    x.initiative = public::initiatives_window(r, f, None, 1).await.ok().and_then(|w| w.items.first().map(|i| i.id.0));
    let f = IndicatorFilter { org: Some(org.id), ..Default::default() };
    x.indicator = public::indicators_window(r, f, None, 1).await.ok().and_then(|w| w.items.first().map(|i| i.id.0));
    for p in public::plans(r, Some(org.id)).await.unwrap_or_default() {
        if let Ok((_, nodes)) = public::plan(r, p.id).await {
            if let Some(n) = nodes.first() {
                x.plan = Some(p.id.0);
                x.node = Some(n.id.0);
                break;
            }
        }
    }
    x
}

pub async fn show(State(app): State<App>) -> Markup {
    let x = examples(&app).await;
    let body = html! {
        h1 { "公開API" }
        p.lead { "公表済みのデータ（公開ページに表示されるもの）を JSON で提供します。下書きや未公表の重点項目は含まれません。"
            "職員は個人用アクセストークンで指標の実績を一括登録できます（" a href="#write" { "書き込み" } "）。" }
        p { "OpenAPI 3.1 の定義：" a href="/api/openapi.json" { "/api/openapi.json" } }
        h2 { "エンドポイント" }
        @for e in ENDPOINTS {
            section {
                h3 { code { "GET " (e.path) } }
                p { (e.summary) }
                @if !e.params.is_empty() {
                    table {
                        thead { tr { th { "パラメータ" } th { "場所" } th { "型" } th { "説明" } } }
                        tbody {
                            @for p in e.params {
                                tr {
                                    td { code { (p.name) } }
                                    td { @if p.at == In::Path { "パス" } @else { "クエリ" } }
                                    td { (match p.kind { Kind::Id | Kind::Limit => "整数", Kind::Year | Kind::Cursor => "文字列" }) }
                                    td { (p.description) }
                                }
                            }
                        }
                    }
                }
                @if let Some(u) = e.example(&x) {
                    p { "例：" a href=(u) { code { (u) } } }
                }
            }
        }
        h2 id="write" { "書き込み（職員用）" }
        p { "書き込みには個人用アクセストークンが必要です。ログインのクッキーでは書き込めません（401 になります）。" }
        @for w in WRITES {
            section {
                h3 { code { "POST " (w.path) } }
                p { (w.summary) }
                p { (w.description) }
                p { "本文の例（" code { "Content-Type: application/json" } "）：" }
                pre { code { (w.example) } }
                p { "成功すると 200 で、項目ごとに登録後の値と変更の有無（" code { "changed" } "）を返します。" }
            }
        }
        h3 id="tokens" { "個人用アクセストークン" }
        ol {
            li { "職員画面にログインし、" a href="/manage/account" { "アカウント（/manage/account）" } "の「個人用アクセストークン」で名前（用途）と有効期限を選んで発行します。" }
            li { "表示されたトークン（" code { "hoshin_pat_" } " で始まる文字列）を控えます。表示は一度だけで、サーバーにはトークンのハッシュ（SHA-256）しか残りません。" }
            li { "リクエストに " code { "Authorization: Bearer hoshin_pat_…" } " を付けて送ります。" }
        }
        p { "トークンは使うときの持ち主の権限（役割・担当部局）で動きます。無効にしたトークン、期限切れのトークン、無効にしたアカウントのトークンは 401 になります。"
            "不要になったトークンは同じ画面で無効にしてください。発行と無効化は操作履歴に残ります。" }
        pre { code { "curl -X POST -H 'Authorization: Bearer hoshin_pat_…' -H 'Content-Type: application/json' \\\n  -d '{\"items\":[{\"indicator_id\":12,\"year\":2024,\"value\":\"412件\"}]}' https://（このサイト）/api/v1/actuals" } }
        h2 id="pagination" { "ページ分け" }
        p { "一覧は ID の順に返します。" code { "limit" } "（既定 " (DEFAULT_LIMIT) "、最大 " (MAX_WINDOW) "）件ずつ返し、続きがあるときは応答の "
            code { "next" } " に続きのアドレスが入ります（最後は null）。" code { "cursor" } " の値は変更せずにそのまま使ってください。" }
        p { "知らないクエリパラメータは無視します。値を読み取れないパラメータは 400 になります。" }
        h2 id="errors" { "エラー" }
        p { "エラーは " code { "application/problem+json" } "（RFC 9457：type, title, status, detail）で返します。" }
        ul {
            li id="error-400" { "400：パラメータが正しくない（年度・ID・limit・cursor）" }
            li id="error-401" { "401：書き込みでトークンがない・正しくない・無効・期限切れ（" code { "WWW-Authenticate: Bearer" } "）" }
            li id="error-403" { "403：書き込みで権限のない指標を含む" }
            li id="error-404" { "404：見つからない（公表されていないデータも 404。書き込みでは存在しない指標を含む）" }
            li id="error-405" { "405：そのアドレスで受け付けない方法（読み取りは GET・HEAD・OPTIONS、書き込みは POST）" }
            li id="error-409" { "409：書き込みで改訂が編集できない状態、または expected が登録済みの値と違う" }
            li id="error-413" { "413：本文が大きすぎる" }
            li id="error-414" { "414：アドレス（クエリ文字列を含む）が長すぎる（8 KiB まで）" }
            li id="error-415" { "415：書き込みの本文が application/json ではない" }
            li id="error-431" { "431：リクエストヘッダーが大きすぎる、または多すぎる" }
            li id="error-500" { "500：サーバーエラー（問い合わせ番号つき）" }
        }
        p { "書き込みのエラーには " code { "errors" } " が付き、受け付けられない部分ごとに場所（JSON ポインター、例 " code { "/items/3/value" } "）と理由を返します。"
            "1件でもエラーがあれば、どの項目も登録しません。" }
        h2 id="caching" { "キャッシュ" }
        p { "応答には ETag が付きます。" code { "If-None-Match" } " で送ると、変更がなければ 304 を返します。公開データが更新されると ETag も変わります。"
            code { "Access-Control-Allow-Origin: *" } " を付けているので、ほかのサイトからも読み込めます。" }
    };
    page("公開API", &[Crumb::link("自治体一覧", "/"), Crumb::here("公開API")], body)
}
