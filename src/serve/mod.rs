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

/// What `serve` tells the one who runs it, beyond what [`watch`] does. The library prints
/// nothing: the binary's implementation (`src/cli/console.rs`) does.
pub trait Reporter: crate::watch::Reporter {
    /// The port is open, before the first build.
    fn listening(&mut self, address: SocketAddr);
    /// `--open` could not start a browser: a warning, the site is served all the same.
    fn no_browser(&mut self, error: &ServeError);
}

/// Why the server could not run (or, for [`ServeError::Browser`], a warning): the address or
/// program, and the system's error as [`source()`](std::error::Error::source). `Display` is
/// the one line without the cause or the hint.
#[derive(Debug)]
pub enum ServeError {
    /// The address is taken or not ours; `free` is a port that was free a moment ago.
    Bind {
        address: SocketAddr,
        source: std::io::Error,
        free: Option<u16>,
    },
    Watch(WatchError),
    /// `--open` could not start `opener` on `url`.
    Browser {
        opener: &'static str,
        url: String,
        source: std::io::Error,
    },
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Bind { address, .. } => write!(f, "cannot serve on {address}"),
            ServeError::Watch(error) => write!(f, "{error}"),
            ServeError::Browser { opener, .. } => write!(f, "could not open a browser with {opener}"),
        }
    }
}

impl std::error::Error for ServeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServeError::Bind { source, .. } | ServeError::Browser { source, .. } => Some(source),
            // The watch error stands in for this one: its cause follows it directly.
            ServeError::Watch(error) => std::error::Error::source(error),
        }
    }
}

impl ServeError {
    /// What the user can do about it, if anything.
    pub fn hint(&self) -> Option<String> {
        match self {
            ServeError::Bind { source, free, .. } if source.kind() == ErrorKind::AddrInUse => Some(match free {
                Some(port) => format!("the port is taken (another `cxsite serve`?): try `cxsite serve --port {port}`"),
                None => "the port is taken (another `cxsite serve`?): choose another port with `--port`".into(),
            }),
            ServeError::Bind { .. } => Some("check `--bind` and `--port`".into()),
            ServeError::Watch(error) => error.hint().map(Into::into),
            ServeError::Browser { url, .. } => Some(format!("open {url} yourself")),
        }
    }
}

/// Serves the site of `session` until Ctrl-C; `reporter` hears when the port is open (before
/// the first build), then of each rebuild, the first one too.
pub fn serve(
    root: &Path,
    session: &mut Session,
    options: &ServeOptions,
    reporter: &mut impl Reporter,
) -> Result<(), ServeError> {
    let address = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(address).map_err(|source| ServeError::Bind {
        address,
        source,
        free: free_port_after(address),
    })?;
    let address = listener.local_addr().unwrap_or(address);
    reporter.listening(address);
    if options.open
        && let Err(error) = open_browser(&format!("http://{address}/"))
    {
        reporter.no_browser(&error);
    }
    // The preview answers from memory, never from the output folder, and its open pages first.
    let site = Arc::new(LiveSite::default());
    session.preview(site.clone());
    {
        let site = site.clone();
        std::thread::spawn(move || http::accept(listener, site));
    }
    watch(root, session, options.poll, &mut Publishing { site: &site, reporter }).map_err(ServeError::Watch)
}

/// Publishes each rebuild to the served site, then passes it on.
struct Publishing<'a, R> {
    site: &'a LiveSite,
    reporter: &'a mut R,
}

impl<R: Reporter> crate::watch::Reporter for Publishing<'_, R> {
    fn rebuilt(&mut self, rebuild: &Rebuild, session: &Session) {
        match &rebuild.result {
            Ok(_) => self.site.publish(session.files()),
            Err(error) => self.site.fail(error),
        }
        self.reporter.rebuilt(rebuild, session);
    }

    fn trouble(&mut self, trouble: &WatchError) {
        self.reporter.trouble(trouble);
    }
}

/// The first of the next few ports that can be bound, to suggest when the asked one is taken.
fn free_port_after(address: SocketAddr) -> Option<u16> {
    (1..=20)
        .filter_map(|step| address.port().checked_add(step))
        .find(|&port| TcpListener::bind(SocketAddr::new(address.ip(), port)).is_ok())
}

/// Best effort: the site is usable without it, and the address is printed anyway.
fn open_browser(url: &str) -> Result<(), ServeError> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    match std::process::Command::new(opener).arg(url).spawn() {
        Ok(_) => Ok(()),
        Err(source) => Err(ServeError::Browser { opener, url: url.to_string(), source }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::BuildOptions;
    use crate::diagnostics::with_causes;
    use std::error::Error as _;

    /// Hears nothing: `serve` fails before it would report.
    struct Deaf;

    impl crate::watch::Reporter for Deaf {
        fn rebuilt(&mut self, _: &Rebuild, _: &Session) {}
        fn trouble(&mut self, _: &WatchError) {}
    }

    impl Reporter for Deaf {
        fn listening(&mut self, _: SocketAddr) {}
        fn no_browser(&mut self, _: &ServeError) {}
    }

    #[test]
    fn a_taken_port_is_the_source_and_the_hint_offers_a_free_one() {
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = taken.local_addr().unwrap();
        let root = Path::new("no-such-project");
        let mut session = Session::new(root, BuildOptions::default());
        let options = ServeOptions { bind: address.ip(), port: address.port(), open: false, poll: false };
        let error = serve(root, &mut session, &options, &mut Deaf).unwrap_err();
        assert_eq!(error.to_string(), format!("cannot serve on {address}"));
        let source = error.source().and_then(|e| e.downcast_ref::<std::io::Error>()).unwrap();
        assert_eq!(source.kind(), ErrorKind::AddrInUse);
        let ServeError::Bind { free: Some(free), .. } = &error else { panic!("{error:?}") };
        assert_eq!(
            error.hint().unwrap(),
            format!("the port is taken (another `cxsite serve`?): try `cxsite serve --port {free}`")
        );
    }

    #[test]
    fn each_kind_has_its_hint() {
        let address = SocketAddr::from(([127, 0, 0, 1], 1111));
        let bind = |kind, free| ServeError::Bind { address, source: std::io::Error::from(kind), free };
        assert!(bind(ErrorKind::AddrInUse, None).hint().unwrap().ends_with("choose another port with `--port`"));
        assert_eq!(bind(ErrorKind::AddrNotAvailable, None).hint().unwrap(), "check `--bind` and `--port`");
        let browser = ServeError::Browser {
            opener: "xdg-open",
            url: "http://127.0.0.1:1111/".into(),
            source: std::io::Error::from(ErrorKind::NotFound),
        };
        assert_eq!(browser.to_string(), "could not open a browser with xdg-open");
        assert!(browser.source().is_some());
        assert_eq!(browser.hint().unwrap(), "open http://127.0.0.1:1111/ yourself");
    }

    #[test]
    fn a_watch_error_is_said_once_with_its_own_cause_and_hint() {
        let denied = std::io::Error::from(ErrorKind::PermissionDenied);
        let watch = WatchError::io(crate::watch::Watching::Start, false)(denied);
        let expected = (with_causes(&watch), watch.hint().map(String::from));
        let error = ServeError::Watch(watch);
        assert_eq!((with_causes(&error), error.hint()), expected);
    }
}
