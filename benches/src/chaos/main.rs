//! `make chaos`: haven under many faults at once, with its history checked.
//!
//!   haven-chaos [--seconds 600] [--seed N] [--slack-ms 20] [--json FILE] [--python PYTHON]
//!
//! One soak against the local cluster (3 primaries, 1 replica each), the
//! Sentinel group (1 primary, 2 replicas, 3 Sentinels), two regions (a
//! multi-endpoint client, each region behind the test proxy) and the
//! password-protected server (a credential provider whose ACL user and
//! password rotate, the old user deleted after each rotation), all at once:
//! writers through the Rust API (workers.rs) and, with `--python`, through
//! the Python package beside them (python/chaos_worker.py), while a fault
//! loop per deployment (faults.rs) kills, stops, fails over, migrates slots,
//! kills clients, sleeps servers and cuts, blackholes and delays links.
//!
//! After the soak every acknowledged write is read back with redis-cli (not
//! through haven), the client's events are matched with the faults, no
//! error message or event showed a password (`make chaos` also greps the
//! run's output for them), and the
//! process's RSS and open files are compared with their level after the
//! warm-up. The table goes to stdout and, with `--json`, to a file for the
//! report. Exit status 1 when a check fails; the seed is printed first, and
//! `--seed` replays the same fault schedule.

#[path = "../faultlock.rs"]
mod faultlock;
mod faults;
#[path = "../../../core/tests/support/proxy.rs"]
#[allow(dead_code)]
mod proxy;
#[path = "../servers.rs"]
#[allow(dead_code)]
mod servers;
mod workers;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::proto::{self, EventKind};
use haven_core::Client;
use parking_lot::Mutex;
use serde_json::{json, Value as Json};

use faults::{Record, CLUSTER_PORTS, MASTER, SENTINEL_PORTS};
use workers::{Setup, Tally, Writer};

struct Options {
    seconds: u64,
    seed: u64,
    /// How late past its deadline a request may end.
    slack: Duration,
    json: Option<String>,
    python: Option<String>,
}

fn options() -> Result<Options, String> {
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64 % 1_000_000).unwrap_or(1);
    let mut o = Options { seconds: 600, seed, slack: workers::SLACK, json: None, python: None };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--seconds" => o.seconds = value()?.parse().map_err(|e| format!("--seconds: {e}"))?,
            "--seed" => o.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--slack-ms" => o.slack = Duration::from_millis(value()?.parse().map_err(|e| format!("--slack-ms: {e}"))?),
            "--json" => o.json = Some(value()?),
            "--python" => o.python = Some(value()?),
            other => return Err(format!("unknown argument {other:?} (use --seconds N, --seed N, --slack-ms N, --json FILE, --python PYTHON)")),
        }
    }
    if o.seconds < 30 {
        return Err("--seconds: at least 30 (the warm-up alone takes 20% of the run)".into());
    }
    Ok(o)
}

const TIMEOUT: Duration = Duration::from_millis(1000);
/// RSS and open files are judged on runs at least this long (s).
const RESOURCES_JUDGED_FROM: u64 = 300;

/// A client of `deployment` with the soak's request timeout.
fn config(deployment: proto::client_config::Deployment) -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(deployment),
        request_timeout_ms: Some(TIMEOUT.as_millis() as i64),
        ..Default::default()
    }
}

fn addresses(ports: &[u16]) -> Vec<String> {
    ports.iter().map(|p| format!("127.0.0.1:{p}")).collect()
}

fn standalone_config(port: u16) -> proto::ClientConfig {
    config(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
        addresses: addresses(&[port]),
        ..Default::default()
    }))
}

fn cluster_config() -> proto::ClientConfig {
    config(proto::client_config::Deployment::Cluster(proto::ClusterDeployment {
        seeds: addresses(&CLUSTER_PORTS),
        ..Default::default()
    }))
}

fn sentinel_config() -> proto::ClientConfig {
    config(proto::client_config::Deployment::Sentinel(proto::SentinelDeployment {
        sentinels: addresses(&SENTINEL_PORTS),
        master_name: MASTER.into(),
        ..Default::default()
    }))
}

