//! `cxsite serve`: `watch`, plus a local web server whose pages reload after every rebuild.

mod http;
mod live;

pub use live::{EVENTS_PATH, LiveSite};

use std::fmt;
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;

use crate::build::Session;
use crate::watch::{Rebuild, WatchError, watch};

/// Where to listen and what to do once listening.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
    /// Poll the files instead of waiting for events.
    pub poll: bool,
}

/// Why the server could not run.
#[derive(Debug)]
pub enum ServeError {
    /// The address is taken or not ours; `free` is a port that was free a moment ago.
    Bind {
        address: SocketAddr,
        error: std::io::Error,
        free: Option<u16>,
    },
    Watch(WatchError),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Bind { address, error, free } if error.kind() == ErrorKind::AddrInUse => {
                write!(f, "cannot serve on {address}: the port is already in use (another `cxsite serve`?)")?;
                match free {
                    Some(port) => write!(f, "\n  hint: try `cxsite serve --port {port}`"),
                    None => write!(f, "\n  hint: choose another port with `--port`"),
                }
            }
            ServeError::Bind { address, error, .. } => {
                write!(f, "cannot serve on {address}: {error}\n  hint: check `--bind` and `--port`")
            }
            ServeError::Watch(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Serves the site of `session` until Ctrl-C; `after` sees each rebuild, the first one too.
/// `listening` gets the address once the port is open, before the first build.
pub fn serve(
    root: &Path,
    session: &mut Session,
    options: &ServeOptions,
    listening: impl FnOnce(SocketAddr),
    mut after: impl FnMut(&Rebuild, &Session),
) -> Result<(), ServeError> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(address).map_err(|error| ServeError::Bind {
        address,
        error,
        free: free_port_after(address),
    })?;
    let address = listener.local_addr().unwrap_or(address);
    listening(address);
    if options.open {
        open_browser(&format!("http://{address}/"));
    }
    let site = Arc::new(LiveSite::default());
    {
        let site = site.clone();
        std::thread::spawn(move || http::accept(listener, site));
    }
    watch(root, session, options.poll, |rebuild, session| {
        match &rebuild.result {
            Ok(_) => site.publish(session.files()),
            Err(error) => site.fail(error),
        }
        after(rebuild, session);
    })
    .map_err(ServeError::Watch)
}

/// The first of the next few ports that can be bound, to suggest when the asked one is taken.
fn free_port_after(address: SocketAddr) -> Option<u16> {
    (1..=20)
        .filter_map(|step| address.port().checked_add(step))
        .find(|&port| TcpListener::bind(SocketAddr::new(address.ip(), port)).is_ok())
}

/// Best effort: the site is usable without it, and the address is printed anyway.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(error) = std::process::Command::new(opener).arg(url).spawn() {
        crate::stderr_line!("warning: could not open a browser ({opener}: {error}); open {url} yourself");
    }
}
