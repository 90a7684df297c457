//! Addresses in pages: the one scheme filter every link passes, and percent-encoding.

/// Whether a link may point at `address`: a relative address, or a web, mail, phone, text or
/// file-transfer one.
/// Anything else (`javascript:`, `vbscript:`, `data:`, an unknown scheme) could run in the
/// reader's browser. Browsers ignore tabs, newlines and spaces inside a scheme
/// (`java\tscript:`) and its case, so this does too.
pub fn is_safe_address(address: &str) -> bool {
    let plain: String = address
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let before_path = plain.split(['/', '?', '#']).next().unwrap_or_default();
    match before_path.split_once(':') {
        None => true,
        Some((scheme, _)) => ["http", "https", "mailto", "tel", "sms", "ftp"].contains(&scheme),
    }
}

/// `text` with each byte percent-encoded unless it is an ASCII letter or digit or in `keep`.
pub fn percent_encode(text: &str, keep: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || keep.as_bytes().contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_web_mail_and_phone_addresses_are_safe() {
        for safe in
            ["page.html", "../a/b/", "#top", "?q=a:b", "https://x.example/a:b", "mailto:a@b.nl", "tel:+31", "a/b:c"]
        {
            assert!(is_safe_address(safe), "{safe}");
        }
        for unsafe_ in [
            "javascript:alert(1)",
            " JaVa\tScRiPt:x",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "java\u{0}script:x",
        ] {
            assert!(!is_safe_address(unsafe_), "{unsafe_:?}");
        }
    }

    #[test]
    fn bytes_outside_the_kept_set_are_encoded() {
        assert_eq!(percent_encode("a b/ü%?#", "/"), "a%20b/%C3%BC%25%3F%23");
        assert_eq!(percent_encode("javascript:alert(1)", "-_.~/"), "javascript%3Aalert%281%29");
    }
}
