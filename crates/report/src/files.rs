//! Report files in a folder: listing, creating and saving `*.qreport.json` documents. Saving
//! validates first and replaces the file atomically, so a bad edit never reaches the disk.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use quarry_export::AtomicFile;
use serde::Serialize;

use crate::document::{Page, REPORT_VERSION, ReportDocument};
use crate::error::{ReportError, Result};

/// The file name ending of report documents.
pub const REPORT_EXTENSION: &str = ".qreport.json";

/// The folder of a workspace that holds its report documents (image paths in them are
/// relative to it).
pub const REPORTS_FOLDER: &str = "reports";

/// Where `workspace` keeps its report documents.
pub fn reports_dir(workspace: &quarry_engine::Workspace) -> PathBuf {
    workspace.dir().join(REPORTS_FOLDER)
}

/// A report file and its title.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportEntry {
    pub path: PathBuf,
    /// The document's title; the file name when the file cannot be read as a report.
    pub title: String,
    /// UTC, `YYYY-MM-DD HH:MM:SS`.
    pub modified_at: String,
}

/// The reports in `dir`, by title; an absent folder has none.
pub fn list_reports(dir: &Path) -> Result<Vec<ReportEntry>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(ReportError::Read {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut reports = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(REPORT_EXTENSION) else {
            continue;
        };
        let title = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|json| json.get("title")?.as_str().map(str::to_owned))
            .unwrap_or_else(|| stem.to_owned());
        let modified_at = entry
            .metadata()
            .and_then(|m| m.modified())
            .map(|t| {
                DateTime::<Utc>::from(t)
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string()
            })
            .unwrap_or_default();
        reports.push(ReportEntry {
            path,
            title,
            modified_at,
        });
    }
    reports.sort_by_key(|r| r.title.to_lowercase());
    Ok(reports)
}

/// Creates an empty report titled `title` in `dir` (created if needed), under a file name made
/// from the title that no other file uses.
pub fn create_report(dir: &Path, title: &str) -> Result<(PathBuf, ReportDocument)> {
    let title = title.trim();
    if title.is_empty() {
        return Err(ReportError::Invalid {
            place: "title".to_owned(),
            message: "give the report a title".to_owned(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let path = new_report_path(dir, title);
    let doc = ReportDocument {
        schema: None,
        version: REPORT_VERSION,
        title: title.to_owned(),
        description: None,
        author: None,
        parameters: Vec::new(),
        queries: Default::default(),
        pages: vec![Page {
            title: None,
            blocks: Vec::new(),
        }],
        print: Default::default(),
    };
    save_report(&path, &doc)?;
    Ok((path, doc))
}

/// A path in `dir` for a new report titled `title`: a file name made from the title that no
/// file in `dir` uses yet.
pub fn new_report_path(dir: &Path, title: &str) -> PathBuf {
    let stem = file_stem(title.trim());
    (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stem}{REPORT_EXTENSION}")),
            n => dir.join(format!("{stem}-{n}{REPORT_EXTENSION}")),
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{stem}{REPORT_EXTENSION}")))
}

/// Validates `doc` and writes it to `path` as pretty JSON, replacing the file atomically.
pub fn save_report(path: &Path, doc: &ReportDocument) -> Result<()> {
    doc.validate()?;
    let json = serde_json::to_string_pretty(doc).map_err(|e| ReportError::Invalid {
        place: "report".to_owned(),
        message: e.to_string(),
    })?;
    let write_error = |source: std::io::Error| ReportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let file = AtomicFile::create(path).map_err(ReportError::Excel)?;
    let mut handle = file.file();
    handle
        .write_all(json.as_bytes())
        .and_then(|()| handle.write_all(b"\n"))
        .map_err(write_error)?;
    file.commit().map_err(ReportError::Excel)
}

/// A file name from a title: lower-case letters, digits and dashes.
fn file_stem(title: &str) -> String {
    let mut stem = String::with_capacity(title.len());
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            stem.push(c);
        } else if !stem.ends_with('-') && !stem.is_empty() {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-');
    if stem.is_empty() {
        "report".to_owned()
    } else {
        stem.chars().take(60).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_reports_get_unique_names_and_list_by_title() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (first, _) = create_report(dir.path(), "Q3 Sales / Europe").expect("create");
        let (second, doc) = create_report(dir.path(), "Q3 Sales / Europe").expect("create again");
        assert_eq!(
            first.file_name().and_then(|n| n.to_str()),
            Some("q3-sales-europe.qreport.json")
        );
        assert_eq!(
            second.file_name().and_then(|n| n.to_str()),
            Some("q3-sales-europe-2.qreport.json")
        );
        assert_eq!(ReportDocument::load(&second).expect("reads back"), doc);
        create_report(dir.path(), "Annual").expect("create");
        let titles: Vec<String> = list_reports(dir.path())
            .expect("list")
            .into_iter()
            .map(|r| r.title)
            .collect();
        assert_eq!(titles, ["Annual", "Q3 Sales / Europe", "Q3 Sales / Europe"]);
    }

    #[test]
    fn an_invalid_document_is_not_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (path, mut doc) = create_report(dir.path(), "Valid").expect("create");
        let before = std::fs::read(&path).expect("read");
        doc.version = 99;
        let error = save_report(&path, &doc).expect_err("version 99 is refused");
        assert!(error.to_string().contains("version"), "{error}");
        assert_eq!(std::fs::read(&path).expect("read"), before);
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("dir").count(),
            1,
            "no temp file left"
        );
    }
}
