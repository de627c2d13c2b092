//! Reading inputs from disk: encodings, HTML, bad input, directory walks, JSONL, paired files.
//! Every fixture is written into a temp dir here, so the tests say exactly what they read.

use bitext::input::{
    expand, open_jsonl, read_document, read_paired, read_paired_sentences, Document, InputError,
    JsonlReader, Layout, Source,
};
use bitext::text::Position;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const EN: &str = "BACKGROUND: Addressing socioeconomic inequalities in health requires integrated strategy.\nRESULTS: Interviews (n = 14) with 75 documents.";
const ZH: &str =
    "背景：解决健康方面的社会经济不平等问题需要综合战略。\n结果：访谈（n=14），75份文件。";

fn page_text() -> String {
    format!("Abstract:\n{EN}\n摘要:\n{ZH}\n")
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

fn read(path: &Path) -> Result<Document, InputError> {
    read_document(&Source::File {
        path: path.to_owned(),
        explicit: true,
    })
}

/// Source index and position of the first occurrence of `needle` in the working text.
fn locate(doc: &Document, needle: &str) -> (usize, Position) {
    let at = doc
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", doc.text));
    doc.locator.locate(at)
}

fn pos(line: usize, column: usize) -> Position {
    Position { line, column }
}

#[test]
fn gb18030_page_decodes() {
    let dir = tempfile::tempdir().unwrap();
    let text = page_text();
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture must not be UTF-8"
    );
    let doc = read(&write(dir.path(), "gb.txt", &bytes)).unwrap();
    assert_eq!(doc.text, page_text());
    assert_eq!(locate(&doc, "75份"), (0, pos(6, 13)));
}

#[test]
fn gbk_html_with_meta_charset() {
    let dir = tempfile::tempdir().unwrap();
    let html = format!(
        "<!DOCTYPE html>\n<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>\n<body><p>{ZH}</p></body></html>\n"
    );
    let (bytes, _, _) = encoding_rs::GBK.encode(&html);
    let doc = read(&write(dir.path(), "page.htm", &bytes)).unwrap();
    assert!(
        doc.text.contains("结果：访谈（n=14），75份文件。"),
        "{:?}",
        doc.text
    );
}

#[test]
fn utf16_with_bom() {
    let dir = tempfile::tempdir().unwrap();
    for (name, little) in [("le.txt", true), ("be.txt", false)] {
        let mut bytes = if little {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in page_text().encode_utf16() {
            bytes.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        let doc = read(&write(dir.path(), name, &bytes)).unwrap();
        assert_eq!(doc.text, page_text(), "{name}");
    }
}

#[test]
fn crlf_page_keeps_lines() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = page_text().replace('\n', "\r\n");
    let doc = read(&write(dir.path(), "crlf.txt", &crlf)).unwrap();
    assert_eq!(doc.text, crlf);
    assert_eq!(locate(&doc, "75 documents"), (0, pos(3, 35)));
    assert_eq!(locate(&doc, "结果"), (0, pos(6, 1)));
}

#[test]
fn html_positions_point_into_the_markup() {
    let dir = tempfile::tempdir().unwrap();
    let html = "<!DOCTYPE html>\n<html>\n<head><title>A case study</title>\n<script>var t = '<p>75</p>';</script></head>\n<body><nav><a href=/>Home</a></nav>\n<div class=\"abstract\"><p>RESULTS: Interviews (n&nbsp;=&nbsp;14) with\n    <b>75</b> documents.</p>\n<p>结果：访谈（n=14），75份文件。</p></div>\n<footer>Copyright</footer></body></html>\n";
    let doc = read(&write(dir.path(), "page.html", html)).unwrap();
    assert_eq!(
        doc.text,
        "A case study\nRESULTS: Interviews (n\u{a0}=\u{a0}14) with 75 documents.\n结果：访谈（n=14），75份文件。\n"
    );
    assert_eq!(locate(&doc, "75 documents"), (0, pos(7, 8)));
    assert_eq!(locate(&doc, "RESULTS"), (0, pos(6, 26)));
    assert_eq!(locate(&doc, "14) with"), (0, pos(6, 61)));
    assert_eq!(locate(&doc, "75份"), (0, pos(8, 16)));
    assert_eq!(locate(&doc, "case"), (0, pos(3, 16)));
}

#[test]
fn html_is_sniffed_without_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let doc = read(&write(
        dir.path(),
        "saved",
        "\n<!doctype HTML><p>One</p><p>Two</p>",
    ))
    .unwrap();
    assert_eq!(doc.text, "One\nTwo\n");
}

