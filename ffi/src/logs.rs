//! The engine's logs to a C callback: `haven_set_log_callback` installs
//! haven's log sink (the engine's records, filtered by level, identical
//! lines rate-limited, scrubbed of passwords) and calls the callback with
//! each record on one thread of haven's own, `haven-log`, never on an
//! engine thread: a slow callback only makes records drop (counted in a
//! warning record), it never slows the engine.

use std::ffi::{c_char, c_void, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use haven_core::logging::{self, Level, Record};
use haven_core::Error;

use crate::{status, UserData};

/// A log record's severity (also the level `haven_set_log_callback` takes:
/// the most verbose one delivered).
#[repr(C)]
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HavenLogLevel {
    /// No records (as a level only).
    HAVEN_LOG_OFF = 0,
    HAVEN_LOG_ERROR = 1,
    HAVEN_LOG_WARN = 2,
    HAVEN_LOG_INFO = 3,
    HAVEN_LOG_DEBUG = 4,
    HAVEN_LOG_TRACE = 5,
}

/// Receives one log record on haven's log thread: its level, the logger's
/// name ("haven.connection", "haven.deployment", "haven.failover",
/// "haven.request", "haven.pubsub", "haven.cache", "haven.engine",
/// "haven.logging") and the message, NUL-terminated UTF-8 valid only during
/// the call. Must not call haven_set_log_callback (a change made there
/// applies after the current batch).
pub type HavenLogCallback =
    Option<extern "C" fn(user_data: *mut c_void, level: HavenLogLevel, logger: *const c_char, message: *const c_char)>;

fn c_level(level: Level) -> HavenLogLevel {
    match level {
        Level::Error => HavenLogLevel::HAVEN_LOG_ERROR,
        Level::Warn => HavenLogLevel::HAVEN_LOG_WARN,
        Level::Info => HavenLogLevel::HAVEN_LOG_INFO,
        Level::Debug => HavenLogLevel::HAVEN_LOG_DEBUG,
        Level::Trace => HavenLogLevel::HAVEN_LOG_TRACE,
    }
}

fn c_text(text: String) -> CString {
    CString::new(text.replace('\0', " ")).unwrap_or_default()
}

/// Sends haven's log records to `callback` (NULL: nowhere, from now on),
/// records up to `max_level` (HAVEN_LOG_OFF .. HAVEN_LOG_TRACE; the level is
/// the process's, as is the callback). The HAVEN_LOG environment variable
/// (e.g. "debug" or "haven=info,haven::connection=debug"), when set, wins
/// over `max_level`; the "log_level" setting of haven_config_set also sets
/// the level, when a client is created. When this returns, the callback it
/// replaced is never called again, so its `user_data` may be freed.
/// `user_data` must stay valid while `callback` is set. Returns 0, or -1
/// with a message in `*error_out` (a level out of range).
#[no_mangle]
pub unsafe extern "C" fn haven_set_log_callback(
    callback: HavenLogCallback,
    user_data: *mut c_void,
    max_level: i32,
    error_out: *mut *mut c_char,
) -> i32 {
    let user = UserData(user_data);
    let result = catch_unwind(AssertUnwindSafe(|| {
        if !(0..=5).contains(&max_level) {
            return Err(Error::config(format!(
                "max_level: {max_level} is not a HavenLogLevel (HAVEN_LOG_OFF 0 .. HAVEN_LOG_TRACE 5)"
            )));
        }
        let sink: Option<logging::Sink> = callback.map(|f| {
            let sink: logging::Sink = Box::new(move |records: Vec<Record>| {
                let user = &user;
                for r in records {
                    let (logger, message) = (c_text(r.logger), c_text(r.message));
                    f(user.0, c_level(r.level), logger.as_ptr(), message.as_ptr());
                }
            });
            sink
        });
        logging::set_max_level(Level::from_number(i64::from(max_level)));
        if !logging::deliver(sink) {
            return Err(Error::config("logging: the log thread could not start"));
        }
        Ok(())
    }));
    status(result, error_out)
}
