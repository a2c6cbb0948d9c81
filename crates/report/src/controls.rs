//! Parameters as the desktop's filter controls: kind, choices and current value as JSON, and
//! the controls' values back into the overrides evaluation reads.

use std::collections::BTreeMap;

use quarry_engine::{CancelToken, Workspace};
use serde::Serialize;
use serde_json::{Value, json};

use crate::document::{ParameterInput, ReportDocument};
use crate::error::{ReportError, Result};
use crate::evaluate::choices_of;
use crate::params::{self, ParamValue};

/// One filter control.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParameterControl {
    pub name: String,
    pub label: String,
    /// `date_range`, `select`, `multi_select`, `number` or `text`.
    pub kind: &'static str,
    /// The choices of a select (empty for other kinds).
    pub options: Vec<String>,
    /// The default: `{ "from", "to" }`, a string, a list of strings or a number.
    pub value: Value,
}

/// The controls for `doc`'s parameters with their defaults; select choices that come from a
/// query are read (sandboxed) from `workspace`.
pub fn parameter_controls(
    workspace: &Workspace,
    doc: &ReportDocument,
    cancel: &CancelToken,
) -> Result<Vec<ParameterControl>> {
    doc.validate()?;
    let choices = choices_of(workspace, doc, cancel);
    let resolved = params::resolve(&doc.parameters, &BTreeMap::new(), &choices)?;
    doc.parameters
        .iter()
        .zip(resolved)
        .map(|(parameter, resolved)| {
            let kind = match parameter.input {
                ParameterInput::DateRange { .. } => "date_range",
                ParameterInput::Select { .. } => "select",
                ParameterInput::MultiSelect { .. } => "multi_select",
                ParameterInput::Number { .. } => "number",
                ParameterInput::Text { .. } => "text",
            };
            Ok(ParameterControl {
                name: resolved.name,
                label: resolved.label,
                kind,
                options: choices(parameter)?.unwrap_or_default(),
                value: match resolved.value {
                    ParamValue::DateRange { from, to } => {
                        json!({ "from": from.to_string(), "to": to.to_string() })
                    }
                    ParamValue::One(v) | ParamValue::Text(v) => json!(v),
                    ParamValue::Many(values) => json!(values),
                    ParamValue::Number(n) => json!(n),
                },
            })
        })
        .collect()
}

/// Control values (as [`ParameterControl::value`]) as the overrides evaluation reads
/// (`from..to`, `a,b`, `42`, text).
pub fn overrides_from_controls(
    values: &BTreeMap<String, Value>,
) -> Result<BTreeMap<String, String>> {
    values
        .iter()
        .map(|(name, value)| {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Array(items) => items
                    .iter()
                    .map(|item| item.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .map(|list| list.join(","))
                    .ok_or_else(|| bad(name, "a list of choices must hold text"))?,
                Value::Object(range) => match (
                    range.get("from").and_then(Value::as_str),
                    range.get("to").and_then(Value::as_str),
                ) {
                    (Some(from), Some(to)) => format!("{from}..{to}"),
                    _ => return Err(bad(name, "a date range needs `from` and `to` dates")),
                },
                Value::Null | Value::Bool(_) => return Err(bad(name, "the value is missing")),
            };
            Ok((name.clone(), text))
        })
        .collect()
}

fn bad(name: &str, message: &str) -> ReportError {
    ReportError::Parameter {
        name: name.to_owned(),
        message: message.to_owned(),
    }
}
