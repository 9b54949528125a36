//! Riding through failovers: with a deadline longer than the failover, a
//! request to an unreachable primary waits, parked, and goes to the new
//! primary (cluster SIGKILL, Sentinel SIGKILL, standalone REPLICAOF swap);
//! writes that were on the wire are not resent unless marked safe;
//! primary_preferred reads go to a replica meanwhile; parked callers use
//! little CPU and still end by their deadline; fail_fast turns it all off.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::{proto, Client, Cmd, ErrorKind, RequestOptions, Value};
use support::proxy::Proxy;
use support::*;

static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn set(key: &str, value: impl ToString) -> Cmd {
    Cmd::new("SET").arg(key.to_string()).arg(value.to_string())
}

struct Restore(&'static str);
impl Drop for Restore {
    fn drop(&mut self) {
        restore(self.0);
    }
}

/// `writers` tasks writing their own keys under `prefix` until `stop`;
/// returns (ok, errors).
fn write_load(client: &Client, prefix: String, writers: usize, stop: Arc<std::sync::atomic::AtomicBool>) -> tokio::task::JoinHandle<(u64, Vec<String>)> {
    let client = client.clone();
    tokio::spawn(async move {
        let mut tasks = Vec::new();
        for w in 0..writers {
            let (client, prefix, stop) = (client.clone(), prefix.clone(), stop.clone());
            tasks.push(tokio::spawn(async move {
                let (mut ok, mut errors, mut n) = (0u64, Vec::new(), 0u64);
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    match client.send(set(&format!("{prefix}:{w}"), n)).await {
                        Ok(_) => ok += 1,
                        Err(e) => errors.push(e.to_string()),
                    }
                }
                (ok, errors)
            }));
        }
        let (mut ok, mut errors) = (0, Vec::new());
        for t in tasks {
            let (o, e) = t.await.expect("writer");
            ok += o;
            errors.extend(e);
        }
        (ok, errors)
    })
}

/// Writes for `before`, kills the primary (`kill`), keeps writing until
/// writes have succeeded for `after` past the kill's recovery; returns
/// (ok, errors, ok after the kill).
async fn ride(client: &Client, prefix: String, writers: usize, kill: impl FnOnce(), settle: Duration) -> (u64, Vec<String>) {
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = write_load(client, prefix, writers, stop.clone());
    tokio::time::sleep(Duration::from_millis(300)).await;
    kill();
    tokio::time::sleep(settle).await;
    stop.store(true, Ordering::Relaxed);
    load.await.expect("load")
}

/// Five readers GET `key` (which holds "v") while `fault` runs, from
/// 300 ms in; returns (reads ok, the failed ones).
async fn read_through(client: &Client, key: &str, fault: impl std::future::Future<Output = ()>) -> (u64, Vec<String>) {
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(std::sync::Mutex::new(Vec::new())));
    let mut readers = Vec::new();
    for _ in 0..5 {
        let (client, k, stop, ok, failed) = (client.clone(), key.to_string(), stop.clone(), ok.clone(), failed.clone());
        readers.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                match client.send(Cmd::new("GET").arg(k.clone())).await {
                    Ok(v) if v == Value::BulkString("v".into()) => {
                        ok.fetch_add(1, Ordering::Relaxed);
                    }
                    other => failed.lock().expect("lock").push(format!("{other:?}")),
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    fault.await;
    stop.store(true, Ordering::Relaxed);
    for r in readers {
        r.await.expect("reader");
    }
    let failed = failed.lock().expect("lock").clone();
    (ok.load(Ordering::Relaxed), failed)
}

/// The Sentinel ride-through's request timeout (see `sentinel_config`).
const SENTINEL_RIDE_TIMEOUT_MS: i64 = 15_000;

/// The local Sentinel group, with a deadline longer than its failover.
fn sentinel_config() -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Sentinel(proto::SentinelDeployment {
            sentinels: [26420, 26421, 26422].iter().map(|p| format!("127.0.0.1:{p}")).collect(),
            master_name: "havenprimary".into(),
            ..Default::default()
        })),
        // A Sentinel failover whose first attempt fails is tried again
        // after twice failover-timeout (3 s, scripts/servers.sh): 8 s and
        // more on a loaded 2-core machine. Parked writes must outlast it.
        request_timeout_ms: Some(SENTINEL_RIDE_TIMEOUT_MS),
        ..Default::default()
    }
}

