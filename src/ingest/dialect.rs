//! How a survey export is written: its field separator and its text encoding.

/// The separator used when the file does not tell.
const DEFAULT_DELIMITER: u8 = b',';

/// Strips a UTF-8 byte-order mark, which Excel writes at the start of "CSV UTF-8" files.
pub fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// The separator of the header line: the most frequent of `,` `;` tab `|` outside quotes.
///
/// Dutch Excel writes `;`, most tools `,`, some exports tabs.
pub fn detect_delimiter(header_line: &[u8]) -> u8 {
    let candidates = [b',', b';', b'\t', b'|'];
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for &byte in header_line {
        match byte {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|&c| c == byte) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    let (best, count) = counts.iter().enumerate().max_by_key(|&(i, c)| (c, std::cmp::Reverse(i))).unwrap_or((0, &0));
    if *count == 0 { DEFAULT_DELIMITER } else { candidates[best] }
}

/// A readable name for a separator, for the data-quality section.
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b',' => "comma".into(),
        b';' => "semicolon".into(),
        b'\t' => "tab".into(),
        b'|' => "pipe".into(),
        other => format!("{}", other as char),
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
