//! Parameter values: defaults, the reader's choices (`--param name=value`), what each one binds
//! to in SQL and how it reads in the report.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use quarry_engine::Param;
use serde::Serialize;

use crate::document::{Parameter, ParameterInput};
use crate::error::{ReportError, Result};
use crate::validate::parse_date;

/// The value a parameter has in one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "type", content = "value")]
pub enum ParamValue {
    DateRange { from: NaiveDate, to: NaiveDate },
    One(String),
    Many(Vec<String>),
    Number(f64),
    Text(String),
}

/// A parameter with its value, as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolvedParam {
    pub name: String,
    pub label: String,
    pub value: ParamValue,
    /// The value as text: `2024-01-01 – 2024-03-31`, `East, West`, `42`.
    pub display: String,
}

impl ParamValue {
    /// The value as the reader sees it.
    pub fn display(&self) -> String {
        match self {
            ParamValue::DateRange { from, to } => format!("{from} – {to}"),
            ParamValue::One(v) | ParamValue::Text(v) => v.clone(),
            ParamValue::Many(values) if values.is_empty() => "(all)".to_owned(),
            ParamValue::Many(values) => values.join(", "),
            ParamValue::Number(n) => number_text(*n),
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Resolves every parameter from its default and `overrides` (`name` → text as typed on the
/// command line). `options` gives the allowed values of selects whose options come from a query.
pub fn resolve(
    parameters: &[Parameter],
    overrides: &BTreeMap<String, String>,
    options: &dyn Fn(&Parameter) -> Result<Option<Vec<String>>>,
) -> Result<Vec<ResolvedParam>> {
    if let Some(unknown) = overrides
        .keys()
        .find(|k| !parameters.iter().any(|p| &p.name == *k))
    {
        let known: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
        return Err(ReportError::Parameter {
            name: unknown.clone(),
            message: match known.is_empty() {
                true => "the report has no parameters".to_owned(),
                false => format!(
                    "the report has no such parameter; it has {}",
                    known.join(", ")
                ),
            },
        });
    }
    parameters
        .iter()
        .map(|p| {
            let given = overrides.get(&p.name).map(String::as_str);
            let value = value_of(p, given, options)?;
            Ok(ResolvedParam {
                name: p.name.clone(),
                label: p.label.clone().unwrap_or_else(|| p.name.clone()),
                display: value.display(),
                value,
            })
        })
        .collect()
}

fn value_of(
    p: &Parameter,
    given: Option<&str>,
    options: &dyn Fn(&Parameter) -> Result<Option<Vec<String>>>,
) -> Result<ParamValue> {
    let bad = |message: String| ReportError::Parameter {
        name: p.name.clone(),
        message,
    };
    let allowed = |values: &[String]| -> Result<()> {
        let Some(choices) = options(p)? else {
            return Ok(());
        };
        match values.iter().find(|v| !choices.contains(v)) {
            Some(v) => Err(bad(format!(
                "{v:?} is not one of the choices ({})",
                shorten(&choices)
            ))),
            None => Ok(()),
        }
    };
    Ok(match (&p.input, given) {
        (ParameterInput::DateRange { default }, None) => ParamValue::DateRange {
            from: parse_date(&p.name, &default.from)?,
            to: parse_date(&p.name, &default.to)?,
        },
        (ParameterInput::DateRange { .. }, Some(text)) => {
            let (from, to) = text.split_once("..").ok_or_else(|| {
                bad(format!(
                    "write the range as FROM..TO, e.g. 2024-01-01..2024-03-31, not {text:?}"
                ))
            })?;
            let (from, to) = (parse_date(&p.name, from)?, parse_date(&p.name, to)?);
            if from > to {
                return Err(bad(format!("{from} is after {to}")));
            }
            ParamValue::DateRange { from, to }
        }
        (ParameterInput::Select { default, .. }, given) => {
            let value = match (given, default) {
                (Some(v), _) => v.to_owned(),
                (None, Some(d)) => d.clone(),
                (None, None) => {
                    options(p)?
                        .and_then(|o| o.into_iter().next())
                        .ok_or_else(|| {
                            bad("has no default and no choices; pass one with --param".to_owned())
                        })?
                }
            };
            allowed(std::slice::from_ref(&value))?;
            ParamValue::One(value)
        }
        (ParameterInput::MultiSelect { default, .. }, given) => {
            let values = match given {
                Some(text) => text
                    .split(',')
                    .map(|v| v.trim().to_owned())
                    .filter(|v| !v.is_empty())
                    .collect(),
                None => default.clone(),
            };
            allowed(&values)?;
            ParamValue::Many(values)
        }
        (ParameterInput::Number { default, min, max }, given) => {
            let n = match given {
                Some(text) => text
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .ok_or_else(|| bad(format!("{text:?} is not a number")))?,
                None => *default,
            };
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return Err(bad(format!(
                    "{} lies outside {}..{}",
                    number_text(n),
                    min.map_or(String::new(), number_text),
                    max.map_or(String::new(), number_text)
                )));
            }
            ParamValue::Number(n)
        }
        (ParameterInput::Text { default }, given) => {
            ParamValue::Text(given.map_or_else(|| default.clone(), str::to_owned))
        }
    })
}

fn shorten(choices: &[String]) -> String {
    let mut text = choices
        .iter()
        .take(10)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if choices.len() > 10 {
        text.push_str(&format!(", … {} more", choices.len() - 10));
    }
    text
}

/// Every placeholder name the parameters provide, with the value bound to it.
pub fn bindings(params: &[ResolvedParam]) -> BTreeMap<String, Param> {
    let mut out = BTreeMap::new();
    for p in params {
        match &p.value {
            ParamValue::DateRange { from, to } => {
                let days = (*to - *from).num_days() + 1;
                let previous_to = *from - Duration::days(1);
                let previous_from = previous_to - Duration::days(days - 1);
                for (suffix, date) in [
                    ("from", from),
                    ("to", to),
                    ("previous_from", &previous_from),
                    ("previous_to", &previous_to),
                ] {
                    out.insert(
                        format!("{}_{suffix}", p.name),
                        Param::Text(date.to_string()),
                    );
                }
            }
            ParamValue::One(v) | ParamValue::Text(v) => {
                out.insert(p.name.clone(), Param::Text(v.clone()));
            }
            ParamValue::Many(values) => {
                let list = values.iter().map(|v| Param::Text(v.clone())).collect();
                out.insert(p.name.clone(), Param::List(list));
            }
            ParamValue::Number(n) if n.fract() == 0.0 && n.abs() < 9e15 => {
                out.insert(p.name.clone(), Param::Int(*n as i64));
            }
            ParamValue::Number(n) => {
                out.insert(p.name.clone(), Param::Float(*n));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::DateRangeDefault;

    fn range() -> Parameter {
        Parameter {
            name: "period".into(),
            label: None,
            input: ParameterInput::DateRange {
                default: DateRangeDefault {
                    from: "2024-03-01".into(),
                    to: "2024-03-31".into(),
                },
            },
        }
    }

    #[test]
    fn a_date_range_binds_itself_and_the_period_before() {
        let params = resolve(&[range()], &BTreeMap::new(), &|_| Ok(None)).unwrap();
        let b = bindings(&params);
        assert_eq!(b["period_from"], Param::Text("2024-03-01".into()));
        assert_eq!(b["period_to"], Param::Text("2024-03-31".into()));
        assert_eq!(b["period_previous_to"], Param::Text("2024-02-29".into()));
        assert_eq!(b["period_previous_from"], Param::Text("2024-01-30".into()));
    }

    #[test]
    fn overrides_are_checked_and_named() {
        let overrides = BTreeMap::from([("period".to_owned(), "2024-05-01".to_owned())]);
        let err = resolve(&[range()], &overrides, &|_| Ok(None)).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("parameter period: write the range as FROM..TO"),
            "{err}"
        );
        let overrides = BTreeMap::from([("nope".to_owned(), "1".to_owned())]);
        let err = resolve(&[range()], &overrides, &|_| Ok(None)).unwrap_err();
        assert!(err.to_string().contains("it has period"), "{err}");
    }

    #[test]
    fn select_values_must_be_among_the_choices() {
        let p = Parameter {
            name: "region".into(),
            label: Some("Region".into()),
            input: ParameterInput::Select {
                options: crate::document::Options::Values(vec!["East".into(), "West".into()]),
                default: None,
            },
        };
        let choices = |_: &Parameter| Ok(Some(vec!["East".to_owned(), "West".to_owned()]));
        let first = resolve(std::slice::from_ref(&p), &BTreeMap::new(), &choices).unwrap();
        assert_eq!(first[0].value, ParamValue::One("East".into()));
        let overrides = BTreeMap::from([("region".to_owned(), "North".to_owned())]);
        let err = resolve(&[p], &overrides, &choices).unwrap_err();
        assert!(
            err.to_string()
                .contains("\"North\" is not one of the choices (East, West)"),
            "{err}"
        );
    }
}
