//! Atomic file output: every export is written to a hidden temporary file in the target's
//! folder and renamed over the target only when complete. Dropped before [`AtomicFile::commit`]
//! (an error, a cancel, a panic), it leaves nothing behind and an existing target untouched.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::ExportError;

/// A file being written, renamed into place by [`AtomicFile::commit`].
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    temp: NamedTempFile,
}

impl AtomicFile {
    /// Creates `.<name>.<random>.part` next to `path`; fails at once when the folder cannot be
    /// written to.
    pub fn create(path: &Path) -> Result<Self, ExportError> {
        let dir = target_dir(path);
        let name = path
            .file_name()
            .ok_or_else(|| {
                ExportError::Unsupported(format!("{} is not a file name", path.display()))
            })?
            .to_string_lossy();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".part");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Like a normally created file: 0666 less the umask, not tempfile's 0600.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder
            .tempfile_in(&dir)
            .map_err(|source| ExportError::Create { dir, source })?;
        Ok(Self {
            path: path.to_path_buf(),
            temp,
        })
    }

    /// The target path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary file's path, for writers that need a path (e.g. a database's `COPY TO`).
    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    /// The open temporary file.
    pub fn file(&self) -> &File {
        self.temp.as_file()
    }

    /// Flushes to disk and renames over the target.
    pub fn commit(self) -> Result<(), ExportError> {
        let path = self.path;
        let fail = |e: io::Error| ExportError::Write {
            path: path.clone(),
            message: e.to_string(),
        };
        self.temp.as_file().sync_all().map_err(fail)?;
        self.temp.persist(&path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.as_file_mut().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.temp.as_file_mut().flush()
    }
}

/// The folder a target lives in (`.` for a bare file name).
pub(crate) fn target_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
