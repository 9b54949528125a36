//! The soak's faults: one loop per deployment, each drawing kinds, targets
//! and durations from its own seeded generator, one fault at a time per
//! deployment (so a shard never loses its primary and its replica at once,
//! which no client can ride through), the three deployments side by side.
//! A fault is injected, held, healed (`scripts/servers.sh start <group>`
//! restarts what was killed and waits until the group is healthy), and
//! then the loop waits until every writer of the deployment has succeeded
//! again. A fault's recovery is the time from the fault to the first
//! success after the last failure of the writer that failed longest (0 when
//! none failed: the client rode through).
//!
//! A killed primary is restarted only after its replica took over: the
//! servers keep no data on disk, so an early restart would come back empty
//! and its replicas would copy the emptiness.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::proxy::Proxy;
use super::servers::{cli, servers, signal};
use super::workers::Writer;

pub const CLUSTER_PORTS: [u16; 6] = [7000, 7001, 7002, 7003, 7004, 7005];
pub const SENTINEL_DATA_PORTS: [u16; 3] = [6420, 6421, 6422];
pub const SENTINEL_PORTS: [u16; 3] = [26420, 26421, 26422];
pub const MASTER: &str = "havenprimary";
pub const REGION_PORTS: [u16; 2] = [6440, 6441];

/// Longest wait for a deployment's writers to succeed again.
const RECOVERY_LIMIT: Duration = Duration::from_secs(60);

/// One injected fault.
#[derive(Clone, Debug)]
pub struct Record {
    pub deployment: &'static str,
    pub kind: &'static str,
    pub target: String,
    /// ms since the soak began.
    pub start_ms: u64,
    pub healed_ms: u64,
    /// From the fault to every writer succeeding again.
    pub recovered_ms: Option<u64>,
    /// A primary changed (events must say so).
    pub promoted: bool,
    pub note: String,
}

pub struct Loop {
    pub deployment: &'static str,
    pub epoch: Instant,
    pub stop: Arc<AtomicBool>,
    /// The writers whose recovery ends a fault (Rust ones).
    pub writers: Vec<Arc<Writer>>,
    pub records: Arc<Mutex<Vec<Record>>>,
    pub rng: StdRng,
    /// Regions: the proxies in front of the two regions.
    pub proxies: Vec<Arc<Proxy>>,
    /// Auth: what the client's credential provider answers.
    pub credentials: Option<Arc<Mutex<haven_core::Credentials>>>,
}

impl Loop {
    pub fn new(deployment: &'static str, seed: u64, epoch: Instant, stop: Arc<AtomicBool>, records: Arc<Mutex<Vec<Record>>>) -> Loop {
        Loop {
            deployment,
            epoch,
            stop,
            writers: Vec::new(),
            records,
            rng: StdRng::seed_from_u64(seed),
            proxies: Vec::new(),
            credentials: None,
        }
    }

