//! Where the app keeps its data, under the operating system's standard directories.

use std::path::PathBuf;

/// The app's directories. `QUARRY_DATA_DIR` overrides the base (tests use a throwaway one).
#[derive(Debug, Clone)]
pub struct AppPaths {
    pub data_dir: PathBuf,
    pub log_dir: PathBuf,
    /// Settings without secrets, e.g. the signed-in accounts' index.
    pub config_dir: PathBuf,
}

impl AppPaths {
    pub fn resolve() -> Self {
        let overridden = std::env::var_os("QUARRY_DATA_DIR").map(PathBuf::from);
        let dirs = directories::ProjectDirs::from("dev", "quarry", "Quarry");
        let data_dir = overridden
            .clone()
            .or_else(|| dirs.as_ref().map(|d| d.data_dir().to_path_buf()))
            .unwrap_or_else(|| std::env::temp_dir().join("quarry"));
        let config_dir = match (&overridden, &dirs) {
            (Some(base), _) => base.join("config"),
            (None, Some(d)) => d.config_dir().to_path_buf(),
            (None, None) => data_dir.join("config"),
        };
        Self {
            log_dir: data_dir.join("logs"),
            config_dir,
            data_dir,
        }
    }

    /// The workspace opened when the user has not chosen one: the bundled sample.
    pub fn sample_workspace(&self) -> PathBuf {
        self.data_dir.join("workspaces").join("sample")
    }
}
