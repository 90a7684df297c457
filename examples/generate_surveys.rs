//! Generates the survey exports of the Groenhuis example project.
//!
//! Writes two files under `content/surveys/`:
//!
//! - `post-interaction.csv`: one row per response to the short survey sent after an interaction
//!   at a touchpoint (comma separated, ISO 8601 timestamps), about 8,000 rows;
//! - `relationship.csv`: the quarterly "would you recommend Groenhuis?" survey, about 1,000 rows,
//!   exported by Dutch Excel (UTF-8 BOM, `;` separated, `dd-mm-yyyy` dates, CRLF line ends),
//!   with no touchpoint, so it counts toward the overall scores only.
//!
//! Both cover 2025-Q1 to 2026-Q3 and tell the story of the quarter notes: the checkout redesign
//! of January 2026 lifts the checkout scores from 2026-Q1, and the switch to the carrier BloomPost
//! in April 2026 pulls track & trace and home delivery down in 2026-Q2 and 2026-Q3. The example
//! touchpoint `instagram-ad` deliberately gets no responses. `post-interaction.csv` also holds
//! three invalid cells (an NPS of 11, a CSAT of 9 and a CES of `x`) and a few `N/A` cells, so
//! the data-quality report has something to show.
//!
//! Run it from the repository root:
//!
//! ```text
//! cargo run --example generate_surveys
//! ```
//!
//! The output is deterministic: a fixed seed, a small PRNG of our own (splitmix64) and only
//! integer and basic floating-point arithmetic, so every run on every machine writes
//! byte-identical files.

use std::fs;
use std::path::Path;

/// The seed of every run.
const SEED: u64 = 0x6772_6f65_6e68_7569; // "groenhui"

/// The quarters covered: (year, quarter), 2025-Q1 to 2026-Q3.
const QUARTERS: [(i64, u32); 7] = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3)];
/// Index in `QUARTERS` of the first quarter with the new checkout (2026-Q1).
const CHECKOUT_REDESIGN: usize = 4;
/// Index in `QUARTERS` of the first quarter with the new carrier (2026-Q2).
const CARRIER_SWITCH: usize = 5;

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

/// splitmix64: tiny, fast and good enough for example data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n.
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Approximately standard normal (Irwin–Hall: the sum of 12 uniforms minus 6). No `ln` or
    /// `cos`, whose last bit may differ between platforms.
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.unit()).sum::<f64>() - 6.0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }

    /// The name of one of `options`, drawn by weight.
    fn weighted(&mut self, options: &[(&'static str, f64)]) -> &'static str {
        let total: f64 = options.iter().map(|(_, w)| w).sum();
        let mut x = self.unit() * total;
        for &(name, weight) in options {
            if x < weight {
                return name;
            }
            x -= weight;
        }
        options[options.len() - 1].0
    }
}

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day number.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// First day and the day after the last day of a quarter.
fn quarter_days(year: i64, quarter: u32) -> (i64, i64) {
    let start = days_from_civil(year, 3 * quarter - 2, 1);
    let end = if quarter == 4 { days_from_civil(year + 1, 1, 1) } else { days_from_civil(year, 3 * quarter + 1, 1) };
    (start, end)
}

/// Relative number of survey answers per hour of the day: people answer in the evening.
const HOURS: [f64; 24] = [
    0.3, 0.15, 0.05, 0.05, 0.05, 0.1, 0.4, 1.2, 1.8, 1.6, 1.4, 1.3, 1.6, 1.5, 1.2, 1.1, 1.2, 1.5, 2.0, 2.6, 2.8, 2.4,
    1.6, 0.8,
];

fn random_hour(rng: &mut Rng) -> u32 {
    let total: f64 = HOURS.iter().sum();
    let mut x = rng.unit() * total;
    for (hour, weight) in HOURS.iter().enumerate() {
        if x < *weight {
            return hour as u32;
        }
        x -= weight;
    }
    23
}

// ---------------------------------------------------------------------------------------------
// The shop
// ---------------------------------------------------------------------------------------------

/// How a touchpoint is reached, which decides the `channel` and `device` of its responses.
#[derive(Clone, Copy)]
enum Reach {
    /// Web site or app.
    Digital,
    /// An email (the survey is answered from the email client or the browser).
    Email,
    Phone,
    Chat,
    Store,
    /// Something that happens at home; the survey arrives by email or in the app.
    AtHome,
    /// The business customers' touchpoints: email and web, mostly on desktop.
    Business,
}

/// A touchpoint that receives post-interaction surveys.
struct Touchpoint {
    id: &'static str,
    /// Responses per quarter before growth and season.
    volume: f64,
    /// Latent satisfaction compared with an average touchpoint.
    base: f64,
    personas: &'static [(&'static str, f64)],
    reach: Reach,
}