fn regions_config(a: &proxy::Proxy, b: &proxy::Proxy) -> proto::ClientConfig {
    let endpoint = |name: &str, port: u16, weight: f64| proto::Endpoint {
        name: name.into(),
        weight: Some(weight),
        config: Some(standalone_config(port)),
        health_check: None,
    };
    config(proto::client_config::Deployment::MultiEndpoint(proto::MultiEndpointDeployment {
        endpoints: vec![endpoint("a", a.port, 2.0), endpoint("b", b.port, 1.0)],
        ..Default::default()
    }))
}

/// One deployment under test: its client, writers, counters and events.
struct Deployment {
    name: &'static str,
    client: Client,
    writers: Vec<Arc<Writer>>,
    tally: Arc<Tally>,
    durable: bool,
    /// (ms since the soak began, kind, text)
    events: Arc<Mutex<Vec<(u64, EventKind, String)>>>,
}

fn record_events(client: &Client, epoch: Instant, tally: Arc<Tally>) -> Arc<Mutex<Vec<(u64, EventKind, String)>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut rx = client.events();
    let sink = seen.clone();
    tokio::spawn(async move {
        loop {
            match rx.recv().await {
                Ok(e) => {
                    tally.check_secret(&format!("{e:?}"));
                    // Only what the checks use is kept: a log of every event
                    // would grow the RSS this soak judges.
                    let kind = EventKind::try_from(e.kind).unwrap_or(EventKind::EventUnspecified);
                    if matches!(kind, EventKind::PrimaryChanged | EventKind::TopologyChanged) {
                        let text = if e.to.is_empty() { e.node.clone() } else { format!("{} -> {}", e.from, e.to) };
                        sink.lock().push((epoch.elapsed().as_millis() as u64, kind, text));
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(_) => return,
            }
        }
    });
    seen
}

/// The Python package's writers, in their own process.
struct PythonWorker {
    child: Child,
    stdin: ChildStdin,
    lines: std::sync::mpsc::Receiver<String>,
}

impl PythonWorker {
    fn start(python: &str, run: &str, slack: Duration) -> Result<PythonWorker, String> {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../python/chaos_worker.py");
        let params = json!({"run": run, "cluster": CLUSTER_PORTS, "sentinels": SENTINEL_PORTS, "master": MASTER,
                            "timeout_ms": TIMEOUT.as_millis() as u64, "slack_ms": slack.as_millis() as u64, "writers": 4});
        let mut child = Command::new(python)
            .arg(script)
            .arg(params.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{python} {script}: {e}"))?;
        let stdin = child.stdin.take().ok_or("python worker: no stdin")?;
        let stdout = child.stdout.take().ok_or("python worker: no stdout")?;
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let worker = PythonWorker { child, stdin, lines };
        worker.expect("READY", Duration::from_secs(60))?;
        Ok(worker)
    }

    fn expect(&self, word: &str, limit: Duration) -> Result<String, String> {
        let until = Instant::now() + limit;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix(word) {
                        return Ok(rest.trim().to_string());
                    }
                    println!("python worker: {line}");
                }
                Err(_) => return Err(format!("python worker: no {word} within {} s", limit.as_secs())),
            }
        }
    }

    fn finish(mut self) -> Result<Json, String> {
        writeln!(self.stdin, "stop").map_err(|e| format!("python worker: {e}"))?;
        let result = self.expect("RESULT", Duration::from_secs(60))?;
        let _ = self.child.wait();
        serde_json::from_str(&result).map_err(|e| format!("python worker's result: {e}"))
    }
}

/// RSS (KiB) and open files of this process.
fn usage() -> (u64, u64) {
    let rss = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0);
    let fds = std::fs::read_dir("/proc/self/fd").map(|d| d.count() as u64).unwrap_or(0);
    (rss, fds)
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or(0)
}

