//! The write API: `POST /api/v1/actuals`, bulk KPI actuals for staff, authenticated by a
//! personal access token (`Authorization: Bearer hoshin_pat_…`) and nothing else — a session
//! cookie is never read here, so the CSRF guard's pass for `/api/` stays safe (a browser
//! attaches cookies to a forged request, never a bearer token). The rules and the transaction
//! are [`hoshin_app::bulk_actuals`]'s; this module reads the body, says what is wrong where
//! (a JSON pointer per failing part), and answers.

use super::problem::{FieldError, Problem};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hoshin_app::access::Actor;
use hoshin_app::bulk_actuals::{record_actuals, ActualItem, ItemError, ItemResult, MAX_ITEMS};
use hoshin_app::tokens::token_user;
use hoshin_app::App;
use hoshin_domain::{FiscalYear, IndicatorId, User};
use serde::Serialize;
use serde_json::Value;

/// `WWW-Authenticate` of a request without a usable token (RFC 6750).
const CHALLENGE: &str = "Bearer realm=\"hoshin\"";
const CHALLENGE_INVALID: &str = "Bearer realm=\"hoshin\", error=\"invalid_token\"";

fn unauthorized(detail: &str, challenge: &'static str) -> Problem {
    let mut p = Problem::new(StatusCode::UNAUTHORIZED, detail);
    p.authenticate = Some(challenge);
    p
}

/// The account of the request's bearer token, read now.
pub async fn bearer_user(app: &App, headers: &HeaderMap) -> Result<User, Problem> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(unauthorized(
            "個人用アクセストークンを Authorization: Bearer で送ってください（ログインのクッキーでは書き込めません）。",
            CHALLENGE,
        ));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim())
        .unwrap_or("");
    let invalid = || unauthorized("トークンが正しくないか、無効・期限切れです。", CHALLENGE_INVALID);
    if token.is_empty() {
        return Err(invalid());
    }
    match token_user(app, token).await {
        Ok(Some(u)) => Ok(u),
        Ok(None) => Err(invalid()),
        Err(e) => Err(e.into()),
    }
}

/// The 200 answer.
#[derive(Debug, Serialize)]
pub struct ActualsResult {
    /// How many items changed a stored value.
    pub changed: usize,
    pub items: Vec<ActualResultView>,
}

#[derive(Debug, Serialize)]
pub struct ActualResultView {
    pub indicator_id: i64,
    /// The row written: the indicator itself, or its copy in the department's open revision.
    pub written_id: i64,
    pub year: u16,
    /// The stored value now (`null`: none).
    pub value: Option<super::views::QuantityView>,
    pub changed: bool,
}

impl From<ItemResult> for ActualResultView {
    fn from(r: ItemResult) -> Self {
        Self {
            indicator_id: r.indicator.0,
            written_id: r.written.0,
            year: r.year.year(),
            value: r.value.map(Into::into),
            changed: r.changed,
        }
    }
}

fn bad(pointer: String, detail: impl Into<String>) -> FieldError {
    FieldError { pointer, status: 400, detail: detail.into() }
}

/// A JSON string or number as text (values and `expected` may be either).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A JSON integer (JSON Schema counts `1999.0` as one too): any number without a fraction
/// that an `i64` holds exactly, as the schema's `format: int64` promises. Written without a
/// fraction it is read exactly; written with one, as the nearest `f64` (exact up to 2^53, far
/// past any id this system hands out).
fn integer(v: &Value) -> Option<i64> {
    // 2^63: `i64::MAX as f64` rounds up to it, so the range's end is exclusive.
    const END: f64 = 9_223_372_036_854_775_808.0;
    v.as_i64().or_else(|| v.as_f64().filter(|f| f.fract() == 0.0 && (-END..END).contains(f)).map(|f| f as i64))
}

/// The dashes that stand for "no figure" (as on the staff pages).
const DASHES: &[char] = &['―', '－', '-', 'ー', '—', '‐', '─'];

/// Whether a value's text has the documented shape (the OpenAPI pattern [`VALUE_PATTERN`]):
/// empty, dashes only, or a number first (after 約/およそ and a minus), anything after it.
/// Whatever has this shape is read as a figure by the staff pages' rules.
pub fn value_shape(text: &str) -> bool {
    let s = text.strip_suffix('\n').unwrap_or(text);
    if s.is_empty() || s.chars().all(|c| DASHES.contains(&c)) {
        return true;
    }
    let s = s.strip_prefix("約").or_else(|| s.strip_prefix("およそ")).unwrap_or(s);
    let s = s.strip_prefix('-').unwrap_or(s);
    s.starts_with(|c: char| c.is_ascii_digit())
}

