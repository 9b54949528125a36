//! The passwords the engine was given (configuration, Sentinel credentials,
//! a credential provider's answers), so that no log line can carry one
//! even when a server's error text echoes it: every record is scrubbed
//! before it is queued. The log calls never include secrets in the first
//! place; this is the second line of defence. The most recent `MAX`
//! secrets of `MIN_LEN` characters or more are kept (shorter ones would
//! scrub ordinary words).

use parking_lot::Mutex;

const MAX: usize = 256;
const MIN_LEN: usize = 3;
const MASK: &str = "<redacted>";

static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Holds the lock across `fork()` (see `logging::lock_for_fork`).
pub(super) fn lock_for_fork() {
    std::mem::forget(SECRETS.lock());
}

pub(super) fn unlock_after_fork() {
    // SAFETY: locked by `lock_for_fork` on this thread, its guard forgotten.
    unsafe { SECRETS.force_unlock() };
}

/// Remembers `secret` for scrubbing.
pub fn register(secret: &str) {
    if secret.chars().count() < MIN_LEN {
        return;
    }
    let mut all = SECRETS.lock();
    if let Some(i) = all.iter().position(|s| s == secret) {
        let s = all.remove(i);
        all.push(s);
        return;
    }
    if all.len() >= MAX {
        all.remove(0);
    }
    all.push(secret.to_string());
}

/// `line` with every registered secret replaced by "<redacted>".
pub fn scrub(line: String) -> String {
    let all = SECRETS.lock();
    if !all.iter().any(|s| line.contains(s.as_str())) {
        return line;
    }
    let mut line = line;
    for s in all.iter() {
        if line.contains(s.as_str()) {
            line = line.replace(s.as_str(), MASK);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_registered_secrets() {
        register("s3cr3t-for-scrub-test");
        register("ab");
        assert_eq!(
            scrub("ERR unknown command 'HELLO', with args beginning with: '3' 'AUTH' 'default' 's3cr3t-for-scrub-test'".into()),
            "ERR unknown command 'HELLO', with args beginning with: '3' 'AUTH' 'default' '<redacted>'"
        );
        assert_eq!(scrub("abc".into()), "abc");
    }
}
