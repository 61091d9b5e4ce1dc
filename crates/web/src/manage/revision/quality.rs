//! The 「提出前の点検」 section of a revision's page (issue 15): the sheet-quality check's
//! findings ([`hoshin_app::quality`]), the stance's first, then each initiative's, each linking
//! to the place on the page (or the initiative's edit form, for those who may edit) where the
//! field is. Advice, not a block: submitting stays possible, as a city may have its reasons.

use super::edit_url;
use hoshin_domain::quality::{Field, Finding, Severity};
use hoshin_domain::RevisionId;
use maud::{html, Markup};

/// The section; `edit` is the open revision when the user may edit it.
pub(super) fn section(findings: &[Finding], edit: Option<RevisionId>) -> Markup {
    let missing = findings.iter().filter(|f| f.severity == Severity::Missing).count();
    let doubts = findings.len() - missing;
    html! {
        section #quality aria-labelledby="quality-h" {
            h2 #quality-h { "提出前の点検" }
            @if findings.is_empty() {
                p.quality-ok { "未記入の項目や、確認が必要な記載は見つかりませんでした。" }
            } @else {
                p role="note" {
                    "未記入 " strong { (missing) "件" } "、要確認 " strong { (doubts) "件" }
                    "。提出はできますが、企画課の確認の前に見直してください。"
                }
                ul.quality {
                    @for f in findings {
                        li class={ "finding finding-" (if f.severity == Severity::Missing { "missing" } else { "doubt" }) } {
                            span.finding-kind { (f.severity.label()) } " "
                            (f.message) " "
                            a href=(target(f, edit)) { (f.field.label()) "へ" }
                        }
                    }
                }
            }
        }
    }
}

/// Where a finding's field is: the stance form, the initiative's edit form (its review part
/// for review fields) or, read-only, the initiative on the page.
fn target(f: &Finding, edit: Option<RevisionId>) -> String {
    match (f.initiative, edit) {
        (None, _) => "#stance".to_string(),
        (Some(i), Some(rev)) => {
            let part = match f.field {
                Field::Result | Field::IssuesNext | Field::Progress | Field::Judgement => "#review",
                Field::IndicatorTarget => "#kpis",
                _ => "",
            };
            format!("{}{part}", edit_url(rev, i))
        }
        (Some(i), None) => format!("#i-{i}"),
    }
}
