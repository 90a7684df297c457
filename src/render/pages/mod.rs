//! One module a kind of page; each builds its template context and renders it.

pub mod archive;
pub mod drivers;
pub mod journey;
pub mod lifecycle;
pub mod lists;
pub mod markdown_page;
pub mod maturity;
pub mod method;
pub mod pain_points;
pub mod persona;
pub mod scores;
pub mod segment_map;
pub mod since;
pub mod summary;
pub mod topics;

use serde::Serialize;

/// A rendered HTML page and where it goes under the output folder.
pub struct Page {
    pub path: String,
    pub html: String,
}

/// A labelled relative link.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub path: String,
}
