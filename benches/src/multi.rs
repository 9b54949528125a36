//! Multi-endpoint benchmarks, with default settings: for each failure mode of
//! the active endpoint (SIGKILL, SIGSTOP, CLIENT PAUSE), the time from the
//! fault to the first successful request on the next endpoint, the failed
//! requests, and the time from recovery to failback (default grace 10 s);
//! and the throughput of a multi-endpoint client beside a plain client on
//! the same server. Uses the `regions` servers 6440 (weight 2) and 6441.

use std::time::{Duration, Instant};

use haven_core::proto::{self, EventKind};
use haven_core::Client;

use crate::load::{self, Target};
use crate::servers::{cli, servers, signal};
use crate::writes::Writers;

const A: u16 = 6440;
const B: u16 = 6441;

fn endpoint(name: &str, port: u16, weight: f64) -> proto::Endpoint {
    proto::Endpoint { name: name.into(), weight: Some(weight), config: Some(load::standalone(port)), health_check: None }
}

pub fn config() -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::MultiEndpoint(proto::MultiEndpointDeployment {
            endpoints: vec![endpoint("a", A, 2.0), endpoint("b", B, 1.0)],
            ..Default::default()
        })),
        ..Default::default()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Sigkill,
    Sigstop,
    ClientPause,
}

pub struct Figures {
    pub fault: Fault,
    pub to_next_ms: f64,
    pub failed: u64,
    pub failback_ms: Option<f64>,
    /// Requests that ended more than 20 ms after their deadline, after the fault.
    pub past_deadline: u64,
    /// Requests per 100 ms: (ms since the fault, ok, failed).
    pub timeline: Vec<(i64, u64, u64)>,
    /// The same around the endpoint's recovery (ms since it).
    pub failback_failed: u64,
    pub failback_past_deadline: u64,
    pub failback_timeline: Vec<(i64, u64, u64)>,
}

fn signed_ms(a: Instant, b: Instant) -> i64 {
    if a >= b {
        a.duration_since(b).as_millis() as i64
    } else {
        -(b.duration_since(a).as_millis() as i64)
    }
}

/// Throughput of the multi-endpoint client and of a plain client on the
/// same server (6440), alternating so machine drift hits both alike.
pub async fn throughput(callers: usize, secs: Duration) -> Result<(f64, f64), String> {
    servers(&["start", "regions"])?;
    load::prepare(A).await?;
    let (mut plain, mut multi) = (0.0, 0.0);
    for _ in 0..2 {
        plain += load::run_with(Target::HavenOnEngine, load::standalone(A), A, callers, secs).await?.ops_per_sec;
        multi += load::run_with(Target::HavenOnEngine, config(), A, callers, secs).await?.ops_per_sec;
    }
    Ok((plain / 2.0, multi / 2.0))
}

pub async fn failure(fault: Fault) -> Result<Figures, String> {
    let _lock = crate::faultlock::acquire()?;
    servers(&["start", "regions"])?;
    let client = Client::connect(config()).await.map_err(|e| e.to_string())?;
    if client.active_endpoint().map_err(|e| e.to_string())? != "a" {
        return Err("endpoint a is not active at the start".into());
    }
    let mut events = client.events();
    let writers = Writers::start(&client, "bench:multi")?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Each fault command returns once the fault is in effect.
    match fault {
        Fault::Sigkill => {
            servers(&["kill-node", &A.to_string()])?;
        }
        Fault::Sigstop => signal(A, "-STOP")?,
        Fault::ClientPause => {
            let _ = cli(A, &["CLIENT", "PAUSE", "4000", "ALL"]);
        }
    }
    let fault_at = Instant::now();
    // Wait for the failover, then recover the endpoint.
    let failed_over = wait_for(&mut events, EventKind::Failover, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let recovered_at = Instant::now();
    match fault {
        Fault::Sigkill => servers(&["restart-node", &A.to_string()])?,
        Fault::Sigstop => signal(A, "-CONT")?,
        Fault::ClientPause => {
            let _ = cli(A, &["CLIENT", "UNPAUSE"]);
        }
    }
    let failback = wait_for(&mut events, EventKind::Failback, Duration::from_secs(30)).await;
    let samples = writers.stop().await;
    client.close();
    if fault == Fault::Sigstop {
        let _ = signal(A, "-CONT");
    }
    servers(&["start", "regions"])?;
    if failed_over.is_none() {
        return Err(format!("{fault:?}: no failover within 10 s"));
    }
    // Replies the old endpoint sent just before the fault can still arrive
    // after it; the first success after the FAILOVER event is on b.
    let switched = failed_over.unwrap_or(fault_at);
    let first_ok = samples
        .iter()
        .filter(|(t, ok, _)| *ok && *t >= switched)
        .map(|s| s.0)
        .min()
        .ok_or("no successful request after the failover")?;
    let after = |from: Instant, until: Instant| samples.iter().filter(move |s| s.0 > from && s.0 <= until);
    let far = recovered_at + Duration::from_secs(3600);
    let failback_end = failback.map_or(far, |t| t + Duration::from_secs(1));
    Ok(Figures {
        past_deadline: after(fault_at, recovered_at).filter(|s| s.2).count() as u64,
        timeline: crate::report::timeline(
            samples.iter().filter(|s| s.0 <= recovered_at).map(|s| (signed_ms(s.0, fault_at), s.1)),
            1000,
        ),
        failback_failed: after(recovered_at, failback_end).filter(|s| !s.1).count() as u64,
        failback_past_deadline: after(recovered_at, failback_end).filter(|s| s.2).count() as u64,
        failback_timeline: crate::report::timeline(
            samples.iter().filter(|s| s.0 > recovered_at.checked_sub(Duration::from_secs(1)).unwrap_or(recovered_at)).map(|s| (signed_ms(s.0, recovered_at), s.1)),
            1000,
        ),
        fault,
        to_next_ms: first_ok.duration_since(fault_at).as_secs_f64() * 1000.0,
        failed: samples.iter().filter(|(t, ok, _)| !ok && *t > fault_at && *t <= recovered_at).count() as u64,
        failback_ms: failback.map(|t| t.duration_since(recovered_at).as_secs_f64() * 1000.0),
    })
}

async fn wait_for(
    events: &mut tokio::sync::broadcast::Receiver<proto::Event>,
    kind: EventKind,
    within: Duration,
) -> Option<Instant> {
    let until = Instant::now() + within;
    while Instant::now() < until {
        match tokio::time::timeout(Duration::from_millis(100), events.recv()).await {
            Ok(Ok(e)) if e.kind == kind as i32 => return Some(Instant::now()),
            Ok(Err(tokio::sync::broadcast::error::RecvError::Closed)) => return None,
            _ => {}
        }
    }
    None
}
