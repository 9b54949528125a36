//! The engine's log records on their way to a JS logger: `setLogSink`
//! installs the engine's log sink (`haven_core::logging::deliver`), whose
//! own thread hands each batch of records to a thread-safe function,
//! non-blocking and with a bounded queue: when the JS thread falls behind,
//! batches are dropped and counted in a warning record, never waited for.
//! The function is unref'd: logging alone does not keep the process alive.

use std::sync::atomic::{AtomicU64, Ordering};

use napi::threadsafe_function::{ErrorStrategy, ThreadSafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, JsFunction};

use haven_core::logging::{self, Level, Record, LOGGING};

type LogFn = ThreadsafeFunction<Vec<Record>, ErrorStrategy::Fatal>;

/// Batches waiting for the JS thread before new ones are dropped.
const QUEUED_BATCHES: usize = 64;

/// Records dropped because the JS thread's queue was full.
static DROPPED: AtomicU64 = AtomicU64::new(0);

/// Sends the engine's log records, in batches, to `callback` (an array of
/// `{ level, logger, message, timeUnixMs }`), or nowhere (null).
#[napi(catch_unwind)]
pub fn set_log_sink(env: Env, callback: Option<JsFunction>) -> napi::Result<()> {
    let sink: Option<logging::Sink> = match callback {
        None => None,
        Some(callback) => {
            let mut tsfn: LogFn = callback.create_threadsafe_function(
                QUEUED_BATCHES,
                |ctx: ThreadSafeCallContext<Vec<Record>>| {
                    crate::guarded(|| {
                        let env = ctx.env;
                        let mut out = env.create_array_with_length(ctx.value.len())?;
                        for (i, r) in ctx.value.into_iter().enumerate() {
                            let mut obj = env.create_object()?;
                            obj.set_named_property("level", env.create_string(r.level.name())?)?;
                            obj.set_named_property("logger", env.create_string_from_std(r.logger)?)?;
                            obj.set_named_property("message", env.create_string_from_std(r.message)?)?;
                            obj.set_named_property("timeUnixMs", env.create_double(r.time_unix_ms as f64)?)?;
                            out.set_element(i as u32, obj)?;
                        }
                        Ok(vec![out])
                    })
                },
            )?;
            tsfn.unref(&env)?;
            Some(Box::new(move |mut records: Vec<Record>| {
                let dropped = DROPPED.swap(0, Ordering::Relaxed);
                if dropped > 0 {
                    records.push(Record {
                        level: Level::Warn,
                        logger: LOGGING.replace("::", "."),
                        message: format!("{dropped} log records dropped: the JavaScript logger did not keep up"),
                        time_unix_ms: haven_core::events::now_unix_ms(),
                    });
                }
                let n = records.len() as u64;
                if tsfn.call(records, ThreadsafeFunctionCallMode::NonBlocking) == napi::Status::QueueFull {
                    DROPPED.fetch_add(n, Ordering::Relaxed);
                }
            }))
        }
    };
    if !logging::deliver(sink) {
        return Err(napi::Error::from_reason("haven: the log thread could not start"));
    }
    Ok(())
}

/// Sets the engine's process-wide log level; false when HAVEN_LOG is set
/// (it wins). A level it cannot read throws a ConfigError.
#[napi(catch_unwind)]
pub fn set_log_level(level: String) -> napi::Result<bool> {
    logging::set_level("level", &level).map_err(|e| crate::client::engine_error(&e))
}
