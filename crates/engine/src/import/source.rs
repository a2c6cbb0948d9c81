//! Where an import reads from: one file, a folder of same-shaped files, or a glob.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use duckdb::Connection;
use serde::Serialize;

use crate::error::{EngineError, Result};

/// File formats Quarry imports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Csv,
    Tsv,
    Parquet,
    Json,
    Excel,
}

impl SourceFormat {
    /// The format a file name's extension says (compressed CSV/JSON included).
    pub fn from_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name
            .strip_suffix(".gz")
            .or_else(|| name.strip_suffix(".zst"))
            .unwrap_or(&name);
        let extension = name.rsplit_once('.')?.1;
        Some(match extension {
            "csv" => SourceFormat::Csv,
            "tsv" | "tab" => SourceFormat::Tsv,
            "parquet" | "pq" => SourceFormat::Parquet,
            "json" | "ndjson" | "jsonl" => SourceFormat::Json,
            "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => SourceFormat::Excel,
            _ => return None,
        })
    }

    /// The lowercase name used in the catalog and the CLI.
    pub fn label(self) -> &'static str {
        match self {
            SourceFormat::Csv => "csv",
            SourceFormat::Tsv => "tsv",
            SourceFormat::Parquet => "parquet",
            SourceFormat::Json => "json",
            SourceFormat::Excel => "excel",
        }
    }
}

/// A resolved import source: the pattern DuckDB reads and the files it matches.
#[derive(Debug, Clone)]
pub struct Source {
    input: String,
    pattern: String,
    files: Vec<PathBuf>,
    pub format: SourceFormat,
}

/// Bytes read from the start of a file to decide whether it is UTF-8.
const ENCODING_PROBE_BYTES: usize = 1 << 20;

impl Source {
    /// Resolves a path, folder or glob; `format` overrides detection by extension.
    pub fn resolve(conn: &Connection, input: &str, format: Option<SourceFormat>) -> Result<Self> {
        let path = Path::new(input);
        let (pattern, files) = if input.contains(['*', '?', '[']) {
            let mut stmt = conn.prepare("SELECT file FROM glob(?) ORDER BY file")?;
            let files = stmt
                .query_map([input], |row| row.get::<_, String>(0))?
                .map(|f| f.map(PathBuf::from))
                .collect::<Result<Vec<_>, _>>()?;
            (input.to_owned(), files)
        } else if path.is_dir() {
            folder_files(path, format)?
        } else {
            match fs::metadata(path) {
                Ok(meta) if meta.len() == 0 => {
                    return Err(EngineError::EmptySource(path.to_path_buf()));
                }
                Ok(_) => (input.to_owned(), vec![path.to_path_buf()]),
                Err(source) => {
                    return Err(EngineError::Io {
                        action: "cannot read",
                        path: path.to_path_buf(),
                        source,
                    });
                }
            }
        };
        let Some(first) = files.first() else {
            return Err(EngineError::NoFilesMatch(input.to_owned()));
        };
        let format = format
            .or_else(|| SourceFormat::from_path(first))
            .ok_or_else(|| EngineError::UnknownFormat(first.clone()))?;
        Ok(Self {
            input: input.to_owned(),
            pattern,
            files,
            format,
        })
    }

    /// What DuckDB's reader is given: a path or a glob.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The source as the user gave it.
    pub fn display(&self) -> String {
        self.input.clone()
    }

    /// The files the source matches, sorted.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// A name to derive the dataset's name from: the file's stem or the folder's name.
    pub fn stem(&self) -> String {
        let path = Path::new(&self.input);
        let base = if self.files.len() == 1 && !path.is_dir() {
            self.files[0].as_path()
        } else if path.is_dir() {
            path
        } else {
            path.parent().unwrap_or(path)
        };
        let name = base
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        name.split('.').next().unwrap_or_default().to_owned()
    }

    /// The one file behind a source that must be a single file (a workbook).
    pub fn single_file(&self) -> Result<&Path> {
        match self.files.as_slice() {
            [one] => Ok(one),
            _ => Err(EngineError::NeedsSingleFile(self.input.clone())),
        }
    }

    /// Whether the first file's first megabyte is not valid UTF-8 (so it is read as Latin-1,
    /// which decodes any byte). Compressed files are left to DuckDB.
    pub fn looks_latin1(&self) -> Result<bool> {
        let Some(first) = self.files.first() else {
            return Ok(false);
        };
        let compressed = first
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz") || e.eq_ignore_ascii_case("zst"));
        if compressed {
            return Ok(false);
        }
        let mut head = Vec::with_capacity(ENCODING_PROBE_BYTES);
        fs::File::open(first)
            .and_then(|f| f.take(ENCODING_PROBE_BYTES as u64).read_to_end(&mut head))
            .map_err(|source| EngineError::Io {
                action: "cannot read",
                path: first.clone(),
                source,
            })?;
        Ok(match std::str::from_utf8(&head) {
            Ok(_) => false,
            // A multi-byte character cut at the probe's end is still UTF-8.
            Err(e) => e.error_len().is_some(),
        })
    }
}

/// The files of one supported format in a folder, as a glob over them.
fn folder_files(dir: &Path, format: Option<SourceFormat>) -> Result<(String, Vec<PathBuf>)> {
    let entries = fs::read_dir(dir).map_err(|source| EngineError::Io {
        action: "cannot list",
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<(PathBuf, SourceFormat)> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter_map(|p| SourceFormat::from_path(&p).map(|f| (p, f)))
        .filter(|(_, f)| format.is_none_or(|wanted| wanted == *f))
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut formats: Vec<&'static str> = files.iter().map(|(_, f)| f.label()).collect();
    formats.dedup();
    if formats.len() > 1 {
        return Err(EngineError::MixedFolder {
            path: dir.to_path_buf(),
            formats: formats.join(", "),
        });
    }
    let Some((first, _)) = files.first() else {
        return Err(EngineError::NoFilesMatch(dir.display().to_string()));
    };
    let extension = first
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.split_once('.'))
        .map(|(_, ext)| ext.to_owned())
        .unwrap_or_default();
    let pattern = dir.join(format!("*.{extension}")).display().to_string();
    Ok((pattern, files.into_iter().map(|(p, _)| p).collect()))
}
