//! Never touch an input: an output path that is one of the inputs (the same file, however it is
//! spelled or linked) or lies in an input directory that is being read, or that is a directory,
//! is refused before any work is done.

use std::path::{Path, PathBuf};

/// The same file: same device and inode where the platform says so, else the same canonical path.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Why writing `output` would touch one of `inputs`, if it would. `flag` names the output as the
/// user wrote it (`--out`, `--report json=…`).
pub fn refuse_output(output: &Path, flag: &str, inputs: &[PathBuf]) -> Result<(), String> {
    // "--out x.txt", "--report json=x.txt"
    let shown = if flag.ends_with('=') {
        format!("{flag}{}", output.display())
    } else {
        format!("{flag} {}", output.display())
    };
    if output.is_dir() {
        return Err(format!(
            "{shown} is a directory; give a file name (nothing was written)"
        ));
    }
    if !output.exists() {
        return Ok(());
    }
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        if input.is_dir() {
            let inside = match (input.canonicalize(), output.canonicalize()) {
                (Ok(dir), Ok(out)) => out.starts_with(&dir),
                _ => false,
            };
            if inside && !hidden(output) {
                return Err(format!(
                    "{shown} is in {}, which is being read as input; write it elsewhere \
                     (nothing was written)",
                    input.display()
                ));
            }
        } else if same_file(input, output) {
            return Err(format!(
                "{shown} is the input {}; refusing to overwrite an input (nothing was \
                 written)",
                input.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_inputs_links_and_directories() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.txt");
        std::fs::write(&page, "text").unwrap();
        let inputs = vec![page.clone()];
        assert!(refuse_output(&page, "--out", &inputs).is_err());
        // Another spelling of the same file.
        let dotted = dir.path().join(".").join("page.txt");
        assert!(refuse_output(&dotted, "--out", &inputs).is_err());
        #[cfg(unix)]
        {
            let link = dir.path().join("link.txt");
            std::os::unix::fs::symlink(&page, &link).unwrap();
            assert!(refuse_output(&link, "--out", &inputs).is_err());
        }
        assert!(refuse_output(dir.path(), "--out", &inputs)
            .unwrap_err()
            .contains("is a directory"));
        let fresh = dir.path().join("new.jsonl");
        assert!(refuse_output(&fresh, "--out", &inputs).is_ok());
        // An existing file in an input directory would be read as a page.
        let other = dir.path().join("old-report.json");
        std::fs::write(&other, "{}").unwrap();
        let dirs = vec![dir.path().to_owned()];
        assert!(refuse_output(&other, "--report", &dirs).is_err());
        assert!(refuse_output(&fresh, "--report", &dirs).is_ok());
    }
}
