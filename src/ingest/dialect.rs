//! How a survey export is written: its field separator and its text encoding.

use serde::{Serialize, Serializer};
use std::fmt;

/// The separator used when the file does not tell.
const DEFAULT_DELIMITER: u8 = b',';

/// Strips a UTF-8 byte-order mark, which Excel writes at the start of "CSV UTF-8" files.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The separators a header line is tried with, most common first.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The separator of the header line: the most frequent of `,` `;` tab `|` outside quotes.
///
/// Dutch Excel writes `;`, most tools `,`, some exports tabs.
pub fn detect_delimiter(header_line: &[u8]) -> u8 {
    most_frequent(header_line, None).unwrap_or(DEFAULT_DELIMITER)
}

/// Another separator than `used` that appears in the header line, the most frequent first:
/// a header read as one column with `used` would have been split by it.
pub fn other_delimiter(header_line: &[u8], used: u8) -> Option<u8> {
    most_frequent(header_line, Some(used))
}

/// The candidate seen most often outside quotes in the first line (ties go to the earlier
/// candidate), leaving out `except`; `None` when none is seen.
fn most_frequent(header_line: &[u8], except: Option<u8>) -> Option<u8> {
    let mut counts = [0usize; CANDIDATES.len()];
    let mut quoted = false;
    for &byte in header_line {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == byte) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let (best, count) = counts
        .iter()
        .enumerate()
        .filter(|&(i, _)| Some(CANDIDATES[i]) != except)
        .max_by_key(|&(i, c)| (c, std::cmp::Reverse(i)))?;
    (*count > 0).then_some(CANDIDATES[best])
}

/// Text that is not CSV, found in a file's first bytes before it is read as rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// UTF-16 (Excel's "Unicode Text"): a UTF-16 byte-order mark, or a NUL in every other byte.
    Utf16,
    /// NUL bytes that no text encoding cxsite reads would write, first seen on this line.
    Binary { line: usize },
}

/// How many bytes are looked at for NULs: enough for a header row and a few answers.
const SNIFF: usize = 512;

/// Whether `head`, a file's first bytes, is something other than 8-bit text.
///
/// A NUL byte never appears in UTF-8 or Windows-1252 text. UTF-16 text of Latin letters has
/// one in every other byte; anything else with NULs (a workbook, a zip, an image) is binary.
pub fn sniff_not_text(head: &[u8]) -> Option<NotText> {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Some(NotText::Utf16);
    }
    let head = &head[..head.len().min(SNIFF)];
    let first_nul = head.iter().position(|&b| b == 0)?;
    if looks_like_utf16(head) {
        return Some(NotText::Utf16);
    }
    let line = 1 + head[..first_nul].iter().filter(|&&b| b == b'\n').count();
    Some(NotText::Binary { line })
}

/// UTF-16 without a byte-order mark: nearly all byte pairs have a NUL on the same side (the
/// high byte of a Latin character), and nearly none on the other.
fn looks_like_utf16(head: &[u8]) -> bool {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return false;
    }
    let nul_at = |side: usize| head.chunks_exact(2).filter(|pair| pair[side] == 0 && pair[1 - side] != 0).count();
    // 90%: a few non-Latin characters (no NUL in either byte) still leave the pattern plain.
    [0, 1].into_iter().any(|side| nul_at(side) * 10 >= pairs * 9)
}

/// A field separator, as the data-quality section and stderr name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
    Pipe,
    /// Another byte, set in `surveys.delimiter` or a `sep=` line.
    Other(u8),
}

impl Delimiter {
    /// The separator that is this byte.
    pub fn of(byte: u8) -> Delimiter {
        match byte {
            b',' => Delimiter::Comma,
            b';' => Delimiter::Semicolon,
            b'\t' => Delimiter::Tab,
            b'|' => Delimiter::Pipe,
            other => Delimiter::Other(other),
        }
    }

    /// Its interface string, for the pages in the report's language; `None` for another
    /// byte, which is shown as itself.
    pub fn i18n_key(self) -> Option<&'static str> {
        match self {
            Delimiter::Comma => Some("delimiter_comma"),
            Delimiter::Semicolon => Some("delimiter_semicolon"),
            Delimiter::Tab => Some("delimiter_tab"),
            Delimiter::Pipe => Some("delimiter_pipe"),
            Delimiter::Other(_) => None,
        }
    }

    /// The separators with a name, for tests that each has its strings.
    pub const NAMED: [Delimiter; 4] = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab, Delimiter::Pipe];
}