/// The port of the node the client routes writes to, if it knows one.
fn primary_port(client: &Client) -> Option<u16> {
    client
        .nodes()
        .into_iter()
        .find(|n| n.role == haven_core::NodeRole::Primary)
        .and_then(|n| n.address.rsplit(':').next().and_then(|p| p.parse::<u16>().ok()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cluster_writes_during_a_primary_sigkill_succeed_after_the_promotion() {
    let _serial = SERIAL.lock().await;
    servers("cluster");
    let _lock = fault_lock();
    cluster_online().await;
    let _restore = Restore("cluster");
    let mut config = cluster_config(&[7000, 7001, 7002]);
    config.request_timeout_ms = Some(5000);
    let client = Client::connect(config).await.expect("connect");
    let mut events = client.events();
    let primaries = cluster_primaries();
    let victim = primaries[0].port;
    let tag = tag_on(&primaries, victim, "ride");
    let writers = 10;
    let (ok, errors) = ride(&client, format!("{{{tag}}}"), writers, || kill_node(victim), Duration::from_secs(6)).await;
    let stats = client.park_stats();
    eprintln!("cluster SIGKILL of {victim}: {ok} writes ok, {} failed, parked {stats:?}", errors.len());
    // Only writes on the wire when the link died may fail (not resent).
    assert!(errors.len() <= writers, "{} writes failed: {:?}", errors.len(), &errors[..errors.len().min(3)]);
    assert!(errors.iter().all(|e| e.starts_with("ConnectionError")), "{errors:?}");
    assert!(stats.parked_total > 0 && stats.resumed > 0, "{stats:?}");
    assert_eq!(stats.parked_now, 0);
    let mut parked_event = false;
    while let Ok(e) = events.try_recv() {
        parked_event |= e.kind == proto::EventKind::RequestsParked as i32;
    }
    assert!(parked_event, "no REQUESTS_PARKED event");
    // The writes after the kill landed on the heir.
    let heir = cluster_primaries().into_iter().find(|p| p.serves(haven_core::engine::convert::key_slot(tag.as_bytes()))).expect("heir");
    assert_ne!(heir.port, victim);
    assert!(!cli(heir.port, &["GET", &format!("{{{tag}}}:0")]).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn primary_preferred_reads_succeed_throughout_a_primary_sigkill() {
    let _serial = SERIAL.lock().await;
    servers("cluster");
    let _lock = fault_lock();
    cluster_online().await;
    let _restore = Restore("cluster");
    let mut config = cluster_config(&[7000, 7001, 7002]);
    config.read_from = "primary_preferred".into();
    let client = Client::connect(config).await.expect("connect");
    let primaries = cluster_primaries();
    let victim = primaries[1].port;
    let tag = tag_on(&primaries, victim, "pp");
    let k = format!("{{{tag}}}:read");
    // The shard's replica has it before the kill.
    write_confirmed(&client, vec![set(&k, "v")], 1).await;
    let (ok, failed) = read_through(&client, &k, async {
        kill_node(victim);
        tokio::time::sleep(Duration::from_secs(3)).await;
    })
    .await;
    eprintln!("primary_preferred through a SIGKILL: {ok} reads ok, {} failed", failed.len());
    assert!(failed.is_empty(), "reads failed: {:?}", &failed[..failed.len().min(3)]);
    assert!(ok > 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sentinel_writes_during_a_primary_sigkill_succeed_after_the_failover() {
    let _serial = SERIAL.lock().await;
    servers("sentinel");
    let _lock = fault_lock();
    let _restore = Restore("sentinel");
    let config = sentinel_config();
    let client = Client::connect(config).await.expect("connect");
    let primary = primary_port(&client).expect("a primary");
    let writers = 5;
    let (ok, errors) = ride(&client, key("sride"), writers, || kill_node(primary), Duration::from_secs(5)).await;
    eprintln!("Sentinel SIGKILL of {primary}: {ok} writes ok, {} failed, parked {:?}", errors.len(), client.park_stats());
    assert!(errors.len() <= writers, "{} writes failed: {:?}", errors.len(), &errors[..errors.len().min(3)]);
    assert!(client.park_stats().resumed > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sentinel_primary_preferred_reads_succeed_throughout_a_primary_sigkill() {
    let _serial = SERIAL.lock().await;
    servers("sentinel");
    let _lock = fault_lock();
    let _restore = Restore("sentinel");
    let config = proto::ClientConfig { read_from: "primary_preferred".into(), ..sentinel_config() };
    let client = Client::connect(config).await.expect("connect");
    let primary = primary_port(&client).expect("a primary");
    let k = key("spp");
    // Both replicas have the value before the kill (WAIT 2).
    write_confirmed(&client, vec![set(&k, "v")], 2).await;
    // Through the Sentinels' failover: they reconfigure the replicas (and
    // drop their clients) on the way.
    let (ok, failed) = read_through(&client, &k, async {
        kill_node(primary);
        let until = Instant::now() + Duration::from_secs(60);
        while primary_port(&client).is_none_or(|p| p == primary) {
            assert!(Instant::now() < until, "no new primary in 60 s: {:?}", client.nodes());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    })
    .await;
    eprintln!("Sentinel primary_preferred through a SIGKILL: {ok} reads ok, {} failed", failed.len());
    assert!(failed.is_empty(), "reads failed: {:?}", &failed[..failed.len().min(3)]);
    assert!(ok > 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standalone_writes_ride_through_a_replicaof_swap() {
    let _serial = SERIAL.lock().await;
    servers("spare");
    let _lock = fault_lock();
    let _restore = Restore("spare");
    assert_eq!(cli(6453, &["REPLICAOF", "127.0.0.1", "6452"]), "OK");
    let until = Instant::now() + Duration::from_secs(20);
    while !cli(6453, &["INFO", "replication"]).contains("master_link_status:up") {
        assert!(Instant::now() < until, "6453 never synced");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut config = standalone(&[6452, 6453]);
    config.request_timeout_ms = Some(5000);
    let client = Client::connect(config).await.expect("connect");
    let writers = 5;
    let (ok, errors) = ride(
        &client,
        key("swap"),
        writers,
        || {
            kill_node(6452);
            std::thread::sleep(Duration::from_millis(500));
            assert_eq!(cli(6453, &["REPLICAOF", "NO", "ONE"]), "OK");
        },
        Duration::from_secs(3),
    )
    .await;
    eprintln!("REPLICAOF swap: {ok} writes ok, {} failed, parked {:?}", errors.len(), client.park_stats());
    assert!(errors.len() <= writers, "{} writes failed: {:?}", errors.len(), &errors[..errors.len().min(3)]);
    assert!(client.park_stats().resumed > 0);
    restart_node(6452);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_on_the_wire_are_resent_only_when_marked_safe() {
    let _serial = SERIAL.lock().await;
    servers("standalone");
    let proxy = Proxy::start(6400).await;
    let mut config = standalone(&[6400]);
    if let Some(proto::client_config::Deployment::Standalone(s)) = config.deployment.as_mut() {
        s.addresses = vec![proxy.address()];
    }
    config.request_timeout_ms = Some(5000);
    let client = Client::connect(config).await.expect("connect");
    for marked in [false, true] {
        let k = key(&format!("resend-{marked}"));
        proxy.blackhole();
        let request = {
            let client = client.clone();
            let k = k.clone();
            let options = RequestOptions { resend_safe: marked, ..Default::default() };
            tokio::spawn(async move { client.send_with(Cmd::new("INCR").arg(k), options).await })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        proxy.cut(); // the INCR was on the wire when the link died
        tokio::time::sleep(Duration::from_millis(300)).await;
        proxy.heal();
        let outcome = request.await.expect("task");
        if marked {
            assert_eq!(outcome.expect("a marked write is resent on the new link"), Value::Integer(1));
        } else {
            let err = outcome.expect_err("an unmarked write on the wire is not resent");
            assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
            assert_eq!(cli(6400, &["GET", &k]), "", "the unmarked INCR ran after all?");
        }
        client.send(Cmd::new("PING")).await.expect("the client is back");
    }
}

fn process_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("stat");
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0);
    Duration::from_millis(ticks * 10) // USER_HZ = 100
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parked_callers_use_little_cpu_and_end_by_their_deadline() {
    let _serial = SERIAL.lock().await;
    servers("spare");
    let _lock = fault_lock();
    let _restore = Restore("spare");
    let mut config = standalone(&[6451]);
    config.request_timeout_ms = Some(2000);
    let client = Client::connect(config.clone()).await.expect("connect");
    kill_node(6451);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let cpu = process_cpu();
    let started = Instant::now();
    let mut callers = Vec::new();
    for i in 0..100 {
        let client = client.clone();
        callers.push(tokio::spawn(async move {
            let t = Instant::now();
            let r = client.send(Cmd::new("GET").arg(format!("parked:{i}"))).await;
            (r, t.elapsed())
        }));
    }
    let mut slowest = Duration::ZERO;
    for c in callers {
        let (r, took) = c.await.expect("caller");
        assert!(r.is_err(), "a dead node answered");
        slowest = slowest.max(took);
    }
    let used = process_cpu().saturating_sub(cpu);
    let wall = started.elapsed();
    eprintln!("100 callers parked for {wall:?}: {used:?} of CPU ({:.1}% of one core); slowest {slowest:?}", 100.0 * used.as_secs_f64() / wall.as_secs_f64());
    assert!(slowest >= Duration::from_millis(1500), "callers did not wait for a primary ({slowest:?})");
    assert!(slowest < Duration::from_millis(3000), "a caller ended {slowest:?} after a 2 s deadline");
    assert!(used.as_secs_f64() < 0.5 * wall.as_secs_f64(), "parked callers used {used:?} of CPU in {wall:?}");

    // fail_fast: the same requests fail at once.
    config.fail_fast = true;
    config.lazy_connect = true;
    let fast = Client::connect(config).await.expect("connect lazily");
    let _ = fast.send(Cmd::new("GET").arg("warm")).await;
    let t = Instant::now();
    let err = fast.send(Cmd::new("GET").arg("x")).await.expect_err("dead");
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert!(t.elapsed() < Duration::from_millis(1000), "fail_fast waited {:?}", t.elapsed());
    restart_node(6451);
}
