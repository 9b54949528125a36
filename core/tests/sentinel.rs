//! Sentinel deployments on 1 primary + 2 replicas + 3 Sentinels (the
//! `sentinel` server group), with real failovers; and standalone role
//! following (REPLICAOF swap) on the `replicas` group.

mod support;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::proto::{self, EventKind};
use haven_core::{Client, Cmd, ErrorKind, NodeRole, Value};
use support::*;

const SENTINELS: [u16; 3] = SENTINEL_PORTS;
const MASTER: &str = SENTINEL_MASTER;

/// Tests that break the Sentinel group run one at a time.
static GROUP: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn sentinel_config(ports: &[u16], master: &str) -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Sentinel(proto::SentinelDeployment {
            sentinels: ports.iter().map(|p| format!("127.0.0.1:{p}")).collect(),
            master_name: master.into(),
            ..Default::default()
        })),
        request_timeout_ms: Some(1000),
        ..Default::default()
    }
}

fn primary_port() -> u16 {
    sentinel_primary()
}

fn client_primary(client: &Client) -> u16 {
    let nodes = client.nodes();
    let primary = nodes.iter().find(|n| n.role == NodeRole::Primary).expect("a primary");
    primary.address.rsplit(':').next().and_then(|p| p.parse().ok()).expect("a port")
}

fn role(port: u16) -> String {
    cli(port, &["ROLE"]).lines().next().unwrap_or("").to_string()
}

/// Heals the group after a test (restarts killed nodes, waits until the
/// Sentinels agree again).
struct Heal;
impl Drop for Heal {
    fn drop(&mut self) {
        restore("sentinel");
    }
}

