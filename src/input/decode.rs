//! Bytes to text: BOM, then valid UTF-8, then an HTML `<meta charset>`, then UTF-8 with a few
//! broken bytes, then a real detector (chardetng). Binary data is refused rather than decoded into
//! mojibake.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
}

/// How many bytes the HTML spec's prescan looks at for a `<meta charset>`.
const META_PRESCAN: usize = 1024;

/// Share of control characters (in per mille) above which data is binary. Real text has none
/// besides tab, line breaks, form feed and the odd escape; random bytes have about 12 %.
const MAX_CONTROL_PER_MILLE: usize = 10;

/// Share of replacement characters (per mille) after a legacy decode above which the bytes were
/// not text in the guessed encoding either.
const MAX_REPLACEMENT_PER_MILLE: usize = 20;

/// Decode `bytes`. `html` says the input is known (by its name) to be HTML; content is sniffed too.
/// The error is the reason the bytes are not text.
pub fn decode(bytes: &[u8], html: bool) -> Result<Decoded, String> {
    if bytes.is_empty() {
        return Ok(Decoded {
            text: String::new(),
            encoding: UTF_8,
        });
    }
    // A BOM is the strongest evidence there is; UTF-16 is full of NUL bytes, so the binary test
    // must come after it and look at characters, not bytes.
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        let text = text.into_owned();
        check_decoded(&text, had_errors)?;
        return Ok(Decoded {
            text: fix_lone_cr(text),
            encoding,
        });
    }
    if let Some(reason) = magic(bytes) {
        return Err(reason.to_owned());
    }
    if bytes.contains(&0) {
        return Err("contains NUL bytes".to_owned());
    }
    if control_per_mille(bytes) > MAX_CONTROL_PER_MILLE {
        return Err("binary data".to_owned());
    }
    // Valid UTF-8 with non-ASCII text is UTF-8 whatever a page declares: legacy bytes are almost
    // never valid UTF-8 by chance, while scraped pages re-encoded to UTF-8 often keep their old
    // `<meta charset=gbk>`. So the declaration only decides for bytes that are not UTF-8.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: fix_lone_cr(text.to_owned()),
            encoding: UTF_8,
        });
    }
    if html || sniff_html_bytes(bytes) {
        if let Some(encoding) = meta_charset(&bytes[..bytes.len().min(META_PRESCAN)]) {
            // A page that declares UTF-8 but is not valid UTF-8 lies about itself (or has a
            // few broken bytes): let the checks below decide. Other declarations are taken at
            // their word, as browsers do.
            if encoding != UTF_8 {
                let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
                let text = text.into_owned();
                check_decoded(&text, had_errors)?;
                return Ok(Decoded {
                    text: fix_lone_cr(text),
                    encoding,
                });
            }
        }
    }
    if let Some(text) = mostly_utf8(bytes) {
        return Ok(Decoded {
            text: fix_lone_cr(text),
            encoding: UTF_8,
        });
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = prefer_gb18030(detector.guess(None, Utf8Detection::Deny), bytes);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let text = text.into_owned();
    check_decoded(&text, had_errors)?;
    Ok(Decoded {
        text: fix_lone_cr(text),
        encoding,
    })
}

/// Our pages are English and Chinese. With only a few non-ASCII characters (an English page in
/// GB18030 with `α`, `Ø` and curly quotes) chardetng may guess KOI8-U or windows-1250; when the
/// bytes are valid GB18030 that is the likelier reading. Western (windows-1252) and the CJK
/// guesses are kept: Latin-1 pages exist, and Big5 is traditional Chinese.
fn prefer_gb18030(guess: &'static Encoding, bytes: &[u8]) -> &'static Encoding {
    let keep = guess == WINDOWS_1252 || !guess.is_single_byte();
    if keep {
        return guess;
    }
    let (_, had_errors) = GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        guess
    } else {
        GB18030
    }
}

