//! The shared machine's fault lock: every scenario that kills, stops or
//! fails over a server holds an exclusive flock on
//! `${HAVEN_SERVERS_DIR:-/tmp/haven-servers}/faults.lock` for its whole
//! duration, so fault tests of other suites never overlap with it.

use std::fs::{File, OpenOptions};

/// Held while alive; the lock goes with the file descriptor.
pub struct FaultLock(#[allow(dead_code)] File);

pub fn acquire() -> Result<FaultLock, String> {
    let dir = std::env::var("HAVEN_SERVERS_DIR").unwrap_or_else(|_| "/tmp/haven-servers".into());
    std::fs::create_dir_all(&dir).map_err(|e| format!("{dir}: {e}"))?;
    let path = format!("{dir}/faults.lock");
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(|e| format!("{path}: {e}"))?;
    loop {
        // std's File::lock is flock(LOCK_EX) on Unix (the lock the other suites take).
        match file.lock() {
            Ok(()) => return Ok(FaultLock(file)),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("flock {path}: {e}")),
        }
    }
}
