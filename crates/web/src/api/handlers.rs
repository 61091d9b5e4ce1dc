//! The API's handlers: parse and check the parameters, call `hoshin_app::public`, convert to
//! [`super::views`]. Unknown query parameters are ignored; a known one that does not parse is
//! a 400; a filter or path naming a record that does not exist (or is not published) is a 404,
//! and so is a path id that is not a number.

use super::problem::Problem;
use super::views::*;
use super::{cursor, decode_cursor, json, DEFAULT_LIMIT};
use axum::extract::{OriginalUri, Path, State};
use axum::response::Response;
use hoshin_app::public::{self, window, IndicatorFilter, InitiativeFilter, ReviewFilter, MAX_WINDOW};
use hoshin_app::App;
use hoshin_domain::*;

type ApiResult = Result<Response, Problem>;

/// The query string's parameters (the first of each name wins).
struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    fn of(uri: &axum::http::Uri) -> Result<Self, Problem> {
        let pairs = serde_urlencoded::from_str(uri.query().unwrap_or(""))
            .map_err(|_| Problem::bad_request("クエリ文字列を読み取れませんでした。"))?;
        Ok(Self { pairs })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn id(&self, name: &str) -> Result<Option<i64>, Problem> {
        self.get(name)
            .map(|v| {
                v.parse::<i64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| Problem::bad_request(format!("{name} は正の整数で指定してください（指定：{v}）")))
            })
            .transpose()
    }

    fn year(&self, name: &str) -> Result<Option<FiscalYear>, Problem> {
        self.get(name).map(year).transpose()
    }

    fn limit(&self) -> Result<u32, Problem> {
        match self.get("limit") {
            None => Ok(DEFAULT_LIMIT),
            Some(v) => v.parse::<u32>().ok().filter(|n| (1..=MAX_WINDOW).contains(n)).ok_or_else(|| {
                Problem::bad_request(format!("limit は 1 から {MAX_WINDOW} までの整数で指定してください（指定：{v}）"))
            }),
        }
    }

    fn after(&self) -> Result<Option<i64>, Problem> {
        self.get("cursor").map(decode_cursor).transpose()
    }
}

/// A record id from the path: one that is not a number names no record (404, as on the pages'
/// addresses of records that do not exist).
fn path_id(s: &str) -> Result<i64, Problem> {
    s.parse().map_err(|_| Problem::new(axum::http::StatusCode::NOT_FOUND, format!("ID {s} のデータはありません。")))
}

fn year(s: &str) -> Result<FiscalYear, Problem> {
    FiscalYear::parse(s).map_err(|_| Problem::bad_request(format!("年度として読めません：{s}")))
}

/// A window of `all` as a list body, with the address of the next window.
fn list<T, V: From<T> + serde::Serialize>(
    uri: &axum::http::Uri,
    p: &Params,
    all: Vec<T>,
    id: impl Fn(&T) -> i64,
) -> ApiResult {
    windowed::<T, V>(uri, p, window(all, id, p.after()?, p.limit()?))
}

/// A window already cut (by a keyset read) as a list body.
fn windowed<T, V: From<T> + serde::Serialize>(uri: &axum::http::Uri, p: &Params, w: public::Window<T>) -> ApiResult {
    let next = w.next_after.map(|after| next_url(uri, p, after));
    Ok(json(&List { items: w.items.into_iter().map(V::from).collect::<Vec<V>>(), next }))
}

/// The address of the window after `after`: this one's, its cursor replaced.
fn next_url(uri: &axum::http::Uri, p: &Params, after: i64) -> String {
    let mut pairs: Vec<(&str, String)> =
        p.pairs.iter().filter(|(k, _)| k != "cursor").map(|(k, v)| (k.as_str(), v.clone())).collect();
    pairs.push(("cursor", cursor(after)));
    format!("{}?{}", uri.path(), serde_urlencoded::to_string(&pairs).unwrap_or_default())
}

/// A whole list (small, not windowed) as a list body.
fn whole<T, V: From<T> + serde::Serialize>(all: Vec<T>) -> ApiResult {
    Ok(json(&List { items: all.into_iter().map(V::from).collect::<Vec<V>>(), next: None }))
}