/// The sequence stored now under `key`, read with redis-cli from the
/// deployment's primary (None: no value; Err: unreadable).
fn stored_sequence(deployment: &str, key: &str) -> Result<Option<u64>, String> {
    let text = match deployment {
        "cluster" => servers::cli(CLUSTER_PORTS[0], &["-c", "GET", key])?,
        _ => {
            let primary = faults::sentinel_primary().ok_or("the Sentinels name no primary")?;
            servers::cli(primary, &["GET", key])?
        }
    };
    if text.is_empty() {
        return Ok(None);
    }
    workers::parse(text.as_bytes()).map(|(_, _, seq)| Some(seq)).ok_or_else(|| format!("{key}: unreadable value {text:?}"))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("haven-chaos: {e}");
            std::process::exit(2);
        }
    };
    println!("chaos: seed {} for {} s (replay: haven-chaos --seconds {} --seed {})", o.seed, o.seconds, o.seconds, o.seed);
    match soak(&o).await {
        Ok(true) => println!("chaos: every check held (seed {})", o.seed),
        Ok(false) => {
            println!("chaos: CHECKS FAILED (seed {}; replay with --seed {})", o.seed, o.seed);
            std::process::exit(1);
        }
        Err(e) => {
            println!("chaos: could not run: {e} (seed {})", o.seed);
            std::process::exit(2);
        }
    }
}