async fn write_until_ok(client: &Client, key: &str, within: Duration) -> Duration {
    let start = Instant::now();
    loop {
        if client.send(Cmd::new("SET").arg(key.to_string()).arg("after")).await.is_ok() {
            return start.elapsed();
        }
        assert!(start.elapsed() < within, "writes did not resume within {within:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discovers_the_primary_and_writes_there() {
    let _g = (GROUP.lock().await, fault_lock());
    servers("sentinel");
    let client = Client::connect(sentinel_config(&SENTINELS, MASTER)).await.expect("connect");
    let k = key("sentinel-discover");
    client.send(Cmd::new("SET").arg(k.clone()).arg("v")).await.expect("set");
    assert_eq!(cli(primary_port(), &["GET", &k]), "v");
    let nodes = client.nodes();
    assert_eq!(nodes.iter().filter(|n| n.role == NodeRole::Primary).count(), 1);
    assert_eq!(nodes.iter().filter(|n| n.role == NodeRole::Replica).count(), 2, "{nodes:?}");
    assert_eq!(nodes[0].address, format!("127.0.0.1:{}", primary_port()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follows_a_sigkilled_primary_without_being_recreated() {
    let _g = (GROUP.lock().await, fault_lock());
    servers("sentinel");
    let _heal = Heal;
    let client = Client::connect(sentinel_config(&SENTINELS, MASTER)).await.expect("connect");
    let mut events = client.events();
    let old = client_primary(&client);
    assert_eq!(old, primary_port(), "the client and the Sentinels agree before the kill");
    // Keys confirmed by WAIT on both replicas before the kill.
    let keys: Vec<String> = (0..50).map(|i| key(&format!("sentinel-kill-{i}"))).collect();
    write_confirmed(&client, keys.iter().map(|k| Cmd::new("SET").arg(k.clone()).arg("kept")).collect(), 2).await;

    kill_node(old);
    let killed = Instant::now();
    let took = write_until_ok(&client, &key("sentinel-kill-after"), Duration::from_secs(30)).await;
    // The client acts on the first +switch-master; a majority of the
    // Sentinels may take a moment longer to report the new primary.
    let wait = Instant::now();
    let new = loop {
        let p = primary_port();
        if p != old {
            break p;
        }
        assert!(wait.elapsed() < Duration::from_secs(30), "the Sentinels still report {old}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(role(new), "master");
    assert_eq!(client_primary(&client), new, "the client writes to the primary the Sentinels report");
    for k in &keys {
        assert_eq!(client.send(Cmd::new("GET").arg(k.clone())).await.expect("get"), Value::BulkString("kept".into()));
    }
    let mut saw_change = false;
    while let Ok(e) = events.try_recv() {
        if e.kind == EventKind::PrimaryChanged as i32 {
            assert_eq!(e.from, format!("127.0.0.1:{old}"));
            assert_eq!(e.to, format!("127.0.0.1:{new}"));
            saw_change = true;
        }
    }
    assert!(saw_change, "no PrimaryChanged event");
    eprintln!("SIGKILL of {old}: writes resumed on {new} {took:?} after the kill ({:?} total)", killed.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manual_failover_under_load() {
    let _g = (GROUP.lock().await, fault_lock());
    servers("sentinel");
    let _heal = Heal;
    let client = Client::connect(sentinel_config(&SENTINELS, MASTER)).await.expect("connect");
    let mut events = client.events();
    let old = client_primary(&client);
    assert_eq!(old, primary_port());
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, failed, hung) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut workers = Vec::new();
    for w in 0..8 {
        let (client, stop, ok, failed, hung) = (client.clone(), stop.clone(), ok.clone(), failed.clone(), hung.clone());
        workers.push(tokio::spawn(async move {
            let mut i = 0u64;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                let t = Instant::now();
                let r = client.send(Cmd::new("SET").arg(format!("{}:{w}:{i}", key("manual"))).arg("x")).await;
                // Every request ends by its deadline (1 s) plus scheduling slack.
                if t.elapsed() > Duration::from_millis(1300) {
                    hung.fetch_add(1, Ordering::Relaxed);
                }
                match r {
                    Ok(_) => ok.fetch_add(1, Ordering::Relaxed),
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(5)).await;
                        failed.fetch_add(1, Ordering::Relaxed)
                    }
                };
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The Sentinels fail over (asked again if they abandon the attempt) ...
    let new = sentinel_failover(old);
    // ... and the client follows: on the first Sentinel's announcement,
    // confirmed by ROLE, or at the latest by its periodic discovery (5 s).
    let start = Instant::now();
    let new_address = loop {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the Sentinels moved the primary to {new} but the client saw no primary change in 20 s (it names {})",
            client_primary(&client)
        );
        match tokio::time::timeout(Duration::from_millis(100), events.recv()).await {
            Ok(Ok(e)) if e.kind == EventKind::PrimaryChanged as i32 && e.to == format!("127.0.0.1:{new}") => break e.to,
            _ => {}
        }
    };
    assert_eq!(new_address, format!("127.0.0.1:{new}"), "the client and the Sentinels agree");
    let before = ok.load(Ordering::Relaxed);
    let resumed = Instant::now();
    while ok.load(Ordering::Relaxed) < before + 100 {
        assert!(resumed.elapsed() < Duration::from_secs(10), "writes did not resume on {new}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.expect("worker");
    }
    assert_eq!(hung.load(Ordering::Relaxed), 0, "a request outlived its deadline");
    let k = key("manual-after");
    client.send(Cmd::new("SET").arg(k.clone()).arg("v")).await.expect("write after failover");
    assert_eq!(cli(new, &["GET", &k]), "v", "the write went to the new primary {new}");
    eprintln!(
        "SENTINEL FAILOVER {old} -> {new}: {} writes ok, {} failed during the switch",
        ok.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_spread_over_replicas_and_move_off_a_dead_one() {
    let _g = (GROUP.lock().await, fault_lock());
    servers("sentinel");
    let _heal = Heal;
    let mut config = sentinel_config(&SENTINELS, MASTER);
    config.read_from = "prefer_replica".into();
    let client = Client::connect(config).await.expect("connect");
    let primary = client_primary(&client);
    assert_eq!(primary, primary_port());
    let replicas: Vec<u16> = [6420u16, 6421, 6422].into_iter().filter(|&p| p != primary).collect();
    let k = key("sentinel-reads");
    write_confirmed(&client, vec![Cmd::new("SET").arg(k.clone()).arg("v")], 2).await;
    // A replica restarted by an earlier fault is reported by the Sentinels
    // (and so used for reads) once they see it healthy again.
    let until = Instant::now() + Duration::from_secs(30);
    while client.nodes().iter().filter(|n| n.role == NodeRole::Replica).count() < 2 {
        assert!(Instant::now() < until, "the client never saw both replicas: {:?}", client.nodes());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let before: Vec<u64> = replicas.iter().map(|&p| calls(p, "strlen")).collect();
    for _ in 0..40 {
        client.send(Cmd::new("STRLEN").arg(k.clone())).await.expect("read");
    }
    let spread: Vec<u64> = replicas.iter().zip(&before).map(|(&p, b)| calls(p, "strlen") - b).collect();
    // Round-robin over both replicas (a replica's link reconnecting for a
    // moment can shift a read or two).
    assert_eq!(spread.iter().sum::<u64>(), 40, "every read on a replica: {spread:?}");
    assert!(spread.iter().all(|&n| n >= 10), "reads spread over both replicas: {spread:?}");

    kill_node(replicas[0]);
    // Reads keep succeeding: the dead replica's link drops and reads go to
    // the other one (or, for a moment, the primary).
    let start = Instant::now();
    let mut errors = 0;
    while start.elapsed() < Duration::from_secs(3) {
        if client.send(Cmd::new("STRLEN").arg(k.clone())).await.is_err() {
            errors += 1;
        }
    }
    assert!(errors <= 5, "{errors} reads failed after a replica died");
    let before = calls(replicas[1], "strlen");
    for _ in 0..20 {
        client.send(Cmd::new("STRLEN").arg(k.clone())).await.expect("read");
    }
    assert_eq!(calls(replicas[1], "strlen") - before, 20, "all reads on the surviving replica");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn works_with_one_sentinel_down() {
    let _g = (GROUP.lock().await, fault_lock());
    servers("sentinel");
    let _heal = Heal;
    kill_node(26420);
    let client = Client::connect(sentinel_config(&SENTINELS, MASTER)).await.expect("connect with 2 of 3 Sentinels");
    let k = key("sentinel-one-down");
    client.send(Cmd::new("SET").arg(k.clone()).arg("v")).await.expect("set");
    assert_eq!(cli(primary_port(), &["GET", &k]), "v");
}

#[tokio::test]
async fn all_sentinels_down_names_each_one() {
    let err = Client::connect(sentinel_config(&[26497, 26498], MASTER)).await.expect_err("nobody listens there");
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert!(err.message().contains("127.0.0.1:26497") && err.message().contains("127.0.0.1:26498"), "{err}");
}

#[tokio::test]
async fn wrong_service_name_is_a_config_error() {
    servers("sentinel");
    let err = Client::connect(sentinel_config(&SENTINELS, "no-such-service")).await.expect_err("unknown name");
    assert_eq!(err.kind(), ErrorKind::Config, "{err}");
    assert!(err.message().starts_with("sentinel.master_name") && err.message().contains("no-such-service"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_named_as_master_is_not_used_for_writes() {
    let _g = (GROUP.lock().await, fault_lock());
    servers("sentinel");
    // One Sentinel is told that a replica is the master of another service:
    // it answers with a replica's address, which ROLE must expose.
    let replica = [6420u16, 6421, 6422].into_iter().find(|&p| p != primary_port()).expect("a replica");
    let fake = "haven-fake-service";
    cli(26422, &["SENTINEL", "REMOVE", fake]);
    assert_eq!(cli(26422, &["SENTINEL", "MONITOR", fake, "127.0.0.1", &replica.to_string(), "2"]), "OK");
    let result = Client::connect(sentinel_config(&[26422], fake)).await;
    cli(26422, &["SENTINEL", "REMOVE", fake]);
    let err = result.expect_err("a replica must not become the primary");
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert!(err.message().contains(&format!("127.0.0.1:{replica} reports role replica")), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standalone_writes_follow_a_replicaof_swap() {
    servers("replicas");
    struct SwapBack;
    impl Drop for SwapBack {
        fn drop(&mut self) {
            cli(6410, &["REPLICAOF", "NO", "ONE"]);
            cli(6411, &["REPLICAOF", "127.0.0.1", "6410"]);
            cli(6412, &["REPLICAOF", "127.0.0.1", "6410"]);
            restore("replicas");
        }
    }
    let _swap_back = SwapBack;
    let client = Client::connect(standalone(&[6410, 6411, 6412])).await.expect("connect");
    let mut events = client.events();
    let stop = Arc::new(AtomicBool::new(false));
    let failed = Arc::new(AtomicU64::new(0));
    let ok = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for w in 0..4 {
        let (client, stop, failed, ok) = (client.clone(), stop.clone(), failed.clone(), ok.clone());
        workers.push(tokio::spawn(async move {
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                i += 1;
                match client.send(Cmd::new("SET").arg(format!("{}:{w}:{i}", key("swap"))).arg("x")).await {
                    Ok(_) => ok.fetch_add(1, Ordering::Relaxed),
                    Err(_) => failed.fetch_add(1, Ordering::Relaxed),
                };
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Promote 6411, demote 6410 and point 6412 at the new primary.
    cli(6411, &["REPLICAOF", "NO", "ONE"]);
    cli(6410, &["REPLICAOF", "127.0.0.1", "6411"]);
    cli(6412, &["REPLICAOF", "127.0.0.1", "6411"]);
    let swapped = Instant::now();
    let k = key("swap-after");
    let took = write_until_ok(&client, &k, Duration::from_secs(10)).await;
    assert_eq!(cli(6411, &["GET", &k]), "after", "writes go to the new primary");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.await.expect("worker");
    }
    let mut changed = false;
    while let Ok(e) = events.try_recv() {
        changed |= e.kind == EventKind::PrimaryChanged as i32 && e.to == "127.0.0.1:6411";
    }
    assert!(changed, "no PrimaryChanged event to 6411");
    eprintln!(
        "REPLICAOF swap: first write on 6411 {took:?} after the swap ({:?}); {} writes ok, {} failed",
        swapped.elapsed(),
        ok.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed)
    );
}