/// The JSON Schema pattern of a value's text ([`value_shape`]).
pub const VALUE_PATTERN: &str = "^(|[-－―ー—‐─]+|(約|およそ)?-?[0-9][\\s\\S]*)$";

/// The items of the body, or what is wrong with each.
fn items(body: &[u8]) -> Result<Vec<ActualItem>, Problem> {
    let v: Value = serde_json::from_slice(body)
        .map_err(|e| Problem::bad_request(format!("本文を JSON として読めません（{e}）")))?;
    let whole = |detail: String| {
        let mut p = Problem::bad_request(detail.clone());
        p.errors = vec![bad("/items".into(), detail)];
        p
    };
    let Some(list) = v.get("items").and_then(Value::as_array) else {
        return Err(whole("本文は {\"items\": [...]} の形で送ってください".into()));
    };
    if list.is_empty() || list.len() > MAX_ITEMS {
        return Err(whole(format!("items には1〜{MAX_ITEMS}件を指定してください（指定：{}件）", list.len())));
    }
    let mut out = Vec::with_capacity(list.len());
    let mut errors = Vec::new();
    for (i, item) in list.iter().enumerate() {
        let at = |field: &str| format!("/items/{i}/{field}");
        let Some(o) = item.as_object() else {
            errors.push(bad(format!("/items/{i}"), "各項目は indicator_id・year・value をもつオブジェクトです"));
            continue;
        };
        let indicator = o.get("indicator_id").and_then(integer).filter(|n| *n > 0);
        if indicator.is_none() {
            errors.push(bad(at("indicator_id"), "indicator_id は正の整数で指定してください"));
        }
        let year = match o.get("year") {
            Some(y) => match integer(y).map(FiscalYear::new) {
                Some(Ok(y)) => Some(y),
                _ => {
                    errors.push(bad(
                        at("year"),
                        format!("year は西暦の整数（1868〜2200、例：2024）で指定してください（指定：{y}）"),
                    ));
                    None
                }
            },
            None => {
                errors.push(bad(at("year"), "year（年度、西暦の整数）を指定してください"));
                None
            }
        };
        let value = match o.get("value") {
            Some(Value::Null) => Some(String::new()),
            Some(v) => text(v).filter(|t| v.is_number() || value_shape(t)).or_else(|| {
                errors.push(bad(
                    at("value"),
                    "value は数値、数字で始まる文字列（「412件」「約1,200人」「-3.5%」）、値がないことを示す「－」、値を消す空文字列か null で指定してください",
                ));
                None
            }),
            None => {
                errors.push(bad(at("value"), "value（実績値）を指定してください"));
                None
            }
        };
        let expected = match o.get("expected") {
            None => Some(None),
            Some(Value::Null) => Some(Some(String::new())),
            Some(v) => match text(v) {
                Some(t) => Some(Some(t)),
                None => {
                    errors.push(bad(at("expected"), "expected は文字列か数値か null で指定してください"));
                    None
                }
            },
        };
        if let Some(k) = o.keys().find(|k| !["indicator_id", "year", "value", "expected"].contains(&k.as_str())) {
            errors.push(bad(at(k), format!("知らない項目です：{k}")));
            continue;
        }
        if let (Some(indicator), Some(year), Some(value), Some(expected)) = (indicator, year, value, expected) {
            out.push(ActualItem { indicator: IndicatorId(indicator), year, value, expected });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(refused(errors))
    }
}

/// The problem of refused items: 400 when any part is malformed, else the most telling status
/// among them (403, then 409, then 404 for indicators that do not exist).
fn refused(errors: Vec<FieldError>) -> Problem {
    let any = |s: u16| errors.iter().any(|e| e.status == s);
    let status = if any(400) || errors.is_empty() {
        StatusCode::BAD_REQUEST
    } else if any(403) {
        StatusCode::FORBIDDEN
    } else if any(409) {
        StatusCode::CONFLICT
    } else {
        StatusCode::NOT_FOUND
    };
    let mut p = Problem::new(
        status,
        format!(
            "{}件の項目を受け付けられないため、どの実績も登録していません。errors を確認してください。",
            errors.len()
        ),
    );
    p.errors = errors;
    p
}

fn item_error(e: ItemError) -> FieldError {
    FieldError { pointer: format!("/items/{}/{}", e.index, e.field), status: e.status, detail: e.detail }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| {
        let t = v.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        t == "application/json" || (t.starts_with("application/") && t.ends_with("+json"))
    })
}