const ONLINE: &[(&str, f64)] = &[("sanne", 0.62), ("henk", 0.38)];
const SUPPORT: &[(&str, f64)] = &[("henk", 0.55), ("sanne", 0.45)];
const BUSINESS: &[(&str, f64)] = &[("priya", 1.0)];

/// Every touchpoint of the journeys except `instagram-ad`, which gets no survey.
const TOUCHPOINTS: &[Touchpoint] = &[
    // online-order
    Touchpoint { id: "plant-finder", volume: 45.0, base: 0.05, personas: ONLINE, reach: Reach::Digital },
    Touchpoint { id: "product-page", volume: 95.0, base: 0.1, personas: ONLINE, reach: Reach::Digital },
    Touchpoint { id: "checkout", volume: 160.0, base: -0.45, personas: ONLINE, reach: Reach::Digital },
    Touchpoint { id: "order-confirmation", volume: 55.0, base: 0.3, personas: ONLINE, reach: Reach::Email },
    Touchpoint { id: "delivery-tracking", volume: 150.0, base: 0.0, personas: ONLINE, reach: Reach::Digital },
    Touchpoint { id: "home-delivery", volume: 170.0, base: 0.15, personas: ONLINE, reach: Reach::AtHome },
    Touchpoint { id: "store-pickup", volume: 25.0, base: 0.45, personas: ONLINE, reach: Reach::Store },
    Touchpoint { id: "unboxing", volume: 85.0, base: 0.6, personas: ONLINE, reach: Reach::AtHome },
    Touchpoint { id: "care-tips-email", volume: 30.0, base: 0.2, personas: ONLINE, reach: Reach::Email },
    // plant-care-support
    Touchpoint { id: "plant-health-check", volume: 30.0, base: -0.2, personas: SUPPORT, reach: Reach::Digital },
    Touchpoint { id: "help-centre", volume: 35.0, base: -0.1, personas: SUPPORT, reach: Reach::Digital },
    Touchpoint { id: "chatbot", volume: 50.0, base: -0.75, personas: SUPPORT, reach: Reach::Chat },
    Touchpoint { id: "phone-support", volume: 35.0, base: -0.2, personas: SUPPORT, reach: Reach::Phone },
    Touchpoint { id: "live-chat", volume: 35.0, base: 0.25, personas: SUPPORT, reach: Reach::Chat },
    Touchpoint { id: "replacement-plant", volume: 20.0, base: 0.55, personas: SUPPORT, reach: Reach::AtHome },
    Touchpoint { id: "follow-up-email", volume: 15.0, base: 0.35, personas: SUPPORT, reach: Reach::Email },
    // business-subscription
    Touchpoint { id: "business-quote", volume: 6.0, base: -0.15, personas: BUSINESS, reach: Reach::Business },
    Touchpoint { id: "business-portal", volume: 10.0, base: 0.0, personas: BUSINESS, reach: Reach::Business },
    Touchpoint { id: "subscription-delivery", volume: 16.0, base: 0.4, personas: BUSINESS, reach: Reach::Business },
    Touchpoint { id: "office-care-visit", volume: 8.0, base: 0.5, personas: BUSINESS, reach: Reach::Business },
    Touchpoint { id: "invoice", volume: 10.0, base: -0.5, personas: BUSINESS, reach: Reach::Business },
    Touchpoint { id: "renewal-review", volume: 4.0, base: -0.1, personas: BUSINESS, reach: Reach::Business },
];

/// The change in latent satisfaction the quarter's events bring to a touchpoint.
fn story(touchpoint: &str, quarter: usize) -> f64 {
    match touchpoint {
        // The redesigned checkout went live in January 2026.
        "checkout" if quarter >= CHECKOUT_REDESIGN => 0.75,
        // BloomPost took over parcel delivery in April 2026; the first months went badly.
        "delivery-tracking" if quarter == CARRIER_SWITCH => -0.6,
        "delivery-tracking" if quarter > CARRIER_SWITCH => -0.85,
        "home-delivery" if quarter == CARRIER_SWITCH => -0.7,
        "home-delivery" if quarter > CARRIER_SWITCH => -1.0,
        // Broken plants need replacing, and the replacements travel with BloomPost too.
        "replacement-plant" if quarter >= CARRIER_SWITCH => -0.2,
        _ => 0.0,
    }
}

