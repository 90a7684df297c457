//! A progress bar on stderr while the surveys are read, once a read has taken long enough to be
//! worth watching. On a terminal it is redrawn in place; on a terminal without escapes
//! (`NO_COLOR`, `TERM=dumb`) it is a plain line at each quarter of the read; CI logs (stderr
//! not a terminal) get only the summary line.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use cxsite::ingest::IngestProgress;

use super::console::Stderr;

/// How long a read runs before the bar appears, and how often it is redrawn.
const DELAY: Duration = Duration::from_millis(700);
const REDRAW: Duration = Duration::from_millis(150);

/// The bar's thread; dropping it clears the bar.
pub struct ProgressBar {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ProgressBar {
    /// Shows `progress` while it runs, as stderr allows (and not at all when `quiet` is set).
    pub fn start(progress: Arc<IngestProgress>, quiet: bool) -> ProgressBar {
        let stderr = Stderr::detect();
        if quiet || stderr == Stderr::NotATerminal {
            return ProgressBar { stop: None, thread: None };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if !matches!(stopped.recv_timeout(DELAY), Err(RecvTimeoutError::Timeout)) {
                return;
            }
            let mut drawing = Drawing::new(stderr);
            let write = |text: String| {
                if !text.is_empty() {
                    stderr_text!("{text}");
                }
            };
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(REDRAW) {
                write(drawing.update(progress.done.load(Ordering::Relaxed), progress.total.load(Ordering::Relaxed)));
            }
            write(drawing.finish());
        });
        ProgressBar { stop: Some(stop), thread: Some(thread) }
    }
}

impl Drop for ProgressBar {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What the bar writes at each look at the progress, apart from the thread and the clock.
struct Drawing {
    redraw: bool,
    /// A redrawn bar is on the screen.
    drawn: bool,
    /// The last quarter of the read a plain line was written for.
    quarter: u64,
}

impl Drawing {
    fn new(stderr: Stderr) -> Drawing {
        Drawing { redraw: stderr == Stderr::Terminal, drawn: false, quarter: 0 }
    }

    /// The text to write now that `done` of `total` bytes are read (empty for nothing).
    fn update(&mut self, done: u64, total: u64) -> String {
        let done = done.min(total);
        if total == 0 || done == total {
            // Between reads (watch, serve): no bar, so log lines start on a clean line.
            self.quarter = 0;
            return self.finish();
        }
        let (percent, megabytes) = (done * 100 / total, format!("{} of {} MB", done >> 20, total >> 20));
        if !self.redraw {
            let quarter = done * 4 / total;
            if quarter <= self.quarter {
                return String::new();
            }
            self.quarter = quarter;
            return format!("  reading surveys: {percent}%, {megabytes}\n");
        }
        let width = 30;
        let filled = (done * width / total) as usize;
        self.drawn = true;
        format!(
            "\r  reading surveys [{}{}] {percent:>3}%  {megabytes}",
            "#".repeat(filled),
            " ".repeat(width as usize - filled)
        )
    }

    /// The text that leaves the line clean when the bar goes.
    fn finish(&mut self) -> String {
        if std::mem::take(&mut self.drawn) { "\r\x1b[2K".into() } else { String::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::{Drawing, Stderr};

    /// Everything a drawing writes over two reads that each pass through every 5%.
    fn written(stderr: Stderr) -> String {
        let mut drawing = Drawing::new(stderr);
        let mut text = String::new();
        for _ in 0..2 {
            for done in (0..=100u64).step_by(5) {
                text += &drawing.update(done << 20, 100 << 20);
            }
            text += &drawing.update(0, 0);
        }
        text + &drawing.finish()
    }

    #[test]
    fn a_plain_terminal_gets_plain_lines_at_each_quarter() {
        let text = written(Stderr::PlainTerminal);
        assert!(!text.contains('\r') && !text.contains('\x1b'), "{text:?}");
        let read = "  reading surveys: 25%, 25 of 100 MB\n  reading surveys: 50%, 50 of 100 MB\n  reading surveys: 75%, 75 of 100 MB\n";
        assert_eq!(text, format!("{read}{read}"));
    }

    #[test]
    fn a_terminal_gets_the_bar_redrawn_and_cleared() {
        let text = written(Stderr::Terminal);
        assert!(text.starts_with("\r  reading surveys [          "), "{text:?}");
        assert!(text.contains("\r  reading surveys [#########                     ]  30%  30 of 100 MB"));
        assert_eq!(text.matches("\r\x1b[2K").count(), 2, "cleared after each read: {text:?}");
        assert!(text.ends_with("\r\x1b[2K") && !text.contains('\n'));
    }
}
