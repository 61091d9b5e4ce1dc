//! The OpenAPI 3.1 document of the API, made from [`super::ENDPOINTS`] and [`super::WRITES`]
//! (paths, parameters, bodies, answers, the bearer security scheme of the writes) and
//! [`schemas`] (the JSON Schema of each body in [`super::views`] and [`super::write`]), served
//! at `/api/openapi.json`. The route tables are what the router registers, so the document
//! cannot list a route that is not served or miss one that is; the schemas are checked
//! against real answers by the API tests (every demo answer, every write answer).

use super::{In, Kind, ENDPOINTS, WRITES};
use axum::response::Response;
use serde_json::{json, Map, Value};

/// `{"type": [t, "null"]}`.
fn nullable(t: &str) -> Value {
    json!({ "type": [t, "null"] })
}

fn object(props: &[(&str, Value)]) -> Value {
    let properties: Map<String, Value> = props.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    let required: Vec<&str> = props.iter().map(|(k, _)| *k).collect();
    json!({ "type": "object", "properties": properties, "required": required, "additionalProperties": false })
}

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn nullable_ref(name: &str) -> Value {
    json!({ "oneOf": [schema_ref(name), { "type": "null" }] })
}

fn array_of(v: Value) -> Value {
    json!({ "type": "array", "items": v })
}

fn list_of(name: &str) -> Value {
    object(&[("items", array_of(schema_ref(name))), ("next", nullable("string"))])
}

