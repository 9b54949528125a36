//! `make bench`: haven's core beside the clients people use today, in one run
//! against the same local server. Prints ops/s, p50/p99 and the ratios.
//!
//!   haven-bench [--quick] [--port 6400]
//!
//! Workloads: 80% GET / 20% SET of 100-byte values over 10,000 keys, with
//! 1, 10 and 100 concurrent callers; redis-benchmark with -P 16 as the
//! pipelined ceiling; the redis-rs multiplexed connection; and the cost of
//! the C ABI's protobuf round trip over the pure-Rust call.
//!
//! With `HAVEN_BENCH_JSON=<file>` every point is also appended to the file
//! as a JSON line (see report.rs); `HAVEN_BENCH_QUICK=1` is `--quick`.
//! Each fault scenario takes the shared fault lock itself (faultlock.rs):
//! do not wrap haven-bench in `flock faults.lock` (it would wait for itself).

mod cluster;
mod faultlock;
mod ffi_cost;
mod load;
mod multi;
mod report;
mod sentinel;
mod servers;
mod telemetry;
mod writes;

use std::process::Command;
use std::time::Duration;

use load::{Figures, Target};

struct Options {
    quick: bool,
    port: u16,
    /// Only the cluster, Sentinel and multi-endpoint scenarios.
    ha_only: bool,
    /// Only the multi-endpoint scenarios.
    multi_only: bool,
    /// Only one client at 10 callers, for profilers: "haven", "haven-app", "redis-rs";
    /// or "ffi": only the C ABI's round trip beside the Rust call.
    profile: Option<String>,
    /// Only the telemetry on/off comparison.
    telemetry_only: bool,
    /// One telemetry round in this process (a child of the comparison).
    telemetry_round: Option<bool>,
    /// The length of each point (default 5 s, 0.8 s quick).
    seconds: Option<f64>,
    /// Pairs of telemetry off/on rounds (default 16, 2 quick).
    pairs: Option<usize>,
}

fn options() -> Result<Options, String> {
    let quick_env = std::env::var("HAVEN_BENCH_QUICK").is_ok_and(|v| !v.is_empty() && v != "0");
    let mut o = Options {
        quick: quick_env,
        port: 6400,
        profile: None,
        ha_only: false,
        multi_only: false,
        telemetry_only: false,
        telemetry_round: None,
        seconds: None,
        pairs: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => o.quick = true,
            "--ha-only" => o.ha_only = true,
            "--multi-only" => o.multi_only = true,
            "--telemetry-only" => o.telemetry_only = true,
            "--telemetry-round" => {
                o.telemetry_round = Some(match args.next().as_deref() {
                    Some("on") => true,
                    Some("off") => false,
                    _ => return Err("--telemetry-round needs on or off".into()),
                })
            }
            "--seconds" => {
                o.seconds = Some(args.next().and_then(|s| s.parse().ok()).filter(|s: &f64| *s > 0.0).ok_or("--seconds needs a positive number")?)
            }
            "--pairs" => {
                o.pairs = Some(args.next().and_then(|s| s.parse().ok()).filter(|n: &usize| *n > 0).ok_or("--pairs needs a positive whole number")?)
            }
            "--profile" => o.profile = Some(args.next().ok_or("--profile needs haven, haven-app, redis-rs or ffi")?),
            "--port" => {
                o.port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or("--port needs a port number")?
            }
            other => {
                return Err(format!(
                    "unknown argument {other:?} (use --quick, --ha-only, --multi-only, --telemetry-only, --pairs N, --seconds S, --port N, --profile CLIENT)"
                ))
            }
        }
    }
    Ok(o)
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().map(|l| l.split_whitespace().nth(1).unwrap_or("0").to_string()))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map(|kb| format!("{:.1} GiB", kb as f64 / 1048576.0))
        .unwrap_or_default();
    let server = Command::new("redis-server")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).split_whitespace().nth(2).unwrap_or("").to_string())
        .unwrap_or_default();
    format!("{cores} cores, {mem} memory, redis-server {server}")
}