/// Latent satisfaction of each persona compared with the average customer.
fn persona_offset(persona: &str) -> f64 {
    match persona {
        "henk" => 0.15,
        "priya" => -0.1,
        _ => 0.0,
    }
}

/// Responses per quarter: spring is plant season, December is gift season; the shop grows.
fn quarter_factor(index: usize) -> f64 {
    let season = match QUARTERS[index].1 {
        1 => 0.85,
        2 => 1.15,
        3 => 1.0,
        _ => 0.95,
    };
    season * (1.0 + 0.04 * index as f64)
}

fn channel_and_device(reach: Reach, persona: &str, rng: &mut Rng) -> (&'static str, &'static str) {
    let channel = match reach {
        Reach::Digital => match persona {
            "sanne" => rng.weighted(&[("app", 0.6), ("web", 0.4)]),
            _ => rng.weighted(&[("web", 0.8), ("app", 0.2)]),
        },
        Reach::Email => "email",
        Reach::Phone => "phone",
        Reach::Chat => rng.weighted(&[("chat", 0.8), ("app", 0.2)]),
        Reach::Store => "store",
        Reach::AtHome => match persona {
            "sanne" => rng.weighted(&[("app", 0.55), ("email", 0.45)]),
            _ => rng.weighted(&[("email", 0.8), ("app", 0.2)]),
        },
        Reach::Business => rng.weighted(&[("email", 0.6), ("web", 0.4)]),
    };
    let device = match channel {
        // Survey link by text message after the call.
        "phone" => "mobile",
        // The feedback kiosk at the counter.
        "store" => "tablet",
        "app" => rng.weighted(&[("mobile", 0.9), ("tablet", 0.1)]),
        _ => match persona {
            "sanne" => rng.weighted(&[("mobile", 0.8), ("desktop", 0.12), ("tablet", 0.08)]),
            "henk" => rng.weighted(&[("tablet", 0.45), ("desktop", 0.4), ("mobile", 0.15)]),
            _ => rng.weighted(&[("desktop", 0.75), ("mobile", 0.2), ("tablet", 0.05)]),
        },
    };
    (channel, device)
}

// ---------------------------------------------------------------------------------------------
// Comments
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Sentiment {
    Negative,
    Neutral,
    Positive,
}

/// Sentiment as the respondent's recommend score shows it.
fn sentiment(nps: i64) -> Sentiment {
    match nps {
        0..=6 => Sentiment::Negative,
        7..=8 => Sentiment::Neutral,
        _ => Sentiment::Positive,
    }
}

/// Comments for one topic: (negative, neutral, positive).
type Bank = (&'static [&'static str], &'static [&'static str], &'static [&'static str]);

const CHOOSING: Bank = (
    &[
        "Delivery date only shown at checkout, I had to fill in everything just to find out it would take a week.",
        "The plant finder recommended a fern for my dark hallway. It died within a month.",
        "Photos look nothing like the size of the plant you actually get.",
        "Pas bij het afrekenen zie je wanneer de plant geleverd wordt.",
        "Geen idee hoe groot de plant echt is, zet er eens een maat bij.",
        "The quiz asks about my style, not about how much light my room gets.",
    ],
    &[
        "Nice selection, but I couldn't filter on pet-friendly plants.",
        "Good descriptions. Would like to see the pot size in cm.",
        "Prima, maar een filter op 'weinig licht' mist.",
        "Fine, though I only saw the delivery date at the end.",
    ],
    &[
        "The plant finder suggested exactly what I needed for my north-facing flat!",
        "Clear photos, clear care level, easy choice.",
        "Heel duidelijke productpagina, ik wist meteen wat ik kocht.",
        "Love the \"easy for beginners\" label, that's me.",
    ],
);

const CHECKOUT_OLD: Bank = (
    &[
        "Delivery costs only appeared at checkout, that felt sneaky.",
        "My iDEAL payment failed and the whole basket was gone. Started over, twice.",
        "Way too many steps. Why do I need an account to buy one plant?",
        "Verzendkosten pas op het einde, voelt als een verrassing.",
        "Betaling mislukt en daarna was mijn winkelmand leeg.",
        "The checkout kept logging me out on my phone.",
    ],
    &[
        "Checkout works, but it is slow on my phone.",
        "OK, but I had to type my address twice.",
        "Afrekenen ging, maar het duurde lang.",
    ],
    &["Paying was quick enough.", "Snel afgerekend met iDEAL.", "No problems, all clear."],
);

