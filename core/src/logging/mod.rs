//! The engine's logs. Every layer logs with `tracing` under a target named
//! after it (`haven::connection`, `haven::deployment`, `haven::failover`,
//! `haven::request`, `haven::pubsub`, `haven::cache`, `haven::engine`);
//! the HA events are logged in one place as they are published (`ha`).
//! A record never carries a secret: no call logs a password, an AUTH
//! argument, a credential or a command's arguments (commands appear by name
//! only), and every line is scrubbed of the passwords the engine was given
//! (`secrets`) before it leaves.
//!
//! A Rust program that uses haven-core sees these records in its own
//! `tracing` subscriber. A language shim calls `install` instead: haven's
//! subscriber then filters by level (`set_level`, or `HAVEN_LOG`, which
//! wins), collapses bursts of identical info/warn/error lines (`limit`) and
//! queues the records (`queue`: bounded; when the host's logger falls behind
//! the newest records are dropped and counted, never waited for), for the
//! shim to hand to its language's logging: from a thread of the host that
//! calls `take` (Python, Java), or through `deliver`, which calls the shim's
//! sink on a thread of its own (C, Node). No engine thread ever waits for
//! the host.

mod ha;
mod layer;
mod limit;
mod queue;
pub mod secrets;

use std::sync::OnceLock;
use std::time::Duration;

use parking_lot::Mutex;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{reload, Registry};

use crate::error::{Error, Result};

pub(crate) use ha::event as log_event;

/// The targets, one per layer.
pub const CONNECTION: &str = "haven::connection";
pub const DEPLOYMENT: &str = "haven::deployment";
pub const FAILOVER: &str = "haven::failover";
pub const REQUEST: &str = "haven::request";
pub const PUBSUB: &str = "haven::pubsub";
pub const CACHE: &str = "haven::cache";
pub const ENGINE: &str = "haven::engine";
/// The sink's own lines: records dropped, lines suppressed.
pub const LOGGING: &str = "haven::logging";

/// The environment variable that sets the level, e.g. `HAVEN_LOG=debug` or
/// `HAVEN_LOG=haven=info,haven::connection=trace`; it wins over any level
/// set in code or configuration.
pub const ENV: &str = "HAVEN_LOG";

/// The level when neither `HAVEN_LOG` nor the code says.
pub const DEFAULT_LEVEL: &str = "haven=info";

/// A record's severity, most severe first; the numbers are part of every
/// shim's contract (the C header's `HavenLogLevel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Level {
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
    Trace = 5,
}

impl Level {
    pub fn from_tracing(level: &tracing::Level) -> Level {
        match *level {
            tracing::Level::ERROR => Level::Error,
            tracing::Level::WARN => Level::Warn,
            tracing::Level::INFO => Level::Info,
            tracing::Level::DEBUG => Level::Debug,
            _ => Level::Trace,
        }
    }

    /// The level a number names (1 error .. 5 trace); None for 0 ("off")
    /// and anything else.
    pub fn from_number(n: i64) -> Option<Level> {
        match n {
            1 => Some(Level::Error),
            2 => Some(Level::Warn),
            3 => Some(Level::Info),
            4 => Some(Level::Debug),
            5 => Some(Level::Trace),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
            Level::Trace => "trace",
        }
    }
}

/// One line for the host's logging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub level: Level,
    /// The logger's name: the target with dots, e.g. "haven.connection".
    pub logger: String,
    pub message: String,
    pub time_unix_ms: i64,
}

impl Record {
    pub(crate) fn new(level: Level, target: &str, message: String) -> Record {
        Record { level, logger: target.replace("::", "."), message, time_unix_ms: crate::events::now_unix_ms() }
    }
}

type FilterHandle = reload::Handle<Targets, Registry>;

struct Installed {
    /// Whether haven's subscriber is the process's (false: another one was
    /// set first; records then go there and nothing is queued).
    ours: bool,
    filter: Option<FilterHandle>,
}

