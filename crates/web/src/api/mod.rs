//! The JSON API under `/api/v1`: the published record (what the public pages show, read
//! through `hoshin_app::public`) as JSON, listed in windows by id with opaque cursors; and one
//! write, bulk KPI actuals for staff with a personal access token ([`write`]).
//! [`ENDPOINTS`] (reads) and [`WRITES`] are the one table of routes: the router registers
//! exactly these, and the OpenAPI document ([`openapi`]) and the docs page at `/api`
//! ([`docs`]) are made from them, so a route cannot be served undocumented. Errors are `application/problem+json`
//! ([`problem`]); answers go through the public page cache (ETag, 304, invalidated with the
//! pages).

pub mod docs;
pub mod handlers;
pub mod openapi;
pub mod problem;
pub mod views;
pub mod write;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Json;
use base64::Engine as _;
use hoshin_app::App;
use problem::Problem;
use serde::Serialize;

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum In {
    Path,
    Query,
}

/// What a parameter holds (its schema: [`openapi::param_schema`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A record's id: 1 or more, 64 bits.
    Id,
    /// A window size, 1 to [`hoshin_app::public::MAX_WINDOW`].
    Limit,
    /// A fiscal year: 西暦 (2024) or 和暦 (令和6年度).
    Year,
    /// An opaque cursor from `next`.
    Cursor,
}

/// A parameter of an endpoint.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub at: In,
    pub kind: Kind,
    /// Japanese description.
    pub description: &'static str,
}

/// One GET route of the API.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// The axum route pattern (`/api/v1/initiatives/{id}`).
    pub path: &'static str,
    /// Unique operation id.
    pub operation: &'static str,
    /// Japanese summary.
    pub summary: &'static str,
    pub params: &'static [Param],
    /// The schema (in `components.schemas`) of the 200 answer.
    pub response: &'static str,
    /// The query of the docs page's example (`{org}` and `{year}` filled in like the path).
    pub example_query: &'static str,
    pub handler: fn() -> MethodRouter<App>,
}

const ORG: Param = Param { name: "org", at: In::Path, kind: Kind::Id, description: "自治体のID" };
const YEAR: Param =
    Param {
        name: "year", at: In::Path, kind: Kind::Year, description: "年度（西暦 2024 または 和暦 令和6年度）"
    };
const ID: Param = Param { name: "id", at: In::Path, kind: Kind::Id, description: "ID" };
const CURSOR: Param = Param {
    name: "cursor",
    at: In::Query,
    kind: Kind::Cursor,
    description: "前の応答の next に含まれる続きの位置（不透明な文字列）",
};
const LIMIT: Param =
    Param {
        name: "limit", at: In::Query, kind: Kind::Limit, description: "1回に返す件数（既定 100、最大 1000）"
    };
const Q_ORG: Param = Param { name: "org", at: In::Query, kind: Kind::Id, description: "自治体のIDで絞り込む" };
const Q_YEAR: Param = Param {
    name: "year",
    at: In::Query,
    kind: Kind::Year,
    description: "年度で絞り込む（西暦 2024 または 和暦 令和6年度）",
};