/// Runs redis-benchmark -q for GET and SET with `args` and combines the two
/// rates 80/20 by time per request.
pub fn redis_benchmark_mixed(args: &[&str]) -> Result<f64, String> {
    let out = Command::new("redis-benchmark")
        .args(["-t", "get,set", "-d", "100", "-P", "16", "-c", "50", "-r", "10000", "-q"])
        .args(args)
        .output()
        .map_err(|e| format!("redis-benchmark: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "\n");
    let rate = |name: &str| -> Result<f64, String> {
        text.lines()
            .rfind(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|n| n.parse().ok())
            .ok_or(format!("could not read the {name} rate from redis-benchmark {args:?}: {text}"))
    };
    let (set, get) = (rate("SET:")?, rate("GET:")?);
    Ok(1.0 / (0.8 / get + 0.2 / set))
}

/// redis-benchmark's pipelined figure for the same mix on one server.
fn redis_benchmark(port: u16, requests: u64) -> Result<Figures, String> {
    let mixed = redis_benchmark_mixed(&["-p", &port.to_string(), "-n", &requests.to_string()])?;
    Ok(Figures { ops_per_sec: mixed, p50_us: f64::NAN, p99_us: f64::NAN, errors: 0 })
}

fn main() {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("haven-bench: {e}");
            std::process::exit(2);
        }
    };
    let secs = match o.seconds {
        Some(s) => Duration::from_secs_f64(s),
        None if o.quick => Duration::from_millis(800),
        None => Duration::from_secs(5),
    };
    if let Some(on) = o.telemetry_round {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build();
        let r = match rt {
            Ok(rt) => rt.block_on(telemetry::round(on, o.port, secs)),
            Err(e) => Err(e.to_string()),
        };
        if let Err(e) = r {
            eprintln!("haven-bench: {e}");
            std::process::exit(1);
        }
        return;
    }
    // Pairs of alternating telemetry off/on rounds.
    let telemetry_pairs = o.pairs.unwrap_or(if o.quick { 2 } else { 16 });
    if o.telemetry_only {
        if let Err(e) = telemetry::compare(o.port, telemetry_pairs, secs).and_then(|()| telemetry::instructions(o.port, 3)) {
            eprintln!("haven-bench: {e}");
            std::process::exit(1);
        }
        return;
    }
    println!("# haven core benchmark\n");
    println!("Machine: {}. Server: 127.0.0.1:{}.", machine(), o.port);
    println!(
        "Workload: 80% GET / 20% SET, 100-byte values, 10,000 keys, {} s per point{}.\n",
        secs.as_secs_f64(),
        if o.quick { " (quick subset)" } else { "" }
    );
    let app = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("haven-bench: cannot start a runtime: {e}");
            std::process::exit(1);
        }
    };
    if o.profile.as_deref() == Some("ffi") {
        // Only the C ABI comparison (for callgrind: instructions per path).
        let r = ffi_cost::measure(o.port, std::env::var("HAVEN_FFI_REQUESTS").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000));
        println!(
            "profile run: {:?}",
            r.map(|c| (c.rust_us, c.ffi_us, c.argv_us, c.protobuf, c.argv, c.conversion_us))
        );
        return;
    }
    if let Some(which) = &o.profile {
        let target = match which.as_str() {
            "haven" => Target::HavenOnEngine,
            "haven-app" => Target::Haven,
            "redis-rs" => Target::RedisRs,
            other => {
                eprintln!("haven-bench: --profile {other:?}: expected haven, haven-app or redis-rs");
                std::process::exit(2);
            }
        };
        let r = app.block_on(async {
            load::prepare(o.port).await?;
            let callers = std::env::var("HAVEN_BENCH_CALLERS").ok().and_then(|c| c.parse().ok()).unwrap_or(10);
            let f = load::run(target, o.port, callers, Duration::from_secs(2)).await?;
            Ok::<_, String>((f, (f.ops_per_sec * 2.0) as u64))
        });
        println!("profile run: {r:?}");
        return;
    }
    if o.ha_only || o.multi_only {
        let run = if o.multi_only { app.block_on(multi_benchmarks(secs)) } else { app.block_on(ha_benchmarks(secs)) };
        if let Err(e) = run {
            eprintln!("haven-bench: {e}");
            std::process::exit(1);
        }
        return;
    }
    let result = app.block_on(async {
        load::prepare(o.port).await?;
        let rb = redis_benchmark(o.port, if o.quick { 200_000 } else { 2_000_000 })?;
        println!("redis-benchmark -P 16 -c 50 (pipelined ceiling): {:.0} ops/s\n", rb.ops_per_sec);
        report::throughput("standalone", "redis-benchmark", "pipelined -P 16", 50, &rb, f64::NAN);
        println!("| callers | client | ops/s | p50 µs | p99 µs | errors | vs redis-rs | vs redis-benchmark -P16 |");
        println!("|---:|---|---:|---:|---:|---:|---:|---:|");
        let mut at_100 = (0.0, 0.0);
        for callers in [1usize, 10, 100] {
            let rs = load::run(Target::RedisRs, o.port, callers, secs).await?;
            let hv = load::run(Target::Haven, o.port, callers, secs).await?;
            let hv_engine = load::run(Target::HavenOnEngine, o.port, callers, secs).await?;
            report::throughput("standalone", "redis-rs", "async", callers, &rs, secs.as_secs_f64());
            report::throughput("standalone", "haven", "async", callers, &hv, secs.as_secs_f64());
            report::throughput("standalone", "haven (engine runtime)", "async", callers, &hv_engine, secs.as_secs_f64());
            for (name, f) in [("redis-rs multiplexed", &rs), ("haven (app runtime)", &hv), ("haven (engine runtime)", &hv_engine)] {
                println!(
                    "| {callers} | {name} | {:.0} | {:.1} | {:.1} | {} | {:.2}x | {:.2}x |",
                    f.ops_per_sec,
                    f.p50_us,
                    f.p99_us,
                    f.errors,
                    f.ops_per_sec / rs.ops_per_sec,
                    f.ops_per_sec / rb.ops_per_sec
                );
            }
            if callers == 100 {
                at_100 = (hv.ops_per_sec.max(hv_engine.ops_per_sec), rs.ops_per_sec);
            }
        }
        println!(
            "\nGoals at 100 callers: haven >= 0.5x redis-benchmark -P16 (got {:.2}x), >= 1.5x redis-rs (got {:.2}x).\n",
            at_100.0 / rb.ops_per_sec,
            at_100.0 / at_100.1
        );
        Ok::<(), String>(())
    });
    if let Err(e) = result {
        eprintln!("haven-bench: {e}");
        std::process::exit(1);
    }
    let counted = if o.quick { Ok(()) } else { telemetry::instructions(o.port, 3) };
    if let Err(e) = telemetry::compare(o.port, telemetry_pairs, secs).and_then(|()| counted) {
        eprintln!("haven-bench: {e}");
        std::process::exit(1);
    }
    if !o.quick {
        if let Err(e) = app.block_on(ha_benchmarks(secs)) {
            eprintln!("haven-bench: {e}");
            std::process::exit(1);
        }
    }
    match ffi_cost::measure(o.port, if o.quick { 5_000 } else { 50_000 }) {
        Ok(c) => {
            println!(
                "## C ABI round trip (submit to callback), sequential, {} requests per path on one connection\n",
                c.requests
            );
            println!("| path | median µs per request over blocks | C ABI - Rust, median over rounds (quartiles) |\n|---|---:|---:|");
            println!("| Rust `Client::submit_cmd_on` (same path choice) | {:.2} | - |", c.rust_us);
            for (name, us, d) in [
                ("C ABI `haven_client_submit` (protobuf in and out)", c.ffi_us, c.protobuf),
                ("C ABI `haven_client_command` (argv in, HavenReply out)", c.argv_us, c.argv),
            ] {
                println!(
                    "| {name} | {us:.2} | {:.2} ({:.2} to {:.2}){} |",
                    d.median_us,
                    d.quartiles.0,
                    d.quartiles.1,
                    if d.median_us <= 1.0 { ", goal <= 1 µs met" } else { ", goal <= 1 µs NOT met" }
                );
            }
            println!(
                "\nRounds of one block per path, the order rotated every round, on one connection. The C ABI's own \
                 protobuf work timed without I/O (encode request, check + decode, encode response, decode it): \
                 {:.2} µs per request.",
                c.conversion_us,
            );
            report::figure("Rust Client::submit_cmd round trip", c.rust_us, "us");
            report::figure("C ABI haven_client_submit round trip", c.ffi_us, "us");
            report::figure("C ABI haven_client_command round trip", c.argv_us, "us");
            report::figure("ffi overhead per request", c.protobuf.median_us, "us");
            report::figure("ffi argv overhead per request", c.argv.median_us, "us");
            report::figure("C ABI conversion work per request (no I/O)", c.conversion_us, "us");
        }
        Err(e) => {
            eprintln!("haven-bench: {e}");
            std::process::exit(1);
        }
    }
}