static INSTALLED: OnceLock<Installed> = OnceLock::new();
/// The level asked for in code (config `log_level`, a shim's setter), kept
/// for an `install` that comes later.
static REQUESTED: Mutex<Option<Targets>> = Mutex::new(None);
/// `HAVEN_LOG`, read once: Some(Ok) valid, Some(Err) invalid (ignored, and
/// said so in a warn record at install), None unset.
static ENV_LEVEL: OnceLock<Option<std::result::Result<Targets, String>>> = OnceLock::new();

fn env_level() -> Option<&'static std::result::Result<Targets, String>> {
    ENV_LEVEL
        .get_or_init(|| {
            let text = std::env::var(ENV).ok()?;
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            Some(parse_level(ENV, text).map_err(|e| e.message().to_string()))
        })
        .as_ref()
}

/// Parses a level: "error", "warn", "info", "debug", "trace" or "off", or
/// directives "target=level,..." (EnvFilter's simple syntax, e.g.
/// "haven=info,haven::connection=debug"; a bare level applies to every
/// target). `field` names the setting in the ConfigError.
pub fn parse_level(field: &str, text: &str) -> Result<Targets> {
    let bad = |why: String| {
        Error::config(format!(
            "{field}: {why} (expected a level such as \"info\" or \"debug\", or directives such as \"haven=info,haven::connection=debug\")"
        ))
    };
    let is_level = |s: &str| s.trim().parse::<LevelFilter>().is_ok();
    for directive in text.split(',') {
        let directive = directive.trim();
        if directive.is_empty() {
            return Err(bad(format!("empty directive in {text:?}")));
        }
        match directive.split_once('=') {
            Some((target, level)) if !target.trim().is_empty() && is_level(level) => {}
            Some(_) => return Err(bad(format!("{directive:?} is not target=level"))),
            None if is_level(directive) => {}
            None => return Err(bad(format!("{directive:?} is not a level"))),
        }
    }
    text.parse::<Targets>().map_err(|e| bad(e.to_string()))
}

/// Sets the process-wide level (see `parse_level`); logging is the
/// process's, like the host languages' own loggers. Returns false when
/// `HAVEN_LOG` is set: it wins, and this level is not applied.
pub fn set_level(field: &str, text: &str) -> Result<bool> {
    let targets = parse_level(field, text)?;
    if env_level().is_some_and(|e| e.is_ok()) {
        return Ok(false);
    }
    *REQUESTED.lock() = Some(targets.clone());
    if let Some(handle) = INSTALLED.get().and_then(|i| i.filter.as_ref()) {
        // Fails only once the subscriber is gone (never: it is global).
        let _ = handle.reload(targets);
    }
    Ok(true)
}

/// Sets the level to at most `level` for every haven target (None: off).
pub fn set_max_level(level: Option<Level>) -> bool {
    let text = level.map_or("off", Level::name);
    set_level("level", text).unwrap_or(false)
}

/// Makes haven's subscriber the process's global one (once; later calls
/// only answer): records from then on are filtered, rate-limited and queued
/// for `take` / `deliver`. Returns false when another subscriber was set
/// first (a Rust host with its own): then the records go to that one.
pub fn install() -> bool {
    INSTALLED
        .get_or_init(|| {
            let env = env_level();
            let targets = match env {
                Some(Ok(t)) => t.clone(),
                _ => REQUESTED.lock().clone().unwrap_or_else(default_targets),
            };
            let (filter, handle) = reload::Layer::new(targets);
            let subscriber = Registry::default().with(filter).with(layer::HostLayer);
            let ours = tracing::subscriber::set_global_default(subscriber).is_ok();
            if ours {
                if let Some(Err(why)) = env {
                    tracing::warn!(target: LOGGING, "{ENV} ignored: {why}");
                }
            }
            Installed { ours, filter: ours.then_some(handle) }
        })
        .ours
}

/// Fork support (`runtime::prepare_fork`): the locks every logging thread
/// takes are held across `fork()`, so a child never inherits one locked by
/// a thread it does not have. None is taken while holding another.
pub(crate) fn lock_for_fork() {
    secrets::lock_for_fork();
    limit::LIMITER.lock_for_fork();
    queue::QUEUE.lock_for_fork();
}