    fn ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    /// Faults until `stop`, a pause of 1-4 s between them.
    pub fn run(mut self) {
        while !self.stop.load(Ordering::Relaxed) {
            let pause = Duration::from_millis(self.rng.random_range(1000..4000));
            let until = Instant::now() + pause;
            while Instant::now() < until && !self.stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
            }
            if self.stop.load(Ordering::Relaxed) {
                break;
            }
            let start_ms = self.ms();
            let outcome = match self.deployment {
                "cluster" => self.cluster_fault(),
                "sentinel" => self.sentinel_fault(),
                "auth" => self.auth_fault(),
                _ => self.region_fault(),
            };
            let healed_ms = self.ms();
            let (kind, target, promoted, mut note) = match outcome {
                Ok(done) => done,
                Err((kind, e)) => (kind, String::new(), false, format!("injection failed: {e}")),
            };
            let recovered_ms = self.recovery(start_ms, healed_ms);
            if recovered_ms.is_none() {
                note.push_str(" not recovered within 60 s");
            }
            println!(
                "chaos: {:>7.1} s {:<8} {:<18} {:<14} recovered {}{}",
                start_ms as f64 / 1000.0,
                self.deployment,
                kind,
                target,
                recovered_ms.map(|m| format!("{m} ms")).unwrap_or_else(|| "NEVER".into()),
                if note.is_empty() { String::new() } else { format!(" ({})", note.trim()) }
            );
            self.records.lock().push(Record {
                deployment: self.deployment,
                kind,
                target,
                start_ms,
                healed_ms,
                recovered_ms,
                promoted,
                note: note.trim().to_string(),
            });
        }
    }

    /// How long after the fault (`start_ms`) the last writer to fail got
    /// its first success after its last failure (0: none failed); waits
    /// until every writer has succeeded since the heal (`healed_ms`).
    /// None when that takes longer than the limit.
    fn recovery(&self, start_ms: u64, healed_ms: u64) -> Option<u64> {
        let until = Instant::now() + RECOVERY_LIMIT;
        loop {
            let settled = self.writers.iter().all(|w| {
                let ok = w.last_ok_ms.load(Ordering::Relaxed);
                ok > healed_ms && ok > w.last_fail_ms.load(Ordering::Relaxed)
            });
            if settled {
                let worst = self
                    .writers
                    .iter()
                    .filter(|w| w.last_fail_ms.load(Ordering::Relaxed) >= start_ms)
                    .map(|w| w.back_ms.load(Ordering::Relaxed).saturating_sub(start_ms))
                    .max();
                return Some(worst.unwrap_or(0));
            }
            if Instant::now() > until {
                return None;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    fn hold(&mut self, low_ms: u64, high_ms: u64) -> u64 {
        let ms = self.rng.random_range(low_ms..high_ms);
        std::thread::sleep(Duration::from_millis(ms));
        ms
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> Option<T> {
        if items.is_empty() {
            None
        } else {
            Some(items[self.rng.random_range(0..items.len())].clone())
        }
    }

    // ------------------------------------------------------------ cluster --

    fn cluster_fault(&mut self) -> Result<(&'static str, String, bool, String), (&'static str, String)> {
        const KINDS: [&str; 10] = [
            "sigkill-primary",
            "sigkill-replica",
            "sigstop-primary",
            "failover",
            "failover-force",
            "failover-takeover",
            "slot-migration",
            "client-kill",
            "debug-sleep",
            "failover",
        ];
        let kind = KINDS[self.rng.random_range(0..KINDS.len())];
        let nodes = cluster_nodes();
        let primaries: Vec<&ClusterNode> = nodes.iter().filter(|n| n.primary && !n.failed && n.slots).collect();
        let Some(primary) = self.pick(&primaries).cloned() else {
            heal("cluster");
            return Err((kind, "no primary with slots".into()));
        };
        let replica = nodes.iter().find(|n| n.master_id.as_deref() == Some(&primary.id) && !n.failed).cloned();
        let mut note = String::new();
        let target = format!("{}", primary.port);
        let promoted = match kind {
            "sigkill-primary" => {
                servers(&["kill-node", &primary.port.to_string()]).map_err(|e| (kind, e))?;
                let promoted = replica.as_ref().is_some_and(|r| wait_for(Duration::from_secs(30), || role(r.port) == "master"));
                if !promoted {
                    note = "no replica took over in 30 s".into();
                }
                heal("cluster");
                promoted
            }
            "sigkill-replica" => {
                let Some(r) = replica else { return Err((kind, "no replica".into())) };
                servers(&["kill-node", &r.port.to_string()]).map_err(|e| (kind, e))?;
                self.hold(500, 2000);
                heal("cluster");
                return Ok((kind, r.port.to_string(), false, note));
            }
            "sigstop-primary" => {
                signal(primary.port, "-STOP").map_err(|e| (kind, e))?;
                let held = self.hold(300, 2500);
                let _ = signal(primary.port, "-CONT");
                note = format!("{held} ms");
                let promoted = replica.as_ref().is_some_and(|r| wait_for(Duration::from_secs(3), || role(r.port) == "master"));
                heal("cluster");
                promoted
            }
            "failover" | "failover-force" | "failover-takeover" => {
                let Some(r) = replica else { return Err((kind, "no replica".into())) };
                if !wait_for(Duration::from_secs(20), || cli(r.port, &["INFO", "replication"]).unwrap_or_default().contains("master_link_status:up")) {
                    return Err((kind, format!("replica {} not in sync", r.port)));
                }
                let mut args = vec!["CLUSTER", "FAILOVER"];
                match kind {
                    "failover-force" => args.push("FORCE"),
                    "failover-takeover" => args.push("TAKEOVER"),
                    _ => {}
                }
                let answer = cli(r.port, &args).unwrap_or_default();
                let promoted = answer == "OK" && wait_for(Duration::from_secs(15), || role(r.port) == "master");
                if !promoted {
                    note = format!("{answer}: no promotion in 15 s");
                }
                heal("cluster");
                return Ok((kind, format!("{}->{}", primary.port, r.port), promoted, note));
            }
            "slot-migration" => {
                let others: Vec<&ClusterNode> = primaries.iter().copied().filter(|n| n.id != primary.id).collect();
                let Some(to) = self.pick(&others).cloned() else { return Err((kind, "one primary".into())) };
                let n = self.rng.random_range(5..60u32);
                let ok = reshard(primary.port, &primary.id, &to.id, n);
                if !ok {
                    note = "reshard failed; fixed with --cluster fix".into();
                    fix_cluster();
                } else {
                    note = format!("{n} slots");
                }
                heal("cluster");
                return Ok((kind, format!("{}->{}", primary.port, to.port), false, note));
            }
            "client-kill" => {
                note = kill_clients(primary.port, &[]);
                false
            }
            _ => {
                let _ = cli(primary.port, &["DEBUG", "SLEEP", "0.5"]);
                false
            }
        };
        Ok((kind, target, promoted, note))
    }

    // ----------------------------------------------------------- sentinel --

    fn sentinel_fault(&mut self) -> Result<(&'static str, String, bool, String), (&'static str, String)> {
        const KINDS: [&str; 7] =
            ["sigkill-primary", "sentinel-failover", "sigstop-primary", "sigkill-replica", "client-kill", "debug-sleep", "sentinel-failover"];
        let kind = KINDS[self.rng.random_range(0..KINDS.len())];
        let Some(primary) = sentinel_primary() else {
            heal("sentinel");
            return Err((kind, "the Sentinels name no primary".into()));
        };
        let replicas: Vec<u16> = SENTINEL_DATA_PORTS.iter().copied().filter(|&p| p != primary).collect();
        let mut note = String::new();
        let promoted = match kind {
            "sigkill-primary" => {
                servers(&["kill-node", &primary.to_string()]).map_err(|e| (kind, e))?;
                let promoted = wait_for(Duration::from_secs(45), || sentinel_primary().is_some_and(|p| p != primary));
                if !promoted {
                    note = "no failover in 45 s".into();
                }
                heal("sentinel");
                promoted
            }
            "sentinel-failover" => {
                let mut asked = None::<Instant>;
                let promoted = wait_for(Duration::from_secs(45), || {
                    if sentinel_primary().is_some_and(|p| p != primary) {
                        return true;
                    }
                    // Refused while a replica syncs, and may be abandoned
                    // after OK (failover-timeout): asked again.
                    if asked.is_none_or(|t| t.elapsed() > Duration::from_secs(10))
                        && cli(SENTINEL_PORTS[0], &["SENTINEL", "FAILOVER", MASTER]).unwrap_or_default() == "OK"
                    {
                        asked = Some(Instant::now());
                    }
                    false
                });
                if !promoted {
                    note = "no failover in 45 s".into();
                }
                heal("sentinel");
                promoted
            }
            "sigstop-primary" => {
                signal(primary, "-STOP").map_err(|e| (kind, e))?;
                let held = self.hold(200, 700);
                let _ = signal(primary, "-CONT");
                note = format!("{held} ms");
                heal("sentinel");
                sentinel_primary().is_some_and(|p| p != primary)
            }
            "sigkill-replica" => {
                let Some(r) = self.pick(&replicas) else { return Err((kind, "no replica".into())) };
                servers(&["kill-node", &r.to_string()]).map_err(|e| (kind, e))?;
                self.hold(500, 2000);
                heal("sentinel");
                return Ok((kind, r.to_string(), false, note));
            }
            "client-kill" => {
                note = kill_clients(primary, &[]);
                false
            }
            _ => {
                let _ = cli(primary, &["DEBUG", "SLEEP", "0.5"]);
                false
            }
        };
        Ok((kind, primary.to_string(), promoted, note))
    }

    // --------------------------------------------------------------- auth --

    /// The `auth` group (6401): the credentials rotate to a new ACL user
    /// (the provider answers with it from now on, picked up by the client's
    /// refresh timer), and once the client has had time to re-authenticate
    /// the old user is deleted, which makes the server drop any connection
    /// still authenticated as it; or the clients are killed, or the server
    /// stops for a moment.
    fn auth_fault(&mut self) -> Result<(&'static str, String, bool, String), (&'static str, String)> {
        const KINDS: [&str; 4] = ["rotate", "rotate", "client-kill", "sigstop"];
        let kind = KINDS[self.rng.random_range(0..KINDS.len())];
        let note = match kind {
            "rotate" => {
                let Some(credentials) = self.credentials.clone() else { return Err((kind, "no provider".into())) };
                let n: u64 = self.rng.random_range(0..u64::MAX);
                let (user, password) = (format!("chaos-{n:x}"), format!("{}{n:x}", super::workers::SECRET_MARK));
                let acl = ["ACL", "SETUSER", &user, "reset", "on", &format!(">{password}"), "~*", "&*", "+@all"];
                if auth_cli(&acl) != "OK" {
                    return Err((kind, format!("ACL SETUSER {user} failed")));
                }
                let old = std::mem::replace(&mut *credentials.lock(), haven_core::Credentials { username: Some(user.clone()), password });
                // The refresh timer (1 s) and the re-authentication.
                std::thread::sleep(Duration::from_millis(2500));
                if let Some(old) = old.username.filter(|u| u.starts_with("chaos-")) {
                    auth_cli(&["ACL", "DELUSER", &old]);
                }
                format!("to {user}")
            }
            "client-kill" => {
                kill_clients(AUTH_PORT, &AUTH)
            }
            _ => {
                signal(AUTH_PORT, "-STOP").map_err(|e| (kind, e))?;
                let held = self.hold(200, 1500);
                let _ = signal(AUTH_PORT, "-CONT");
                format!("{held} ms")
            }
        };
        Ok((kind, AUTH_PORT.to_string(), false, note))
    }

    // ------------------------------------------------------------ regions --

    fn region_fault(&mut self) -> Result<(&'static str, String, bool, String), (&'static str, String)> {
        const KINDS: [&str; 6] = ["cut", "blackhole", "delay", "sigstop", "client-kill", "cut"];
        let kind = KINDS[self.rng.random_range(0..KINDS.len())];
        // Mostly the preferred region (a); sometimes the other.
        let which = usize::from(self.rng.random_range(0..4) == 0);
        let proxy = self.proxies[which].clone();
        let port = REGION_PORTS[which];
        let target = format!("{}", ["a", "b"][which]);
        let note = match kind {
            "cut" => {
                proxy.cut();
                let held = self.hold(1000, 4000);
                proxy.heal();
                format!("{held} ms")
            }
            "blackhole" => {
                proxy.blackhole();
                let held = self.hold(1000, 4000);
                proxy.heal();
                format!("{held} ms")
            }
            "delay" => {
                proxy.delay(Duration::from_millis(50), 0.3);
                let held = self.hold(2000, 4000);
                proxy.delay(Duration::ZERO, 0.0);
                format!("30% of chunks +50 ms for {held} ms")
            }
            "sigstop" => {
                signal(port, "-STOP").map_err(|e| (kind, e))?;
                let held = self.hold(500, 2000);
                let _ = signal(port, "-CONT");
                format!("{held} ms")
            }
            _ => {
                kill_clients(port, &[])
            }
        };
        Ok((kind, target, false, note))
    }
}

pub const AUTH_PORT: u16 = 6401;
/// redis-cli's options for the `auth` group's administrator.
const AUTH: [&str; 3] = ["-a", "hunter2", "--no-auth-warning"];

/// redis-cli as the `auth` group's administrator.
pub fn auth_cli(args: &[&str]) -> String {
    cli(AUTH_PORT, &[&AUTH[..], args].concat()).unwrap_or_default()
}

/// CLIENT KILL of every normal client of the node (redis-cli `options`
/// first); the note says how many.
fn kill_clients(port: u16, options: &[&str]) -> String {
    let answer = cli(port, &[options, &["CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"]].concat()).unwrap_or_default();
    format!("{answer} clients")
}

/// Restarts what was killed and waits until the group is healthy (up to
/// three tries: a group that is mid-failover may not be healthy yet). A
/// cluster that stays unhealthy gets its slot ownership repaired between
/// tries (see `repair_slots`).
pub fn heal(group: &str) {
    for _ in 0..3 {
        if servers(&["start", group]).is_ok() {
            return;
        }
        if group == "cluster" {
            repair_slots();
        }
    }
}

/// A slot migration interrupted by a failover (a FORCE failover of the new
/// owner a moment after `--cluster reshard`) can leave a slot that every
/// other node says a primary owns while that primary does not claim it, or
/// a slot still marked migrating / importing; the cluster then never agrees
/// again by itself. A slot no node claims for itself goes to the primary the
/// others name (SETSLOT NODE on it, then BUMPEPOCH so its claim wins), and
/// open slots are made stable.
fn repair_slots() {
    let mut views: Vec<(u16, String, Vec<(String, Vec<u16>)>, Vec<u16>)> = Vec::new();
    for port in CLUSTER_PORTS {
        let Ok(text) = cli(port, &["CLUSTER", "NODES"]) else { continue };
        let mut me = String::new();
        let mut owners = Vec::new();
        let mut open = Vec::new();
        for line in text.lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 8 {
                continue;
            }
            let mut slots = Vec::new();
            for range in &f[8..] {
                if let Some(inner) = range.strip_prefix('[') {
                    if f[2].contains("myself") {
                        if let Some(slot) = inner.split("-").next().and_then(|n| n.parse().ok()) {
                            open.push(slot);
                        }
                    }
                    continue;
                }
                let (lo, hi) = range.split_once('-').unwrap_or((range, range));
                if let (Ok(lo), Ok(hi)) = (lo.parse::<u16>(), hi.parse::<u16>()) {
                    slots.extend(lo..=hi);
                }
            }
            if f[2].contains("myself") {
                me = f[0].to_string();
            }
            owners.push((f[0].to_string(), slots));
        }
        views.push((port, me, owners, open));
    }
    for (port, _, _, open) in &views {
        for slot in open {
            let _ = cli(*port, &["CLUSTER", "SETSLOT", &slot.to_string(), "STABLE"]);
        }
    }
    // Slots some node claims for itself are never taken from it.
    let claimed: std::collections::HashSet<u16> = views
        .iter()
        .flat_map(|(_, me, owners, _)| owners.iter().filter(move |(id, _)| id == me).flat_map(|(_, s)| s.iter().copied()))
        .collect();
    for (port, me, owners, _) in &views {
        let mine: std::collections::HashSet<u16> =
            owners.iter().find(|(id, _)| id == me).map(|(_, s)| s.iter().copied().collect()).unwrap_or_default();
        // Slots the other nodes' views give to this node that it does not claim.
        let mut given: std::collections::BTreeSet<u16> = std::collections::BTreeSet::new();
        for (other_port, other_me, other_owners, _) in &views {
            if other_port == port || other_me == me {
                continue;
            }
            if let Some((_, slots)) = other_owners.iter().find(|(id, _)| id == me) {
                given.extend(slots.iter().copied().filter(|s| !mine.contains(s) && !claimed.contains(s)));
            }
        }
        for slot in &given {
            let _ = cli(*port, &["CLUSTER", "SETSLOT", &slot.to_string(), "NODE", me]);
        }
        if !given.is_empty() {
            let _ = cli(*port, &["CLUSTER", "BUMPEPOCH"]);
            println!("chaos: repaired the cluster: {} slot(s) given back to {port}", given.len());
        }
    }
}

fn wait_for(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + limit;
    while Instant::now() < until {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    done()
}

fn role(port: u16) -> String {
    cli(port, &["ROLE"]).unwrap_or_default().lines().next().unwrap_or("").to_string()
}

#[derive(Clone, Debug)]
pub struct ClusterNode {
    pub id: String,
    pub port: u16,
    pub primary: bool,
    pub failed: bool,
    pub master_id: Option<String>,
    pub slots: bool,
}

/// CLUSTER NODES from the first node that answers.
pub fn cluster_nodes() -> Vec<ClusterNode> {
    for port in CLUSTER_PORTS {
        let Ok(text) = cli(port, &["CLUSTER", "NODES"]) else { continue };
        let nodes: Vec<ClusterNode> = text
            .lines()
            .filter_map(|line| {
                let f: Vec<&str> = line.split_whitespace().collect();
                if f.len() < 8 {
                    return None;
                }
                let port = f[1].split('@').next()?.rsplit(':').next()?.parse().ok()?;
                let flags: Vec<&str> = f[2].split(',').collect();
                Some(ClusterNode {
                    id: f[0].to_string(),
                    port,
                    primary: flags.contains(&"master"),
                    failed: flags.iter().any(|x| *x == "fail" || *x == "fail?"),
                    master_id: (f[3] != "-").then(|| f[3].to_string()),
                    slots: f.len() > 8,
                })
            })
            .collect();
        if nodes.len() == CLUSTER_PORTS.len() {
            return nodes;
        }
    }
    Vec::new()
}

fn reshard(from_port: u16, from: &str, to: &str, slots: u32) -> bool {
    Command::new("timeout")
        .args(["120", "redis-cli", "--cluster", "reshard", &format!("127.0.0.1:{from_port}")])
        .args(["--cluster-from", from, "--cluster-to", to, "--cluster-slots", &slots.to_string(), "--cluster-yes"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn fix_cluster() {
    let _ = Command::new("timeout")
        .args(["120", "redis-cli", "--cluster", "fix", "127.0.0.1:7000", "--cluster-yes"])
        .output();
}

/// The primary a majority of the Sentinels name.
pub fn sentinel_primary() -> Option<u16> {
    let answers: Vec<u16> = SENTINEL_PORTS
        .iter()
        .filter_map(|&s| cli(s, &["SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER]).ok()?.lines().nth(1)?.trim().parse().ok())
        .collect();
    answers.iter().copied().find(|a| answers.iter().filter(|b| *b == a).count() >= 2)
}
