//! Words a project writes in its own data that the report knows and says in its language: the
//! channels of touchpoints and responses ("delivery" → "bezorging"), devices, and the usual
//! segment names. A word it does not know is shown as the team wrote it.

use super::views::Strings;

/// A channel cxsite knows, with its synonyms in English and Dutch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Web,
    App,
    Email,
    Phone,
    Store,
    Chat,
    Social,
    Delivery,
    Other,
}

impl Channel {
    /// Every channel, for the test that each has its name in every language.
    #[cfg(test)]
    pub const ALL: [Channel; 9] = [
        Channel::Web,
        Channel::App,
        Channel::Email,
        Channel::Phone,
        Channel::Store,
        Channel::Chat,
        Channel::Social,
        Channel::Delivery,
        Channel::Other,
    ];

    /// The channel `text` names, in any case, in English or Dutch.
    pub fn parse(text: &str) -> Option<Channel> {
        Some(match text.trim().to_lowercase().as_str() {
            "web" | "website" | "online" | "site" => Channel::Web,
            "app" | "mobile app" => Channel::App,
            "email" | "e-mail" | "mail" => Channel::Email,
            "phone" | "telefoon" | "call" | "telephone" => Channel::Phone,
            "store" | "shop" | "winkel" => Channel::Store,
            "chat" | "whatsapp" | "sms" => Channel::Chat,
            "social" | "social media" | "sociale media" => Channel::Social,
            "delivery" | "bezorging" | "post" => Channel::Delivery,
            "other" | "overig" | "anders" => Channel::Other,
            _ => return None,
        })
    }

    /// Its name's key in the theme's strings.
    pub fn i18n_key(self) -> &'static str {
        match self {
            Channel::Web => "channel_web",
            Channel::App => "channel_app",
            Channel::Email => "channel_email",
            Channel::Phone => "channel_phone",
            Channel::Store => "channel_store",
            Channel::Chat => "channel_chat",
            Channel::Social => "channel_social",
            Channel::Delivery => "channel_delivery",
            Channel::Other => "channel_other",
        }
    }

    /// A small decorative icon: markup cxsite writes, never the team's text.
    pub fn icon(channel: Option<Channel>) -> &'static str {
        macro_rules! icon {
            ($shape:literal) => {
                concat!(
                    r#"<svg class="channel-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linejoin="round">"#,
                    $shape,
                    "</svg>"
                )
            };
        }
        match channel {
            Some(Channel::Web) => {
                icon!(r#"<circle cx="8" cy="8" r="6"/><ellipse cx="8" cy="8" rx="2.5" ry="6"/><path d="M2 8h12"/>"#)
            }
            Some(Channel::App) => icon!(r#"<rect x="4.5" y="1.5" width="7" height="13" rx="1.5"/><path d="M7 12h2"/>"#),
            Some(Channel::Email) => {
                icon!(r#"<rect x="1.5" y="3.5" width="13" height="9" rx="1"/><path d="M1.5 4l6.5 5 6.5-5"/>"#)
            }
            Some(Channel::Phone) => icon!(
                r#"<path d="M4 2h2.5l1 3L6 6.5c1 2 1.5 2.5 3.5 3.5L11 8.5l3 1V12c0 1-1 2-2 2C7 14 2 9 2 4c0-1 1-2 2-2z"/>"#
            ),
            Some(Channel::Store) => icon!(r#"<path d="M2 7l6-5 6 5M3.5 6v8h9V6"/><path d="M6.5 14v-4.5h3V14"/>"#),
            Some(Channel::Chat | Channel::Social) => icon!(r#"<path d="M2 3.5h12V11H7l-3 3v-3H2z"/>"#),
            Some(Channel::Delivery) => icon!(
                r#"<rect x="1.5" y="4.5" width="8" height="7"/><path d="M9.5 7h3l2 2.5v2h-5z"/><circle cx="4.5" cy="12.5" r="1.5"/><circle cx="12" cy="12.5" r="1.5"/>"#
            ),
            Some(Channel::Other) | None => icon!(r#"<circle cx="8" cy="8" r="2.5"/>"#),
        }
    }
}

/// A channel as the report says it: a known one in its language, any other as written.
pub fn channel_name(strings: &Strings, text: &str) -> String {
    Channel::parse(text).map_or_else(|| text.to_string(), |channel| strings.get(channel.i18n_key()))
}

/// The word cxsite knows a dimension by (`channel`, `device`), for i18n keys; `None` for
/// a dimension of the team's own.
pub fn dimension_key(dimension: &str) -> Option<&'static str> {
    match dimension.trim().to_lowercase().as_str() {
        "channel" | "kanaal" => Some("channel"),
        "device" | "apparaat" => Some("device"),
        _ => None,
    }
}

/// A segment dimension's name (`surveys.dimensions`): "channel" and "device" in the report's
/// language, any other as the settings write it.
pub fn dimension_name(strings: &Strings, dimension: &str) -> String {
    match dimension.trim().to_lowercase().as_str() {
        "channel" | "kanaal" => strings.get("dimension_channel"),
        "device" | "apparaat" => strings.get("dimension_device"),
        _ => dimension.to_string(),
    }
}

/// A value of a segment dimension: a channel or a device cxsite knows in the report's language,
/// any other as the export writes it.
pub fn dimension_value(strings: &Strings, dimension: &str, value: &str) -> String {
    match dimension.trim().to_lowercase().as_str() {
        "channel" | "kanaal" => channel_name(strings, value),
        "device" | "apparaat" => match value.trim().to_lowercase().as_str() {
            "mobile" | "mobiel" | "smartphone" => strings.get("device_mobile"),
            "desktop" | "computer" => strings.get("device_desktop"),
            "tablet" => strings.get("device_tablet"),
            _ => value.to_string(),
        },
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn known_words_are_translated_and_others_kept() {
        let dutch: BTreeMap<String, String> = [
            ("channel_delivery", "bezorging"),
            ("channel_email", "e-mail"),
            ("dimension_channel", "kanaal"),
            ("device_mobile", "mobiel"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .into();
        let strings = Strings(&dutch);
        assert_eq!(channel_name(&strings, "Delivery"), "bezorging");
        assert_eq!(channel_name(&strings, "email"), "e-mail");
        assert_eq!(channel_name(&strings, "kiosk"), "kiosk", "an unknown channel as written");
        assert_eq!(dimension_name(&strings, "channel"), "kanaal");
        assert_eq!(dimension_name(&strings, "region"), "region");
        assert_eq!(dimension_value(&strings, "device", "mobile"), "mobiel");
        assert_eq!(dimension_value(&strings, "region", "mobile"), "mobile", "only a device dimension's devices");
        assert_eq!(Channel::parse(" Winkel "), Some(Channel::Store));
    }
}