#[test]
fn twenty_thousand_nested_divs() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let html = format!(
        "<html><body>{}<p>deep text 42</p>{}</body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let path = write(dir.path(), "deep.html", html);
    let started = Instant::now();
    let doc = read(&path).unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(doc.text, "deep text 42\n");
    assert_eq!(locate(&doc, "42").1.column, 12 + 5 * n + 3 + 11);
}

#[test]
fn four_megabytes_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "Interviews (n = 14) with wide representation from local authority. ";
    let line: String = sentence.repeat(4 * 1024 * 1024 / sentence.len() + 1);
    let text_path = write(dir.path(), "long.txt", format!("{line}END"));
    let html_path = write(dir.path(), "long.html", format!("<p>{line}END</p>"));
    let started = Instant::now();
    let doc = read(&text_path).unwrap();
    assert_eq!(locate(&doc, "END"), (0, pos(1, line.len() + 1)));
    let doc = read(&html_path).unwrap();
    assert_eq!(locate(&doc, "END"), (0, pos(1, line.len() + 4)));
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn empty_file_is_an_empty_document() {
    let dir = tempfile::tempdir().unwrap();
    let doc = read(&write(dir.path(), "empty.txt", "")).unwrap();
    assert_eq!((doc.text.as_str(), &doc.layout), ("", &Layout::Page));
    assert_eq!(doc.locator.position(0), pos(1, 1));
}

/// Deterministic noise (xorshift), so a failure can be reproduced.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn random_bytes_are_not_text() {
    let dir = tempfile::tempdir().unwrap();
    for (i, len) in [64, 300, 4096, 100_000].into_iter().enumerate() {
        let mut bytes = noise(len, 0x9E37_79B9_7F4A_7C15 + i as u64);
        let with_nul = read(&write(dir.path(), &format!("r{i}.bin.txt"), &bytes));
        assert!(
            matches!(with_nul, Err(InputError::NotText { .. })),
            "{len}: {with_nul:?}"
        );
        // Even without NUL bytes, noise is refused, not decoded into mojibake.
        bytes.retain(|&b| b != 0);
        let err = read(&write(dir.path(), &format!("r{i}.txt"), &bytes)).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(&format!("r{i}.txt")) && message.contains("not a text file"),
            "{message}"
        );
    }
}

#[test]
fn latin1_text_is_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = b"R\xE9sum\xE9: une \xE9tude qualitative men\xE9e \xE0 la Caf\xE9 de la Gare.\nLes r\xE9sultats sont pr\xE9sent\xE9s ci-dessous.\n";
    let doc = read(&write(dir.path(), "latin1.txt", latin1)).unwrap();
    assert!(doc.text.starts_with("Résumé: une étude"), "{:?}", doc.text);
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_an_error_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", "text");
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), &link).unwrap();
    let got = expand(&[good.clone(), link.clone(), dir.path().join("missing.txt")]);
    assert!(matches!(&got[0], Ok(Source::File { path, explicit: true }) if *path == good));
    match &got[1] {
        Err(e @ InputError::DanglingLink { path }) => {
            assert_eq!(*path, link.display().to_string());
            assert!(e.to_string().contains("dangling symbolic link"));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(&got[2], Err(InputError::NotFound { .. })));
    // Found while walking, a dangling link is an error too (not silently dropped).
    let walked = expand(&[dir.path().to_owned()]);
    assert!(walked.iter().any(
        |r| matches!(r, Err(InputError::DanglingLink { path }) if path.ends_with("link.txt"))
    ));
    // And reading it directly says the same.
    assert!(matches!(read(&link), Err(InputError::DanglingLink { .. })));
}

