//! Multi-endpoint failover against real servers: the `regions` group (6440,
//! 6441, 6442: three independent standalone servers, weights 3, 2, 1) and
//! the shared cluster as a healthy endpoint. Faults on the active endpoint:
//! SIGKILL, SIGSTOP, CLIENT PAUSE, and a proxy that blackholes or cuts the
//! link. Tests that break servers run one at a time (`SERIAL`) and heal what
//! they broke in Drop guards. Timings are printed (`FIGURE ...`; run with
//! --nocapture); assertions use generous bounds.

mod support;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::proto::{self, EventKind};
use haven_core::{Client, Cmd, ErrorKind, Value};
use support::proxy::Proxy;
use support::*;
use tokio::sync::broadcast;

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const A: u16 = 6440;
const B: u16 = 6441;
const C: u16 = 6442;

/// Restarts a killed region node even when an assertion fails.
struct Revive(u16);
impl Drop for Revive {
    fn drop(&mut self) {
        if cli_timeout(self.0, &["PING"], 3) != "PONG" {
            restart_node(self.0);
        }
    }
}

/// Resumes a stopped node even when an assertion fails.
struct Resume(u16);
impl Drop for Resume {
    fn drop(&mut self) {
        sigcont(self.0);
    }
}

/// Ends a CLIENT PAUSE even when an assertion fails.
struct Unpause(u16);
impl Drop for Unpause {
    fn drop(&mut self) {
        cli_timeout(self.0, &["CLIENT", "UNPAUSE"], 5);
    }
}

fn standalone_on(address: &str) -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
            addresses: vec![address.to_string()],
            ..Default::default()
        })),
        connection: Some(proto::ConnectionSettings {
            // Come back quickly after a restart (the default caps at 5 s).
            reconnect: Some(proto::Backoff { max_ms: Some(400), ..Default::default() }),
            connection_timeout_ms: Some(1000),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn endpoint(name: &str, address: &str, weight: f64) -> proto::Endpoint {
    proto::Endpoint {
        name: name.to_string(),
        weight: Some(weight),
        config: Some(standalone_on(address)),
        health_check: None,
    }
}

fn region(name: &str, port: u16, weight: f64) -> proto::Endpoint {
    endpoint(name, &format!("127.0.0.1:{port}"), weight)
}

fn multi_with(endpoints: Vec<proto::Endpoint>, grace_ms: i64) -> proto::MultiEndpointDeployment {
    proto::MultiEndpointDeployment { endpoints, failback_grace_ms: Some(grace_ms), ..Default::default() }
}

fn config(m: proto::MultiEndpointDeployment) -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::MultiEndpoint(m)),
        ..Default::default()
    }
}

fn regions(grace_ms: i64) -> proto::ClientConfig {
    config(multi_with(vec![region("a", A, 3.0), region("b", B, 2.0), region("c", C, 1.0)], grace_ms))
}

/// The client's events, with everything received kept for later checks.
struct Events {
    rx: broadcast::Receiver<proto::Event>,
    /// Events received and not yet handed out by `drain`.
    log: Vec<proto::Event>,
}

impl Events {
    fn of(client: &Client) -> Events {
        Events { rx: client.events(), log: Vec::new() }
    }

    /// The next event of `kind` within `within`; panics naming what was seen.
    async fn wait(&mut self, kind: EventKind, within: Duration) -> proto::Event {
        let until = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(until, self.rx.recv()).await {
                Ok(Ok(e)) => {
                    self.log.push(e.clone());
                    if e.kind == kind as i32 {
                        return e;
                    }
                }
                Ok(Err(broadcast::error::RecvError::Lagged(_))) => {}
                Ok(Err(e)) => panic!("event stream ended: {e}"),
                Err(_) => {
                    let seen: Vec<String> = self
                        .log
                        .iter()
                        .map(|e| format!("{:?}({} {}->{}: {})", e.kind(), e.endpoint, e.from, e.to, e.reason))
                        .collect();
                    panic!("no {kind:?} event within {within:?}; saw {seen:#?}")
                }
            }
        }
    }

    /// Every event received since the last drain.
    fn drain(&mut self) -> Vec<proto::Event> {
        loop {
            match self.rx.try_recv() {
                Ok(e) => self.log.push(e),
                Err(broadcast::error::TryRecvError::Lagged(_)) => {}
                Err(_) => return std::mem::take(&mut self.log),
            }
        }
    }
}

