//! Command-line paths to sources: files as given, directories walked in sorted path order.

use super::{InputError, Source};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Extensions of files that are never text. Files found by walking a directory with one of these
/// are skipped without being opened (a site dump is mostly images and PDFs).
const NOT_TEXT_EXTENSIONS: &[&str] = &[
    "7z", "a", "avi", "bin", "bmp", "bz2", "class", "db", "dll", "doc", "docx", "dylib", "eot",
    "epub", "exe", "flac", "gif", "gz", "ico", "jar", "jpeg", "jpg", "m4a", "mkv", "mov", "mp3",
    "mp4", "o", "odt", "ogg", "otf", "pdf", "png", "ppt", "pptx", "pyc", "rar", "so", "sqlite",
    "tar", "tgz", "tif", "tiff", "ttf", "wav", "webm", "webp", "woff", "woff2", "xls", "xlsx",
    "xz", "zip", "zst",
];

/// The reason a walked file is skipped by its name alone, if it is.
pub fn skipped_by_extension(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    NOT_TEXT_EXTENSIONS
        .contains(&ext.as_str())
        .then(|| format!("a .{ext} file"))
}

pub fn expand(inputs: &[PathBuf]) -> Vec<Result<Source, InputError>> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            out.push(Ok(Source::Stdin));
            continue;
        }
        match classify(input) {
            Ok(Kind::Dir) => walk(input, &mut out),
            Ok(Kind::Other) => out.push(Ok(Source::File {
                path: input.clone(),
                explicit: true,
            })),
            Err(e) => out.push(Err(e)),
        }
    }
    out
}

enum Kind {
    Dir,
    Other,
}

/// What `path` is, following symbolic links; a link whose target is missing is an error of its
/// own, so the message says which of the two is missing.
fn classify(path: &Path) -> Result<Kind, InputError> {
    let display = path.display().to_string();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Ok(Kind::Dir),
        Ok(_) => Ok(Kind::Other),
        Err(e) => Err(missing_or_io(path, display, e)),
    }
}

/// Turn an error from following `path` into the most specific `InputError`.
pub fn missing_or_io(path: &Path, display: String, e: std::io::Error) -> InputError {
    if e.kind() == ErrorKind::NotFound {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            InputError::DanglingLink { path: display }
        } else {
            InputError::NotFound { path: display }
        }
    } else {
        InputError::Io {
            path: display,
            source: e,
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Walk `root` depth first, entries of each directory sorted by name, which is sorted path order.
fn walk(root: &Path, out: &mut Vec<Result<Source, InputError>>) {
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // The root was named by the user: walk it even if its own name starts with a dot.
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => {}
            // Fifos, sockets and devices are handed over too, so that `read_document` lists
            // them as skipped (opening a fifo found in a dump would block the run).
            Ok(entry) => out.push(Ok(Source::File {
                path: entry.into_path(),
                explicit: false,
            })),
            Err(err) => out.push(Err(walk_error(root, err))),
        }
    }
}

fn walk_error(root: &Path, err: walkdir::Error) -> InputError {
    let path = err.path().unwrap_or(root).to_path_buf();
    let display = path.display().to_string();
    if err.loop_ancestor().is_some() {
        return InputError::Io {
            path: display,
            source: std::io::Error::other(
                "symbolic link loop (it points to a directory that contains it); skipped",
            ),
        };
    }
    match err.into_io_error() {
        Some(e) => missing_or_io(&path, display, e),
        None => InputError::Io {
            path: display,
            source: std::io::Error::other("cannot walk"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_filter() {
        assert_eq!(
            skipped_by_extension(Path::new("a/fig1.PNG")),
            Some("a .png file".to_owned())
        );
        assert_eq!(skipped_by_extension(Path::new("a/page.html")), None);
        assert_eq!(skipped_by_extension(Path::new("a/README")), None);
    }

    #[test]
    fn stdin_and_missing() {
        let got = expand(&[PathBuf::from("-"), PathBuf::from("/no/such/bitext/input")]);
        assert!(matches!(got[0], Ok(Source::Stdin)));
        assert!(matches!(got[1], Err(InputError::NotFound { .. })));
    }
}
