//! A progress bar on stderr while the surveys are read: only on a terminal, and only once a
//! read has taken long enough to be worth watching. CI logs get the summary line instead.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use cxsite::ingest::IngestProgress;

/// How long a read runs before the bar appears, and how often it is redrawn.
const DELAY: Duration = Duration::from_millis(700);
const REDRAW: Duration = Duration::from_millis(150);

/// The bar's thread; dropping it clears the bar.
pub struct ProgressBar {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl ProgressBar {
    /// Shows `progress` while it runs, if stderr is a terminal (and `quiet` is not set).
    pub fn start(progress: Arc<IngestProgress>, quiet: bool) -> ProgressBar {
        if quiet || !std::io::stderr().is_terminal() {
            return ProgressBar { stop: None, thread: None };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            if !matches!(stopped.recv_timeout(DELAY), Err(RecvTimeoutError::Timeout)) {
                return;
            }
            let mut drawn = false;
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(REDRAW) {
                let total = progress.total.load(Ordering::Relaxed);
                let done = progress.done.load(Ordering::Relaxed).min(total);
                if total == 0 || done == total {
                    // Between reads (watch, serve): no bar, so log lines start on a clean line.
                    if drawn {
                        stderr_text!("\r\x1b[2K");
                        drawn = false;
                    }
                    continue;
                }
                let width = 30;
                let filled = (done * width / total) as usize;
                stderr_text!(
                    "\r  reading surveys [{}{}] {:>3}%  {} of {} MB",
                    "#".repeat(filled),
                    " ".repeat(width as usize - filled),
                    done * 100 / total,
                    done >> 20,
                    total >> 20
                );
                let _ = std::io::stderr().flush();
                drawn = true;
            }
            if drawn {
                stderr_text!("\r\x1b[2K");
            }
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