async fn wait_active(client: &Client, name: &str, within: Duration) -> Duration {
    let start = Instant::now();
    loop {
        if client.active_endpoint().expect("multi-endpoint") == name {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < within,
            "active endpoint is {:?}, not {name:?}, after {within:?}; health {:?}",
            client.active_endpoint(),
            client.endpoint_health()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// One request of the background traffic.
struct Sample {
    at: Instant,
    ok: bool,
    active: String,
}

/// Sequential GET/SET traffic from `workers` tasks until stopped.
struct Traffic {
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<Vec<Sample>>>,
}

impl Traffic {
    fn start(client: &Client, name: &str, workers: usize) -> Traffic {
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = (0..workers)
            .map(|w| {
                let (client, stop, k) = (client.clone(), stop.clone(), key(&format!("{name}-{w}")));
                tokio::spawn(async move {
                    let mut out = Vec::new();
                    let mut i = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        i += 1;
                        let cmd = if i.is_multiple_of(4) { Cmd::new("SET").arg(k.clone()).arg(i.to_string()) } else { Cmd::new("GET").arg(k.clone()) };
                        let ok = client.send(cmd).await.is_ok();
                        out.push(Sample { at: Instant::now(), ok, active: client.active_endpoint().unwrap_or_default() });
                        tokio::time::sleep(Duration::from_millis(2)).await;
                    }
                    out
                })
            })
            .collect();
        Traffic { stop, tasks }
    }

    async fn finish(self) -> Vec<Sample> {
        self.stop.store(true, Ordering::Relaxed);
        let mut all = Vec::new();
        for t in self.tasks {
            all.extend(t.await.expect("traffic task"));
        }
        all.sort_by_key(|s| s.at);
        all
    }
}

/// Time from `fault` to the first success served while `next` was active,
/// and the failed requests after the fault.
fn measure(samples: &[Sample], fault: Instant, next: &str) -> (Duration, usize) {
    let after: Vec<&Sample> = samples.iter().filter(|s| s.at >= fault).collect();
    let failed = after.iter().filter(|s| !s.ok).count();
    let first = after
        .iter()
        .find(|s| s.ok && s.active == next)
        .map(|s| s.at - fault)
        .unwrap_or_else(|| panic!("no successful request on {next:?} after the fault"));
    (first, failed)
}

/// A key written through the client is on the server of `port` (redis-cli).
async fn lands_on(client: &Client, port: u16, name: &str) {
    let k = key(name);
    let v = format!("v{}", rand_suffix());
    let mut last = None;
    for _ in 0..50 {
        match client.send(Cmd::new("SET").arg(k.clone()).arg(v.clone())).await {
            Ok(_) => {
                assert_eq!(cli_timeout(port, &["GET", &k], 3), v, "the write did not land on {port}");
                return;
            }
            Err(e) => last = Some(e),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("SET never succeeded: {last:?}");
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1)
}

async fn connect(config: proto::ClientConfig) -> Client {
    Client::connect(config).await.expect("connect the multi-endpoint client")
}

// ------------------------------------------------------------ configuration --

fn config_error(c: proto::ClientConfig) -> String {
    match haven_core::config::ClientSettings::from_proto(&c) {
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Config, "{e}");
            e.message().to_string()
        }
        Ok(_) => panic!("expected a ConfigError"),
    }
}

#[test]
fn bad_configuration_names_the_field() {
    let ok = || multi_with(vec![region("a", A, 3.0), region("b", B, 2.0)], 1000);
    assert!(config_error(config(multi_with(vec![], 1))).starts_with("multi_endpoint.endpoints: no endpoints"));
    let mut m = ok();
    m.endpoints[1].name = "a".into();
    assert_eq!(config_error(config(m)), "multi_endpoint.endpoints[1].name: \"a\" is used twice");
    let mut m = ok();
    m.endpoints[0].name = " ".into();
    assert!(config_error(config(m)).starts_with("multi_endpoint.endpoints[0].name: empty"));
    let mut m = ok();
    m.endpoints[1].weight = Some(-1.0);
    assert!(config_error(config(m)).starts_with("multi_endpoint.endpoints[1].weight: must be a number >= 0"));
    let mut m = ok();
    m.endpoints[0].config = None;
    assert!(config_error(config(m)).starts_with("multi_endpoint.endpoints[0].config: missing"));
    let mut m = ok();
    m.endpoints[1].config = Some(config(multi_with(vec![region("x", A, 1.0)], 1)));
    assert!(config_error(config(m)).starts_with("multi_endpoint.endpoints[1].config.multi_endpoint:"));
    let mut m = ok();
    m.endpoints[1].config = Some(standalone(&[]));
    assert!(config_error(config(m)).starts_with("multi_endpoint.endpoints[1].config: standalone.addresses"));
    let mut m = ok();
    m.circuit_breaker = Some(proto::CircuitBreaker { failure_rate: Some(1.5), ..Default::default() });
    assert!(config_error(config(m)).starts_with("multi_endpoint.circuit_breaker.failure_rate: must be within 0..1"));
    let mut m = ok();
    m.circuit_breaker = Some(proto::CircuitBreaker { window_ms: Some(0), ..Default::default() });
    assert!(config_error(config(m)).starts_with("multi_endpoint.circuit_breaker.window_ms"));
    let mut m = ok();
    m.circuit_breaker = Some(proto::CircuitBreaker { half_open_after_ms: Some(-3), ..Default::default() });
    assert!(config_error(config(m)).starts_with("multi_endpoint.circuit_breaker.half_open_after_ms"));
    let mut m = ok();
    m.health_check = Some(proto::HealthCheck { interval_ms: Some(-1), ..Default::default() });
    assert!(config_error(config(m)).starts_with("multi_endpoint.health_check.interval_ms"));
    let mut m = ok();
    m.endpoints[1].health_check = Some(proto::HealthCheck { kind: "carrier-pigeon".into(), ..Default::default() });
    assert!(config_error(config(m)).starts_with("multi_endpoint.endpoints[1].health_check.kind: unknown"));
    let mut m = ok();
    m.endpoints[0].health_check = Some(proto::HealthCheck { kind: "http".into(), http_url: "https://x/".into(), ..Default::default() });
    assert!(config_error(config(m)).starts_with("multi_endpoint.endpoints[0].health_check.http_url"));
    let mut m = ok();
    m.health_check = Some(proto::HealthCheck { timeout_ms: Some(900), interval_ms: Some(500), ..Default::default() });
    assert!(config_error(config(m)).starts_with("multi_endpoint.health_check.timeout_ms"));
    let mut m = ok();
    m.health_check = Some(proto::HealthCheck { probe_policy: "most".into(), ..Default::default() });
    assert!(config_error(config(m)).starts_with("multi_endpoint.health_check.probe_policy"));
    let mut m = ok();
    m.failback_grace_ms = Some(-1);
    assert!(config_error(config(m)).starts_with("multi_endpoint.failback_grace_ms"));
    let mut m = ok();
    m.startup_policy = "some".into();
    assert!(config_error(config(m)).starts_with("multi_endpoint.startup_policy: unknown"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manual_control_needs_a_multi_endpoint_client() {
    servers("regions");
    let plain = Client::connect(standalone(&[A])).await.expect("connect");
    for e in [
        plain.failover_to("a", false).err(),
        plain.active_endpoint().err(),
        plain.set_weight("a", 1.0).err(),
        plain.remove_endpoint("a").err(),
        plain.endpoint_health().err(),
        plain.add_endpoint(region("x", B, 1.0)).await.err(),
    ] {
        let e = e.expect("must be refused");
        assert_eq!(e.kind(), ErrorKind::Config);
        assert!(e.message().contains("needs a multi-endpoint deployment"), "{e}");
    }
}

// ------------------------------------------------------------ failure modes --

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_of_the_active_endpoint_fails_over_then_back() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    restore("regions");
    let client = connect(regions(1500)).await;
    assert_eq!(client.active_endpoint().expect("active"), "a");
    lands_on(&client, A, "kill-before").await;
    let mut events = Events::of(&client);
    let traffic = Traffic::start(&client, "kill", 2);
    tokio::time::sleep(Duration::from_millis(300)).await;

    let _revive = Revive(A);
    let fault = Instant::now();
    kill_node(A);
    let failover = events.wait(EventKind::Failover, Duration::from_secs(10)).await;
    assert_eq!((failover.from.as_str(), failover.to.as_str()), ("a", "b"), "{failover:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let samples = traffic.finish().await;
    let (to_next, failed) = measure(&samples, fault, "b");
    println!("FIGURE sigkill: first success on b {} ms after the kill, {failed} failed requests of {}", to_next.as_millis(), samples.iter().filter(|s| s.at >= fault).count());
    assert!(to_next < Duration::from_secs(5), "{to_next:?}");
    lands_on(&client, B, "kill-after").await;
    let seen = events.drain();
    assert!(
        seen.iter().any(|e| e.endpoint == "a"
            && (e.kind == EventKind::CircuitOpened as i32 || e.kind == EventKind::EndpointUnhealthy as i32)),
        "the failure of a was announced: {seen:?}"
    );

    // Recovery: back to a after it stayed healthy for the grace period.
    restart_node(A);
    let restarted = Instant::now();
    let failback = events.wait(EventKind::Failback, Duration::from_secs(20)).await;
    let took = restarted.elapsed();
    println!("FIGURE sigkill: failback to a {} ms after the restart (grace 1500 ms)", took.as_millis());
    assert_eq!((failback.from.as_str(), failback.to.as_str()), ("b", "a"));
    assert!(took >= Duration::from_millis(1400), "failback before the grace period: {took:?}");
    lands_on(&client, A, "kill-back").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hung_active_endpoint_sigstop_fails_over() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    restore("regions");
    let client = connect(regions(1500)).await;
    lands_on(&client, A, "stop-before").await;
    let mut events = Events::of(&client);
    let traffic = Traffic::start(&client, "stop", 2);
    tokio::time::sleep(Duration::from_millis(300)).await;

    let fault = Instant::now();
    sigstop(A);
    let resume = Resume(A);
    let failover = events.wait(EventKind::Failover, Duration::from_secs(10)).await;
    assert_eq!((failover.from.as_str(), failover.to.as_str()), ("a", "b"), "{failover:?}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let samples = traffic.finish().await;
    let (to_next, failed) = measure(&samples, fault, "b");
    println!("FIGURE sigstop: first success on b {} ms after SIGSTOP, {failed} failed requests", to_next.as_millis());
    assert!(to_next < Duration::from_secs(6), "{to_next:?}");
    lands_on(&client, B, "stop-after").await;

    drop(resume); // SIGCONT
    let resumed = Instant::now();
    events.wait(EventKind::Failback, Duration::from_secs(20)).await;
    println!("FIGURE sigstop: failback {} ms after SIGCONT (grace 1500 ms)", resumed.elapsed().as_millis());
    assert_eq!(client.active_endpoint().expect("active"), "a");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_pause_on_the_active_endpoint_fails_over() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    restore("regions");
    let client = connect(regions(1000)).await;
    lands_on(&client, A, "pause-before").await;
    let mut events = Events::of(&client);
    let traffic = Traffic::start(&client, "pause", 2);
    tokio::time::sleep(Duration::from_millis(300)).await;

    let _unpause = Unpause(A);
    let fault = Instant::now();
    assert_eq!(cli(A, &["CLIENT", "PAUSE", "3000", "ALL"]), "OK");
    let failover = events.wait(EventKind::Failover, Duration::from_secs(10)).await;
    assert_eq!((failover.from.as_str(), failover.to.as_str()), ("a", "b"), "{failover:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let samples = traffic.finish().await;
    let (to_next, failed) = measure(&samples, fault, "b");
    println!("FIGURE client pause: first success on b {} ms after CLIENT PAUSE, {failed} failed requests", to_next.as_millis());
    assert!(to_next < Duration::from_secs(3), "{to_next:?}");

    events.wait(EventKind::Failback, Duration::from_secs(20)).await;
    println!("FIGURE client pause: failback {} ms after the pause began (pause 3000 ms, grace 1000 ms)", fault.elapsed().as_millis());
    assert!(fault.elapsed() >= Duration::from_millis(3900), "failback before the pause ended plus grace");
    lands_on(&client, A, "pause-back").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blackholed_and_cut_links_fail_over() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    let proxy = Proxy::start(A).await;
    let client = connect(config(multi_with(
        vec![endpoint("a", &proxy.address(), 3.0), region("b", B, 2.0), region("c", C, 1.0)],
        1000,
    )))
    .await;
    lands_on(&client, A, "hole-before").await;
    let mut events = Events::of(&client);

    for (what, fault_it) in [("blackhole", Proxy::blackhole as fn(&Proxy)), ("cut", Proxy::cut as fn(&Proxy))] {
        let traffic = Traffic::start(&client, what, 2);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let fault = Instant::now();
        fault_it(&proxy);
        let failover = events.wait(EventKind::Failover, Duration::from_secs(10)).await;
        assert_eq!((failover.from.as_str(), failover.to.as_str()), ("a", "b"), "{what}: {failover:?}");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let samples = traffic.finish().await;
        let (to_next, failed) = measure(&samples, fault, "b");
        println!("FIGURE {what}: first success on b {} ms after the fault, {failed} failed requests", to_next.as_millis());
        assert!(to_next < Duration::from_secs(6), "{what}: {to_next:?}");
        lands_on(&client, B, what).await;

        proxy.heal();
        let healed = Instant::now();
        events.wait(EventKind::Failback, Duration::from_secs(20)).await;
        println!("FIGURE {what}: failback {} ms after the link healed (grace 1000 ms)", healed.elapsed().as_millis());
        lands_on(&client, A, &format!("{what}-back")).await;
    }
}

// ----------------------------------------------------------------- policies --

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_percent_timeouts_do_not_fail_over() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    let proxy = Proxy::start(A).await;
    let client = connect(config(multi_with(vec![endpoint("a", &proxy.address(), 3.0), region("b", B, 2.0)], 1000))).await;
    lands_on(&client, A, "noise-before").await;
    let mut events = Events::of(&client);
    // 1% of the chunks towards a wait 400 ms: past the 250 ms deadline.
    // Each delay stalls the whole data connection; fifteen of them give the
    // health checks many rounds in which to mistake that for a dead endpoint.
    proxy.delay(Duration::from_millis(400), 0.01);
    let traffic = Traffic::start(&client, "noise", 1);
    let start = Instant::now();
    while proxy.delayed() < 15 && start.elapsed() < Duration::from_secs(30) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let samples = traffic.finish().await;
    proxy.delay(Duration::ZERO, 0.0);
    let failed = samples.iter().filter(|s| !s.ok).count();
    println!("FIGURE 1% timeouts: {} requests, {failed} failed, {} chunks delayed", samples.len(), proxy.delayed());
    assert!(proxy.delayed() >= 5, "the fault was not injected");
    assert!(failed >= 1, "no request timed out: the fault did not bite");
    let seen = events.drain();
    assert!(
        !seen.iter().any(|e| e.kind == EventKind::Failover as i32 || e.kind == EventKind::CircuitOpened as i32),
        "1% timeouts caused a failover: {seen:?}"
    );
    assert!(samples.iter().all(|s| s.active == "a"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_failback_while_flapping_then_failback() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    let mut m = multi_with(vec![region("a", A, 3.0), region("b", B, 2.0)], 1200);
    m.endpoints[0].health_check =
        Some(proto::HealthCheck { kind: "custom".into(), interval_ms: Some(100), timeout_ms: Some(80), probes: Some(1), ..Default::default() });
    let up = Arc::new(AtomicBool::new(true));
    let client = connect(config(m)).await;
    let probes = Arc::new(AtomicUsize::new(0));
    {
        let (up, probes) = (up.clone(), probes.clone());
        client
            .set_health_check(
                "a",
                Arc::new(move |name: &str| {
                    assert_eq!(name, "a");
                    probes.fetch_add(1, Ordering::SeqCst);
                    let v = up.load(Ordering::SeqCst);
                    Box::pin(async move { v })
                }),
            )
            .expect("register");
    }
    let mut events = Events::of(&client);
    assert_eq!(client.active_endpoint().expect("active"), "a");
    up.store(false, Ordering::SeqCst);
    let failover = events.wait(EventKind::Failover, Duration::from_secs(5)).await;
    assert_eq!(failover.to, "b");
    lands_on(&client, B, "flap").await;

    // Flap: healthy for 400 ms, unhealthy for 300 ms, for 4 s; the grace
    // (1200 ms) never elapses, so traffic stays on b.
    let until = Instant::now() + Duration::from_secs(4);
    while Instant::now() < until {
        up.store(true, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(400)).await;
        up.store(false, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let seen = events.drain();
    assert!(seen.iter().any(|e| e.kind == EventKind::EndpointHealthy as i32 && e.endpoint == "a"), "a never looked healthy: {seen:?}");
    assert!(!seen.iter().any(|e| e.kind == EventKind::Failback as i32), "failback while flapping: {seen:?}");
    assert_eq!(client.active_endpoint().expect("active"), "b");

    up.store(true, Ordering::SeqCst);
    let stable = Instant::now();
    let failback = events.wait(EventKind::Failback, Duration::from_secs(10)).await;
    println!("FIGURE flapping: failback {} ms after a turned stably healthy (grace 1200 ms)", stable.elapsed().as_millis());
    assert_eq!((failback.from.as_str(), failback.to.as_str()), ("b", "a"));
    assert!(stable.elapsed() >= Duration::from_millis(1200));
    assert!(probes.load(Ordering::SeqCst) > 20, "the custom check was not polled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manual_switch_forced_switch_and_runtime_changes() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    let mut m = multi_with(vec![region("a", A, 3.0), region("b", B, 2.0), region("c", C, 1.0)], 500);
    m.endpoints[1].health_check =
        Some(proto::HealthCheck { kind: "custom".into(), custom_id: 42, interval_ms: Some(100), timeout_ms: Some(80), ..Default::default() });
    let client = connect(config(m)).await;
    let b_up = Arc::new(AtomicBool::new(true));
    {
        let b_up = b_up.clone();
        client
            .set_health_check("42", Arc::new(move |_: &str| {
                let v = b_up.load(Ordering::SeqCst);
                Box::pin(async move { v })
            }))
            .expect("register");
    }
    let mut events = Events::of(&client);

    // Manual switch to c holds: no failback to a after the grace period.
    client.failover_to("c", false).expect("switch to c");
    let e = events.wait(EventKind::ManualSwitch, Duration::from_secs(2)).await;
    assert_eq!((e.from.as_str(), e.to.as_str()), ("a", "c"));
    lands_on(&client, C, "manual").await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(client.active_endpoint().expect("active"), "c", "a manual switch must hold");
    let e = client.failover_to("nowhere", false).expect_err("unknown endpoint");
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(e.message().contains("\"nowhere\"") && e.message().contains("a, b, c"), "{e}");

    // b fails its health check: a plain switch is refused, a forced one holds.
    b_up.store(false, Ordering::SeqCst);
    let start = Instant::now();
    while client.endpoint_health().expect("health").iter().any(|(n, ok, _)| n == "b" && *ok) {
        assert!(start.elapsed() < Duration::from_secs(5), "b never turned unhealthy");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let e = client.failover_to("b", false).expect_err("b is unhealthy");
    assert_eq!(e.kind(), ErrorKind::NoHealthyEndpoint);
    assert!(e.message().contains("b (weight 2): unhealthy"), "{e}");
    client.failover_to("b", true).expect("forced switch");
    lands_on(&client, B, "forced").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(client.active_endpoint().expect("active"), "b", "a forced switch must hold");
    b_up.store(true, Ordering::SeqCst);

    // Reweight: c now weighs most and takes traffic at once.
    assert_eq!(client.set_weight("a", -1.0).expect_err("negative").kind(), ErrorKind::Config);
    assert_eq!(client.set_weight("zz", 1.0).expect_err("unknown").kind(), ErrorKind::Config);
    events.drain();
    client.set_weight("c", 10.0).expect("reweight");
    assert_eq!(client.active_endpoint().expect("active"), "c");
    let e = events.wait(EventKind::ManualSwitch, Duration::from_secs(2)).await;
    assert_eq!(e.to, "c");

    // Add a heavier endpoint: it takes traffic after the failback grace.
    let dup = client.add_endpoint(region("a", B, 1.0)).await.expect_err("duplicate name");
    assert!(dup.message().starts_with("add_endpoint.name: \"a\""), "{dup}");
    let bad = client.add_endpoint(region("d", B, -2.0)).await.expect_err("negative weight");
    assert!(bad.message().starts_with("add_endpoint.weight"), "{bad}");
    client.add_endpoint(region("d", B, 100.0)).await.expect("add d");
    let e = events.wait(EventKind::Failback, Duration::from_secs(10)).await;
    assert_eq!((e.from.as_str(), e.to.as_str()), ("c", "d"));
    lands_on(&client, B, "added").await;

    // Remove the active endpoint: traffic moves to the heaviest left (c).
    client.remove_endpoint("d").expect("remove d");
    assert_eq!(client.active_endpoint().expect("active"), "c");
    lands_on(&client, C, "removed").await;
    assert_eq!(client.remove_endpoint("d").expect_err("gone").kind(), ErrorKind::Config);
    let names: Vec<String> = client.endpoint_health().expect("health").into_iter().map(|(n, _, _)| n).collect();
    assert_eq!(names, ["a", "b", "c"]);
}

/// Reads `key` through the cache; `(value, flagged stale)`.
async fn cached_get(client: &Client, key: &str) -> haven_core::Result<(String, bool)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    Ok(match client.send(Cmd::new("GET").arg(key.to_string())).await? {
        Value::Attributed { value, .. } => (text(&value), true),
        v => (text(&v), false),
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_values_of_the_old_endpoint_are_never_served_fresh_after_failover() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    restore("regions");
    let mut config = regions(60_000);
    // serve_stale keeps old entries (marked stale) instead of dropping them:
    // the harder case.
    config.cache = Some(proto::ClientCache {
        commands: vec!["GET".into()],
        serve_stale_ms: Some(60_000),
        ..Default::default()
    });
    let client = connect(config).await;
    let k = key("cache-failover");
    for (port, v) in [(A, "from-a"), (B, "from-b"), (C, "from-c")] {
        cli(port, &["SET", &k, v]);
    }
    for _ in 0..3 {
        assert_eq!(cached_get(&client, &k).await.expect("GET"), ("from-a".into(), false));
    }
    assert!(client.cache_stats().expect("a cache").hits >= 2);

    // A manual switch: the very next read comes from b.
    client.failover_to("b", false).expect("switch to b");
    for _ in 0..20 {
        assert_eq!(cached_get(&client, &k).await.expect("GET after the switch"), ("from-b".into(), false));
    }

    // A SIGKILL of b: until a takes over, b's last value may answer, flagged
    // stale; a's value is the only one served unflagged.
    let mut events = Events::of(&client);
    let _revive = Revive(B);
    kill_node(B);
    let until = Instant::now() + Duration::from_secs(10);
    let mut on_a = 0;
    while on_a < 20 {
        assert!(Instant::now() < until, "never read a's value after b died; active {:?}", client.active_endpoint());
        match cached_get(&client, &k).await {
            Ok((v, stale)) => {
                if v == "from-b" {
                    assert!(stale, "b's value served as fresh after b died (active {:?})", client.active_endpoint());
                } else {
                    assert_eq!((v.as_str(), stale), ("from-a", false));
                    on_a += 1;
                }
            }
            Err(e) => assert!(matches!(e.kind(), ErrorKind::Connection | ErrorKind::Timeout), "{e}"),
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let failover = events.wait(EventKind::Failover, Duration::from_secs(5)).await;
    assert_eq!((failover.from.as_str(), failover.to.as_str()), ("b", "a"), "{failover:?}");
    let stats = client.cache_stats().expect("a cache");
    assert!(stats.flushes >= 2, "{stats:?}");
    client.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_healthy_endpoint_fails_fast_and_recovers_by_itself() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    restore("regions");
    // fail_fast: with no healthy endpoint, requests fail at once.
    let two = || config(multi_with(vec![region("b", B, 2.0), region("c", C, 1.0)], 1000));
    let client = connect(proto::ClientConfig { fail_fast: true, ..two() }).await;
    // Without it, a request waits (parked) for an endpoint until its deadline.
    let patient = connect(proto::ClientConfig { request_timeout_ms: Some(20_000), ..two() }).await;
    let mut events = Events::of(&client);
    let _revive_b = Revive(B);
    let _revive_c = Revive(C);
    kill_node(B);
    kill_node(C);
    events.wait(EventKind::NoHealthyEndpoint, Duration::from_secs(10)).await;
    let t = Instant::now();
    let e = client.send(Cmd::new("GET").arg(key("none"))).await.expect_err("nothing is up");
    // NoHealthyEndpoint, not a TimeoutError: it did not wait for its deadline.
    assert!(t.elapsed() < Duration::from_secs(1), "not fast: {:?}", t.elapsed());
    assert_eq!(e.kind(), ErrorKind::NoHealthyEndpoint, "{e}");
    assert!(e.message().contains("b (weight 2)") && e.message().contains("c (weight 1)"), "{e}");
    assert!(e.message().contains("last error"), "{e}");
    assert_eq!(client.active_endpoint().expect("active"), "");

    let waiting = {
        let patient = patient.clone();
        let k = key("parked-multi");
        tokio::spawn(async move { patient.send(Cmd::new("SET").arg(k).arg("v")).await })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    if waiting.is_finished() {
        panic!("the request did not wait for an endpoint: {:?}", waiting.await);
    }
    restart_node(C);
    let restarted = Instant::now();
    wait_active(&client, "c", Duration::from_secs(15)).await;
    waiting.await.expect("task").expect("the parked request went to c once it was healthy");
    assert!(patient.park_stats().resumed >= 1, "{:?}", patient.park_stats());
    println!("FIGURE no healthy endpoint: traffic resumed on c {} ms after its restart", restarted.elapsed().as_millis());
    lands_on(&client, C, "none-back").await;
    restart_node(B);
    events.wait(EventKind::Failback, Duration::from_secs(20)).await;
    assert_eq!(client.active_endpoint().expect("active"), "b");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn startup_policy_and_lazy_connect() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    // Nothing listens on port 1: connection refused at once.
    let dead_first = || multi_with(vec![endpoint("dead", "127.0.0.1:1", 5.0), region("a", A, 1.0)], 1000);
    let mut all = dead_first();
    all.startup_policy = "all".into();
    let e = Client::connect(config(all)).await.expect_err("startup_policy all");
    assert_eq!(e.kind(), ErrorKind::NoHealthyEndpoint, "{e}");
    assert!(e.message().contains("startup_policy") && e.message().contains("dead (weight 5)"), "{e}");
    let mut majority = dead_first();
    majority.startup_policy = "majority".into();
    assert!(Client::connect(config(majority)).await.is_err());

    let one = connect(config(dead_first())).await;
    assert_eq!(one.active_endpoint().expect("active"), "a", "the unreachable endpoint must not be chosen");
    lands_on(&one, A, "startup").await;

    let mut lazy = config(dead_first());
    lazy.lazy_connect = true;
    let t = Instant::now();
    let lazy = connect(lazy).await;
    // Nothing was probed: the unreachable, heavier endpoint is still the
    // active one (a connecting client picks "a", above).
    assert!(t.elapsed() < Duration::from_secs(2), "lazy connect waited");
    assert_eq!(lazy.active_endpoint().expect("active"), "dead");
    lands_on(&lazy, A, "lazy").await;
    assert_eq!(lazy.active_endpoint().expect("active"), "a");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cluster_is_one_of_the_endpoints() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    servers("cluster");
    restore("regions");
    let mut cluster = cluster_config(&CLUSTER_PORTS);
    cluster.connection = Some(proto::ConnectionSettings { connection_timeout_ms: Some(1000), ..Default::default() });
    let client = connect(config(multi_with(
        vec![
            region("a", A, 3.0),
            proto::Endpoint { name: "cluster".into(), weight: Some(2.0), config: Some(cluster), health_check: None },
        ],
        1000,
    )))
    .await;
    let mut events = Events::of(&client);
    let _revive = Revive(A);
    kill_node(A);
    let e = events.wait(EventKind::Failover, Duration::from_secs(10)).await;
    assert_eq!((e.from.as_str(), e.to.as_str()), ("a", "cluster"));
    // Keys across many slots: the cluster endpoint routes them itself.
    for i in 0..20 {
        let k = key(&format!("cluster-endpoint-{i}"));
        let mut done = false;
        for _ in 0..20 {
            if client.send(Cmd::new("SET").arg(k.clone()).arg(i.to_string())).await.is_ok() {
                done = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(done, "SET {k} through the cluster endpoint");
        assert_eq!(cli_timeout(7000, &["-c", "GET", &k], 3), i.to_string());
        assert_eq!(
            client.send(Cmd::new("GET").arg(k.clone())).await.expect("GET"),
            Value::BulkString(i.to_string().into())
        );
    }
    restart_node(A);
    events.wait(EventKind::Failback, Duration::from_secs(20)).await;
    lands_on(&client, A, "cluster-back").await;
}

/// Requests in flight when the active endpoint's link is cut: reads are
/// resent to the next endpoint within their deadline; writes fail with an
/// error that says why, unless retry_writes_on_failover.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_flight_reads_move_writes_fail_clearly_unless_allowed() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    for retry_writes in [false, true] {
        let proxy = Proxy::start(A).await;
        let mut m = multi_with(vec![endpoint("a", &proxy.address(), 3.0), region("b", B, 2.0)], 0);
        m.retry_writes_on_failover = retry_writes;
        // The first lost request opens the circuit, so every other request
        // in flight sees the move.
        m.circuit_breaker = Some(proto::CircuitBreaker { consecutive_failures: Some(1), ..Default::default() });
        let mut c = config(m);
        c.request_timeout_ms = Some(3000);
        let client = connect(c).await;
        lands_on(&client, A, "inflight-before").await;

        // Requests pile up on the blackholed link, then the link is cut.
        proxy.blackhole();
        let mut reads = Vec::new();
        let mut writes = Vec::new();
        for i in 0..10 {
            let c = client.clone();
            reads.push(tokio::spawn(async move { c.send(Cmd::new("GET").arg(key(&format!("inflight-r{i}")))).await }));
            let c = client.clone();
            let k = key(&format!("inflight-w{i}-{retry_writes}"));
            writes.push((k.clone(), tokio::spawn(async move { c.send(Cmd::new("SET").arg(k).arg("x")).await })));
        }
        // All 20 are in the engine and written to the (blackholed) socket.
        let start = Instant::now();
        while client.in_flight() < 20 {
            assert!(start.elapsed() < Duration::from_secs(2), "only {} requests in flight", client.in_flight());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        proxy.cut();
        for r in reads {
            r.await.expect("task").expect("an in-flight read is resent to b");
        }
        let mut failed = 0;
        for (k, w) in writes {
            match w.await.expect("task") {
                Ok(_) => {
                    assert!(retry_writes, "a write was resent without retry_writes_on_failover");
                    assert_eq!(cli(B, &["GET", &k]), "x");
                }
                Err(e) => {
                    failed += 1;
                    assert!(!retry_writes, "write failed although retry_writes_on_failover: {e}");
                    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
                    assert!(e.message().contains("retry_writes_on_failover") && e.message().contains("\"a\""), "{e}");
                }
            }
        }
        println!("FIGURE in-flight writes on a cut link: {failed} of 10 failed (retry_writes_on_failover {retry_writes})");
        if !retry_writes {
            assert_eq!(failed, 10, "writes in flight must not be resent");
        }
        assert_eq!(client.active_endpoint().expect("active"), "b");
        client.close();
    }
}

/// A tiny HTTP health endpoint: answers 200 while `up`, else 503.
async fn http_health(up: Arc<AtomicBool>) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = listener.accept().await else { continue };
            let status = if up.load(Ordering::SeqCst) { "200 OK" } else { "503 Service Unavailable" };
            tokio::spawn(async move {
                let mut buf = [0u8; 1024];
                let _ = s.read(&mut buf).await;
                let _ = s.write_all(format!("HTTP/1.1 {status}\r\nContent-Length: 0\r\n\r\n").as_bytes()).await;
            });
        }
    });
    port
}

/// "http" and "info" health checks end to end: a 503 moves traffic away, a
/// 200 brings it back after the grace; INFO of a healthy master keeps it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn http_and_info_health_checks_drive_failover() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    let up = Arc::new(AtomicBool::new(true));
    let port = http_health(up.clone()).await;
    let mut m = multi_with(vec![region("a", A, 3.0), region("b", B, 2.0)], 800);
    m.endpoints[0].health_check = Some(proto::HealthCheck {
        kind: "http".into(),
        http_url: format!("http://127.0.0.1:{port}/health"),
        interval_ms: Some(100),
        timeout_ms: Some(80),
        ..Default::default()
    });
    m.endpoints[1].health_check =
        Some(proto::HealthCheck { kind: "info".into(), interval_ms: Some(100), timeout_ms: Some(80), ..Default::default() });
    let client = connect(config(m)).await;
    let mut events = Events::of(&client);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(client.active_endpoint().expect("active"), "a");

    up.store(false, Ordering::SeqCst);
    let e = events.wait(EventKind::Failover, Duration::from_secs(5)).await;
    assert_eq!((e.from.as_str(), e.to.as_str()), ("a", "b"));
    let health = client.endpoint_health().expect("health");
    let a = health.iter().find(|(n, _, _)| n == "a").expect("a");
    assert!(!a.1 && a.2.as_deref().is_some_and(|m| m.contains("503")), "{a:?}");
    lands_on(&client, B, "http").await;
    // INFO of b (a master, not loading) keeps it healthy.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(client.endpoint_health().expect("health").iter().any(|(n, ok, _)| n == "b" && *ok));

    up.store(true, Ordering::SeqCst);
    let e = events.wait(EventKind::Failback, Duration::from_secs(10)).await;
    assert_eq!((e.from.as_str(), e.to.as_str()), ("b", "a"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscriptions_move_to_the_new_endpoint() {
    let _serial = (SERIAL.lock().await, fault_lock());
    servers("regions");
    restore("regions");
    let client = connect(regions(60_000)).await;
    let channel = format!("haven-multi-news-{}", rand_suffix());
    let mut messages = client.messages();
    client.subscribe([channel.clone()]).await.expect("subscribe");
    assert_eq!(cli(A, &["PUBLISH", &channel, "on-a"]), "1", "subscribed on the active endpoint a");
    let first = tokio::time::timeout(Duration::from_secs(5), messages.recv()).await.expect("message on a").expect("open");
    assert_eq!(&first.payload[..], b"on-a");

    let mut events = Events::of(&client);
    let _revive = Revive(A);
    let fault = Instant::now();
    kill_node(A);
    events.wait(EventKind::Failover, Duration::from_secs(10)).await;
    // The subscription follows the traffic to b: a publish there reaches us.
    let start = Instant::now();
    loop {
        assert!(start.elapsed() < Duration::from_secs(10), "the subscription did not move to b");
        if cli(B, &["PUBLISH", &channel, "on-b"]) == "1" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let moved = fault.elapsed();
    let got = loop {
        let m = tokio::time::timeout(Duration::from_secs(5), messages.recv()).await.expect("message on b").expect("open");
        if &m.payload[..] == b"on-b" {
            break m;
        }
    };
    assert_eq!(got.channel, channel.as_bytes());
    println!("FIGURE pubsub: subscribed on b {} ms after the kill of a", moved.as_millis());
}