/// See `lock_for_fork`; a child also drops the parent's queued records.
pub(crate) fn unlock_after_fork(child: bool) {
    queue::QUEUE.unlock_after_fork(child);
    limit::LIMITER.unlock_after_fork();
    secrets::unlock_after_fork();
}

fn default_targets() -> Targets {
    Targets::new().with_target("haven", LevelFilter::INFO)
}

/// Moves the queued records into `out`, waiting up to `wait` for the first
/// (not at all when some are queued). Lines a burst suppressed are counted
/// in a summary record once their second has passed, and records dropped
/// because the host fell behind are counted in a warn record. For the one
/// host thread that delivers records (Python's and Java's log threads,
/// `deliver`'s thread).
pub fn take(out: &mut Vec<Record>, wait: Duration) {
    let dropped = queue::QUEUE.take(out, wait);
    if dropped > 0 {
        out.push(Record::new(
            Level::Warn,
            LOGGING,
            format!("{dropped} log records dropped: the application's logger did not keep up"),
        ));
    }
    limit::LIMITER.sweep(std::time::Instant::now(), out);
}

/// Wakes a thread waiting in `take` at once (a host stopping its delivery
/// thread, e.g. at interpreter exit).
pub fn wake() {
    queue::QUEUE.wake();
}

/// What a shim's sink receives: a batch of records, in order, on the
/// delivery thread (never an engine thread).
pub type Sink = Box<dyn FnMut(Vec<Record>) + Send>;

static SINK: Mutex<Option<Sink>> = Mutex::new(None);
/// A sink set from inside the sink (on the delivery thread): applied after
/// the batch it was set during.
static PENDING: Mutex<Option<Option<Sink>>> = Mutex::new(None);
static DELIVERY: OnceLock<bool> = OnceLock::new();

thread_local! {
    static DELIVERING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs haven's subscriber and hands every record to `sink` (None: the
/// records are discarded from now on) on a thread of its own, named
/// `haven-log`, started once: a slow sink only makes records drop. When
/// this returns, the sink it replaced is never called again (it waits for a
/// batch under way; called from inside the sink, the change applies after
/// the current batch instead). Returns false when the thread could not be
/// started or another subscriber owns the process.
pub fn deliver(sink: Option<Sink>) -> bool {
    if DELIVERING.with(|d| d.get()) {
        *PENDING.lock() = Some(sink);
    } else {
        *SINK.lock() = sink;
    }
    let ours = install();
    let started = *DELIVERY.get_or_init(|| {
        std::thread::Builder::new().name("haven-log".into()).spawn(delivery_loop).is_ok()
    });
    ours && started
}

fn delivery_loop() {
    DELIVERING.with(|d| d.set(true));
    let mut batch = Vec::with_capacity(64);
    loop {
        take(&mut batch, Duration::from_millis(500));
        if batch.is_empty() {
            continue;
        }
        let records = std::mem::replace(&mut batch, Vec::with_capacity(64));
        let mut sink = SINK.lock();
        if let Some(sink) = sink.as_mut() {
            // A panicking sink loses its batch, not the thread.
            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sink(records)));
        }
        if let Some(next) = PENDING.lock().take() {
            *sink = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_levels_and_directives() {
        assert!(parse_level("log_level", "info").is_ok());
        assert!(parse_level("log_level", "OFF").is_ok());
        assert!(parse_level("log_level", "haven=debug,haven::connection=trace").is_ok());
        let t = parse_level("log_level", "haven=warn,haven::connection=debug").expect("valid");
        assert!(t.would_enable("haven::connection", &tracing::Level::DEBUG));
        assert!(!t.would_enable("haven::failover", &tracing::Level::INFO));
        for bad in ["verbose", "haven=loud", "", "info,", "=info"] {
            let e = parse_level("log_level", bad).expect_err(bad);
            assert!(e.message().starts_with("log_level: "), "{}", e.message());
        }
    }

    #[test]
    fn records_name_their_logger_with_dots() {
        let r = Record::new(Level::Warn, CONNECTION, "x".into());
        assert_eq!(r.logger, "haven.connection");
        assert_eq!(Level::from_number(2), Some(Level::Warn));
        assert_eq!(Level::from_number(0), None);
    }
}