const CHECKOUT_NEW: Bank = (
    &[
        "Still no Apple Pay?",
        "The discount code field is hidden under \"more options\", took me ages.",
        "Kortingscode-veld is lastig te vinden.",
    ],
    &[
        "New checkout is better, but the delivery slot picker is small on mobile.",
        "Quick, though I miss the option to add a gift message.",
    ],
    &[
        "The new checkout is so much quicker, done in under a minute.",
        "Love that I see the delivery date right away, no more guessing.",
        "Guest checkout, finally! No account needed.",
        "Nieuwe afrekenpagina is top, alles in één scherm.",
        "Finally a \"pay later\" option, thanks!",
        "Smooth, clear, no surprises. Well done.",
    ],
);

const EMAILS: Bank = (
    &[
        "The confirmation email went to my spam folder.",
        "Confirmation didn't say when the plant would arrive.",
        "Bevestiging kwam pas na een uur binnen.",
        "Tips about sun and water are the same for my cactus and my fern.",
        "Too many emails, I unsubscribed.",
    ],
    &["Nice tips, a bit generic.", "Fine, but a lot of text.", "Handig, al weet ik het meeste al."],
    &[
        "Clear confirmation with everything I needed.",
        "Lovely email, with a photo of my plant.",
        "The watering reminders save my plants, honestly.",
        "Handige tips, ik lees ze allemaal.",
    ],
);

const TRACKING_OLD: Bank = (
    &[
        "Track & trace was a day behind.",
        "Tracking said 'in transit' for two days.",
        "Track & trace liep achter, pakket was er eerder dan de status.",
    ],
    &["Tracking works, a time window would be nice.", "Fine, updates a bit late."],
    &[
        "Tracking showed a two-hour window, and it was spot on.",
        "Handig dat ik het pakket kon volgen.",
        "Clear updates all the way.",
    ],
);

const TRACKING_NEW: Bank = (
    &[
        "BloomPost tracking said \"announced\" for three days, then suddenly it was at the door.",
        "The tracking link in the BloomPost email gives an error.",
        "No idea when my plant would come. Delivery window 8:00 to 22:00, seriously?",
        "Track & trace van BloomPost werkt niet, blijft op 'aangemeld' staan.",
        "Geen tijdvak, de hele dag thuis gezeten voor één plant.",
        "Since you switched carriers I can't track anything anymore.",
        "Tracking said delivered. It was not delivered.",
    ],
    &[
        "Tracking updates came, but late.",
        "Tracking werkt, maar loopt achter.",
        "The new tracking page is confusing, but it worked.",
    ],
    &["Tracking was fine this time.", "Good updates, arrived when it said."],
);

const DELIVERY_OLD: Bank = (
    &[
        "Pot was broken and there was soil everywhere in the box.",
        "Left with the neighbours without any note.",
        "Bij de buren afgegeven zonder briefje.",
        "Arrived two days late, the plant looked thirsty.",
    ],
    &["Arrived a day later than promised, plant OK though.", "Fine, but the box was a bit battered."],
    &[
        "Arrived on time and the driver was very friendly.",
        "Netjes op tijd bezorgd, plant in perfecte staat.",
        "Fast delivery, plant in perfect shape.",
        "Next-day delivery, as promised. Great.",
    ],
);

const DELIVERY_NEW: Bank = (
    &[
        "Third order since you changed carriers and the third broken pot.",
        "BloomPost left my monstera outside in the rain.",
        "Driver threw the box over the fence. It says FRAGILE on it!",
        "Plant arrived cold and limp after two days in a depot.",
        "Pakket lag twee dagen in het depot, de plant was half dood.",
        "Bezorger heeft niet eens aangebeld, gewoon een briefje 'niet thuis'.",
        "\"Delivered\" according to BloomPost, but nothing at my door.",
        "Pot cracked, leaves torn, soil everywhere. Not the Groenhuis I know.",
    ],
    &["Arrived eventually, the plant survived. Just about.", "Later dan beloofd, maar de plant is ok."],
    &["Delivery was fine, no complaints.", "Op tijd en heel, prima."],
);