/// Cluster throughput and failover, Sentinel failovers (the full run only:
/// each fault needs the group healed afterwards, which takes seconds).
async fn ha_benchmarks(secs: Duration) -> Result<(), String> {
    servers::servers(&["start", "cluster"])?;
    load::prepare_with(cluster::config()).await?;
    let rb = cluster::redis_benchmark(2_000_000)?;
    println!("## Cluster (3 primaries + 3 replicas)\n");
    println!("redis-benchmark --cluster -P 16 -c 50 (pipelined ceiling): {rb:.0} ops/s\n");
    let rb_figures = load::Figures { ops_per_sec: rb, p50_us: f64::NAN, p99_us: f64::NAN, errors: 0 };
    report::throughput("cluster", "redis-benchmark", "pipelined -P 16", 50, &rb_figures, f64::NAN);
    println!("| callers | client | ops/s | p50 µs | p99 µs | errors | vs redis-benchmark --cluster -P16 |");
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for callers in [1usize, 10, 100] {
        let f = load::run_with(Target::HavenOnEngine, cluster::config(), 7000, callers, secs).await?;
        report::throughput("cluster", "haven (engine runtime)", "async", callers, &f, secs.as_secs_f64());
        println!(
            "| {callers} | haven cluster | {:.0} | {:.1} | {:.1} | {} | {:.2}x |",
            f.ops_per_sec, f.p50_us, f.p99_us, f.errors, f.ops_per_sec / rb
        );
    }
    let f = cluster::failover().await?;
    println!("\n### Shard failover: SIGKILL of primary {} (cluster-node-timeout 1000 ms), 10 workers pinned per shard\n", f.killed_port);
    println!("| measure | value | goal |\n|---|---:|---|");
    println!(
        "| untouched shards' throughput, 3 s after the kill, as % of before | {:.1}% ({:.0} -> {:.0} ops/s) | >= 90% |",
        100.0 * f.untouched_during / f.untouched_before,
        f.untouched_before,
        f.untouched_during
    );
    println!("| kill -> promotion visible on a surviving node | {:.0} ms | (the cluster's own) |", f.kill_to_promotion_ms);
    println!("| promotion visible -> first successful write on the failed shard | {:.0} ms | <= 200 ms |", f.promotion_to_first_write_ms);
    println!("| failed requests on the failed shard (fast ConnectionError) | {} | |", f.failed_shard_errors);
    println!("| failed requests on untouched shards | {} | 0 |", f.untouched_errors);
    println!("| requests that ended after their deadline (+20 ms) | {} | 0 |", f.past_deadline);
    let series: Vec<String> = f.series.iter().map(|(a, b)| format!("{a}/{b}")).collect();
    println!("\nRequests per 100 ms (failed shard/untouched shards), kill at {} ms: {}\n", f.kill_at_ms, series.join(" "));
    report::failover(
        "cluster primary SIGKILL",
        f.kill_to_promotion_ms + f.promotion_to_first_write_ms,
        f.failed_shard_errors + f.untouched_errors,
        f.past_deadline,
        &f.timeline,
    );
    report::figure("cluster: untouched shards' throughput during failover, % of before", 100.0 * f.untouched_during / f.untouched_before, "%");
    report::figure("cluster: kill to promotion", f.kill_to_promotion_ms, "ms");
    report::figure("cluster: promotion to first write on the failed shard", f.promotion_to_first_write_ms, "ms");

    println!("## Sentinel failover (down-after-milliseconds 1000)\n");
    println!("| fault | Sentinels' failover (+sdown or command -> +switch-master) | +switch-master -> first write on the new primary (goal <= 50 ms) | client write outage | failed writes |");
    println!("|---|---:|---:|---:|---:|");
    for fault in [sentinel::Fault::Sigkill, sentinel::Fault::ManualFailover] {
        let t = sentinel::run(fault).await?;
        println!(
            "| {:?} | {:.0} ms | {:.1} ms | {:.0} ms | {} |",
            t.fault, t.sentinel_failover_ms, t.switch_to_write_ms, t.write_outage_ms, t.failed_writes
        );
        let name = match t.fault {
            sentinel::Fault::Sigkill => "sentinel primary SIGKILL",
            sentinel::Fault::ManualFailover => "sentinel failover",
        };
        report::failover(name, t.recovery_ms, t.failed_writes, t.past_deadline, &t.timeline);
        report::figure(&format!("{name}: Sentinels' own failover"), t.sentinel_failover_ms, "ms");
        report::figure(&format!("{name}: +switch-master to first write"), t.switch_to_write_ms, "ms");
    }
    println!();
    multi_benchmarks(secs).await
}

