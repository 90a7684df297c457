//! The command line's own parts (not the library's): printing and the progress bar.

pub mod console;
pub mod progress;