const STORE: Bank = (
    &["The order wasn't ready when I came to pick it up.", "Pick-up ends at 17:00, too early for people who work."],
    &["Fine, but parking near the store is a pain."],
    &[
        "Picked it up at the Utrecht store, lovely staff and coffee while I waited.",
        "Super handig, ophalen in de winkel op weg naar huis.",
    ],
);

const UNBOXING: Bank = (
    &[
        "So much plastic in the box for a 'green' shop.",
        "The plant had a few yellow leaves straight out of the box.",
        "Plant was smaller than on the photo.",
    ],
    &["Plant OK, packaging a bit over the top.", "Goed aangekomen, wel veel karton."],
    &[
        "Beautifully packed, not a single leaf damaged!",
        "The little care card in the box is a lovely touch.",
        "Mooi verpakt, en alles van papier in plaats van plastic.",
        "Bigger than I expected, in a good way.",
    ],
);

const SELF_HELP: Bank = (
    &[
        "The health check asked ten questions and then said 'contact support'.",
        "The app couldn't tell me why the leaves turn brown.",
        "Couldn't find anything about my specific plant.",
        "Search in the help centre only finds shipping articles.",
        "De plantencheck in de app gaf geen antwoord.",
    ],
    &["Useful, but I'd rather upload a photo.", "Articles are OK but long.", "Redelijk, maar niet voor mijn plant."],
    &[
        "The health check spotted overwatering straight away, plant is recovering.",
        "Found the answer in two minutes, clear article with photos.",
        "Duidelijk artikel over overwateren, precies wat ik zocht.",
    ],
);

const CHATBOT: Bank = (
    &[
        "The chatbot did not understand my question at all and kept sending me the same article.",
        "I typed \"human\" five times. Nothing.",
        "Vera keeps asking for my order number, then forgets it.",
        "De chatbot begrijpt niet wat ik bedoel.",
        "Ik wil gewoon een mens spreken, geen robot.",
        "I just want to talk to a person who knows plants, not a bot.",
    ],
    &["The bot found my order, but couldn't help with the plant itself.", "Quick, but not very helpful."],
    &["Quick answer about my delivery from the chatbot, handy at midnight.", "Vera found my order in seconds."],
);

const PHONE: Bank = (
    &[
        "Waited 25 minutes on hold on a Monday morning.",
        "Half an hour on hold, then the line dropped.",
        "Twintig minuten in de wacht gestaan.",
    ],
    &["Helpful in the end, but the wait was long.", "Goed geholpen, lang gewacht."],
    &[
        "Friendly lady who really knew her plants, sorted in one call.",
        "Heel vriendelijk geholpen, echt een plantenkenner aan de lijn.",
    ],
);

const LIVE_CHAT: Bank = (
    &[
        "Had to explain everything again and send the photos a second time.",
        "Opnieuw mijn ordernummer en foto's sturen, waarom?",
        "Waited 15 minutes for someone to join the chat.",
    ],
    &["Good advice, but it took a while before someone joined the chat."],
    &[
        "The plant expert in the chat was brilliant, diagnosed the problem from one photo.",
        "Snelle en deskundige hulp via de chat.",
    ],
);

const RESOLUTION: Bank = (
    &[
        "The plant was sold out so I only got a refund. I wanted the plant.",
        "The replacement arrived damaged too.",
        "Got a follow-up email asking if I was happy while my complaint was still open.",
    ],
    &["Refund was fast, but I'd have preferred a new plant.", "Friendly email, nothing more to add."],
    &[
        "Replacement arrived within three days, no questions asked. That's why I stay.",
        "Binnen drie dagen een nieuwe plant, zonder gedoe. Top!",
        "Nice that the expert checked in on my plant a few weeks later.",
        "Leuk dat jullie nog even navraag doen!",
    ],
);

const B2B: Bank = (
    &[
        "A quote for two extra plants took a week.",
        "The portal doesn't show upcoming delivery dates.",
        "Visit was skipped this month and nobody told us.",
        "Delivery came during our all-hands, nobody was warned.",
        "Offerte duurde veel te lang voor een kleine wijziging.",
    ],
    &["Portal does the job.", "Visits OK, dead plants sometimes stay a week.", "Fine, as usual."],
    &[
        "The drivers are always on time and put the plants where they belong.",
        "Our plant carer is wonderful, the office has never looked this green.",
        "Clear quote, fair price, quick answer.",
        "Vaste bezorger, kent ons kantoor inmiddels.",
    ],
);

