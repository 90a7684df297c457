//! cxsite: a static site generator for customer-experience reports.
//!
//! The pipeline, one module a stage: [`load`] → [`ingest`] → [`analyse`] → [`render`] → [`write`].
//! [`build`] runs it and keeps each stage's result; [`watch`] and [`serve`] rerun it on every
//! change; `main.rs` is the command line around them.

/// `eprintln!` that never panics: with stderr full or closed (`2>/dev/full`) the message is
/// lost, not the build (the exit code still tells).
#[macro_export]
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that never panics, as [`stderr_line!`].
#[macro_export]
macro_rules! stderr_text {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

pub mod analyse;
pub mod bands;
pub mod build;
pub mod colour;
pub mod config;
pub mod cores;
pub mod diagnostics;
pub mod histogram;
pub mod ingest;
pub mod init;
pub mod load;
pub mod paths;
pub mod period;
pub mod render;
pub mod serve;
pub mod url;
pub mod watch;
pub mod write;
pub mod yaml;