/// Every body's schema, by name (the wire types of [`super::views`] and the problem).
pub fn schemas() -> Map<String, Value> {
    let int = || json!({ "type": "integer" });
    let string = || json!({ "type": "string" });
    let ints = || array_of(int());
    let mut s = Map::new();
    let mut put = |name: &str, v: Value| {
        s.insert(name.to_string(), v);
    };
    put(
        "Organization",
        object(&[
            ("id", int()),
            ("name", string()),
            (
                "code",
                json!({ "type": ["string", "null"], "pattern": "^[0-9]{6}$", "description": "全国地方公共団体コード" }),
            ),
            ("prefecture", nullable("string")),
        ]),
    );
    put("Year", object(&[("year", int()), ("label", string())]));
    put(
        "Department",
        object(&[
            ("id", int()),
            ("org_id", int()),
            ("parent_id", nullable("integer")),
            ("name", string()),
            ("sort_order", int()),
            ("stance", nullable("string")),
            ("notes", nullable("string")),
        ]),
    );
    put(
        "Theme",
        object(&[("id", int()), ("org_id", int()), ("fiscal_year", int()), ("name", string()), ("sort_order", int())]),
    );
    put(
        "Initiative",
        object(&[
            ("id", int()),
            ("org_id", int()),
            ("department_id", nullable("integer")),
            ("fiscal_year", nullable("integer")),
            ("period_end", nullable("integer")),
            ("kind", json!({ "type": "string", "enum": ["annual", "mid_term", "plan_action", "program"] })),
            ("kind_label", string()),
            ("theme_id", nullable("integer")),
            ("name", string()),
            ("summary", nullable("string")),
            ("reform_perspectives", array_of(string())),
            ("reform_text", nullable("string")),
            ("sdg_goals", ints()),
            ("node_ids", ints()),
            ("predecessor_id", nullable("integer")),
            ("sort_order", int()),
        ]),
    );
    put(
        "InitiativeDetail",
        object(&[
            ("initiative", schema_ref("Initiative")),
            ("theme", nullable_ref("Theme")),
            ("indicators", array_of(schema_ref("Indicator"))),
            ("reviews", array_of(schema_ref("Review"))),
        ]),
    );
    put(
        "Quantity",
        object(&[
            ("text", string()),
            ("value", nullable("number")),
            ("unit", nullable("string")),
            ("approx", json!({ "type": "boolean" })),
        ]),
    );
    put("Actual", object(&[("fiscal_year", int()), ("value", schema_ref("Quantity"))]));
    put(
        "Indicator",
        object(&[
            ("id", int()),
            ("org_id", int()),
            ("initiative_id", nullable("integer")),
            ("node_id", nullable("integer")),
            ("name", string()),
            ("unit", nullable("string")),
            ("direction", json!({ "type": "string", "enum": ["up", "down"] })),
            ("cumulative", json!({ "type": "boolean" })),
            ("baseline", nullable_ref("Quantity")),
            ("baseline_year", nullable("integer")),
            ("baseline_note", nullable("string")),
            ("target", nullable_ref("Quantity")),
            ("target_year", nullable("integer")),
            ("actuals", array_of(schema_ref("Actual"))),
            ("sort_order", int()),
        ]),
    );
    put(
        "Plan",
        object(&[
            ("id", int()),
            ("org_id", int()),
            ("kind", string()),
            ("kind_label", string()),
            ("title", string()),
            ("parent_plan_id", nullable("integer")),
            ("period_start", nullable("integer")),
            ("period_end", nullable("integer")),
        ]),
    );
    put(
        "Node",
        object(&[
            ("id", int()),
            ("plan_id", int()),
            ("parent_id", nullable("integer")),
            ("kind_label", string()),
            ("code", nullable("string")),
            ("title", string()),
            ("vision", nullable("string")),
            ("current_issues", nullable("string")),
            ("sdgs_direction", nullable("string")),
            ("sdg_goals", ints()),
            ("sort_order", int()),
        ]),
    );
    put("PlanDetail", object(&[("plan", schema_ref("Plan")), ("nodes", array_of(schema_ref("Node")))]));
    put(
        "Review",
        object(&[
            ("id", int()),
            ("initiative_id", int()),
            ("fiscal_year", int()),
            ("result", nullable("string")),
            ("issues_next", nullable("string")),
            ("progress", json!({ "type": ["integer", "null"], "minimum": 0, "maximum": 100 })),
            ("judgement", nullable("string")),
        ]),
    );
    for (list, item) in [
        ("OrganizationList", "Organization"),
        ("YearList", "Year"),
        ("DepartmentList", "Department"),
        ("ThemeList", "Theme"),
        ("InitiativeList", "Initiative"),
        ("IndicatorList", "Indicator"),
        ("PlanList", "Plan"),
        ("ReviewList", "Review"),
    ] {
        put(list, list_of(item));
    }
    let mut problem = object(&[("type", string()), ("title", string()), ("status", int()), ("detail", string())]);
    problem["properties"]["errors"] = json!({
        "type": "array",
        "description": "書き込みAPI：受け付けられない部分ごとの理由",
        "items": schema_ref("FieldError"),
    });
    put("Problem", problem);
    put(
        "FieldError",
        object(&[
            (
                "pointer",
                json!({ "type": "string", "description": "リクエスト本文の場所（JSON ポインター、例 /items/3/value）" }),
            ),
            ("status", int()),
            ("detail", string()),
        ]),
    );
    let mut item = object(&[
        (
            "indicator_id",
            json!({ "type": "integer", "format": "int64", "minimum": 1, "maximum": i64::MAX, "description": "指標のID（公開APIの指標ID、または部局運営方針の改訂の中の指標ID）" }),
        ),
        (
            "year",
            json!({ "type": "integer", "minimum": 1868, "maximum": 2200, "description": "年度（西暦の整数、例 2024 = 令和6年度）" }),
        ),
        (
            "value",
            json!({
                "type": ["string", "number", "null"],
                "pattern": super::write::VALUE_PATTERN,
                "description": "実績値：数値、または数字で始まる文字列（「412件」「約1,200人」「-3.5%」）。値がないことを示すには「－」、値を消すには空文字列か null",
            }),
        ),
        (
            "expected",
            json!({ "type": ["string", "number", "null"], "description": "省略可。登録済みと考えている値（値なしは null）。登録済みの値と違えば 409" }),
        ),
    ]);
    item["required"] = json!(["indicator_id", "year", "value"]);
    put("ActualItem", item);
    put(
        "ActualsRequest",
        json!({
            "type": "object",
            "properties": { "items": { "type": "array", "minItems": 1, "maxItems": hoshin_app::bulk_actuals::MAX_ITEMS, "items": schema_ref("ActualItem") } },
            "required": ["items"],
        }),
    );
    put(
        "ActualResult",
        object(&[
            ("indicator_id", int()),
            (
                "written_id",
                json!({ "type": "integer", "description": "書き込んだ指標の行（改訂の中の指標のとき、そのID）" }),
            ),
            ("year", int()),
            ("value", nullable_ref("Quantity")),
            ("changed", json!({ "type": "boolean" })),
        ]),
    );
    put("ActualsResult", object(&[("changed", int()), ("items", array_of(schema_ref("ActualResult")))]));
    s
}