fn walked(inputs: &[PathBuf], root: &Path) -> Vec<String> {
    expand(inputs)
        .into_iter()
        .map(|r| match r {
            Ok(Source::File { path, explicit }) => {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                if explicit {
                    rel
                } else {
                    format!("~{rel}")
                }
            }
            Ok(Source::Stdin) => "-".to_owned(),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

#[test]
fn directory_walk_is_sorted_and_skips_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for name in [
        "b.txt",
        "a/2.txt",
        "a/10.txt",
        "c/d/e.html",
        ".hidden.txt",
        ".git/config",
        "a/.cache/x.txt",
        "B.txt",
    ] {
        write(root, name, "x");
    }
    let got = walked(&[root.join("c"), root.to_owned(), PathBuf::from("-")], root);
    assert_eq!(
        got,
        [
            "~c/d/e.html",
            "~B.txt",
            "~a/10.txt",
            "~a/2.txt",
            "~b.txt",
            "~c/d/e.html",
            "-"
        ]
    );
    // A hidden file named on the command line is read: the user asked for it.
    assert_eq!(walked(&[root.join(".hidden.txt")], root), [".hidden.txt"]);
}

#[test]
fn binary_files_in_a_directory_are_skipped_not_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", page_text());
    write(dir.path(), "b.dat", noise(2000, 7));
    write(dir.path(), "fig.png", b"\x89PNG\r\n\x1a\n");
    write(
        dir.path(),
        "paper.pdf",
        "%PDF-1.7 no NUL needed: the name is enough",
    );
    let mut docs = 0;
    let mut skipped = Vec::new();
    for source in expand(&[dir.path().to_owned()]) {
        let source = source.unwrap();
        assert!(matches!(
            source,
            Source::File {
                explicit: false,
                ..
            }
        ));
        match read_document(&source) {
            Ok(_) => docs += 1,
            Err(e) if e.is_not_text() => skipped.push(e.to_string()),
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(docs, 1);
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert!(skipped[0].contains("b.dat"), "{skipped:?}");
    assert!(
        skipped[1].contains("fig.png") && skipped[1].contains("a .png file"),
        "{skipped:?}"
    );
}

#[cfg(unix)]
#[test]
fn unreadable_directory_is_an_error_in_order() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "x");
    write(dir.path(), "locked/b.txt", "x");
    write(dir.path(), "z.txt", "x");
    let locked = dir.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root_can_read = std::fs::read_dir(&locked).is_ok();
    let got = walked(&[dir.path().to_owned()], dir.path());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if root_can_read {
        // Running as root: permissions do not stop us, so there is nothing to test.
        return;
    }
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!((got[0].as_str(), got[2].as_str()), ("~a.txt", "~z.txt"));
    assert!(
        got[1].starts_with("error: ") && got[1].contains("locked"),
        "{got:?}"
    );
}

#[test]
fn jsonl_opened_by_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "r.jsonl", JSONL);
    assert_eq!(open_jsonl(&path).unwrap().count(), 5);
    assert!(matches!(
        open_jsonl(&dir.path().join("none.jsonl")),
        Err(InputError::NotFound { .. })
    ));
    assert!(matches!(
        open_jsonl(dir.path()),
        Err(InputError::IsDirectory { .. })
    ));
}

#[test]
fn a_directory_given_as_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = read(dir.path()).unwrap_err();
    assert!(matches!(err, InputError::IsDirectory { .. }));
    let err = read_paired(dir.path(), dir.path()).unwrap_err();
    assert!(matches!(err, InputError::IsDirectory { .. }));
}

#[test]
fn inputs_are_not_modified() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = page_text().replace('\n', "\r\n") + "old mac\rline";
    let path = write(dir.path(), "p.txt", &crlf);
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let doc = read(&path).unwrap();
    assert!(doc.text.ends_with("old mac\nline"));
    assert_eq!(std::fs::read(&path).unwrap(), crlf.as_bytes());
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
}

const JSONL: &str = concat!(
    "{\"id\": \"s1\", \"en\": \"One. Two 14.\", \"zh\": \"一。二14。\"}\n",
    "{\"id\": \"a1\", \"en\": [\"One.\", \"Two 14.\"], \"zh\": [\"一。\", \"二14。\"]}\n",
    "{\"id\": \"bad\", \"en\": \"unterminated\n",
    "\n",
    "{\"page\": \"Abstract:\\nRESULTS: 75 documents.\\n摘要:\\n结果：75份文件。\"}\n",
    "{\"id\": \"gold-1\", \"en_sentences\": [\"A.\"], \"zh_sentences\": [\"甲。\"], \"gold\": [[[0], [0]]], \"meta\": {}}\n",
);

#[test]
fn jsonl_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "in.jsonl", JSONL);
    let name = path.display().to_string();
    let file = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
    let got: Vec<_> = JsonlReader::new(file, name.clone()).collect();
    assert_eq!(got.len(), 5);

    let s1 = got[0].as_ref().unwrap();
    assert_eq!(
        (s1.path.clone(), s1.id.as_deref()),
        (format!("{name}#s1"), Some("s1"))
    );
    let Layout::Paired {
        zh,
        sentences: None,
        ..
    } = &s1.layout
    else {
        panic!("{:?}", s1.layout)
    };
    assert_eq!(&s1.text[zh.clone()], "一。二14。");

    let a1 = got[1].as_ref().unwrap();
    let Layout::Paired {
        sentences: Some(s), ..
    } = &a1.layout
    else {
        panic!("{:?}", a1.layout)
    };
    assert_eq!(&a1.text[s.zh[1].clone()], "二14。");
    // Sentence i is on line i + 1 of its side, as `en_lines`/`zh_lines` require.
    assert_eq!(a1.locator.locate(s.en[1].start), (0, pos(2, 1)));
    assert_eq!(
        a1.locator.locate(s.zh[1].start + "二".len()),
        (1, pos(2, 2))
    );

    match &got[2] {
        Err(e @ InputError::Record { line: 3, .. }) => assert!(e.to_string().contains("line 3")),
        other => panic!("{other:?}"),
    }

    let page = got[3].as_ref().unwrap();
    assert_eq!(
        (page.path.clone(), page.id.clone(), &page.layout),
        (format!("{name}#5"), None, &Layout::Page)
    );
    assert_eq!(locate(page, "75份"), (0, pos(4, 4)));

    let gold = got[4].as_ref().unwrap();
    assert!(
        matches!(&gold.layout, Layout::Paired { sentences: Some(s), .. } if s.en.len() == 1 && s.zh.len() == 1)
    );
}

