//! Shared helpers of the engine's integration tests: start the project's
//! local servers (scripts/servers.sh), inject faults into them, and check
//! the servers' own view with redis-cli (never through haven itself).
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

use haven_core::proto;

static STARTED: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn servers_dir() -> PathBuf {
    std::env::var_os("HAVEN_SERVERS_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp/haven-servers"))
}

fn script(args: &[&str]) {
    let status = Command::new("bash")
        .arg(repo_root().join("scripts/servers.sh"))
        .args(args)
        .status()
        .expect("run scripts/servers.sh");
    assert!(status.success(), "scripts/servers.sh {args:?} failed");
}

/// Starts a server group once per test process (idempotent in the script too).
pub fn servers(group: &str) {
    let mut started = STARTED.lock().unwrap_or_else(|e| e.into_inner());
    let set = started.get_or_insert_with(HashSet::new);
    if set.insert(group.to_string()) {
        script(&["start", group]);
    }
}

/// Makes sure the group is healthy again after a test broke it.
pub fn restore(group: &str) {
    script(&["start", group]);
}

pub fn kill_node(port: u16) {
    script(&["kill-node", &port.to_string()]);
}

pub fn restart_node(port: u16) {
    script(&["restart-node", &port.to_string()]);
}

pub fn pid(port: u16) -> i32 {
    let text = std::fs::read_to_string(servers_dir().join(port.to_string()).join("redis.pid")).expect("pid file");
    text.trim().parse().expect("pid")
}

fn signal(port: u16, sig: &str) {
    let status = Command::new("kill").arg(sig).arg(pid(port).to_string()).status().expect("kill");
    assert!(status.success());
}

/// A hung node: the process stops, its sockets stay open.
pub fn sigstop(port: u16) {
    signal(port, "-STOP");
}

pub fn sigcont(port: u16) {
    signal(port, "-CONT");
}

/// redis-cli against a local node; returns its output trimmed.
pub fn cli(port: u16, args: &[&str]) -> String {
    let mut cmd = Command::new("redis-cli");
    cmd.arg("-p").arg(port.to_string());
    if port == 6401 {
        cmd.args(["-a", "hunter2", "--no-auth-warning"]);
    }
    let out = cmd.args(args).output().expect("redis-cli");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// How many times the node has run `command` (INFO commandstats).
pub fn calls(port: u16, command: &str) -> u64 {
    let info = cli(port, &["INFO", "commandstats"]);
    let prefix = format!("cmdstat_{command}:calls=");
    info.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

pub fn standalone(ports: &[u16]) -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
            addresses: ports.iter().map(|p| format!("127.0.0.1:{p}")).collect(),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// A key no other test uses.
pub fn key(name: &str) -> String {
    format!("haven-test:{name}:{}", std::process::id())
}