/// The schema of a parameter kind (see [`super::Param::kind`]).
pub fn param_schema(kind: Kind) -> Value {
    match kind {
        Kind::Id => json!({ "type": "integer", "format": "int64", "minimum": 1, "maximum": i64::MAX }),
        Kind::Limit => {
            json!({ "type": "integer", "minimum": 1, "maximum": hoshin_app::public::MAX_WINDOW, "default": super::DEFAULT_LIMIT })
        }
        // 西暦 in the document's range; 和暦 (令和6年度) is accepted too, as the description says.
        Kind::Year => {
            json!({ "type": "string", "pattern": "^(186[89]|18[7-9][0-9]|19[0-9]{2}|20[0-9]{2}|21[0-9]{2}|2200)$" })
        }
        Kind::Cursor => json!({ "type": "string", "pattern": super::CURSOR_PATTERN }),
    }
}

fn problem_answer(description: &str) -> Value {
    json!({ "description": description, "content": { super::problem::PROBLEM_JSON: { "schema": schema_ref("Problem") } } })
}

/// The whole document.
pub fn document() -> Value {
    let mut paths = Map::new();
    for e in ENDPOINTS {
        let params: Vec<Value> = e
            .params
            .iter()
            .map(|p| {
                json!({
                    "name": p.name,
                    "in": if p.at == In::Path { "path" } else { "query" },
                    "required": p.at == In::Path,
                    "description": p.description,
                    "schema": param_schema(p.kind),
                })
            })
            .collect();
        let op = json!({
            "operationId": e.operation,
            "summary": e.summary,
            "parameters": params,
            "responses": {
                "200": { "description": "成功", "content": { "application/json": { "schema": schema_ref(e.response) } } },
                "304": { "description": "If-None-Match の ETag と一致（変更なし）" },
                "400": problem_answer("パラメータが正しくない"),
                "404": problem_answer("見つからない（公表されていないデータを含む）"),
                "405": problem_answer("GET 以外の方法"),
                "414": problem_answer("アドレス（クエリ文字列を含む）が長すぎる"),
                "431": problem_answer("リクエストヘッダーが大きすぎる"),
                "500": problem_answer("サーバーエラー"),
            },
        });
        paths.insert(e.path.to_string(), json!({ "get": op }));
    }
    for w in WRITES {
        let op = json!({
            "operationId": w.operation,
            "summary": w.summary,
            "description": w.description,
            "security": [{ "bearerAuth": [] }],
            "requestBody": {
                "required": true,
                "content": { "application/json": { "schema": schema_ref(w.request) } },
            },
            "responses": {
                "200": { "description": "すべて登録した", "content": { "application/json": { "schema": schema_ref(w.response) } } },
                "400": problem_answer("本文が正しくない（errors に項目ごとの理由。何も登録していない）"),
                "401": problem_answer("トークンがない・正しくない・無効・期限切れ、または持ち主のアカウントが無効（WWW-Authenticate: Bearer）"),
                "403": problem_answer("権限のない指標を含む（何も登録していない）"),
                "404": problem_answer("存在しない指標を含む（何も登録していない）"),
                "409": problem_answer("改訂が編集できない状態、または expected が登録済みの値と違う（何も登録していない）"),
                "413": problem_answer("本文が大きすぎる"),
                "414": problem_answer("アドレスが長すぎる"),
                "415": problem_answer("本文が application/json ではない"),
                "431": problem_answer("リクエストヘッダーが大きすぎる"),
                "500": problem_answer("サーバーエラー"),
            },
        });
        paths.insert(w.path.to_string(), json!({ "post": op }));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "hoshin 公開API",
            "version": "1",
            "description": "公表済みの部局運営方針・重点項目・取組・指標（KPI）と実績・計画・振り返りを JSON で提供します。\
                職員は個人用アクセストークン（/manage/account で発行）で指標の実績を一括登録できます。",
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "schemas": schemas(),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "個人用アクセストークン（hoshin_pat_ で始まる文字列）。職員が /manage/account で発行します。\
                        トークンは使うときの持ち主の権限（役割・担当部局）で動き、無効にしたトークン・期限切れ・無効にしたアカウントのトークンは 401 になります。",
                },
            },
        },
    })
}

/// `GET /api/openapi.json`.
pub async fn serve() -> Response {
    super::json(&document())
}