async fn soak(o: &Options) -> Result<bool, String> {
    let _lock = faultlock::acquire()?;
    servers::servers(&["start", "cluster", "sentinel", "regions", "auth"])?;
    let proxy_a = Arc::new(proxy::Proxy::start(faults::REGION_PORTS[0]).await);
    let proxy_b = Arc::new(proxy::Proxy::start(faults::REGION_PORTS[1]).await);
    let epoch = Instant::now();
    let run = format!("chaos:{}:{}", o.seed, std::process::id());

    let connect = |config: proto::ClientConfig, what: &'static str| async move {
        Client::connect(config).await.map_err(|e| format!("{what}: {e}"))
    };
    // The auth group: credentials from a provider, rotated by its fault loop.
    let first = format!("{}{}", workers::SECRET_MARK, o.seed);
    let acl = ["ACL", "SETUSER", "chaos-first", "reset", "on", &format!(">{first}"), "~*", "&*", "+@all"];
    if faults::auth_cli(&acl) != "OK" {
        return Err("ACL SETUSER chaos-first on the auth group failed".into());
    }
    let credentials = Arc::new(Mutex::new(haven_core::Credentials { username: Some("chaos-first".into()), password: first }));
    let answers = credentials.clone();
    let provider: haven_core::CredentialProvider = Arc::new(move || {
        let now = answers.lock().clone();
        Box::pin(async move { Ok(now) })
    });
    let auth = Client::connect_with_credentials(standalone_config(faults::AUTH_PORT), provider, Some(Duration::from_secs(1)))
        .await
        .map_err(|e| format!("auth: {e}"))?;
    let plans: [(&'static str, Client, usize, u32, bool); 4] = [
        ("cluster", connect(cluster_config(), "cluster").await?, 12, 1, true),
        ("sentinel", connect(sentinel_config(), "sentinel").await?, 6, 2, true),
        ("regions", connect(regions_config(&proxy_a, &proxy_b), "regions").await?, 6, 0, false),
        ("auth", auth, 4, 0, true),
    ];
    let stop_writers = Arc::new(AtomicBool::new(false));
    let mut deployments = Vec::new();
    let mut tasks = Vec::new();
    for (name, client, count, replicas, durable) in plans {
        let tally = Arc::new(Tally::new(o.slack));
        let events = record_events(&client, epoch, tally.clone());
        let setup = Setup { client: client.clone(), timeout: TIMEOUT, replicas, durable };
        let mut writers = Vec::new();
        for id in 0..count as u32 {
            let writer = Arc::new(Writer::new(format!("{run}:{name}:{id}"), id));
            tasks.push(tokio::spawn(workers::run(setup.clone(), writer.clone(), tally.clone(), stop_writers.clone(), epoch)));
            writers.push(writer);
        }
        deployments.push(Deployment { name, client, writers, tally, durable, events });
    }
    let python = match &o.python {
        Some(py) => Some(PythonWorker::start(py, &format!("{run}:py"), o.slack)?),
        None => None,
    };

    // Usage samples, once a second.
    let samples: Arc<Mutex<Vec<(u64, u64, u64)>>> = Arc::default();
    let sampling = {
        let samples = samples.clone();
        tokio::spawn(async move {
            loop {
                let (rss, fds) = usage();
                samples.lock().push((epoch.elapsed().as_millis() as u64, rss, fds));
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        })
    };

    // The fault loops, one thread each.
    let stop_faults = Arc::new(AtomicBool::new(false));
    let records: Arc<Mutex<Vec<Record>>> = Arc::default();
    let mut loops = Vec::new();
    for (i, d) in deployments.iter().enumerate() {
        let mut l = faults::Loop::new(d.name, o.seed.wrapping_mul(31).wrapping_add(i as u64), epoch, stop_faults.clone(), records.clone());
        l.writers = d.writers.clone();
        if d.name == "regions" {
            l.proxies = vec![proxy_a.clone(), proxy_b.clone()];
        }
        if d.name == "auth" {
            l.credentials = Some(credentials.clone());
        }
        loops.push(std::thread::spawn(move || l.run()));
    }
    let soak_for = Duration::from_secs(o.seconds);
    while epoch.elapsed() < soak_for {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    stop_faults.store(true, Ordering::Relaxed);
    for l in loops {
        let _ = tokio::task::spawn_blocking(move || l.join()).await;
    }
    // Healed: a few more seconds of traffic, then the writers stop.
    for group in ["cluster", "sentinel", "regions", "auth"] {
        faults::heal(group);
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop_writers.store(true, Ordering::Relaxed);
    for t in tasks {
        let _ = t.await;
    }
    sampling.abort();
    let python_result = match python {
        Some(p) => Some(p.finish()?),
        None => None,
    };
    let elapsed = epoch.elapsed();
    let records = records.lock().clone();
    let mut failures: Vec<String> = Vec::new();

    // -------------------------------------------------- acknowledged writes
    let mut durability = Vec::new();
    let mut check_key = |deployment: &str, who: &str, key: &str, acked: u64| {
        if acked == 0 {
            return;
        }
        match stored_sequence(deployment, key) {
            Ok(Some(seq)) if seq >= acked => {}
            Ok(found) => durability.push(format!("{who} {key}: acknowledged {acked}, stored {found:?}")),
            Err(e) => durability.push(format!("{who} {key}: {e}")),
        }
    };
    let mut acked_keys = 0;
    for d in deployments.iter().filter(|d| d.durable) {
        for w in &d.writers {
            let acked = w.acked.load(Ordering::Relaxed);
            acked_keys += usize::from(acked > 0);
            check_key(d.name, "rust", &w.key, acked);
        }
    }
    if let Some(py) = &python_result {
        for (deployment, keys) in py["acked"].as_object().into_iter().flatten() {
            for (key, acked) in keys.as_object().into_iter().flatten() {
                let acked = acked.as_u64().unwrap_or(0);
                acked_keys += usize::from(acked > 0);
                check_key(deployment, "python", key, acked);
            }
        }
    }

    // --------------------------------------------------------------- table
    println!();
    println!(
        "chaos: {:.0} s, seed {}, {} faults; late = ended over {} ms past its deadline",
        elapsed.as_secs_f64(),
        o.seed,
        records.len(),
        o.slack.as_millis()
    );
    println!(
        "{:<18} {:>10} {:>9} {:>6} {:>10} {:>11} {:>12} {:>10} {:>9} {:>7}",
        "caller", "ok", "failed", "late", "worst late", "cross-wired", "below acked", "went back", "acked", "secrets"
    );
    let mut rows = Vec::new();
    let mut row = |who: String, t: Json| {
        let n = |k: &str| t[k].as_u64().unwrap_or(0);
        println!(
            "{:<18} {:>10} {:>9} {:>6} {:>8} ms {:>11} {:>12} {:>10} {:>9} {:>7}",
            who,
            n("ok"),
            n("failed"),
            n("late"),
            n("worst_late_ms"),
            n("crosswired"),
            n("below_acked"),
            n("went_back"),
            n("acked"),
            n("secret_leaks")
        );
        for (what, limit) in [("late", 0), ("crosswired", 0), ("below_acked", 0), ("secret_leaks", 0)] {
            if t[what].as_u64().unwrap_or(0) > limit {
                failures.push(format!("{who}: {what} {}", t[what]));
            }
        }
        if t["ok"].as_u64().unwrap_or(0) == 0 {
            failures.push(format!("{who}: no request succeeded"));
        }
        rows.push(json!({"caller": who, "counts": t}));
    };
    for d in &deployments {
        let t = &d.tally;
        let load = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
        let counts = json!({
            "ok": load(&t.ok), "failed": load(&t.failed), "late": load(&t.late),
            "worst_late_ms": load(&t.worst_late_us) / 1000, "crosswired": load(&t.crosswired),
            "below_acked": load(&t.below_acked), "went_back": load(&t.went_back), "acked": load(&t.acked),
            "secret_leaks": load(&t.leaks),
            "errors": *t.errors.lock(), "samples": *t.samples.lock(),
        });
        row(format!("rust/{}", d.name), counts);
    }
    if let Some(py) = &python_result {
        for (name, counts) in py["tallies"].as_object().into_iter().flatten() {
            row(format!("python/{name}"), counts.clone());
        }
    }
    for d in &deployments {
        for s in d.tally.samples.lock().iter() {
            println!("  rust/{}: {s}", d.name);
        }
    }
    println!("acknowledged writes: {acked_keys} keys read back with redis-cli, {} lost or unreadable", durability.len());
    for d in &durability {
        println!("  {d}");
        failures.push(d.clone());
    }

    // ------------------------------------------------------ faults, events
    println!();
    println!("{:<9} {:<18} {:>6} {:>14} {:>14} {:>8}", "where", "fault", "count", "recovery p50", "recovery max", "events");
    let mut kinds: Vec<(&str, &str)> = records.iter().map(|r| (r.deployment, r.kind)).collect();
    kinds.sort();
    kinds.dedup();
    let mut fault_rows = Vec::new();
    for (dep, kind) in kinds {
        let of: Vec<&Record> = records.iter().filter(|r| r.deployment == dep && r.kind == kind).collect();
        let times: Vec<u64> = of.iter().filter_map(|r| r.recovered_ms).collect();
        let never = of.len() - times.len();
        let events = deployments.iter().find(|d| d.name == dep).map(|d| d.events.lock().clone()).unwrap_or_default();
        let promoted: Vec<&&Record> = of.iter().filter(|r| r.promoted).collect();
        let seen = promoted
            .iter()
            .filter(|r| {
                events.iter().any(|(at, k, _)| {
                    matches!(k, EventKind::PrimaryChanged | EventKind::TopologyChanged)
                        && *at + 1000 >= r.start_ms
                        && *at <= r.healed_ms.max(r.recovered_ms.map_or(0, |m| r.start_ms + m)) + 30_000
                })
            })
            .count();
        println!(
            "{:<9} {:<18} {:>6} {:>11} ms {:>11} ms {:>8}",
            dep,
            kind,
            of.len(),
            median(times.clone()),
            times.iter().max().copied().unwrap_or(0),
            if promoted.is_empty() { "-".to_string() } else { format!("{seen}/{}", promoted.len()) }
        );
        if never > 0 {
            failures.push(format!("{dep} {kind}: {never} of {} never recovered", of.len()));
        }
        if seen < promoted.len() {
            failures.push(format!("{dep} {kind}: {} primary changes without a client event", promoted.len() - seen));
        }
        fault_rows.push(json!({"deployment": dep, "fault": kind, "count": of.len(), "never_recovered": never,
            "recovery_p50_ms": median(times.clone()), "recovery_max_ms": times.iter().max(),
            "promotions": promoted.len(), "promotions_with_event": seen}));
    }
    // Every primary change the client announced lines up with a fault.
    for d in &deployments {
        let events = d.events.lock().clone();
        for (at, k, text) in events.iter().filter(|(_, k, _)| *k == EventKind::PrimaryChanged) {
            let explained = records.iter().any(|r| {
                r.deployment == d.name && *at + 1000 >= r.start_ms && *at <= r.recovered_ms.map_or(r.healed_ms, |m| r.start_ms + m).max(r.healed_ms) + 30_000
            });
            if !explained {
                failures.push(format!("{}: {k:?} {text} at {at} ms matches no fault", d.name));
            }
        }
    }
    let injection_failed: Vec<&Record> = records.iter().filter(|r| r.note.starts_with("injection failed")).collect();
    if !injection_failed.is_empty() {
        println!("{} faults could not be injected (e.g. {})", injection_failed.len(), injection_failed[0].note);
    }

    // ---------------------------------------------------------- resources
    let samples = samples.lock().clone();
    let total_ms = elapsed.as_millis() as u64;
    let window = |from: f64, to: f64, pick: fn(&(u64, u64, u64)) -> u64| {
        median(
            samples
                .iter()
                .filter(|s| s.0 as f64 >= from * total_ms as f64 && (s.0 as f64) < to * total_ms as f64)
                .map(pick)
                .collect(),
        )
    };
    let (rss_warm, rss_end) = (window(0.2, 0.3, |s| s.1), window(0.85, 1.0, |s| s.1));
    let (fds_warm, fds_end) = (window(0.2, 0.3, |s| s.2), window(0.85, 1.0, |s| s.2));
    let growth = |a: u64, b: u64| if a == 0 { 0.0 } else { (b as f64 - a as f64) * 100.0 / a as f64 };
    println!();
    println!(
        "resources: RSS {} -> {} KiB ({:+.1}%), open files {} -> {} ({:+.1}%) (medians after warm-up vs the last 15%)",
        rss_warm,
        rss_end,
        growth(rss_warm, rss_end),
        fds_warm,
        fds_end,
        growth(fds_warm, fds_end)
    );
    // Judged on runs of 5 minutes or more: in a shorter one the allocator,
    // the dedicated connection pools (idle ones close after 30 s) and the
    // connections to nodes promoted during the run are still settling.
    let judged = o.seconds >= RESOURCES_JUDGED_FROM;
    if !judged {
        println!("  (not judged: runs shorter than {} s)", RESOURCES_JUDGED_FROM);
    }
    if judged && growth(rss_warm, rss_end) >= 5.0 {
        failures.push(format!("RSS grew {:.1}%", growth(rss_warm, rss_end)));
    }
    if judged && growth(fds_warm, fds_end) >= 5.0 {
        failures.push(format!("open files grew {:.1}%", growth(fds_warm, fds_end)));
    }
    for d in &deployments {
        d.client.close();
    }
    // The rotated users go; the auth deployment's reads never went back
    // (one server, no failover: a lower sequence would be a stale reply).
    for user in faults::auth_cli(&["ACL", "USERS"]).lines().filter(|u| u.starts_with("chaos-")) {
        faults::auth_cli(&["ACL", "DELUSER", user]);
    }
    if let Some(d) = deployments.iter().find(|d| d.name == "auth") {
        let back = d.tally.went_back.load(Ordering::Relaxed);
        if back > 0 {
            failures.push(format!("auth: {back} reads went back on a server that never failed over"));
        }
    }

    let ok = failures.is_empty();
    println!();
    for f in &failures {
        println!("chaos: FAILED {f}");
    }
    if let Some(path) = &o.json {
        let report = json!({
            "seed": o.seed, "seconds": elapsed.as_secs(), "ok": ok, "failures": failures,
            "callers": rows, "faults": fault_rows,
            "fault_log": records.iter().map(|r| json!({"deployment": r.deployment, "kind": r.kind, "target": r.target,
                "start_ms": r.start_ms, "healed_ms": r.healed_ms, "recovered_ms": r.recovered_ms, "promoted": r.promoted, "note": r.note})).collect::<Vec<_>>(),
            "acknowledged_keys": acked_keys, "lost": durability,
            "rss_kib": [rss_warm, rss_end], "open_files": [fds_warm, fds_end],
            "python": python_result,
        });
        std::fs::write(path, serde_json::to_string_pretty(&report).unwrap_or_default()).map_err(|e| format!("{path}: {e}"))?;
        println!("chaos: report written to {path}");
    }
    Ok(ok)
}