const INVOICE: Bank = (
    &[
        "Invoice again without our PO number, so finance sent it back.",
        "Factuur zonder inkoopordernummer, weer afgekeurd door de administratie.",
        "Price went up 12% and we heard it at the renewal meeting.",
        "Prijsverhoging pas gemeld bij de verlenging.",
    ],
    &["Invoice fine, but it comes as a PDF only.", "OK meeting, mostly about price."],
    &[
        "Invoice was correct first time, thanks for adding the PO number.",
        "Good review, useful ideas for the new floor.",
    ],
);

const GENERIC: Bank = (
    &["Not what I expect from Groenhuis.", "Disappointing, to be honest.", "Jammer, dit kan echt beter."],
    &["OK, nothing special.", "Prima.", "Could be better, could be worse."],
    &["Great service, keep it up!", "Top, ik bestel zeker weer.", "Lovely plants, lovely people."],
);

/// A few answers typed over several lines: exports quote them.
const MULTI_LINE: Bank = (
    &[
        "Two things:\n1. the pot was broken\n2. nobody picked up the phone.",
        "Ordered on Monday, arrived on Friday.\nThe box was upside down, soil everywhere.",
    ],
    &["Plant is great.\nDelivery was not.", "Heel blij met de plant!\nDe verpakking mag wel wat minder."],
    &["Thanks for the quick help.\n\nGreetings from Zwolle", "Perfect.\nJust perfect."],
);

fn bank(touchpoint: &str, quarter: usize) -> Bank {
    match touchpoint {
        "plant-finder" | "product-page" => CHOOSING,
        "checkout" if quarter >= CHECKOUT_REDESIGN => CHECKOUT_NEW,
        "checkout" => CHECKOUT_OLD,
        "order-confirmation" | "care-tips-email" => EMAILS,
        "delivery-tracking" if quarter >= CARRIER_SWITCH => TRACKING_NEW,
        "delivery-tracking" => TRACKING_OLD,
        "home-delivery" if quarter >= CARRIER_SWITCH => DELIVERY_NEW,
        "home-delivery" => DELIVERY_OLD,
        "store-pickup" => STORE,
        "unboxing" => UNBOXING,
        "plant-health-check" | "help-centre" => SELF_HELP,
        "chatbot" => CHATBOT,
        "phone-support" => PHONE,
        "live-chat" => LIVE_CHAT,
        "replacement-plant" | "follow-up-email" => RESOLUTION,
        "invoice" | "renewal-review" => INVOICE,
        _ => B2B,
    }
}

fn from_bank(bank: Bank, sentiment: Sentiment, rng: &mut Rng) -> &'static str {
    let items = match sentiment {
        Sentiment::Negative => bank.0,
        Sentiment::Neutral => bank.1,
        Sentiment::Positive => bank.2,
    };
    rng.pick(items)
}

/// A comment for a post-interaction response, or none (about 30% of rows have one).
fn post_interaction_comment(
    touchpoint: &str,
    quarter: usize,
    sentiment: Sentiment,
    rng: &mut Rng,
) -> Option<&'static str> {
    let p = match sentiment {
        Sentiment::Negative => 0.48,
        Sentiment::Neutral => 0.18,
        Sentiment::Positive => 0.31,
    };
    if !rng.chance(p) {
        return None;
    }
    let roll = rng.unit();
    let bank = if roll < 0.006 {
        MULTI_LINE
    } else if roll < 0.2 {
        GENERIC
    } else {
        bank(touchpoint, quarter)
    };
    Some(from_bank(bank, sentiment, rng))
}

const RELATIONSHIP_OLD: Bank = (
    &[
        "Te duur voor wat je krijgt; de bezorgkosten zijn hoog.",
        "Klantenservice is slecht bereikbaar op maandag.",
        "Plants are lovely, but the chatbot drives me mad.",
        "Mijn laatste plant kwam beschadigd aan.",
    ],
    &[
        "Mooie planten; levering kan sneller.",
        "Goede kwaliteit, prijs is aan de hoge kant.",
        "Fine shop, nothing that stands out.",
        "Prima webshop, niks bijzonders.",
    ],
    &[
        "Beste plantenwinkel online, altijd gezonde planten.",
        "Ik raad Groenhuis aan al mijn vrienden aan!",
        "Great plants, great advice. I recommend you to everyone.",
        "Fijne klantenservice; ze denken echt met je mee.",
        "Our office looks great thanks to the subscription.",
    ],
);

