//! Writing output files so that a failure never leaves half a file behind.

use std::io::Write;
use std::path::Path;

use quarry_export::AtomicFile;

use crate::CliError;

/// Writes `bytes` to a temporary file beside `path` and renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)
        .map_err(|source| CliError::WriteFile {
            path: path.to_path_buf(),
            source,
        })?;
    file.commit()?;
    Ok(())
}
