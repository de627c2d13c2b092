//! Output files that appear whole or not at all: written to a temporary file in the same
//! directory, then renamed over the target (a rename within a file system is atomic).

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A file being written: a hidden temporary file beside the target until [`AtomicFile::commit`]
/// renames it into place. Dropped without commit, it is removed and the target is untouched.
pub struct AtomicFile {
    target: std::path::PathBuf,
    /// Taken by [`AtomicFile::commit`].
    tmp: Option<tempfile::NamedTempFile>,
}

/// Temporary files not yet renamed into place, for [`remove_pending`] to remove when the run is
/// interrupted (a signal does not run destructors).
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Remove the temporary files of outputs not yet in place: call it from a signal handler before
/// the process exits, so an interrupted run leaves nothing behind.
pub fn remove_pending() {
    for path in pending().drain(..) {
        let _ = std::fs::remove_file(path);
    }
}

fn forget(path: &Path) {
    pending().retain(|p| p != path);
}

impl AtomicFile {
    pub fn create(target: &Path) -> std::io::Result<AtomicFile> {
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        // Hidden name, so a temp file left by a killed run does not look like output.
        let tmp = tempfile::Builder::new()
            .prefix(".bitext-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        pending().push(tmp.path().to_owned());
        Ok(AtomicFile {
            target: target.to_owned(),
            tmp: Some(tmp),
        })
    }

    /// The file to write to.
    pub fn file(&self) -> &std::fs::File {
        match &self.tmp {
            Some(tmp) => tmp.as_file(),
            None => unreachable!("the file is taken only by commit, which consumes self"),
        }
    }

    /// Put the written file in place of the target.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(tmp) = self.tmp.take() else {
            return Ok(());
        };
        let path = tmp.path().to_owned();
        let result = (|| {
            keep_permissions(&self.target, tmp.as_file())?;
            tmp.as_file().sync_all()?;
            tmp.persist(&self.target).map_err(|e| e.error)?;
            Ok(())
        })();
        forget(&path);
        result
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Not committed: the temp file goes (NamedTempFile removes it), and so does its entry.
        if let Some(tmp) = &self.tmp {
            forget(tmp.path());
        }
    }
}

/// Write `path` through `write`. If `write` fails or the process dies midway, `path` is left as
/// it was (absent, or its old content), never half written.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let file = AtomicFile::create(path)?;
    {
        let mut out = BufWriter::new(file.file());
        write(&mut out)?;
        out.flush()?;
    }
    file.commit()
}

/// Temp files are created private (0600); a report replaced in place keeps the target's mode, a
/// new one gets 0644, what `File::create` gives under the usual umask.
#[cfg(unix)]
fn keep_permissions(path: &Path, file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode())
        .unwrap_or(0o644);
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn keep_permissions(_path: &Path, _file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        write_atomically(&target, |w| w.write_all(b"one\n")).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"one\n");
        let failed = write_atomically(&target, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("interrupted"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"one\n");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.jsonl"]);
    }
}
