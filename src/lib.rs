//! cxsite: a static site generator for customer-experience reports.
//!
//! The pipeline, one module a stage: [`load`] → [`ingest`] → [`analyse`] → [`render`] → [`write`].
//! [`build`] runs it and keeps each stage's result; [`watch`] and [`serve`] rerun it on every
//! change; `main.rs` is the command line around them.
//!
//! The library prints nothing: problems come back as values ([`diagnostics::Diagnostic`], and
//! the errors of the machine with their cause in `source()` and a `hint()`), and `watch` and
//! `serve` report while they run through a `Reporter` the binary supplies; `src/cli/console.rs`
//! renders all of it.

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
pub mod memory;
pub mod paths;
pub mod period;
pub mod render;
pub mod routes;
pub mod serve;
pub mod stamp;
pub mod url;
pub mod watch;
pub mod write;
pub mod yaml;
