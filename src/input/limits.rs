//! Bounded reading: one page, one JSONL line, a baseline or a dictionary file is read up to a
//! limit (64 MiB unless `--max-filesize` says otherwise), so an endless input (`/dev/zero`, a
//! stream that never ends its line) ends with a message instead of exhausting memory.

use std::io::{BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};

/// The default limit on one input: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;

static MAX_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_BYTES);

/// Set the limit on one input for this process (`--max-filesize`).
pub fn set_max_bytes(bytes: u64) {
    MAX_BYTES.store(bytes.max(1), Ordering::Relaxed);
}

/// The limit on one input.
pub fn max_bytes() -> u64 {
    MAX_BYTES.load(Ordering::Relaxed)
}

/// A size as people write it: `64M`, `1G`, `500k`, `1048576`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}`: give a size such as 64M, 1G or 1048576"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{s}`: the unit must be k, M or G")),
    };
    n.checked_mul(1 << shift)
        .filter(|&b| b > 0)
        .ok_or_else(|| format!("`{s}`: too large or zero"))
}

/// "64 MiB", "1.5 GiB", "512 KiB".
pub fn show_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < UNITS.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 || v.fract() == 0.0 {
        format!("{} {}", v as u64, UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// The message for an input over the limit.
pub fn too_large(what: &str) -> String {
    format!(
        "{what} is larger than {} (the limit on one input); give --max-filesize to raise it",
        show_size(max_bytes())
    )
}

/// Read all of `reader`, or fail once it passes the limit.
pub fn read_capped(reader: impl Read, what: &str) -> std::io::Result<Vec<u8>> {
    let limit = max_bytes();
    let mut buf = Vec::new();
    reader.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(std::io::Error::other(too_large(what)));
    }
    Ok(buf)
}

/// Read a whole text file, or fail once it passes the limit.
pub fn read_to_string_capped(path: &std::path::Path) -> std::io::Result<String> {
    let file = std::fs::File::open(path)?;
    let bytes = read_capped(file, &path.display().to_string())?;
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// How one line read went.
pub enum Line {
    /// A line (its newline included, if it had one) is in the buffer.
    Read,
    /// The input ended.
    End,
    /// The line passed the limit; it was skipped up to its newline (or the input's end), up to
    /// `skipped` bytes. `ended` when no newline came within a bounded skip: read no further.
    TooLong { ended: bool },
}

/// Read one line into `buf`, bounded: a line over the limit is skipped, not held; a line that
/// never ends (`/dev/zero`) stops the reading after a bounded skip.
pub fn read_line_capped(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<Line> {
    let limit = max_bytes();
    buf.clear();
    let n = reader.by_ref().take(limit + 1).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(Line::End);
    }
    if (buf.len() as u64) <= limit || buf.last() == Some(&b'\n') {
        return Ok(Line::Read);
    }
    buf.clear();
    // Skip the rest of the line without keeping it, but not forever.
    let most = limit.saturating_mul(4);
    let mut skipped = 0u64;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(Line::TooLong { ended: true });
        }
        if let Some(i) = chunk.iter().position(|&b| b == b'\n') {
            reader.consume(i + 1);
            return Ok(Line::TooLong { ended: false });
        }
        let len = chunk.len();
        reader.consume(len);
        skipped += len as u64;
        if skipped > most {
            return Ok(Line::TooLong { ended: true });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_show() {
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert_eq!(parse_size("500k"), Ok(500 << 10));
        assert_eq!(parse_size("1048576"), Ok(1 << 20));
        assert!(parse_size("10 parsecs").is_err());
        assert!(parse_size("0").is_err());
        assert_eq!(show_size(64 << 20), "64 MiB");
        assert_eq!(show_size(1536 << 10), "1.5 MiB");
    }

    #[test]
    fn an_endless_line_stops_the_reading() {
        // An endless stream of one byte, like /dev/zero.
        let mut zeros = std::io::BufReader::new(std::io::repeat(0).take(3 * max_bytes()));
        let mut buf = Vec::new();
        assert!(matches!(
            read_line_capped(&mut zeros, &mut buf).unwrap(),
            Line::TooLong { .. }
        ));
        assert!(buf.is_empty());
    }

    #[test]
    fn lines_under_the_limit_are_read() {
        let mut r = std::io::BufReader::new(&b"one\ntwo"[..]);
        let mut buf = Vec::new();
        assert!(matches!(
            read_line_capped(&mut r, &mut buf).unwrap(),
            Line::Read
        ));
        assert_eq!(buf, b"one\n");
        assert!(matches!(
            read_line_capped(&mut r, &mut buf).unwrap(),
            Line::Read
        ));
        assert_eq!(buf, b"two");
        assert!(matches!(
            read_line_capped(&mut r, &mut buf).unwrap(),
            Line::End
        ));
    }
}
