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
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(path);
        } else {
            let _ = std::fs::remove_file(path);
        }
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

/// A folder being written: a hidden temporary folder beside the target until
/// [`AtomicDir::commit`] renames it into place. Dropped without commit, it is removed and the
/// target is untouched.
pub struct AtomicDir {
    target: PathBuf,
    /// Taken by [`AtomicDir::commit`].
    tmp: Option<tempfile::TempDir>,
}

/// The file that marks a folder as one bitext wrote, so that replacing it never removes a
/// folder of the user's.
pub const FOLDER_MARK: &str = ".bitext-report";

impl AtomicDir {
    /// Refuses a target that is a folder bitext did not write: replacing it would remove the
    /// user's files.
    pub fn create(target: &Path) -> std::io::Result<AtomicDir> {
        if target.is_dir() && !replaceable(target) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!(
                    "{} is a folder that holds other files than a bitext report; give a new \
                     name or remove it",
                    target.display()
                ),
            ));
        }
        let dir = parent_of(target);
        let tmp = tempfile::Builder::new()
            .prefix(".bitext-")
            .suffix(".tmp")
            .tempdir_in(dir)?;
        pending().push(tmp.path().to_owned());
        std::fs::write(tmp.path().join(FOLDER_MARK), b"written by bitext\n")?;
        Ok(AtomicDir {
            target: target.to_owned(),
            tmp: Some(tmp),
        })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        match &self.tmp {
            Some(tmp) => tmp.path(),
            None => unreachable!("the folder is taken only by commit, which consumes self"),
        }
    }

    /// Put the written folder in place of the target. A folder (or file) already there is moved
    /// aside first and removed after: the target is the old report or the new one, never a mix.
    pub fn commit(mut self) -> std::io::Result<()> {
        let Some(tmp) = self.tmp.take() else {
            return Ok(());
        };
        let written = tmp.path().to_owned();
        let result = (|| {
            set_folder_permissions(&written)?;
            let old = match std::fs::symlink_metadata(&self.target) {
                Ok(_) => {
                    let aside = tempfile::Builder::new()
                        .prefix(".bitext-old-")
                        .tempdir_in(parent_of(&self.target))?
                        .keep();
                    // The placeholder folder is replaced by the old report.
                    std::fs::remove_dir(&aside)?;
                    std::fs::rename(&self.target, &aside)?;
                    Some(aside)
                }
                Err(_) => None,
            };
            let kept = tmp.keep();
            if let Err(e) = std::fs::rename(&kept, &self.target) {
                if let Some(old) = &old {
                    let _ = std::fs::rename(old, &self.target);
                }
                let _ = std::fs::remove_dir_all(&kept);
                return Err(e);
            }
            if let Some(old) = old {
                if old.is_dir() {
                    std::fs::remove_dir_all(&old)?;
                } else {
                    std::fs::remove_file(&old)?;
                }
            }
            Ok(())
        })();
        forget(&written);
        result
    }
}

impl Drop for AtomicDir {
    fn drop(&mut self) {
        if let Some(tmp) = &self.tmp {
            forget(tmp.path());
        }
    }
}

/// A folder bitext may replace: empty, or one it wrote.
fn replaceable(dir: &Path) -> bool {
    dir.join(FOLDER_MARK).is_file()
        || std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

fn parent_of(target: &Path) -> &Path {
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Temporary folders are private (0700); a report folder is readable like a file of its own.
#[cfg(unix)]
fn set_folder_permissions(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
}

#[cfg(not(unix))]
fn set_folder_permissions(_dir: &Path) -> std::io::Result<()> {
    Ok(())
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

    #[test]
    fn folders_replace_a_report_but_never_a_folder_of_the_users() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("report");
        let first = AtomicDir::create(&target).unwrap();
        std::fs::write(first.path().join("index.html"), "one").unwrap();
        first.commit().unwrap();
        let second = AtomicDir::create(&target).unwrap();
        std::fs::write(second.path().join("index.html"), "two").unwrap();
        // Not committed yet: the first report is whole.
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "one"
        );
        second.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "two"
        );
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["report"]);
        // Dropped without commit: nothing is left behind.
        drop(AtomicDir::create(&target).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let users = dir.path().join("mine");
        std::fs::create_dir(&users).unwrap();
        std::fs::write(users.join("notes.txt"), "keep").unwrap();
        assert!(AtomicDir::create(&users).is_err());
    }
}
