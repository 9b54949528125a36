//! Closed-loop load: N callers, each sending its next request when the last
//! one answered; 80% GET / 20% SET of 100-byte values over 10,000 keys.
//! Every request's latency is recorded; figures are ops/s, p50 and p99.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use haven_core::{proto, Client, Cmd};

pub const KEYS: usize = 10_000;

#[derive(Clone, Copy, Debug)]
pub enum Target {
    /// haven, callers as tasks on the application's own runtime.
    Haven,
    /// haven, callers as tasks on haven's engine runtime (no hop).
    HavenOnEngine,
    /// redis-rs 1.x MultiplexedConnection.
    RedisRs,
}

#[derive(Clone, Copy, Debug)]
pub struct Figures {
    pub ops_per_sec: f64,
    pub p50_us: f64,
    pub p99_us: f64,
    pub errors: u64,
}

struct Work {
    keys: Vec<Bytes>,
    value: Bytes,
}

/// Keys and value are static, so cloning them for a haven command touches no
/// shared reference count (redis-rs borrows slices of the same data).
fn work() -> Arc<Work> {
    static KEYS_AND_VALUE: std::sync::OnceLock<(Vec<Bytes>, Bytes)> = std::sync::OnceLock::new();
    let (keys, value) = KEYS_AND_VALUE.get_or_init(|| {
        let keys = (0..KEYS)
            .map(|i| Bytes::from_static(Box::leak(format!("bench:key:{i}").into_bytes().into_boxed_slice())))
            .collect();
        (keys, Bytes::from_static(Box::leak(vec![b'x'; 100].into_boxed_slice())))
    });
    Arc::new(Work { keys: keys.clone(), value: value.clone() })
}

pub fn standalone(port: u16) -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
            addresses: vec![format!("127.0.0.1:{port}")],
            ..Default::default()
        })),
        // Throughput runs measure the client, not deadlines: allow slow
        // moments under load without counting them as errors.
        request_timeout_ms: Some(5000),
        ..Default::default()
    }
}

/// Writes every key once so GETs hit.
pub async fn prepare(port: u16) -> Result<(), String> {
    prepare_with(standalone(port)).await
}

pub async fn prepare_with(config: proto::ClientConfig) -> Result<(), String> {
    let client = Client::connect(config).await.map_err(|e| format!("connect: {e}"))?;
    let w = work();
    for chunk in w.keys.chunks(500) {
        let cmds = chunk.iter().map(|k| Cmd::new("SET").arg(k.clone()).arg(w.value.clone())).collect();
        client.batch(cmds, false, Default::default()).await.map_err(|e| format!("prepare: {e}"))?;
    }
    client.close();
    Ok(())
}

/// xorshift: cheap, deterministic per worker.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

type Outcome = (Vec<u32>, u64);

async fn haven_worker(client: Client, w: Arc<Work>, seed: u64, until: Instant) -> Outcome {
    let mut lat = Vec::with_capacity(1 << 16);
    let mut errors = 0;
    let mut rng = seed | 1;
    while Instant::now() < until {
        let r = next(&mut rng);
        let key = w.keys[(r % KEYS as u64) as usize].clone();
        let cmd = if r % 10 < 8 { Cmd::new("GET").arg(key) } else { Cmd::new("SET").arg(key).arg(w.value.clone()) };
        let t = Instant::now();
        if client.send(cmd).await.is_err() {
            errors += 1;
        }
        lat.push(t.elapsed().as_nanos().min(u32::MAX as u128) as u32);
    }
    (lat, errors)
}

async fn redis_rs_worker(mut con: redis::aio::MultiplexedConnection, w: Arc<Work>, seed: u64, until: Instant) -> Outcome {
    let mut lat = Vec::with_capacity(1 << 16);
    let mut errors = 0;
    let mut rng = seed | 1;
    while Instant::now() < until {
        let r = next(&mut rng);
        let key = &w.keys[(r % KEYS as u64) as usize][..];
        let t = Instant::now();
        let ok = if r % 10 < 8 {
            redis::cmd("GET").arg(key).query_async::<Option<Vec<u8>>>(&mut con).await.is_ok()
        } else {
            redis::cmd("SET").arg(key).arg(&w.value[..]).query_async::<()>(&mut con).await.is_ok()
        };
        if !ok {
            errors += 1;
        }
        lat.push(t.elapsed().as_nanos().min(u32::MAX as u128) as u32);
    }
    (lat, errors)
}

/// Runs one point against a standalone server.
pub async fn run(target: Target, port: u16, callers: usize, duration: Duration) -> Result<Figures, String> {
    run_with(target, standalone(port), port, callers, duration).await
}

/// Runs one point: `callers` concurrent loops for `duration`; haven uses
/// `config` (any deployment), redis-rs the standalone server on `port`.
pub async fn run_with(
    target: Target,
    config: proto::ClientConfig,
    port: u16,
    callers: usize,
    duration: Duration,
) -> Result<Figures, String> {
    let w = work();
    let start = Instant::now();
    let until = start + duration;
    let mut outcomes = Vec::with_capacity(callers);
    match target {
        Target::Haven | Target::HavenOnEngine => {
            let client = Client::connect(config).await.map_err(|e| e.to_string())?;
            let engine = haven_core::runtime::handle().map_err(|e| e.to_string())?;
            let mut tasks = Vec::new();
            for i in 0..callers {
                let job = haven_worker(client.clone(), w.clone(), 0x9E37_79B9_7F4A_7C15 ^ i as u64, until);
                tasks.push(match target {
                    Target::HavenOnEngine => engine.spawn(job),
                    _ => tokio::spawn(job),
                });
            }
            for t in tasks {
                outcomes.push(t.await.map_err(|e| e.to_string())?);
            }
            client.close();
        }
        Target::RedisRs => {
            let client = redis::Client::open(format!("redis://127.0.0.1:{port}/")).map_err(|e| e.to_string())?;
            let con = client.get_multiplexed_async_connection().await.map_err(|e| e.to_string())?;
            let mut tasks = Vec::new();
            for i in 0..callers {
                tasks.push(tokio::spawn(redis_rs_worker(con.clone(), w.clone(), 0x9E37_79B9_7F4A_7C15 ^ i as u64, until)));
            }
            for t in tasks {
                outcomes.push(t.await.map_err(|e| e.to_string())?);
            }
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let errors = outcomes.iter().map(|o| o.1).sum();
    let mut all: Vec<u32> = outcomes.into_iter().flat_map(|o| o.0).collect();
    all.sort_unstable();
    let pct = |p: f64| -> f64 {
        if all.is_empty() {
            return f64::NAN;
        }
        all[((all.len() - 1) as f64 * p) as usize] as f64 / 1000.0
    };
    Ok(Figures { ops_per_sec: all.len() as f64 / elapsed, p50_us: pct(0.50), p99_us: pct(0.99), errors })
}
