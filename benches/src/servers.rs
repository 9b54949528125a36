//! The project's local servers as the benchmarks drive them:
//! `scripts/servers.sh`, `redis-cli` against a node, and signals to a node's
//! process (its pid from `$HAVEN_SERVERS_DIR/<port>/redis.pid`).

use std::process::Command;

/// Runs `scripts/servers.sh` with `args`.
pub fn servers(args: &[&str]) -> Result<(), String> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/servers.sh");
    let ok = Command::new("bash").arg(script).args(args).status().map_err(|e| e.to_string())?.success();
    if ok {
        Ok(())
    } else {
        Err(format!("scripts/servers.sh {} failed", args.join(" ")))
    }
}

/// redis-cli's reply text (trimmed) from the node on `port`.
pub fn cli(port: u16, args: &[&str]) -> Result<String, String> {
    Command::new("redis-cli")
        .arg("-p")
        .arg(port.to_string())
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .map_err(|e| format!("redis-cli: {e}"))
}

fn pid(port: u16) -> Result<String, String> {
    let dir = std::env::var("HAVEN_SERVERS_DIR").unwrap_or_else(|_| "/tmp/haven-servers".into());
    std::fs::read_to_string(format!("{dir}/{port}/redis.pid")).map(|p| p.trim().to_string()).map_err(|e| e.to_string())
}

/// `kill <sig>` of the node on `port` ("-STOP", "-CONT").
pub fn signal(port: u16, sig: &str) -> Result<(), String> {
    let ok = Command::new("kill").arg(sig).arg(pid(port)?).status().map_err(|e| e.to_string())?.success();
    if ok {
        Ok(())
    } else {
        Err(format!("kill {sig} of {port} failed"))
    }
}