/// `POST /api/v1/actuals`.
pub async fn actuals(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    match record(&app, &headers, &body).await {
        Ok(r) => {
            let mut res = super::json(&r);
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err(p) => p.into_response(),
    }
}

async fn record(app: &App, headers: &HeaderMap, body: &[u8]) -> Result<ActualsResult, Problem> {
    let user = bearer_user(app, headers).await?;
    if !is_json(headers) {
        return Err(Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "本文は Content-Type: application/json で送ってください。",
        ));
    }
    let list = items(body)?;
    match record_actuals(app, &Actor::User(user), &list).await? {
        Ok(done) => Ok(ActualsResult {
            changed: done.iter().filter(|d| d.changed).count(),
            items: done.into_iter().map(Into::into).collect(),
        }),
        Err(errors) => Err(refused(errors.into_iter().map(item_error).collect())),
    }
}

/// The CORS preflight of the write endpoint: a script elsewhere may send its token (a bearer
/// token is never attached by the browser on its own, so this opens no cross-site write).
pub async fn preflight() -> Response {
    let mut res = StatusCode::NO_CONTENT.into_response();
    let h = res.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("POST, OPTIONS"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("Authorization, Content-Type"));
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_part_is_named_by_pointer() {
        let body = r#"{"items":[
            {"indicator_id":1,"year":2024,"value":"412"},
            {"indicator_id":"x","year":"2024","value":[1]},
            {"indicator_id":3,"year":2024,"value":12.5,"expected":null,"extra":1},
            {"indicator_id":4,"year":1867,"value":"たくさん"}
        ]}"#;
        let p = items(body.as_bytes()).unwrap_err();
        assert_eq!(p.status, 400);
        let pointers: Vec<&str> = p.errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/items/1/indicator_id",
                "/items/1/year",
                "/items/1/value",
                "/items/2/extra",
                "/items/3/year",
                "/items/3/value"
            ]
        );
        let ok = items(br#"{"items":[{"indicator_id":3,"year":2024,"value":12.5,"expected":null}]}"#).unwrap();
        assert_eq!(ok[0].value, "12.5");
        assert_eq!(ok[0].year.year(), 2024);
        assert_eq!(ok[0].expected.as_deref(), Some(""));
        assert_eq!(items(br#"{"items":[]}"#).unwrap_err().errors[0].pointer, "/items");
    }

    /// Every number the schema calls an int64 is one, written with or without a fraction of zero.
    #[test]
    fn integers_are_read_across_the_int64_range() {
        let read = |t: &str| integer(&serde_json::from_str(t).unwrap());
        assert_eq!(read("2024"), Some(2024));
        assert_eq!(read("2024.0"), Some(2024));
        assert_eq!(read("9007199254740991.0"), Some(9_007_199_254_740_991));
        assert_eq!(read("-9.2e18"), Some(-9_200_000_000_000_000_000));
        assert_eq!(read("9223372036854775807"), Some(i64::MAX));
        for t in ["2024.5", "9.3e18", "-9.3e18", "1e300", "\"2024\"", "null"] {
            assert_eq!(read(t), None, "{t}");
        }
    }

    /// Every text of the documented shape is read as a figure (or no figure) by the app's rule.
    #[test]
    fn value_shapes_are_figures() {
        for t in
            ["412", "412件", "約1,200人", "およそ3万円", "-3.5%", "0", "7\n", "9\u{0}x", "－", "---", "", "\n", "5 人"]
        {
            assert!(value_shape(t), "{t:?}");
            let q = hoshin_domain::Quantity::parse(t.trim());
            let dashes = t.trim().chars().all(|c| DASHES.contains(&c));
            assert!(q.value.is_some() || dashes, "{t:?} is not read as a number");
        }
        for t in ["たくさん", "年間120回", " 5", "約", "-", "x1"] {
            assert_eq!(value_shape(t), t == "-", "{t:?}");
        }
    }
}