/// UTF-8 with a few broken sequences (a file cut mid-character, one stray byte in a scraped page)
/// is still UTF-8: a detector would read the whole page as GBK or windows-1252 and garble every
/// Chinese character to save one. GBK or Latin-1 read as UTF-8 gives about as many broken
/// sequences as non-ASCII characters, so the ratio tells them apart.
fn mostly_utf8(bytes: &[u8]) -> Option<String> {
    let (text, _) = UTF_8.decode_without_bom_handling(bytes);
    let mut broken = 0usize;
    let mut multibyte = 0usize;
    for c in text.chars() {
        if c == '\u{FFFD}' {
            broken += 1;
        } else if !c.is_ascii() {
            multibyte += 1;
        }
    }
    (multibyte >= 20 * broken.max(1)).then(|| text.into_owned())
}

/// Formats that are obviously not text, by their first bytes, named so the message says what the
/// file is.
fn magic(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF file"),
        (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/EPUB)"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x1F\x8B", "gzip-compressed data"),
        (b"\x7FELF", "an executable"),
        (b"\xD0\xCF\x11\xE0", "an old Microsoft Office file"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"BZh", "bzip2-compressed data"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, name)| *name)
}

/// Control bytes that do not occur in text, per mille of `bytes` (at least one in a short input).
fn control_per_mille(bytes: &[u8]) -> usize {
    let controls = bytes
        .iter()
        .filter(|&&b| is_binary_control(b as u32))
        .count();
    controls * 1000 / bytes.len().max(1)
}

fn is_binary_control(c: u32) -> bool {
    // Tab, LF, VT, FF, CR and ESC (coloured logs) are fine in text.
    (c < 0x20 && !matches!(c, 0x09..=0x0D | 0x1B)) || c == 0x7F
}

/// After decoding with a guessed or declared encoding: refuse what still looks like binary data.
fn check_decoded(text: &str, had_errors: bool) -> Result<(), String> {
    let mut chars = 0usize;
    let mut replacements = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\u{FFFD}' {
            replacements += 1;
        } else if is_binary_control(c as u32) || ('\u{80}'..='\u{9F}').contains(&c) {
            controls += 1;
        }
    }
    let chars = chars.max(1);
    if text.contains('\0') {
        return Err("contains NUL characters".to_owned());
    }
    if controls * 1000 / chars > MAX_CONTROL_PER_MILLE {
        return Err("binary data".to_owned());
    }
    if had_errors && replacements * 1000 / chars > MAX_REPLACEMENT_PER_MILLE {
        return Err("binary data (not valid in any text encoding tried)".to_owned());
    }
    Ok(())
}

/// Old Mac line ends (a lone `\r`) become `\n`, byte for byte, so offsets stay valid; CRLF is kept
/// because `LineIndex` counts it as one line break.
/// Lone carriage returns (old Mac line ends) become line feeds, so every route reads lines alike.
pub fn fix_lone_cr(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Replacing one ASCII byte by another keeps the text valid UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Whether the bytes start like an HTML document (after whitespace and comments).
pub fn sniff_html_bytes(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(META_PRESCAN)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if !head.starts_with(b"<") {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        // A comment (e.g. "saved from url") or an XML declaration may come first.
        || ((lower.starts_with(b"<!--") || lower.starts_with(b"<?xml"))
            && (find(&lower, b"<html").is_some() || find(&lower, b"<!doctype html").is_some()))
}

/// Whether decoded text starts like an HTML document.
pub fn sniff_html(text: &str) -> bool {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let end = crate::text::floor_char_boundary(text, META_PRESCAN);
    sniff_html_bytes(&text.as_bytes()[..end])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The encoding declared by `<meta charset=X>` or `<meta http-equiv content="...; charset=X">`
/// in `head` (already cut to the prescan length).
pub fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let tag_start = from + at + 5;
        let tag_end = lower[tag_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| tag_start + e);
        let tag = &lower[tag_start..tag_end];
        if let Some(label) = charset_in(tag) {
            if let Some(encoding) = Encoding::for_label(label) {
                // The spec: a page that says UTF-16 in ASCII-compatible bytes is not UTF-16;
                // x-user-defined is windows-1252 for our purposes.
                return Some(if encoding == UTF_16LE || encoding == UTF_16BE {
                    UTF_8
                } else if encoding.name() == "x-user-defined" {
                    WINDOWS_1252
                } else {
                    encoding
                });
            }
        }
        from = tag_end;
    }
    None
}

/// The value after `charset` `=` in a tag's (lower-cased) attribute text.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")?;
    let rest = &tag[at + 7..];
    let rest = trim_start(rest);
    let rest = trim_start(rest.strip_prefix(b"=")?);
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let end = rest
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
        .unwrap_or(rest.len());
    (end > 0).then_some(&rest[..end])
}

