//! Small builders for test records, with invented names (never text from real documents).

use hoshin_domain::*;
use hoshin_store::{NewDepartmentPolicy, NewGoalReview, NewPriorityTheme};

/// A fiscal year; panics on an out-of-range year (test input is fixed).
pub fn fy(year: i64) -> FiscalYear {
    FiscalYear::new(year).unwrap_or_else(|e| panic!("bad test year {year}: {e}"))
}

pub fn org(name: &str) -> NewOrganization {
    NewOrganization { name: name.to_string(), code: None, prefecture: Some("架空県".to_string()) }
}

pub fn department(org_id: OrgId, name: &str, sort_order: i32) -> NewDepartment {
    NewDepartment { org_id, parent_id: None, name: name.to_string(), sort_order }
}

pub fn plan(org_id: OrgId, kind: PlanKind, title: &str) -> NewPlan {
    NewPlan {
        org_id,
        kind,
        title: title.to_string(),
        parent_plan_id: None,
        period_start: Some(fy(2021)),
        period_end: Some(fy(2030)),
    }
}

pub fn node(plan_id: PlanId, parent_id: Option<NodeId>, code: &str, title: &str, sort_order: i32) -> NewPlanNode {
    NewPlanNode {
        plan_id: Some(plan_id),
        parent_id,
        kind_label: if parent_id.is_some() { "施策" } else { "政策" }.to_string(),
        code: Some(code.to_string()),
        title: title.to_string(),
        sort_order,
        ..NewPlanNode::default()
    }
}

pub fn initiative(org_id: OrgId, dept: Option<DepartmentId>, year: i64, name: &str) -> NewInitiative {
    NewInitiative {
        department_id: dept,
        fiscal_year: Some(fy(year)),
        summary: Some(format!("{name}の概要")),
        ..NewInitiative::named(org_id, InitiativeKind::Annual, name)
    }
}

pub fn indicator(org_id: OrgId, owner: Option<IndicatorOwner>, name: &str) -> NewIndicator {
    NewIndicator {
        org_id,
        owner,
        name: name.to_string(),
        unit: Some("件".to_string()),
        direction: Direction::Up,
        cumulative: false,
        baseline: Some(Quantity::parse("120件")),
        baseline_year: Some(fy(2020)),
        baseline_note: None,
        target: Some(Quantity::parse("150件")),
        target_year: Some(fy(2025)),
        actuals: Vec::new(),
        sort_order: 0,
    }
}

pub fn actual(year: i64, text: &str) -> Actual {
    Actual { fiscal_year: fy(year), value: Quantity::parse(text) }
}

pub fn theme(org_id: OrgId, year: i64, name: &str) -> NewPriorityTheme {
    NewPriorityTheme { org_id, fiscal_year: fy(year), name: name.to_string(), sort_order: 0, published: true }
}

pub fn policy(department_id: DepartmentId, year: i64, stance: &str) -> NewDepartmentPolicy {
    NewDepartmentPolicy { department_id, fiscal_year: fy(year), stance: stance.to_string(), notes: None }
}

pub fn review(initiative_id: InitiativeId, year: i64, progress: u8) -> NewGoalReview {
    NewGoalReview {
        initiative_id,
        fiscal_year: fy(year),
        result: Some("予定どおり実施した".to_string()),
        issues_next: Some("対象を広げる".to_string()),
        progress: Some(progress),
        judgement: Some("順調".to_string()),
    }
}
