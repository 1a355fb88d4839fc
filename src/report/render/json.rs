//! The JSON report: the model as is (schema in docs/report-format.md).

use crate::model::Report;

pub fn render(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).expect("the report model always serialises");
    s.push('\n');
    s
}