const RELATIONSHIP_NEW: Bank = (
    &[
        "Sinds de nieuwe vervoerder is elke bestelling een gok.",
        "Leuke planten, maar de bezorging is de laatste tijd echt slecht.",
        "Since the new carrier every order has been a gamble.",
        "Customer service is great, delivery is not.",
        "Te duur voor wat je krijgt; de bezorgkosten zijn hoog.",
    ],
    &[
        "Mooie planten; levering kan beter.",
        "Bestellen gaat nu heel makkelijk, bezorgen helaas niet.",
        "Good plants, but BloomPost needs to improve.",
        "Prima webshop, niks bijzonders.",
    ],
    &[
        "Beste plantenwinkel online, altijd gezonde planten.",
        "Ik raad Groenhuis aan al mijn vrienden aan!",
        "The new website is lovely, ordering takes a minute.",
        "Fijne klantenservice; ze denken echt met je mee.",
        "Our office looks great thanks to the subscription.",
    ],
);

// ---------------------------------------------------------------------------------------------
// Rows and CSV
// ---------------------------------------------------------------------------------------------

/// One response, with every cell already as text.
struct Row {
    /// Day number and minute of the day, for sorting.
    day: i64,
    minute: u32,
    persona: &'static str,
    touchpoint: &'static str,
    channel: &'static str,
    device: &'static str,
    nps: String,
    csat: String,
    ces: String,
    comment: &'static str,
}

/// A score on `low..=high`, from a centre and a slope on the latent satisfaction, plus noise.
fn score(centre: f64, slope: f64, latent: f64, noise: f64, low: i64, high: i64, rng: &mut Rng) -> i64 {
    let value = centre + slope * latent + noise * rng.normal();
    (value.round() as i64).clamp(low, high)
}

/// The cell for a score, blank when the question was skipped (about 10%).
fn answer(value: i64, rng: &mut Rng) -> String {
    if rng.chance(0.1) { String::new() } else { value.to_string() }
}

