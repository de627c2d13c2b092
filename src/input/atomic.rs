//! Output files that appear whole or not at all: written to a temporary file in the same
//! directory, then renamed over the target (a rename within a file system is atomic).

use std::io::{BufWriter, Write};
use std::path::Path;

/// A file being written: a hidden temporary file beside the target until [`AtomicFile::commit`]
/// renames it into place. Dropped without commit, it is removed and the target is untouched.
pub struct AtomicFile {
    target: std::path::PathBuf,
    tmp: tempfile::NamedTempFile,
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
        Ok(AtomicFile {
            target: target.to_owned(),
            tmp,
        })
    }

    /// The file to write to.
    pub fn file(&self) -> &std::fs::File {
        self.tmp.as_file()
    }

    /// Put the written file in place of the target.
    pub fn commit(self) -> std::io::Result<()> {
        keep_permissions(&self.target, self.tmp.as_file())?;
        self.tmp.as_file().sync_all()?;
        self.tmp.persist(&self.target).map_err(|e| e.error)?;
        Ok(())
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