/// A reader that hands out one chunk per read and counts them, to prove the JSONL reader yields a
/// record before it asks for the next line (it must work as a filter under a pipe).
struct Chunks {
    chunks: std::collections::VecDeque<Vec<u8>>,
    served: std::rc::Rc<std::cell::Cell<usize>>,
    current: Vec<u8>,
    pos: usize,
}

impl std::io::Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Chunks {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos == self.current.len() {
            if let Some(next) = self.chunks.pop_front() {
                self.served.set(self.served.get() + 1);
                self.current = next;
                self.pos = 0;
            }
        }
        Ok(&self.current[self.pos..])
    }

    fn consume(&mut self, n: usize) {
        self.pos += n;
    }
}

#[test]
fn jsonl_streams_one_record_at_a_time() {
    let served = std::rc::Rc::new(std::cell::Cell::new(0));
    let lines: Vec<Vec<u8>> = JSONL
        .lines()
        .map(|l| format!("{l}\n").into_bytes())
        .collect();
    let reader = Chunks {
        chunks: lines.into(),
        served: served.clone(),
        current: Vec::new(),
        pos: 0,
    };
    let mut records = JsonlReader::new(reader, "-");
    assert!(records.next().unwrap().is_ok());
    assert_eq!(served.get(), 1, "read past the first record");
    assert!(records.next().unwrap().is_ok());
    assert_eq!(served.get(), 2);
    assert!(records.next().unwrap().is_err());
    assert_eq!(served.get(), 3);
    // The blank line is skipped: the page record is the next item, read on the fifth chunk.
    assert_eq!(records.next().unwrap().unwrap().path, "-#5");
    assert_eq!(served.get(), 5);
}

#[test]
fn paired_files() {
    let dir = tempfile::tempdir().unwrap();
    let en = write(dir.path(), "a.en.txt", EN);
    let (gb, _, _) = encoding_rs::GB18030.encode(ZH);
    let zh = write(dir.path(), "a.zh.txt", &gb);
    let doc = read_paired(&en, &zh).unwrap();
    assert_eq!(doc.path, en.display().to_string());
    let Layout::Paired {
        en: en_range,
        zh: zh_range,
        sentences: None,
    } = &doc.layout
    else {
        panic!()
    };
    assert_eq!(&doc.text[en_range.clone()], EN);
    assert_eq!(&doc.text[zh_range.clone()], ZH);
    assert_eq!(locate(&doc, "75份"), (1, pos(2, 13)));
}

#[test]
fn paired_sentences_per_line_count_blank_lines() {
    let dir = tempfile::tempdir().unwrap();
    let en = write(
        dir.path(),
        "s.en",
        "First sentence.\n\nSecond sentence.\r\n  \nThird.\n",
    );
    let zh = write(dir.path(), "s.zh", "第一句。\n第二句。\n\n第三句。");
    let doc = read_paired_sentences(&en, &zh).unwrap();
    let Layout::Paired {
        sentences: Some(s), ..
    } = &doc.layout
    else {
        panic!("{:?}", doc.layout)
    };
    let en_lines: Vec<_> = s.en.iter().map(|r| doc.locator.locate(r.start)).collect();
    assert_eq!(en_lines, [(0, pos(1, 1)), (0, pos(3, 1)), (0, pos(5, 1))]);
    let zh_lines: Vec<_> =
        s.zh.iter()
            .map(|r| doc.locator.locate(r.start).1.line)
            .collect();
    assert_eq!(zh_lines, [1, 2, 4]);
    assert_eq!(&doc.text[s.en[1].clone()], "Second sentence.");
    assert_eq!(&doc.text[s.zh[2].clone()], "第三句。");
}
