//! Cluster benchmarks: throughput beside `redis-benchmark --cluster`, and the
//! shard-isolation failover scenario: worker groups pinned to each shard by
//! hash tag, SIGKILL of one primary (cluster-node-timeout 1000 ms), then the
//! untouched shards' throughput during the failover window, the time from the
//! promotion being visible to the first successful write on the failed shard,
//! and requests that ended after their deadline.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::engine::convert::key_slot;
use haven_core::{proto, Client, Cmd};

use crate::servers::{cli, servers};

pub const PORTS: [u16; 6] = [7000, 7001, 7002, 7003, 7004, 7005];

pub fn config() -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Cluster(proto::ClusterDeployment {
            seeds: PORTS.iter().map(|p| format!("127.0.0.1:{p}")).collect(),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// A primary and the slot ranges it serves, from CLUSTER NODES.
#[derive(Clone, Debug)]
pub struct Shard {
    pub port: u16,
    pub ranges: Vec<(u16, u16)>,
}

impl Shard {
    fn owns(&self, slot: u16) -> bool {
        self.ranges.iter().any(|&(a, b)| (a..=b).contains(&slot))
    }
}

/// The primaries as a live node reports them.
pub fn primaries(ask: &[u16]) -> Result<Vec<Shard>, String> {
    for &port in ask {
        let text = cli(port, &["CLUSTER", "NODES"]).unwrap_or_default();
        let mut shards = Vec::new();
        for line in text.lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 8 || !f[2].contains("master") || f[2].contains("fail") {
                continue;
            }
            let Some(p) = f[1].split('@').next().and_then(|a| a.rsplit(':').next()).and_then(|p| p.parse().ok()) else {
                continue;
            };
            let ranges: Vec<(u16, u16)> = f[8..]
                .iter()
                .filter(|r| !r.starts_with('['))
                .filter_map(|r| match r.split_once('-') {
                    Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
                    None => r.parse().ok().map(|s| (s, s)),
                })
                .collect();
            if !ranges.is_empty() {
                shards.push(Shard { port: p, ranges });
            }
        }
        if shards.len() >= 3 {
            shards.sort_by_key(|s| s.ranges[0].0);
            return Ok(shards);
        }
    }
    Err("could not read the cluster's primaries".into())
}

/// A hash tag whose slot the shard owns.
fn tag_for(shard: &Shard) -> String {
    (0..100_000).map(|i| format!("s{i}")).find(|t| shard.owns(key_slot(t.as_bytes()))).unwrap_or_default()
}

/// redis-benchmark --cluster pipelined (-P 16), GET and SET combined 80/20.
pub fn redis_benchmark(requests: u64) -> Result<f64, String> {
    crate::redis_benchmark_mixed(&["--cluster", "-p", "7000", "-n", &requests.to_string()])
}

pub struct Failover {
    pub killed_port: u16,
    pub untouched_before: f64,
    pub untouched_during: f64,
    pub kill_to_promotion_ms: f64,
    pub promotion_to_first_write_ms: f64,
    pub failed_shard_errors: u64,
    pub untouched_errors: u64,
    pub past_deadline: u64,
    /// Requests per 100 ms: (failed shard, untouched shards), from the start.
    pub series: Vec<(u64, u64)>,
    pub kill_at_ms: u64,
    /// Every shard's requests per 100 ms: (ms since the kill, ok, failed).
    pub timeline: Vec<(i64, u64, u64)>,
}

struct Record {
    shard: usize,
    end_ms: u64,
    ok: bool,
    write: bool,
    late: bool,
}

const DEADLINE: Duration = Duration::from_millis(250);
const KILL_AT: Duration = Duration::from_secs(3);
const RUN_FOR: Duration = Duration::from_secs(10);
const WINDOW: Duration = Duration::from_secs(3);

/// The SIGKILL scenario. Heals the cluster afterwards.
pub async fn failover() -> Result<Failover, String> {
    let _lock = crate::faultlock::acquire()?;
    servers(&["start", "cluster"])?;
    let shards = primaries(&PORTS)?;
    let tags: Vec<String> = shards.iter().map(tag_for).collect();
    let victim = 0usize;
    let client = Client::connect(config()).await.map_err(|e| e.to_string())?;
    let engine = haven_core::runtime::handle().map_err(|e| e.to_string())?;
    let start = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for (s, tag) in tags.iter().enumerate() {
        for w in 0..10 {
            let (client, stop, tag) = (client.clone(), stop.clone(), tag.clone());
            workers.push(engine.spawn(async move {
                let mut out = Vec::with_capacity(1 << 16);
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let key = format!("{{{tag}}}:{w}:{}", n % 100);
                    let write = n.is_multiple_of(5);
                    let cmd = if write { Cmd::new("SET").arg(key).arg("v") } else { Cmd::new("GET").arg(key) };
                    let t = Instant::now();
                    let ok = client.send(cmd).await.is_ok();
                    let took = t.elapsed();
                    out.push(Record {
                        shard: s,
                        end_ms: start.elapsed().as_millis() as u64,
                        ok,
                        write,
                        late: took > DEADLINE + Duration::from_millis(20),
                    });
                    if !ok {
                        tokio::time::sleep(Duration::from_millis(2)).await;
                    }
                }
                out
            }));
        }
    }
    tokio::time::sleep(KILL_AT).await;
    let victim_port = shards[victim].port;
    let first_slot = shards[victim].ranges[0].0;
    servers(&["kill-node", &victim_port.to_string()])?;
    let kill_ms = start.elapsed().as_millis() as u64;
    // Watch a surviving node until another node owns the victim's slots.
    let survivors: Vec<u16> = shards.iter().filter(|s| s.port != victim_port).map(|s| s.port).collect();
    let promoted_ms = tokio::task::spawn_blocking(move || {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if let Ok(now) = primaries(&survivors) {
                if now.iter().any(|s| s.port != victim_port && s.owns(first_slot)) {
                    return Some(start.elapsed().as_millis() as u64);
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        None
    })
    .await
    .map_err(|e| e.to_string())?
    .ok_or("no replica was promoted within 20 s")?;
    let remaining = RUN_FOR.saturating_sub(start.elapsed());
    tokio::time::sleep(remaining).await;
    stop.store(true, Ordering::Relaxed);
    let mut records = Vec::new();
    for w in workers {
        records.extend(w.await.map_err(|e| e.to_string())?);
    }
    client.close();
    servers(&["start", "cluster"])?;

    let untouched_rate = |from: u64, to: u64| {
        let n = records.iter().filter(|r| r.shard != victim && r.ok && r.end_ms >= from && r.end_ms < to).count();
        n as f64 * 1000.0 / (to - from) as f64
    };
    let before = untouched_rate(1000, kill_ms);
    let during = untouched_rate(kill_ms, kill_ms + WINDOW.as_millis() as u64);
    let first_write = records
        .iter()
        .filter(|r| r.shard == victim && r.ok && r.write && r.end_ms > kill_ms)
        .map(|r| r.end_ms)
        .min()
        .ok_or("no write succeeded on the failed shard")?;
    let buckets = (RUN_FOR.as_millis() / 100) as usize + 1;
    let mut series = vec![(0u64, 0u64); buckets];
    for r in records.iter().filter(|r| r.ok) {
        let b = (r.end_ms / 100) as usize;
        if b < buckets {
            if r.shard == victim {
                series[b].0 += 1;
            } else {
                series[b].1 += 1;
            }
        }
    }
    let timeline = crate::report::timeline(records.iter().map(|r| (r.end_ms as i64 - kill_ms as i64, r.ok)), 1000);
    Ok(Failover {
        timeline,
        killed_port: victim_port,
        untouched_before: before,
        untouched_during: during,
        kill_to_promotion_ms: promoted_ms.saturating_sub(kill_ms) as f64,
        promotion_to_first_write_ms: first_write as f64 - promoted_ms as f64,
        failed_shard_errors: records.iter().filter(|r| r.shard == victim && !r.ok).count() as u64,
        untouched_errors: records.iter().filter(|r| r.shard != victim && !r.ok).count() as u64,
        past_deadline: records.iter().filter(|r| r.late).count() as u64,
        series,
        kill_at_ms: kill_ms,
    })
}