/// A CSV field, quoted when it holds the separator, a quote or a line break.
fn field(text: &str, delimiter: char) -> String {
    if text.contains([delimiter, '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv_line(cells: &[&str], delimiter: char, line_end: &str) -> String {
    let mut line = cells.iter().map(|cell| field(cell, delimiter)).collect::<Vec<_>>().join(&delimiter.to_string());
    line.push_str(line_end);
    line
}

const HEADER: [&str; 10] =
    ["response_id", "submitted_at", "persona", "touchpoint", "channel", "device", "nps", "csat", "ces", "comment"];

fn post_interaction(rng: &mut Rng) -> Vec<Row> {
    let mut rows = Vec::new();
    for (q, &(year, quarter)) in QUARTERS.iter().enumerate() {
        let (start, end) = quarter_days(year, quarter);
        for touchpoint in TOUCHPOINTS {
            let expected = touchpoint.volume * quarter_factor(q) * (1.0 + 0.08 * rng.normal());
            let count = expected.round().max(1.0) as usize;
            // Each quarter drifts a little, as real scores do.
            let drift = 0.06 * rng.normal();
            for _ in 0..count {
                let persona = rng.weighted(touchpoint.personas);
                let (channel, device) = channel_and_device(touchpoint.reach, persona, rng);
                let channel_effect = if channel == "app" { 0.1 } else { 0.0 };
                let latent = touchpoint.base
                    + story(touchpoint.id, q)
                    + persona_offset(persona)
                    + channel_effect
                    + drift
                    + rng.normal();
                let nps = score(8.3, 1.9, latent, 0.9, 0, 10, rng);
                let csat = score(4.0, 0.8, latent, 0.45, 1, 5, rng);
                let ces = score(5.5, 1.1, latent, 0.6, 1, 7, rng);
                let comment = post_interaction_comment(touchpoint.id, q, sentiment(nps), rng).unwrap_or("");
                rows.push(Row {
                    day: start + rng.below((end - start) as u64) as i64,
                    minute: random_hour(rng) * 60 + rng.below(60) as u32,
                    persona,
                    touchpoint: touchpoint.id,
                    channel,
                    device,
                    nps: answer(nps, rng),
                    csat: answer(csat, rng),
                    ces: answer(ces, rng),
                    comment,
                });
            }
        }
    }
    // Sort by time; the stable sort keeps generation order for equal times, and ids follow.
    rows.sort_by_key(|row| (row.day, row.minute));
    spoil(&mut rows);
    rows
}

/// Exactly three invalid cells and five `N/A` cells, for the data-quality report.
fn spoil(rows: &mut [Row]) {
    let n = rows.len();
    // The first answered cell at or after a position, so the bad value replaces a real answer.
    let find = |rows: &[Row], from: usize, get: fn(&Row) -> &String| -> usize {
        (from..n).find(|&i| !get(&rows[i]).is_empty()).expect("an answered cell")
    };
    let i = find(rows, n / 7, |r| &r.nps);
    rows[i].nps = "11".into();
    let i = find(rows, n * 3 / 7, |r| &r.csat);
    rows[i].csat = "9".into();
    let i = find(rows, n * 5 / 7, |r| &r.ces);
    rows[i].ces = "x".into();
    // A survey tool that writes `N/A` for a skipped question.
    for (k, at) in [n / 11, n * 3 / 11, n * 5 / 11, n * 8 / 11, n * 10 / 11].into_iter().enumerate() {
        let row = &mut rows[at + 1];
        match k % 3 {
            0 => row.nps = "N/A".into(),
            1 => row.csat = "N/A".into(),
            _ => row.ces = "N/A".into(),
        }
    }
}

fn write_post_interaction(rows: &[Row]) -> String {
    let mut out = csv_line(&HEADER, ',', "\n");
    for (i, row) in rows.iter().enumerate() {
        let (y, m, d) = civil_from_days(row.day);
        let id = format!("PI-{:06}", i + 1);
        let time = format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:00Z", row.minute / 60, row.minute % 60);
        let cells = [
            id.as_str(),
            &time,
            row.persona,
            row.touchpoint,
            row.channel,
            row.device,
            &row.nps,
            &row.csat,
            &row.ces,
            row.comment,
        ];
        out.push_str(&csv_line(&cells, ',', "\n"));
    }
    out
}

/// The quarterly relationship survey: one wave a quarter, sent in the middle month.
fn relationship(rng: &mut Rng) -> String {
    const PERSONAS: &[(&str, f64)] = &[("sanne", 0.55), ("henk", 0.35), ("priya", 0.10)];
    let mut rows = Vec::new();
    for (q, &(year, quarter)) in QUARTERS.iter().enumerate() {
        let sent = days_from_civil(year, 3 * quarter - 1, 10);
        let count = 140 + rng.below(25) as usize;
        // Delivery trouble after the carrier switch shows in how customers see the shop overall.
        let mood = if q == CARRIER_SWITCH {
            -0.15
        } else if q > CARRIER_SWITCH {
            -0.25
        } else {
            0.0
        } + 0.05 * rng.normal();
        for _ in 0..count {
            let persona = rng.weighted(PERSONAS);
            let (channel, device) = channel_and_device(Reach::AtHome, persona, rng);
            let latent = 0.2 + mood + persona_offset(persona) + rng.normal();
            let nps = score(8.3, 1.9, latent, 0.9, 0, 10, rng);
            let mut late = 0;
            while late < 20 && rng.chance(0.8) {
                late += 1;
            }
            let texts = if q >= CARRIER_SWITCH { RELATIONSHIP_NEW } else { RELATIONSHIP_OLD };
            let comment = if rng.chance(0.35) { from_bank(texts, sentiment(nps), rng) } else { "" };
            rows.push((sent + late, persona, channel, device, nps, comment));
        }
    }
    rows.sort_by_key(|row| row.0);
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_line(&HEADER, ';', "\r\n"));
    for (i, (day, persona, channel, device, nps, comment)) in rows.into_iter().enumerate() {
        let (y, m, d) = civil_from_days(day);
        let id = format!("RL-{:06}", i + 1);
        let date = format!("{d:02}-{m:02}-{y:04}");
        let nps = nps.to_string();
        let cells = [id.as_str(), &date, persona, "", channel, device, &nps, "", "", comment];
        out.push_str(&csv_line(&cells, ';', "\r\n"));
    }
    out
}

fn main() -> std::io::Result<()> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content").join("surveys");
    fs::create_dir_all(&dir)?;
    let mut rng = Rng(SEED);
    let rows = post_interaction(&mut rng);
    fs::write(dir.join("post-interaction.csv"), write_post_interaction(&rows))?;
    let mut rng = Rng(SEED ^ 0x5245_4c41_5449_4f4e); // "RELATION"
    fs::write(dir.join("relationship.csv"), relationship(&mut rng))?;
    println!("wrote {} post-interaction responses to {}", rows.len(), dir.display());
    Ok(())
}
