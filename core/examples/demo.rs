//! `make demo`: haven keeping an application working while its Redis primary
//! dies. A primary and two replicas run locally (scripts/servers.sh); 50
//! callers read (80%) and write (20%) through one haven client reading from
//! replicas. Each second prints ops/s, errors and p99; at 3 s the primary is
//! SIGKILLed, at 8 s it is restarted. Reads keep being served by the
//! replicas throughout; writes fail fast (never hang) while there is no
//! primary and resume by themselves when it is back.

use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::{proto, Client, Cmd, ErrorKind};
use parking_lot::Mutex;

const PRIMARY: u16 = 6410;
const NODES: [u16; 3] = [6410, 6411, 6412];
const CALLERS: usize = 50;
const RUN_SECS: u64 = 12;
const KILL_AT: u64 = 3;
const RESTART_AT: u64 = 8;

#[derive(Default)]
struct Second {
    reads_ok: u64,
    writes_ok: u64,
    errors: u64,
    timeouts: u64,
    latencies_us: Vec<u32>,
}

fn servers(args: &[&str]) -> Result<(), String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let status = Command::new("bash")
        .arg(format!("{root}/scripts/servers.sh"))
        .args(args)
        .status()
        .map_err(|e| format!("scripts/servers.sh: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("scripts/servers.sh {} failed", args.join(" ")))
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("demo: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    println!("haven demo: a primary and two replicas on 127.0.0.1:{NODES:?}\n");
    servers(&["start", "replicas"])?;
    let config = proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
            addresses: NODES.iter().map(|p| format!("127.0.0.1:{p}")).collect(),
            ..Default::default()
        })),
        read_from: "prefer_replica".into(),
        ..Default::default()
    };
    let client = Client::connect_blocking(config).map_err(|e| e.to_string())?;
    let app = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;

    let stats = Arc::new(Mutex::new(Second::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let write_errors_while_down = Arc::new(AtomicU64::new(0));
    // Set once the primary is restarted; workers stamp the first write that
    // succeeds after that.
    let restarted = Arc::new(AtomicBool::new(false));
    let first_write_back: Arc<Mutex<Option<Instant>>> = Arc::new(Mutex::new(None));
    let mut workers = Vec::new();
    for i in 0..CALLERS {
        let (client, stats, stop) = (client.clone(), stats.clone(), stop.clone());
        let down_errors = write_errors_while_down.clone();
        let (restarted, first_write_back) = (restarted.clone(), first_write_back.clone());
        workers.push(app.spawn(async move {
            let mut n: u64 = i as u64;
            while !stop.load(Ordering::Relaxed) {
                n = n.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let key = format!("demo:{}", (n >> 33) % 1000);
                let write = (n >> 20) % 10 < 2;
                let cmd = if write { Cmd::new("SET").arg(key).arg("value") } else { Cmd::new("GET").arg(key) };
                let t = Instant::now();
                let r = client.send(cmd).await;
                let us = t.elapsed().as_micros().min(u32::MAX as u128) as u32;
                let failed = {
                    let mut s = stats.lock();
                    s.latencies_us.push(us);
                    match r {
                        Ok(_) if write => {
                            s.writes_ok += 1;
                            if restarted.load(Ordering::Relaxed) {
                                first_write_back.lock().get_or_insert_with(Instant::now);
                            }
                        }
                        Ok(_) => s.reads_ok += 1,
                        Err(ref e) => {
                            s.errors += 1;
                            if e.kind() == ErrorKind::Timeout {
                                s.timeouts += 1;
                            }
                            if write {
                                down_errors.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                    r.is_err()
                };
                if failed {
                    // A real application would back off too.
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
        }));
    }

    println!("{:>4}  {:>9}  {:>9}  {:>9}  {:>7}  {:>8}  event", "t(s)", "reads/s", "writes/s", "errors/s", "timeouts", "p99 ms");
    let start = Instant::now();
    let mut killed_at = None;
    let mut restarted_at: Option<Instant> = None;
    let mut first_write_after_restart = None;
    let mut totals = Second::default();
    for second in 1..=RUN_SECS {
        let due = start + Duration::from_secs(second);
        std::thread::sleep(due.saturating_duration_since(Instant::now()));
        let mut s = std::mem::take(&mut *stats.lock());
        s.latencies_us.sort_unstable();
        let p99 = s.latencies_us.get(s.latencies_us.len().saturating_sub(1) * 99 / 100).copied().unwrap_or(0);
        let mut event = String::new();
        if second == KILL_AT {
            servers(&["kill-node", &PRIMARY.to_string()])?;
            killed_at = Some(Instant::now());
            event = format!("SIGKILL primary {PRIMARY}");
        }
        if second == RESTART_AT {
            let t = Instant::now();
            servers(&["restart-node", &PRIMARY.to_string()])?;
            restarted.store(true, Ordering::Relaxed);
            restarted_at = Some(t);
            event = format!("primary {PRIMARY} restarted");
        }
        if restarted_at.is_some() && first_write_after_restart.is_none() && s.writes_ok > 0 && second > RESTART_AT {
            first_write_after_restart = Some(second);
            if event.is_empty() {
                event = "writes back".into();
            }
        }
        println!(
            "{second:>4}  {:>9}  {:>9}  {:>9}  {:>7}  {:>8.2}  {event}",
            s.reads_ok,
            s.writes_ok,
            s.errors,
            s.timeouts,
            p99 as f64 / 1000.0
        );
        totals.reads_ok += s.reads_ok;
        totals.writes_ok += s.writes_ok;
        totals.errors += s.errors;
        totals.timeouts += s.timeouts;
    }
    stop.store(true, Ordering::Relaxed);
    app.block_on(async {
        for w in workers {
            let _ = w.await;
        }
    });
    // Writes resumed by themselves: how long after the restart command.
    let resumed = match (restarted_at, *first_write_back.lock()) {
        (Some(r), Some(w)) => Some(w.saturating_duration_since(r)),
        _ => None,
    };
    let node_view = client.nodes();
    client.close();
    servers(&["start", "replicas"])?;

    println!("\nsummary");
    println!("  reads served: {} (the replicas kept answering while the primary was down)", totals.reads_ok);
    println!("  writes served: {}", totals.writes_ok);
    println!("  failed requests: {} ({} timeouts, the rest failed fast with ConnectionError)", totals.errors, totals.timeouts);
    if let Some(k) = killed_at {
        println!("  primary down for {:.1} s", (restarted_at.map(|r| r.duration_since(k)).unwrap_or_default()).as_secs_f64());
    }
    match resumed {
        Some(r) => println!(
            "  first successful write {:.0} ms after the restart began (the background reconnect's backoff had grown during the outage)",
            r.as_secs_f64() * 1000.0
        ),
        None => println!("  no write succeeded after the restart within the run"),
    }
    for n in node_view {
        println!("  {} {:?}: {} reconnect attempts", n.address, n.role, n.stats.reconnect_attempts);
    }
    Ok(())
}
