//! The OpenAPI 3.1 document of the API, made from [`super::ENDPOINTS`] (paths, parameters,
//! answers) and [`schemas`] (the JSON Schema of each body in [`super::views`]), served at
//! `/api/openapi.json`.

use super::{In, Kind, ENDPOINTS};
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
    put("Problem", object(&[("type", string()), ("title", string()), ("status", int()), ("detail", string())]));
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
                "500": problem_answer("サーバーエラー"),
            },
        });
        paths.insert(e.path.to_string(), json!({ "get": op }));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "hoshin 公開API",
            "version": "1",
            "description": "公表済みの部局運営方針・重点項目・取組・指標（KPI）と実績・計画・振り返りを JSON で提供します（読み取り専用）。",
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": { "schemas": schemas() },
    })
}

/// `GET /api/openapi.json`.
pub async fn serve() -> Response {
    super::json(&document())
}
