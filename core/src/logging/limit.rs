//! Rate limiting of the lines that are on by default (info, warn, error): a
//! burst of identical lines from one call site collapses to one line per
//! second. The first line passes; the identical ones within the next second
//! are counted, not queued; the count is reported by the next identical
//! line that passes ("... (N identical lines suppressed)") or, when the
//! burst has ended, by a summary record that `take` adds once the second is
//! over. Debug and trace lines, asked for on purpose, are not limited.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use super::{Level, Record};

/// One line per key per this long.
pub const WINDOW: Duration = Duration::from_secs(1);
/// Keys tracked at once; past this, idle keys are forgotten, and a line
/// that still finds no room passes unlimited.
const MAX_KEYS: usize = 1024;

pub(super) static LIMITER: Limiter = Limiter::new();

pub(super) struct Limiter {
    keys: Mutex<Option<HashMap<u64, Entry>>>,
}

struct Entry {
    since: Instant,
    suppressed: u64,
    level: Level,
    logger: String,
    message: String,
}

/// The key of a line: its call site and its text.
pub(super) fn key(callsite: &impl Hash, message: &str) -> u64 {
    let mut h = DefaultHasher::new();
    callsite.hash(&mut h);
    message.hash(&mut h);
    h.finish()
}

impl Limiter {
    const fn new() -> Limiter {
        Limiter { keys: Mutex::new(None) }
    }

    /// Holds the lock across `fork()` (see `logging::lock_for_fork`).
    pub(super) fn lock_for_fork(&self) {
        std::mem::forget(self.keys.lock());
    }

    pub(super) fn unlock_after_fork(&self) {
        // SAFETY: locked by `lock_for_fork` on this thread, its guard forgotten.
        unsafe { self.keys.force_unlock() };
    }

    /// Whether `record` may go now, with the count of identical lines
    /// suppressed before it added to its message.
    pub(super) fn admit(&self, key: u64, now: Instant, record: &mut Record) -> bool {
        let mut guard = self.keys.lock();
        let keys = guard.get_or_insert_with(HashMap::new);
        if let Some(e) = keys.get_mut(&key) {
            if now.duration_since(e.since) < WINDOW {
                e.suppressed += 1;
                return false;
            }
            let suppressed = std::mem::take(&mut e.suppressed);
            e.since = now;
            if suppressed > 0 {
                record.message.push_str(&format!(" ({suppressed} identical lines suppressed)"));
            }
            return true;
        }
        if keys.len() >= MAX_KEYS {
            keys.retain(|_, e| e.suppressed > 0 || now.duration_since(e.since) < WINDOW);
            if keys.len() >= MAX_KEYS {
                return true;
            }
        }
        keys.insert(
            key,
            Entry {
                since: now,
                suppressed: 0,
                level: record.level,
                logger: record.logger.clone(),
                message: record.message.clone(),
            },
        );
        true
    }

    /// Adds a summary record for each burst whose second has passed with
    /// lines suppressed, and forgets the keys that went quiet.
    pub(super) fn sweep(&self, now: Instant, out: &mut Vec<Record>) {
        let mut guard = self.keys.lock();
        let Some(keys) = guard.as_mut() else { return };
        keys.retain(|_, e| {
            if now.duration_since(e.since) < WINDOW {
                return true;
            }
            if e.suppressed == 0 {
                return false;
            }
            let mut r = Record::new(e.level, "", format!("{} ({} identical lines suppressed)", e.message, e.suppressed));
            r.logger = e.logger.clone();
            out.push(r);
            e.suppressed = 0;
            e.since = now;
            true
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_collapses_and_is_counted() {
        let limiter = Limiter::new();
        let t0 = Instant::now();
        let line = || Record::new(Level::Warn, "haven::connection", "node a disconnected".into());
        let k = key(&1u8, "node a disconnected");
        let mut first = line();
        assert!(limiter.admit(k, t0, &mut first));
        for i in 0..9 {
            assert!(!limiter.admit(k, t0 + Duration::from_millis(i * 10), &mut line()));
        }
        // Another line is not held back by this burst.
        assert!(limiter.admit(key(&1u8, "node b disconnected"), t0, &mut line()));
        let mut out = Vec::new();
        limiter.sweep(t0 + Duration::from_millis(500), &mut out);
        assert!(out.is_empty());
        limiter.sweep(t0 + WINDOW, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].message, "node a disconnected (9 identical lines suppressed)");
        assert_eq!((out[0].level, out[0].logger.as_str()), (Level::Warn, "haven.connection"));
        // After the window, the next identical line passes; the count was
        // reported already.
        let mut again = line();
        assert!(limiter.admit(k, t0 + 2 * WINDOW + Duration::from_millis(1), &mut again));
        assert_eq!(again.message, "node a disconnected");
    }
}