/// `comma`, `semicolon`, `tab`, `pipe`, else the character: its name in metrics.json
/// (`data_quality.files[].delimiter`, a contract) and on stderr.
impl fmt::Display for Delimiter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Delimiter::Comma => f.write_str("comma"),
            Delimiter::Semicolon => f.write_str("semicolon"),
            Delimiter::Tab => f.write_str("tab"),
            Delimiter::Pipe => f.write_str("pipe"),
            Delimiter::Other(byte) => write!(f, "{}", *byte as char),
        }
    }
}

impl Serialize for Delimiter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Text of a field: UTF-8 when it is valid, else Windows-1252 (a superset of Latin-1 that
/// older Excel versions and many survey tools write).
///
/// The flag is true when the Windows-1252 fallback was used.
pub fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.into(), false),
        Err(_) => (bytes.iter().map(|&b| windows_1252(b)).collect::<String>().into(), true),
    }
}

fn windows_1252(byte: u8) -> char {
    // 0x80..0x9F hold typographic characters in Windows-1252 (control codes in Latin-1).
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘',
        '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_separator_outside_quotes() {
        assert_eq!(detect_delimiter(b"id;date;nps\n1;2;3"), b';');
        assert_eq!(detect_delimiter(b"id,\"a;b;c\",nps\n"), b',');
        assert_eq!(detect_delimiter(b"id\tdate\n"), b'\t');
        assert_eq!(detect_delimiter(b"nps\n"), b',');
    }

    #[test]
    fn another_separator_is_found_only_when_it_is_in_the_header() {
        assert_eq!(other_delimiter(b"id,date,nps\n1;2;3", b';'), Some(b','));
        assert_eq!(other_delimiter(b"id\tdate;nps\tces\n", b';'), Some(b'\t'));
        assert_eq!(other_delimiter(b"nps\n1,2", b';'), None);
        assert_eq!(other_delimiter(b"\"a,b\"\n", b';'), None, "a separator inside quotes does not split");
    }

    #[test]
    fn utf16_needs_a_byte_order_mark_or_a_nul_in_every_other_byte() {
        let utf16le: Vec<u8> = "id,date,nps\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = "id,date,nps\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(sniff_not_text(&utf16le), Some(NotText::Utf16));
        assert_eq!(sniff_not_text(&utf16be), Some(NotText::Utf16));
        assert_eq!(sniff_not_text(b"\xFF\xFEi\0d\0"), Some(NotText::Utf16));
        assert_eq!(sniff_not_text(b"id,date,nps\n1,2026-01-01,9\n"), None);
    }

    #[test]
    fn nul_bytes_without_the_utf16_pattern_are_binary() {
        // An .xlsx is a zip archive: `PK\x03\x04`, then a version number with a NUL byte.
        assert_eq!(sniff_not_text(b"PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0"), Some(NotText::Binary { line: 1 }));
        assert_eq!(sniff_not_text(b"id,nps\n1,9\n2,\0\x9f\x13x"), Some(NotText::Binary { line: 3 }));
    }

    #[test]
    fn separators_keep_the_names_metrics_json_has_always_had() {
        let names: Vec<String> = [b',', b';', b'\t', b'|', b'^'].map(|b| Delimiter::of(b).to_string()).into();
        assert_eq!(names, ["comma", "semicolon", "tab", "pipe", "^"]);
        assert_eq!(serde_json::to_string(&Delimiter::of(b';')).unwrap(), "\"semicolon\"");
        assert_eq!(Delimiter::of(b'^').i18n_key(), None);
    }

    #[test]
    fn decodes_windows_1252_when_not_utf8() {
        assert_eq!(decode("café".as_bytes()), ("café".into(), false));
        assert_eq!(decode(b"caf\xe9 \x80"), ("café €".into(), true));
    }

    #[test]
    fn strips_the_byte_order_mark() {
        assert_eq!(strip_bom(b"\xEF\xBB\xBFid"), b"id");
        assert_eq!(strip_bom(b"id"), b"id");
    }
}