/// Every API route (see the module docs).
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        path: "/api/v1/organizations",
        operation: "listOrganizations",
        summary: "自治体の一覧",
        params: &[CURSOR, LIMIT],
        response: "OrganizationList",
        example_query: "",
        handler: || get(handlers::organizations),
    },
    Endpoint {
        path: "/api/v1/organizations/{org}",
        operation: "getOrganization",
        summary: "自治体（全国地方公共団体コード・都道府県）",
        params: &[ORG],
        response: "Organization",
        example_query: "",
        handler: || get(handlers::organization),
    },
    Endpoint {
        path: "/api/v1/organizations/{org}/years",
        operation: "listYears",
        summary: "自治体の年度の一覧",
        params: &[ORG],
        response: "YearList",
        example_query: "",
        handler: || get(handlers::years),
    },
    Endpoint {
        path: "/api/v1/organizations/{org}/years/{year}/departments",
        operation: "listDepartments",
        summary: "年度の部局（課を含む）と部局運営方針",
        params: &[ORG, YEAR],
        response: "DepartmentList",
        example_query: "",
        handler: || get(handlers::departments),
    },
    Endpoint {
        path: "/api/v1/organizations/{org}/years/{year}/themes",
        operation: "listThemes",
        summary: "年度の重点項目（公表済みのもの）",
        params: &[ORG, YEAR],
        response: "ThemeList",
        example_query: "",
        handler: || get(handlers::themes),
    },
    Endpoint {
        path: "/api/v1/initiatives",
        operation: "listInitiatives",
        summary: "取組・事務事業の一覧",
        params: &[
            Q_ORG,
            Q_YEAR,
            Param {
                name: "department",
                at: In::Query,
                kind: Kind::Id,
                description: "部局のIDで絞り込む（その課を含む）",
            },
            Param {
                name: "node", at: In::Query, kind: Kind::Id, description: "計画の項目（施策など）のIDで絞り込む"
            },
            CURSOR,
            LIMIT,
        ],
        response: "InitiativeList",
        example_query: "?org={org}&year={year}&limit=10",
        handler: || get(handlers::initiatives),
    },
    Endpoint {
        path: "/api/v1/initiatives/{id}",
        operation: "getInitiative",
        summary: "取組（指標と振り返りを含む）",
        params: &[ID],
        response: "InitiativeDetail",
        example_query: "",
        handler: || get(handlers::initiative),
    },
    Endpoint {
        path: "/api/v1/indicators",
        operation: "listIndicators",
        summary: "指標（KPI）と年度ごとの実績の一覧",
        params: &[
            Q_ORG,
            Param {
                name: "year",
                at: In::Query,
                kind: Kind::Year,
                description: "年度で絞り込む（その年度の取組の指標と、その年度の実績・目標がある計画の指標）",
            },
            Param { name: "initiative", at: In::Query, kind: Kind::Id, description: "取組のIDで絞り込む" },
            Param { name: "node", at: In::Query, kind: Kind::Id, description: "計画の項目のIDで絞り込む" },
            CURSOR,
            LIMIT,
        ],
        response: "IndicatorList",
        example_query: "?org={org}&limit=10",
        handler: || get(handlers::indicators),
    },
    Endpoint {
        path: "/api/v1/indicators/{id}",
        operation: "getIndicator",
        summary: "指標（年度ごとの実績を含む）",
        params: &[ID],
        response: "Indicator",
        example_query: "",
        handler: || get(handlers::indicator),
    },
    Endpoint {
        path: "/api/v1/plans",
        operation: "listPlans",
        summary: "計画（総合計画・基本計画など）の一覧",
        params: &[Q_ORG, CURSOR, LIMIT],
        response: "PlanList",
        example_query: "?org={org}",
        handler: || get(handlers::plans),
    },
    Endpoint {
        path: "/api/v1/plans/{id}",
        operation: "getPlan",
        summary: "計画とその項目（政策・施策など）の木",
        params: &[ID],
        response: "PlanDetail",
        example_query: "",
        handler: || get(handlers::plan),
    },
    Endpoint {
        path: "/api/v1/nodes/{id}",
        operation: "getNode",
        summary: "計画の項目（政策・施策など）",
        params: &[ID],
        response: "Node",
        example_query: "",
        handler: || get(handlers::node),
    },
    Endpoint {
        path: "/api/v1/reviews",
        operation: "listReviews",
        summary: "目標と振り返り（取組ごと・年度ごと）の一覧",
        params: &[
            Q_ORG,
            Q_YEAR,
            Param { name: "initiative", at: In::Query, kind: Kind::Id, description: "取組のIDで絞り込む" },
            CURSOR,
            LIMIT,
        ],
        response: "ReviewList",
        example_query: "?org={org}&year={year}",
        handler: || get(handlers::reviews),
    },
];

/// One write route of the API: a POST with a JSON body, for staff with a personal access
/// token (`Authorization: Bearer`, the `bearerAuth` security scheme).
#[derive(Debug, Clone, Copy)]
pub struct WriteEndpoint {
    pub path: &'static str,
    pub operation: &'static str,
    /// Japanese summary.
    pub summary: &'static str,
    /// Japanese description (rules, limits).
    pub description: &'static str,
    /// The schema (in `components.schemas`) of the request body.
    pub request: &'static str,
    /// The schema of the 200 answer.
    pub response: &'static str,
    /// An example request body for the docs page.
    pub example: &'static str,
    pub handler: fn() -> MethodRouter<App>,
}