pub async fn organizations(State(app): State<App>, OriginalUri(uri): OriginalUri) -> ApiResult {
    let p = Params::of(&uri)?;
    let all = public::organizations(&app).await?;
    list::<_, OrganizationView>(&uri, &p, all, |o| o.id.0)
}

pub async fn organization(State(app): State<App>, Path(org): Path<String>) -> ApiResult {
    let o = public::organization(&app, OrgId(path_id(&org)?)).await?;
    Ok(json(&OrganizationView::from(o)))
}

pub async fn years(State(app): State<App>, Path(org): Path<String>) -> ApiResult {
    whole::<_, YearView>(public::years(&app, OrgId(path_id(&org)?)).await?)
}

pub async fn departments(State(app): State<App>, Path((org, y)): Path<(String, String)>) -> ApiResult {
    whole::<_, DepartmentView>(public::year_departments(&app, OrgId(path_id(&org)?), year(&y)?).await?)
}

pub async fn themes(State(app): State<App>, Path((org, y)): Path<(String, String)>) -> ApiResult {
    whole::<_, ThemeView>(public::themes(&app, OrgId(path_id(&org)?), year(&y)?).await?)
}

pub async fn initiatives(State(app): State<App>, OriginalUri(uri): OriginalUri) -> ApiResult {
    let p = Params::of(&uri)?;
    let f = InitiativeFilter {
        org: p.id("org")?.map(OrgId),
        year: p.year("year")?,
        department: p.id("department")?.map(DepartmentId),
        node: p.id("node")?.map(NodeId),
    };
    let w = public::initiatives_window(&app, f, p.after()?, p.limit()?).await?;
    windowed::<_, InitiativeView>(&uri, &p, w)
}

pub async fn initiative(State(app): State<App>, Path(id): Path<String>) -> ApiResult {
    Ok(json(&InitiativeDetailView::from(public::initiative(&app, InitiativeId(path_id(&id)?)).await?)))
}

pub async fn indicators(State(app): State<App>, OriginalUri(uri): OriginalUri) -> ApiResult {
    let p = Params::of(&uri)?;
    let f = IndicatorFilter {
        org: p.id("org")?.map(OrgId),
        year: p.year("year")?,
        initiative: p.id("initiative")?.map(InitiativeId),
        node: p.id("node")?.map(NodeId),
    };
    let w = public::indicators_window(&app, f, p.after()?, p.limit()?).await?;
    windowed::<_, IndicatorView>(&uri, &p, w)
}

pub async fn indicator(State(app): State<App>, Path(id): Path<String>) -> ApiResult {
    Ok(json(&IndicatorView::from(public::published_indicator(&app, IndicatorId(path_id(&id)?)).await?)))
}

pub async fn plans(State(app): State<App>, OriginalUri(uri): OriginalUri) -> ApiResult {
    let p = Params::of(&uri)?;
    let org = p.id("org")?.map(OrgId);
    p.limit()?;
    p.after()?;
    let all = public::plans(&app, org).await?;
    list::<_, PlanView>(&uri, &p, all, |x| x.id.0)
}

pub async fn plan(State(app): State<App>, Path(id): Path<String>) -> ApiResult {
    let (plan, nodes) = public::plan(&app, PlanId(path_id(&id)?)).await?;
    Ok(json(&PlanDetailView { plan: plan.into(), nodes: nodes.into_iter().map(Into::into).collect() }))
}

pub async fn node(State(app): State<App>, Path(id): Path<String>) -> ApiResult {
    let n = public::node(&app, NodeId(path_id(&id)?)).await?;
    Ok(json(&NodeView::from(n)))
}

pub async fn reviews(State(app): State<App>, OriginalUri(uri): OriginalUri) -> ApiResult {
    let p = Params::of(&uri)?;
    let f = ReviewFilter {
        org: p.id("org")?.map(OrgId),
        year: p.year("year")?,
        initiative: p.id("initiative")?.map(InitiativeId),
    };
    p.limit()?;
    p.after()?;
    let all = public::reviews(&app, f).await?;
    list::<_, ReviewView>(&uri, &p, all, |g| g.id.0)
}
