//! Where the app keeps its data, under the operating system's standard directories.

use std::path::PathBuf;

/// The app's directories. `QUARRY_DATA_DIR` overrides the base (tests use a throwaway one).
#[derive(Debug, Clone)]
pub struct AppPaths {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
}

impl AppPaths {
    pub fn resolve() -> Self {
        let data_dir = std::env::var_os("QUARRY_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("dev", "quarry", "Quarry")
                    .map(|dirs| dirs.data_dir().to_path_buf())
            })
            .unwrap_or_else(|| std::env::temp_dir().join("quarry"));
        Self {
            log_dir: data_dir.join("logs"),
            data_dir,
        }
    }

    /// The workspace opened when the user has not chosen one: the bundled sample.
    pub fn sample_workspace(&self) -> PathBuf {
        self.data_dir.join("workspaces").join("sample")
    }
}
