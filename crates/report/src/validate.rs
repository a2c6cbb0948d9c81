//! Reading a document and checking what its types cannot: names, references between parameters,
//! queries and blocks, and the chart specs inside. Every error names its place.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::NaiveDate;

use crate::document::{
    Block, Margins, Options, ParameterInput, REPORT_VERSION, ReportDocument, TableBlock,
};
use crate::error::{ReportError, Result, invalid};

impl ReportDocument {
    /// Reads and validates a `*.qreport.json` file.
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| ReportError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_json(&text)
    }

    /// Parses and validates a document.
    pub fn from_json(json: &str) -> Result<Self> {
        let deserializer = &mut serde_json::Deserializer::from_str(json);
        let doc: ReportDocument = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let place = match e.path().to_string() {
                p if p == "." => "document".to_owned(),
                p => p,
            };
            let inner = e.into_inner();
            let message = match inner.line() {
                0 => inner.to_string(),
                line => format!("{inner}").replace(
                    &format!(" at line {line} column {}", inner.column()),
                    &format!(" (line {line}, column {})", inner.column()),
                ),
            };
            invalid(place, message)
        })?;
        doc.validate()?;
        Ok(doc)
    }

    /// Checks names, references and chart specs.
    pub fn validate(&self) -> Result<()> {
        if self.version != REPORT_VERSION {
            return Err(invalid(
                "version",
                format!(
                    "version {} is not supported; this Quarry reads version {REPORT_VERSION}",
                    self.version
                ),
            ));
        }
        if self.title.trim().is_empty() {
            return Err(invalid("title", "give the report a title"));
        }
        for name in self.queries.keys() {
            check_identifier(&format!("queries.{name}"), name)?;
        }
        for (name, query) in &self.queries {
            if query.sql.trim().is_empty() {
                return Err(invalid(format!("queries.{name}.sql"), "the SQL is empty"));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, parameter) in self.parameters.iter().enumerate() {
            let place = format!("parameters[{i}]");
            check_identifier(&format!("{place}.name"), &parameter.name)?;
            if !seen.insert(parameter.name.as_str()) {
                return Err(invalid(
                    format!("{place}.name"),
                    format!("another parameter is already called {}", parameter.name),
                ));
            }
            self.check_input(&format!("{place}.input"), &parameter.input)?;
        }
        if let Some(margins) = &self.print.margins {
            check_margins(margins)?;
        }
        if self.pages.is_empty() {
            return Err(invalid("pages", "a report needs at least one page"));
        }
        for (p, page) in self.pages.iter().enumerate() {
            for (b, block) in page.blocks.iter().enumerate() {
                self.check_block(&format!("pages[{p}].blocks[{b}]"), block)?;
            }
        }
        Ok(())
    }

    fn check_input(&self, place: &str, input: &ParameterInput) -> Result<()> {
        match input {
            ParameterInput::DateRange { default } => {
                let from = parse_date(&format!("{place}.default.from"), &default.from)?;
                let to = parse_date(&format!("{place}.default.to"), &default.to)?;
                if from > to {
                    return Err(invalid(format!("{place}.default"), "`from` is after `to`"));
                }
            }
            ParameterInput::Select { options, .. }
            | ParameterInput::MultiSelect { options, .. } => {
                if let Options::Query { query } = options {
                    self.check_query_ref(&format!("{place}.options.query"), query)?;
                }
            }
            ParameterInput::Number { default, min, max } => {
                if min.is_some_and(|m| *default < m) || max.is_some_and(|m| *default > m) {
                    return Err(invalid(
                        format!("{place}.default"),
                        "the default lies outside min..max",
                    ));
                }
            }
            ParameterInput::Text { .. } => {}
        }
        Ok(())
    }

    fn check_block(&self, place: &str, block: &Block) -> Result<()> {
        let placement = block.placement();
        if !(1..=12).contains(&placement.width) {
            return Err(invalid(
                format!("{place}.layout.width"),
                "use 1 to 12 grid columns",
            ));
        }
        if placement.height == Some(0) {
            return Err(invalid(
                format!("{place}.layout.height"),
                "a height must be at least 1 grid row",
            ));
        }
        for (key, query) in block.queries() {
            self.check_query_ref(&format!("{place}.{key}"), query)?;
        }
        match block {
            Block::Heading(h) if !(1..=3).contains(&h.level) => {
                Err(invalid(format!("{place}.level"), "use level 1, 2 or 3"))
            }
            Block::Chart(c) => c.chart.validate().map_err(|source| ReportError::Chart {
                place: format!("{place}.chart"),
                source,
            }),
            Block::Table(t) => check_table(place, t),
            Block::Pivot(p) if p.measures.is_empty() => Err(invalid(
                format!("{place}.measures"),
                "a pivot needs at least one measure",
            )),
            _ => Ok(()),
        }
    }

    fn check_query_ref(&self, place: &str, name: &str) -> Result<()> {
        if self.queries.contains_key(name) {
            return Ok(());
        }
        let known: Vec<&str> = self.queries.keys().map(String::as_str).collect();
        Err(invalid(
            place,
            match known.is_empty() {
                true => format!("no query is named {name}; the report defines no queries"),
                false => format!(
                    "no query is named {name}; the report defines {}",
                    known.join(", ")
                ),
            },
        ))
    }
}

fn check_table(place: &str, table: &TableBlock) -> Result<()> {
    for (i, rule) in table.conditional.iter().enumerate() {
        for (key, colour) in [("color", &rule.color), ("background", &rule.background)] {
            if let Some(c) = colour
                && quarry_charts::theme::parse_hex(c).is_none()
            {
                return Err(invalid(
                    format!("{place}.conditional[{i}].{key}"),
                    format!("`{c}` is not a colour of the form #rrggbb"),
                ));
            }
        }
    }
    Ok(())
}

/// Parses an ISO date (`YYYY-MM-DD`), naming `place` when it is not one.
pub(crate) fn parse_date(place: &str, text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| invalid(place, format!("`{text}` is not a date like 2024-12-31")))
}

fn check_identifier(place: &str, name: &str) -> Result<()> {
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 63;
    match valid {
        true => Ok(()),
        false => Err(invalid(
            place,
            format!(
                "{name:?} is not a valid name: use letters, digits and _, starting with a letter"
            ),
        )),
    }
}

/// Margins leave room for the running header and footer and for the content.
fn check_margins(margins: &Margins) -> Result<()> {
    let sides = [
        ("top", margins.top, Margins::MIN_TOP_BOTTOM_MM),
        ("right", margins.right, 0.0),
        ("bottom", margins.bottom, Margins::MIN_TOP_BOTTOM_MM),
        ("left", margins.left, 0.0),
    ];
    for (side, mm, least) in sides {
        if !(least..=Margins::MAX_MM).contains(&mm) {
            let why = if least > 0.0 {
                format!(
                    " (the running {} needs {least} mm)",
                    if side == "top" { "header" } else { "footer" }
                )
            } else {
                String::new()
            };
            return Err(invalid(
                format!("print.margins.{side}"),
                format!("{mm} mm is outside {least}–{} mm{why}", Margins::MAX_MM),
            ));
        }
    }
    Ok(())
}