fn trim_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_as_is_and_empty() {
        assert_eq!(
            decode("摘要: 背景".as_bytes(), false).unwrap().text,
            "摘要: 背景"
        );
        assert_eq!(decode(b"", false).unwrap().text, "");
    }

    #[test]
    fn boms() {
        let d = decode(b"\xEF\xBB\xBFabc", false).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("abc", UTF_8));
        let mut le = vec![0xFF, 0xFE];
        for u in "结果 n=14".encode_utf16() {
            le.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&le, false).unwrap().text, "结果 n=14");
        let mut be = vec![0xFE, 0xFF];
        for u in "结果".encode_utf16() {
            be.extend(u.to_be_bytes());
        }
        assert_eq!(decode(&be, false).unwrap().text, "结果");
    }

    #[test]
    fn gb18030_detected() {
        let text = "背景：解决健康和医疗保健方面的社会经济不平等问题，减少可避免的住院治疗，需要综合战略。\n结果：访谈（n=14）。";
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        let d = decode(&bytes, false).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn english_page_with_a_few_symbols_in_gb18030() {
        let text = "Aims: to compare α and β blockers. Methods: Ø 5 mm stents were used in 40 patients.\nResults: α-blockers reduced pressure (p < 0.05); β-blockers did not. Ø 3 mm failed.\n";
        let (bytes, _, _) = GB18030.encode(text);
        assert_eq!(decode(&bytes, false).unwrap().text, text);
    }

    #[test]
    fn meta_charset_wins_for_html() {
        let page = "<html><head><meta charset=\"gbk\"></head><body><p>结果</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(page);
        let d = decode(&bytes, true).unwrap();
        assert_eq!(d.text, page);
        assert_eq!(d.encoding, encoding_rs::GBK);
        // Re-encoded to UTF-8 but still declaring GBK: the bytes win.
        let d = decode(page.as_bytes(), true).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (page, UTF_8));
        let http = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GB2312\">";
        assert_eq!(meta_charset(http), Some(encoding_rs::GBK));
        assert_eq!(meta_charset(b"<meta name=x>"), None);
    }

    #[test]
    fn latin1_is_text() {
        let d = decode(
            b"caf\xE9 cr\xE8me br\xFBl\xE9e, na\xEFve r\xE9sum\xE9\n",
            false,
        )
        .unwrap();
        assert_eq!(d.text, "café crème brûlée, naïve résumé\n");
    }

    #[test]
    fn binary_is_refused() {
        assert_eq!(
            decode(b"abc\0def", false).unwrap_err(),
            "contains NUL bytes"
        );
        assert_eq!(decode(b"%PDF-1.7\n", false).unwrap_err(), "a PDF file");
        let noise: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .filter(|&b| b != 0)
            .collect();
        assert!(decode(&noise, false).is_err());
    }

    #[test]
    fn utf8_with_a_stray_byte_stays_utf8() {
        let text = "结果：访谈（n=14），来自地方当局、国民保健服务和志愿部门的广泛代表。";
        let mut bytes = text.as_bytes().to_vec();
        bytes.push(0xE7); // cut in the middle of a character
        let d = decode(&bytes, false).unwrap();
        assert_eq!(d.encoding, UTF_8);
        assert!(d.text.starts_with(text));
        // Latin-1 is not mistaken for broken UTF-8.
        assert_eq!(
            decode(b"r\xE9sum\xE9 caf\xE9", false).unwrap().text,
            "résumé café"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300), html: bool) {
            let _ = decode(&bytes, html);
        }
    }

    #[test]
    fn lone_cr_becomes_lf_crlf_kept() {
        assert_eq!(decode(b"a\rb\r\nc", false).unwrap().text, "a\nb\r\nc");
    }

    #[test]
    fn sniffing() {
        assert!(sniff_html("  <!DOCTYPE html><p>x"));
        assert!(sniff_html("<!-- saved from url --><html>"));
        assert!(!sniff_html("Abstract: <html> is a tag"));
    }
}
