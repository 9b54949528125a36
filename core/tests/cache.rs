//! The client-side cache against real servers: invalidation by another
//! client's write (standalone and cluster), reading one's own writes, the
//! entry and byte bounds, coalescing of identical reads, serving stale values
//! while the node is down (SIGKILL) and fresh ones after it returns, and bad
//! configuration named.

mod support;

use std::time::{Duration, Instant};

use haven_core::{proto, Client, Cmd, ErrorKind, RequestOptions, Value};
use support::*;

fn cache(commands: &[&str]) -> proto::ClientCache {
    proto::ClientCache { commands: commands.iter().map(|c| c.to_string()).collect(), ..Default::default() }
}

async fn caching(mut config: proto::ClientConfig, cache: proto::ClientCache) -> Client {
    config.cache = Some(cache);
    Client::connect(config).await.expect("connect")
}

fn get(key: &str) -> Cmd {
    Cmd::new("GET").arg(key.to_string())
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// Reads `key` until it returns `want`; returns how long that took.
async fn until_value(client: &Client, key: &str, want: &str) -> Duration {
    let start = Instant::now();
    loop {
        let v = client.send(get(key)).await.expect("GET");
        if text(&v) == want {
            return start.elapsed();
        }
        assert!(start.elapsed() < Duration::from_secs(5), "{key} still {v:?}, wanted {want}");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

#[tokio::test]
async fn another_clients_write_invalidates_at_once_standalone() {
    servers("standalone");
    let client = caching(standalone(&[6400]), cache(&["GET"])).await;
    let key = key("cache:inv");
    cli(6400, &["SET", &key, "v1"]);
    assert_eq!(text(&client.send(get(&key)).await.expect("GET")), "v1");
    assert_eq!(text(&client.send(get(&key)).await.expect("GET")), "v1");
    let stats = client.cache_stats().expect("a cache");
    assert_eq!((stats.misses, stats.hits, stats.entries), (1, 1, 1), "{stats:?}");

    // A hit is served locally: the server sees no further GET of the key.
    let before = calls(6400, "get");
    for _ in 0..50 {
        client.send(get(&key)).await.expect("GET");
    }
    assert!(calls(6400, "get") - before < 50, "hits went to the server");

    cli(6400, &["SET", &key, "v2"]);
    let took = until_value(&client, &key, "v2").await;
    assert!(took < Duration::from_secs(1), "invalidation took {took:?}");
    let stats = client.cache_stats().expect("a cache");
    assert!(stats.invalidations >= 1, "{stats:?}");

    // Commands not listed are not cached unless asked per request.
    let other = support::key("cache:strlen");
    cli(6400, &["SET", &other, "abc"]);
    let before = client.cache_stats().expect("a cache");
    client.send(Cmd::new("STRLEN").arg(other.clone())).await.expect("STRLEN");
    assert_eq!(client.cache_stats().expect("a cache"), before);
    let asked = RequestOptions { cache: true, ..Default::default() };
    for _ in 0..3 {
        let n = client.send_with(Cmd::new("STRLEN").arg(other.clone()), asked.clone()).await.expect("STRLEN");
        assert_eq!(n, Value::Integer(3));
    }
    let stats = client.cache_stats().expect("a cache");
    assert_eq!((stats.misses - before.misses, stats.hits - before.hits), (1, 2), "{stats:?}");
    client.close();
}

#[tokio::test]
async fn own_writes_are_read_back_and_expiry_is_respected() {
    servers("standalone");
    let client = caching(standalone(&[6400]), cache(&["GET"])).await;
    let key = key("cache:own");
    client.send(Cmd::new("SET").arg(key.clone()).arg("a")).await.expect("SET");
    assert_eq!(text(&client.send(get(&key)).await.expect("GET")), "a");
    for i in 0..20 {
        let v = format!("v{i}");
        client.send(Cmd::new("SET").arg(key.clone()).arg(v.clone())).await.expect("SET");
        assert_eq!(text(&client.send(get(&key)).await.expect("GET")), v, "read-your-writes");
    }
    // A pipelined write invalidates too.
    client
        .batch(vec![Cmd::new("SET").arg(key.clone()).arg("batched")], false, RequestOptions::default())
        .await
        .expect("batch");
    assert_eq!(text(&client.send(get(&key)).await.expect("GET")), "batched");

    // The entry lives no longer than the key: PX 200 expires it locally too.
    let short = support::key("cache:px");
    cli(6400, &["SET", &short, "soon", "PX", "200"]);
    assert_eq!(text(&client.send(get(&short)).await.expect("GET")), "soon");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(client.send(get(&short)).await.expect("GET"), Value::Nil);
    client.close();
}

#[tokio::test]
async fn entries_and_bytes_stay_within_bounds() {
    servers("standalone");
    let config = proto::ClientCache { max_entries: Some(50), max_bytes: Some(20_000), ..cache(&["GET"]) };
    let client = caching(standalone(&[6400]), config).await;
    let value = "x".repeat(1000);
    let mut cmds = Vec::new();
    for i in 0..200 {
        cmds.push(Cmd::new("SET").arg(key(&format!("cache:bound:{i}"))).arg(value.clone()));
    }
    client.batch(cmds, false, RequestOptions::default()).await.expect("fill");
    for i in 0..200 {
        let v = client.send(get(&key(&format!("cache:bound:{i}")))).await.expect("GET");
        assert_eq!(v.as_bytes().map(<[u8]>::len), Some(1000));
        let stats = client.cache_stats().expect("a cache");
        assert!(stats.entries <= 50 && stats.bytes <= 20_000, "{stats:?}");
    }
    let stats = client.cache_stats().expect("a cache");
    // ~1 KB entries in 20 KB: the byte bound binds first.
    assert!(stats.entries >= 10 && stats.evictions >= 150, "{stats:?}");
    client.close();
}

#[tokio::test]
async fn identical_reads_in_flight_go_to_the_server_once() {
    servers("standalone");
    let client = caching(standalone(&[6400]), cache(&["GET"])).await;
    let key = key("cache:coalesce");
    cli(6400, &["SET", &key, "shared"]);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let (client, key) = (client.clone(), key.clone());
        tasks.spawn(async move { client.send(get(&key)).await });
    }
    while let Some(r) = tasks.join_next().await {
        assert_eq!(text(&r.expect("task").expect("GET")), "shared");
    }
    let stats = client.cache_stats().expect("a cache");
    assert_eq!(stats.misses, 1, "{stats:?}");
    assert_eq!(stats.misses + stats.coalesced + stats.hits, 50, "{stats:?}");
    client.close();
}

#[tokio::test]
async fn stale_values_serve_an_outage_and_fresh_ones_return() {
    servers("spare");
    let _faults = fault_lock();
    const PORT: u16 = 6451;
    let mut config = standalone(&[PORT]);
    config.request_timeout_ms = Some(300);
    let settings = proto::ClientCache { serve_stale_ms: Some(30_000), ..cache(&["GET"]) };
    let client = caching(config, settings).await;
    let key = key("cache:stale");
    cli(PORT, &["SET", &key, "before"]);
    assert_eq!(text(&client.send(get(&key)).await.expect("GET")), "before");

    kill_node(PORT);
    // The link is gone: the entry is no longer a hit, but it serves the
    // outage, marked stale.
    let until = Instant::now() + Duration::from_secs(5);
    while client.cache_stats().expect("a cache").flushes == 0 {
        assert!(Instant::now() < until, "no flush after the node died");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let v = client.send(get(&key)).await.expect("stale value instead of an error");
    match &v {
        Value::Attributed { value, attributes } => {
            assert_eq!(text(value), "before");
            assert_eq!(attributes[0].0.as_str(), Some("haven-stale"));
        }
        other => panic!("not marked stale: {other:?}"),
    }
    assert_eq!(client.cache_stats().expect("a cache").stale_served, 1);
    // Nothing known: the error as usual.
    let e = client.send(get(&support::key("cache:never"))).await.expect_err("no stale value");
    assert!(matches!(e.kind(), ErrorKind::Connection | ErrorKind::Timeout), "{e}");

    restart_node(PORT);
    cli(PORT, &["SET", &key, "after"]);
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(v) = client.send(get(&key)).await {
            if v == Value::BulkString("after".into()) {
                break;
            }
            assert!(!matches!(v, Value::Attributed { .. }) || Instant::now() < until, "still stale: {v:?}");
        }
        assert!(Instant::now() < until, "no fresh value after the node returned");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    client.close();
}

/// Resumes a SIGSTOPped node even when the test fails, so that no later
/// test finds it hung.
struct Resume(u16);

impl Drop for Resume {
    fn drop(&mut self) {
        sigcont(self.0);
    }
}

#[tokio::test]
async fn a_hung_node_serves_stale_values_only_when_asked() {
    servers("spare");
    let _faults = fault_lock();
    const PORT: u16 = 6451;
    let mut config = standalone(&[PORT]);
    config.request_timeout_ms = Some(300);
    config.connection = Some(proto::ConnectionSettings {
        heartbeat_interval_ms: Some(200),
        heartbeat_timeout_ms: Some(600),
        ..Default::default()
    });
    let stale_on = caching(config.clone(), proto::ClientCache { serve_stale_ms: Some(30_000), ..cache(&["GET"]) }).await;
    let stale_off = caching(config, cache(&["GET"])).await;
    let key = key("cache:hung");
    cli(PORT, &["SET", &key, "before"]);
    for client in [&stale_on, &stale_off] {
        assert_eq!(text(&client.send(get(&key)).await.expect("GET")), "before");
    }

    sigstop(PORT);
    let resume = Resume(PORT);
    // Until the heartbeat declares the link dead the entry is a plain hit
    // (a stopped server changes nothing); after it, the value comes back
    // flagged stale, never an error.
    let until = Instant::now() + Duration::from_secs(6);
    let mut flagged = 0;
    while flagged < 3 {
        assert!(Instant::now() < until, "no stale-flagged value while the node was hung");
        match stale_on.send(get(&key)).await.expect("the last known value instead of an error") {
            Value::Attributed { value, attributes } => {
                assert_eq!(text(&value), "before");
                assert_eq!(attributes[0].0.as_str(), Some("haven-stale"));
                flagged += 1;
            }
            plain => assert_eq!(text(&plain), "before", "{plain:?}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(stale_on.cache_stats().expect("a cache").stale_served >= 3);
    // A key never cached has nothing to fall back on.
    let e = stale_on.send(get(&support::key("cache:hung:never"))).await.expect_err("no stale value");
    assert!(matches!(e.kind(), ErrorKind::Connection | ErrorKind::Timeout), "{e}");
    // Without serve_stale, once the link is declared dead the read fails as
    // usual.
    while stale_off.cache_stats().expect("a cache").flushes == 0 {
        assert!(Instant::now() < until, "no flush after the node hung");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let e = stale_off.send(get(&key)).await.expect_err("serve_stale is off");
    assert!(matches!(e.kind(), ErrorKind::Connection | ErrorKind::Timeout), "{e}");
    assert_eq!(stale_off.cache_stats().expect("a cache").stale_served, 0);

    drop(resume);
    cli(PORT, &["SET", &key, "after"]);
    for client in [&stale_on, &stale_off] {
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(v) = client.send(get(&key)).await {
                if v == Value::BulkString("after".into()) {
                    break;
                }
            }
            assert!(Instant::now() < until, "no fresh value after the node resumed");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    stale_on.close();
    stale_off.close();
}

#[tokio::test]
async fn cluster_keys_are_invalidated_on_their_own_shards() {
    // Held so that no other suite's cluster fault lands mid-test (and
    // servers() does not restart a node another suite killed on purpose).
    let _faults = fault_lock();
    servers("cluster");
    let client = caching(cluster_config(&CLUSTER_PORTS), cache(&["GET", "HGET"])).await;
    let keys: Vec<String> = (0..12).map(|i| key(&format!("cache:cl:{i}"))).collect();
    for k in &keys {
        client.send(Cmd::new("SET").arg(k.clone()).arg("one")).await.expect("SET");
        assert_eq!(text(&client.send(get(k)).await.expect("GET")), "one");
        assert_eq!(text(&client.send(get(k)).await.expect("GET")), "one");
    }
    let stats = client.cache_stats().expect("a cache");
    assert!(stats.hits >= 12, "{stats:?}");
    // Another client (redis-cli -c follows MOVED) writes every key.
    for k in &keys {
        let out = std::process::Command::new("redis-cli")
            .args(["-c", "-p", "7000", "SET", k, "two"])
            .output()
            .expect("redis-cli");
        assert!(out.status.success());
    }
    for k in &keys {
        let took = until_value(&client, k, "two").await;
        assert!(took < Duration::from_secs(1), "{k}: {took:?}");
    }
    client.close();
}

#[tokio::test]
async fn bad_cache_configuration_is_named() {
    let mut config = standalone(&[6400]);
    config.connection = Some(proto::ConnectionSettings { protocol: proto::Protocol::Resp2 as i32, ..Default::default() });
    config.cache = Some(cache(&["GET"]));
    let e = Client::connect(config).await.expect_err("resp2");
    assert!(e.to_string().contains("cache: the client-side cache needs RESP3"), "{e}");

    let mut config = standalone(&[6400]);
    config.cache = Some(cache(&["SET"]));
    let e = Client::connect(config).await.expect_err("write command");
    assert!(e.to_string().contains("cache.commands[0]"), "{e}");
}

/// A loader that counts its calls and answers after `delay`.
fn counting_loader(
    calls: &std::sync::Arc<std::sync::atomic::AtomicUsize>,
    delay: Duration,
    answer: Result<&'static str, &'static str>,
) -> impl FnOnce() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<bytes::Bytes, String>> + Send>> {
    let calls = calls.clone();
    move || {
        calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(async move {
            tokio::time::sleep(delay).await;
            answer.map(|s| bytes::Bytes::from_static(s.as_bytes())).map_err(str::to_string)
        })
    }
}

#[tokio::test]
async fn get_or_load_runs_one_loader_and_stores_with_a_jittered_ttl() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    servers("standalone");
    let client = caching(standalone(&[6400]), cache(&["GET"])).await;
    let key = support::key("aside:one");
    let calls = Arc::new(AtomicUsize::new(0));
    let options = haven_core::LoadOptions::new(Duration::from_secs(100));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let (client, key, options) = (client.clone(), key.clone(), options.clone());
        let loader = counting_loader(&calls, Duration::from_millis(100), Ok("loaded"));
        tasks.spawn(async move { client.get_or_load(key, options, loader).await });
    }
    while let Some(r) = tasks.join_next().await {
        assert_eq!(&r.expect("task").expect("value")[..], b"loaded");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1, "one loader for 20 callers");
    let stats = client.load_stats();
    assert_eq!((stats.loader_calls, stats.coalesced), (1, 19), "{stats:?}");
    let pttl: i64 = cli(6400, &["PTTL", &key]).parse().expect("PTTL");
    assert!((85_000..=100_000).contains(&pttl), "ttl {pttl} not within 10% below 100 s");
    // Stored: the next call is a hit, no loader.
    let loader = counting_loader(&calls, Duration::ZERO, Ok("other"));
    assert_eq!(&client.get_or_load(key.clone(), options.clone(), loader).await.expect("hit")[..], b"loaded");
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // A failing loader: every waiter gets its error, nothing is stored.
    let failing = support::key("aside:fails");
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let (client, key, options) = (client.clone(), failing.clone(), options.clone());
        let loader = counting_loader(&calls, Duration::from_millis(100), Err("database down"));
        tasks.spawn(async move { client.get_or_load(key, options, loader).await });
    }
    while let Some(r) = tasks.join_next().await {
        let e = r.expect("task").expect_err("loader error");
        assert!(e.to_string().contains("the loader failed: database down"), "{e}");
    }
    assert_eq!(cli(6400, &["EXISTS", &failing]), "0");
    assert_eq!(client.load_stats().loader_errors, 1);

    // Bad options are named.
    let bad = haven_core::LoadOptions { jitter: 1.5, ..options };
    let e = client.get_or_load(key, bad, counting_loader(&calls, Duration::ZERO, Ok("x"))).await.expect_err("jitter");
    assert!(e.to_string().contains("get_or_load.jitter"), "{e}");
    client.close();
}

#[tokio::test]
async fn a_fleet_lease_lets_one_process_load() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    servers("standalone");
    // Two clients stand for two processes: no in-process coalescing between them.
    let a = Client::connect(standalone(&[6400])).await.expect("a");
    let b = Client::connect(standalone(&[6400])).await.expect("b");
    let key = support::key("aside:lease");
    let calls = Arc::new(AtomicUsize::new(0));
    let options =
        haven_core::LoadOptions { lease: Some(Duration::from_secs(2)), ..haven_core::LoadOptions::new(Duration::from_secs(60)) };
    let la = counting_loader(&calls, Duration::from_millis(300), Ok("from-a-or-b"));
    let lb = counting_loader(&calls, Duration::from_millis(300), Ok("from-a-or-b"));
    let (ra, rb) = tokio::join!(a.get_or_load(key.clone(), options.clone(), la), b.get_or_load(key.clone(), options, lb));
    assert_eq!(&ra.expect("a")[..], b"from-a-or-b");
    assert_eq!(&rb.expect("b")[..], b"from-a-or-b");
    assert_eq!(calls.load(Ordering::SeqCst), 1, "one loader in the fleet");
    assert_eq!(a.load_stats().lease_waits + b.load_stats().lease_waits, 1);
    // The lease was released.
    assert_eq!(cli(6400, &["EXISTS", &format!("{key}:haven-lease")]), "0");
    a.close();
    b.close();
}

#[tokio::test]
async fn get_or_load_answers_from_the_loader_when_redis_is_unreachable() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let mut config = standalone(&[6400]);
    if let Some(proto::client_config::Deployment::Standalone(s)) = &mut config.deployment {
        s.addresses = vec!["127.0.0.1:1".into()];
    }
    config.lazy_connect = true;
    let client = Client::connect(config).await.expect("lazy client");
    let calls = Arc::new(AtomicUsize::new(0));
    let v = client
        .get_or_load("aside:nowhere", haven_core::LoadOptions::new(Duration::from_secs(5)), counting_loader(&calls, Duration::ZERO, Ok("db")))
        .await
        .expect("the loader's value");
    assert_eq!(&v[..], b"db");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(client.load_stats().cache_unavailable >= 1);
    client.close();
}

#[tokio::test]
async fn write_through_updates_or_invalidates_and_recovers_after_an_outage() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    servers("spare");
    let _faults = fault_lock();
    const PORT: u16 = 6451;
    let mut config = standalone(&[PORT]);
    config.request_timeout_ms = Some(300);
    let client = caching(config, cache(&["GET"])).await;
    let key = support::key("aside:wt");
    let truth = Arc::new(std::sync::Mutex::new(String::from("v0")));
    let writer = |v: &'static str| {
        let truth = truth.clone();
        move || async move {
            *truth.lock().map_err(|e| e.to_string())? = v.to_string();
            Ok::<(), String>(())
        }
    };
    let ttl = Duration::from_secs(60);
    client.write_through(key.clone(), "v1", ttl, haven_core::WriteMode::Update, writer("v1")).await.expect("update");
    assert_eq!(cli(PORT, &["GET", &key]), "v1");
    client.write_through(key.clone(), "", ttl, haven_core::WriteMode::Invalidate, writer("v2")).await.expect("invalidate");
    assert_eq!(cli(PORT, &["EXISTS", &key]), "0");
    // A failing writer leaves the cache alone.
    cli(PORT, &["SET", &key, "cached"]);
    let e = client
        .write_through(key.clone(), "v3", ttl, haven_core::WriteMode::Update, || async { Err::<(), String>("db refused".into()) })
        .await
        .expect_err("writer error");
    assert!(e.to_string().contains("the writer failed: db refused"), "{e}");
    assert_eq!(cli(PORT, &["GET", &key]), "cached");

    // Redis down after the source of truth took the write: the call
    // succeeds, reads skip Redis (the loader answers), and the stale value
    // is deleted once Redis is back.
    kill_node(PORT);
    client.write_through(key.clone(), "v4", ttl, haven_core::WriteMode::Update, writer("v4")).await.expect("truth written");
    assert_eq!(client.load_stats().pending_invalidations, 1);
    let loads = Arc::new(AtomicUsize::new(0));
    let v = client
        .get_or_load(key.clone(), haven_core::LoadOptions::new(ttl), counting_loader(&loads, Duration::ZERO, Ok("v4")))
        .await
        .expect("from the loader");
    assert_eq!(&v[..], b"v4");
    restart_node(PORT);
    let until = Instant::now() + Duration::from_secs(10);
    while client.load_stats().pending_invalidations > 0 {
        assert!(Instant::now() < until, "pending invalidation never applied");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The node came back with its old data ("cached", saved before the kill
    // or not at all): either way the key is gone now, so the next read loads.
    assert_eq!(cli(PORT, &["EXISTS", &key]), "0");
    assert_eq!(loads.load(Ordering::SeqCst), 1);
    client.close();
}

#[tokio::test]
async fn early_refresh_reloads_before_expiry_while_serving_the_value() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    servers("standalone");
    let client = Client::connect(standalone(&[6400])).await.expect("client");
    let key = support::key("aside:xfetch");
    let calls = Arc::new(AtomicUsize::new(0));
    // 600 ms TTL, loads take 150 ms, beta 2: refreshes are due well before
    // expiry, so reads never miss.
    let options = haven_core::LoadOptions {
        early_refresh: Some(2.0),
        jitter: 0.0,
        ..haven_core::LoadOptions::new(Duration::from_millis(600))
    };
    let first = client
        .get_or_load(key.clone(), options.clone(), counting_loader(&calls, Duration::from_millis(150), Ok("x")))
        .await
        .expect("load");
    assert_eq!(&first[..], b"x");
    let until = Instant::now() + Duration::from_millis(2000);
    while Instant::now() < until {
        let v = client
            .get_or_load(key.clone(), options.clone(), counting_loader(&calls, Duration::from_millis(150), Ok("x")))
            .await
            .expect("read");
        assert_eq!(&v[..], b"x");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let stats = client.load_stats();
    assert!(stats.early_refreshes >= 2, "{stats:?}");
    // Every read after the first was a hit: none waited for a load.
    assert_eq!(stats.coalesced, 0, "{stats:?}");
    assert_eq!(stats.loader_calls, 1 + stats.early_refreshes, "{stats:?}");
    assert_eq!(stats.loader_calls as usize, calls.load(Ordering::SeqCst));
    client.close();
}