/// Every write route (see the module docs).
pub const WRITES: &[WriteEndpoint] = &[WriteEndpoint {
    path: "/api/v1/actuals",
    operation: "recordActuals",
    summary: "指標（KPI）の実績の一括登録（職員用・個人用アクセストークンが必要）",
    description: "items の各項目（指標のID・年度・値）を1つのトランザクションで登録します。職員画面の実績入力と同じ規則です：\
        計画の指標は企画担当が、部局の取組の指標は担当部局の職員（または企画担当）が、その部局の運営方針の改訂（作成中・差戻し）の中で入力します\
        （公開APIの指標IDを指定すると、改訂の中の同じ指標に入ります）。1件でも受け付けられない項目があれば何も登録せず、\
        errors に項目ごとの理由を JSON ポインター（/items/3/value など）で返します。1回に1000件まで。\
        expected を付けると、登録済みの値がそれと違うとき 409 にします（値なしは null または空文字列）。",
    request: "ActualsRequest",
    response: "ActualsResult",
    example: r#"{"items": [{"indicator_id": 12, "year": 2024, "value": "412件"}, {"indicator_id": 13, "year": 2024, "value": "38.5%", "expected": "36.0%"}]}"#,
    handler: || post(write::actuals).options(write::preflight),
}];

/// The API's routes, the OpenAPI document and the docs page.
pub fn routes() -> axum::Router<App> {
    let reads = ENDPOINTS.iter().fold(axum::Router::new(), |r, e| r.route(e.path, (e.handler)().options(preflight)));
    WRITES
        .iter()
        .fold(reads, |r, e| r.route(e.path, (e.handler)()))
        .route("/api/openapi.json", get(openapi::serve))
        .route("/api", get(docs::show))
}

/// The records the docs page's examples point at (the first published ones), each `None` when
/// there is none.
#[derive(Debug, Clone, Copy, Default)]
pub struct Examples {
    pub org: Option<i64>,
    pub year: Option<u16>,
    pub initiative: Option<i64>,
    pub indicator: Option<i64>,
    pub plan: Option<i64>,
    pub node: Option<i64>,
}

impl Endpoint {
    /// An example address, or `None` when a record it needs does not exist.
    pub fn example(&self, x: &Examples) -> Option<String> {
        let id = if self.path.starts_with("/api/v1/initiatives/") {
            x.initiative
        } else if self.path.starts_with("/api/v1/indicators/") {
            x.indicator
        } else if self.path.starts_with("/api/v1/plans/") {
            x.plan
        } else {
            x.node
        };
        let mut out = format!("{}{}", self.path, self.example_query);
        for (key, value) in [("{org}", x.org), ("{year}", x.year.map(i64::from)), ("{id}", id)] {
            if out.contains(key) {
                out = out.replace(key, &value?.to_string());
            }
        }
        Some(out)
    }
}

/// The list window size asked for (default 100, 1..=1000).
pub const DEFAULT_LIMIT: u32 = 100;

/// The cursor alphabet: base64url without padding, any trailing bits accepted (so that every
/// string of [`CURSOR_PATTERN`] is a cursor).
const CURSOR_CODE: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    base64::engine::GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone),
);

/// What a cursor looks like (the OpenAPI document says so): eight bytes in base64url.
pub const CURSOR_PATTERN: &str = "^[A-Za-z0-9_-]{11}$";

/// Encodes a cursor: the last id of a window, as eight big-endian bytes in base64url.
pub fn cursor(after: i64) -> String {
    CURSOR_CODE.encode(after.to_be_bytes())
}

/// Decodes a cursor.
pub fn decode_cursor(s: &str) -> Result<i64, Problem> {
    let bytes = CURSOR_CODE.decode(s).ok().and_then(|b| <[u8; 8]>::try_from(b).ok());
    bytes.map(i64::from_be_bytes).ok_or_else(|| Problem::bad_request(format!("cursor が正しくありません：{s}")))
}

/// A JSON answer of the public API: open to every origin (its ETag readable by scripts there),
/// revalidated like the pages.
pub fn json<T: Serialize>(body: &T) -> Response {
    let mut res = Json(body).into_response();
    let h = res.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("ETag"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// The CORS preflight of another origin's script (it asks first when it sends `If-None-Match`).
async fn preflight() -> Response {
    let mut res = axum::http::StatusCode::NO_CONTENT.into_response();
    let h = res.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, HEAD, OPTIONS"));
    h.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, HeaderValue::from_static("If-None-Match"));
    h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
    res
}