async fn multi_benchmarks(secs: Duration) -> Result<(), String> {
    println!("## Multi-endpoint failover (default settings; endpoints a = 6440 weight 2, b = 6441 weight 1)\n");
    let (plain, multi_rate) = multi::throughput(100, secs).await?;
    println!(
        "Throughput at 100 callers on the same server: plain client {plain:.0} ops/s, multi-endpoint client {multi_rate:.0} ops/s ({:+.1}%, goal within 3%).\n",
        100.0 * (multi_rate / plain - 1.0)
    );
    report::figure("plain client ops/s at 100 callers (6440)", plain, "ops/s");
    report::figure("multi-endpoint client ops/s at 100 callers (6440 active)", multi_rate, "ops/s");
    report::figure("multi-endpoint vs plain throughput", 100.0 * (multi_rate / plain - 1.0), "%");
    println!("| failure of the active endpoint | fault -> first success on the next endpoint | failed requests | recovery -> failback (grace 10 s) |");
    println!("|---|---:|---:|---:|");
    for fault in [multi::Fault::Sigkill, multi::Fault::Sigstop, multi::Fault::ClientPause] {
        let f = multi::failure(fault).await?;
        println!(
            "| {:?} | {:.0} ms | {} | {} |",
            f.fault,
            f.to_next_ms,
            f.failed,
            f.failback_ms.map(|m| format!("{m:.0} ms")).unwrap_or_else(|| "none within 30 s".into())
        );
        let (name, back) = match f.fault {
            multi::Fault::Sigkill => ("region loss", "region return (failback)"),
            multi::Fault::Sigstop => ("hung region SIGSTOP", "hung region SIGCONT (failback)"),
            multi::Fault::ClientPause => ("region CLIENT PAUSE", "region CLIENT UNPAUSE (failback)"),
        };
        report::failover(name, f.to_next_ms, f.failed, f.past_deadline, &f.timeline);
        if let Some(ms) = f.failback_ms {
            report::failover(back, ms, f.failback_failed, f.failback_past_deadline, &f.failback_timeline);
        }
    }
    println!("\n(goal: <= 1 s for a dead endpoint, <= 2 s for a hung one; blackholed and cut links are measured by core/tests/multi_endpoint.rs through its test proxy)\n");
    Ok(())
}
