//! cxsite: a static site generator for customer-experience reports.
//!
//! The pipeline, one module a stage: [`load`] → [`ingest`] → [`analyse`] → [`render`] → [`write`].
//! [`build`] runs it and keeps each stage's result; [`watch`] and [`serve`] rerun it on every
//! change; `main.rs` is the command line around them.

pub mod analyse;
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
pub mod watch;
pub mod write;
pub mod yaml;
