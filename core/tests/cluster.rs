//! The cluster deployment against the local 3x2 cluster (scripts/servers.sh
//! group `cluster`): where 10,000 keys land, multi-key commands across
//! slots, fan-out policies, the cluster SCAN, batches and transactions, a
//! live slot migration under load, SIGKILL and SIGSTOP of a primary, CLUSTER
//! FAILOVER under load, read strategies and bad input. Where data landed is
//! checked with redis-cli, never through haven. Tests run one at a time (a
//! fault in one would fail the others' assertions) and never assume which
//! node is primary: a fault test leaves a former replica in charge.

mod support;

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::engine::convert::key_slot;
use haven_core::proto::{self, EventKind};
use haven_core::{Client, ClusterScanCursor, Cmd, ErrorKind, RequestOptions, Route, ScanOptions, Value};
use support::*;
use tokio::task::JoinSet;

static CLUSTER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs the test alone, on a healthy cluster whose six nodes all report
/// themselves online (a restarted node loads and syncs first).
async fn exclusive() -> (tokio::sync::MutexGuard<'static, ()>, std::fs::File) {
    let guard = (CLUSTER.lock().await, fault_lock());
    cluster_online().await;
    guard
}

/// Puts the cluster back (restarts killed nodes, resumes stopped ones,
/// waits for cluster_state:ok) even when an assertion failed.
struct Restore;
impl Drop for Restore {
    fn drop(&mut self) {
        restore("cluster");
    }
}

/// Resumes a stopped node even when an assertion fails.
struct Resume(u16);
impl Drop for Resume {
    fn drop(&mut self) {
        sigcont(self.0);
    }
}

async fn connect(timeout_ms: i64) -> Client {
    let mut config = cluster_config(&[7000, 7001, 7002]);
    config.request_timeout_ms = Some(timeout_ms);
    Client::connect(config).await.expect("connect to the cluster")
}

fn set(key: &str, value: impl ToString) -> Cmd {
    Cmd::new("SET").arg(key.to_string()).arg(value.to_string())
}

fn get(key: &str) -> Cmd {
    Cmd::new("GET").arg(key.to_string())
}

fn bulk(text: impl ToString) -> Value {
    Value::BulkString(text.to_string().into())
}

fn slot_of(key: &str) -> u16 {
    key_slot(key.as_bytes())
}

/// Sends many commands, `window` at a time; every reply must be Ok.
async fn send_all(client: &Client, cmds: Vec<Cmd>, window: usize) -> Vec<Value> {
    let mut out = vec![Value::Nil; cmds.len()];
    let indexed: Vec<(usize, Cmd)> = cmds.into_iter().enumerate().collect();
    for chunk in indexed.chunks(window) {
        let mut tasks = JoinSet::new();
        for (i, cmd) in chunk.iter().cloned() {
            let c = client.clone();
            tasks.spawn(async move { (i, c.send(cmd).await) });
        }
        while let Some(joined) = tasks.join_next().await {
            let (i, reply) = joined.expect("task");
            out[i] = reply.unwrap_or_else(|e| panic!("command {i} failed: {e}"));
        }
    }
    out
}

/// `count` keys under a prefix no other test uses.
fn keys(name: &str, count: usize) -> Vec<String> {
    let prefix = key(name);
    (0..count).map(|i| format!("{prefix}:{i}")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_keys_land_on_the_node_that_owns_their_slot() {
    let _lock = exclusive().await;
    let client = connect(5000).await;
    let keys = keys("route", 10_000);
    let writes = keys.iter().enumerate().map(|(i, k)| set(k, i)).collect();
    send_all(&client, writes, 500).await;

    // The cluster hashes every key to the slot haven computed.
    let asked: Vec<String> = keys.iter().map(|k| format!("CLUSTER KEYSLOT {k}")).collect();
    let slots = cli_lines(7000, &asked);
    let odd: Vec<&String> = slots.iter().filter(|l| l.parse::<u16>().is_err()).take(5).collect();
    assert_eq!(slots.len(), keys.len(), "{odd:?}");
    for (k, s) in keys.iter().zip(&slots) {
        assert_eq!(s.parse::<u16>().ok(), Some(slot_of(k)), "CLUSTER KEYSLOT {k}");
    }
    let distinct: BTreeSet<u16> = keys.iter().map(|k| slot_of(k)).collect();
    assert!(distinct.len() > 5000, "only {} slots used", distinct.len());

    // Each key is stored on the primary serving its slot and on no other
    // (the others answer MOVED).
    let primaries = cluster_primaries();
    assert_eq!(primaries.len(), 3, "{primaries:?}");
    let mut found = vec![0u32; keys.len()];
    let gets: Vec<String> = keys.iter().map(|k| format!("GET {k}")).collect();
    for p in &primaries {
        let replies = cli_lines(p.port, &gets);
        assert_eq!(replies.len(), keys.len());
        let mut owned = 0;
        for (i, reply) in replies.iter().enumerate() {
            if p.serves(slot_of(&keys[i])) {
                assert_eq!(reply, &i.to_string(), "{} on its owner {}", keys[i], p.port);
                found[i] += 1;
                owned += 1;
            } else {
                assert!(reply.starts_with("MOVED"), "{} on {}: {reply}", keys[i], p.port);
            }
        }
        let dbsize: u64 = cli(p.port, &["DBSIZE"]).parse().expect("dbsize");
        assert!(dbsize >= owned, "node {} holds {dbsize} keys, {owned} of ours", p.port);
    }
    assert!(found.iter().all(|&n| n == 1), "every key on exactly one primary");

    // Per-slot counts agree with CLUSTER COUNTKEYSINSLOT on the owner.
    for &slot in distinct.iter().step_by(997) {
        let ours = keys.iter().filter(|k| slot_of(k) == slot).count();
        let counted: usize = cli(owner_of(slot), &["CLUSTER", "COUNTKEYSINSLOT", &slot.to_string()]).parse().expect("count");
        assert!(counted >= ours, "slot {slot}: {counted} < {ours}");
    }

    // Keys sharing a {hash tag} share a slot and a node.
    let tagged: Vec<String> = ["a", "b", "c", "d"].iter().map(|s| format!("{{{}}}:{s}", key("tag"))).collect();
    for (i, k) in tagged.iter().enumerate() {
        client.send(set(k, i)).await.expect("tagged set");
    }
    let tag_slot = slot_of(&tagged[0]);
    assert!(tagged.iter().all(|k| slot_of(k) == tag_slot));
    let owner = owner_of(tag_slot);
    for (i, k) in tagged.iter().enumerate() {
        assert_eq!(cli(owner, &["CLUSTER", "KEYSLOT", k]), tag_slot.to_string());
        assert_eq!(cli(owner, &["GET", k]), i.to_string());
    }

    // Reading back through haven, and deleting all 10,000 keys with one DEL
    // split over every slot.
    let mut mget = Cmd::new("MGET");
    for k in &keys {
        mget = mget.arg(k.clone());
    }
    let t = Instant::now();
    match client.send(mget).await.expect("mget") {
        Value::Array(values) => {
            assert_eq!(values.len(), keys.len());
            assert!(values.iter().enumerate().all(|(i, v)| *v == bulk(i)), "MGET out of order");
        }
        other => panic!("{other:?}"),
    }
    let mget_took = t.elapsed();
    let mut del = Cmd::new("DEL");
    for k in keys.iter().chain(&tagged) {
        del = del.arg(k.clone());
    }
    let t = Instant::now();
    assert_eq!(client.send(del).await.expect("del"), Value::Integer(10_004));
    eprintln!("MGET of 10,000 keys over {} slots: {mget_took:?}; DEL of them: {:?}", distinct.len(), t.elapsed());
    assert_eq!(cli(owner_of(slot_of(&keys[0])), &["EXISTS", &keys[0]]), "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_key_commands_split_per_slot_and_keep_argument_order() {
    let _lock = exclusive().await;
    let client = connect(2000).await;
    let keys = keys("multi", 300);
    let mut mset = Cmd::new("MSET");
    for (i, k) in keys.iter().enumerate() {
        mset = mset.arg(k.clone()).arg(format!("v{i}"));
    }
    assert_eq!(client.send(mset).await.expect("mset"), Value::SimpleString("OK".into()));
    for (i, k) in keys.iter().enumerate().step_by(13) {
        assert_eq!(cli(owner_of(slot_of(k)), &["GET", k]), format!("v{i}"), "{k} on its owner");
    }

    // MGET in another order, with missing keys in between.
    let mut asked = Vec::new();
    for (i, k) in keys.iter().enumerate().rev() {
        asked.push((k.clone(), Some(format!("v{i}"))));
        if i % 7 == 0 {
            asked.push((format!("{k}:missing"), None));
        }
    }
    let mut mget = Cmd::new("MGET");
    for (k, _) in &asked {
        mget = mget.arg(k.clone());
    }
    match client.send(mget).await.expect("mget") {
        Value::Array(values) => {
            assert_eq!(values.len(), asked.len());
            for ((k, want), got) in asked.iter().zip(values) {
                let want = want.as_ref().map(bulk).unwrap_or(Value::Nil);
                assert_eq!(got, want, "MGET position of {k}");
            }
        }
        other => panic!("{other:?}"),
    }

    // EXISTS counts repeats; TOUCH counts existing keys.
    let exists = Cmd::new("EXISTS").arg(keys[0].clone()).arg(keys[0].clone()).arg(keys[1].clone()).arg("nope:x").arg(keys[2].clone());
    assert_eq!(client.send(exists).await.expect("exists"), Value::Integer(4));
    let mut touch = Cmd::new("TOUCH");
    for k in &keys[..50] {
        touch = touch.arg(k.clone()).arg(format!("{k}:missing"));
    }
    assert_eq!(client.send(touch).await.expect("touch"), Value::Integer(50));

    // DEL and UNLINK sum what each slot removed.
    let mut del = Cmd::new("DEL");
    for k in &keys[..150] {
        del = del.arg(k.clone());
    }
    assert_eq!(client.send(del).await.expect("del"), Value::Integer(150));
    let mut unlink = Cmd::new("UNLINK");
    for k in keys.iter() {
        unlink = unlink.arg(k.clone());
    }
    assert_eq!(client.send(unlink).await.expect("unlink"), Value::Integer(150));
    for k in keys.iter().step_by(17) {
        assert_eq!(cli(owner_of(slot_of(k)), &["EXISTS", k]), "0");
    }

    // MSETNX cannot be split (it is all or nothing): across slots it is a
    // ClusterError naming the slots, and nothing is written.
    let (a, b) = (format!("{}:a", key("msetnx")), format!("{}:b", key("msetnx")));
    assert_ne!(slot_of(&a), slot_of(&b));
    let err = client
        .send(Cmd::new("MSETNX").arg(a.clone()).arg("1").arg(b.clone()).arg("2"))
        .await
        .expect_err("cross-slot MSETNX");
    assert_eq!(err.kind(), ErrorKind::Cluster, "{err}");
    assert!(err.message().contains("CROSSSLOT"), "{err}");
    assert!(err.message().contains(&slot_of(&a).to_string()) && err.message().contains(&slot_of(&b).to_string()), "{err}");
    assert_eq!(cli(owner_of(slot_of(&a)), &["EXISTS", &a]), "0");
    // In one slot it runs as usual.
    let t = key("msetnx-tag");
    let msetnx = Cmd::new("MSETNX").arg(format!("{{{t}}}a")).arg("1").arg(format!("{{{t}}}b")).arg("2");
    assert_eq!(client.send(msetnx).await.expect("same-slot msetnx"), Value::Integer(1));
    // Other multi-key commands across slots are refused the same way.
    let err = client.send(Cmd::new("SUNIONSTORE").arg(a.clone()).arg(b.clone())).await.expect_err("cross-slot");
    assert_eq!(err.kind(), ErrorKind::Cluster);
    let err = client.send(Cmd::new("EVAL").arg("return 1").arg("2").arg(a.clone()).arg(b.clone())).await.expect_err("script");
    assert_eq!(err.kind(), ErrorKind::Cluster);
    assert!(err.message().contains("CROSSSLOT EVAL"), "{err}");
    client.send(Cmd::new("DEL").arg(format!("{{{t}}}a")).arg(format!("{{{t}}}b"))).await.expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelines_split_per_node_and_transactions_run_on_their_slot() {
    let _lock = exclusive().await;
    let client = connect(2000).await;
    let k = keys("pipe", 40);
    // A pipeline over every shard, reads and writes mixed: replies in order.
    let mut cmds = Vec::new();
    for (i, key) in k.iter().enumerate() {
        cmds.push(set(key, i));
        cmds.push(Cmd::new("INCR").arg(key.clone()));
        cmds.push(get(key));
    }
    cmds.push(Cmd::new("MGET").arg(k[0].clone()).arg(k[1].clone()).arg(k[2].clone()));
    cmds.push(Cmd::new("PING"));
    cmds.push(Cmd::new("HGET").arg(k[0].clone()).arg("f"));
    let replies = client.batch(cmds, false, RequestOptions::default()).await.expect("pipeline");
    let Value::Array(replies) = replies else { panic!("{replies:?}") };
    assert_eq!(replies.len(), 40 * 3 + 3);
    for i in 0..40 {
        assert_eq!(replies[i * 3], Value::SimpleString("OK".into()));
        assert_eq!(replies[i * 3 + 1], Value::Integer(i as i64 + 1));
        assert_eq!(replies[i * 3 + 2], bulk(i + 1));
    }
    assert_eq!(replies[120], Value::Array(vec![bulk(1), bulk(2), bulk(3)]));
    assert_eq!(replies[121], Value::SimpleString("PONG".into()));
    assert!(matches!(&replies[122], Value::ServerError(e) if e.starts_with(b"WRONGTYPE")), "{:?}", replies[122]);
    // A command split over slots keeps its place between the others.
    let (x, y) = (k[0].clone(), k.iter().find(|o| slot_of(o) != slot_of(&k[0])).expect("another slot").clone());
    let ordered = vec![
        set(&x, "before"),
        Cmd::new("DEL").arg(x.clone()).arg(y.clone()),
        get(&x),
        Cmd::new("MSET").arg(x.clone()).arg("a").arg(y.clone()).arg("b"),
        get(&y),
        Cmd::new("APPEND").arg(x.clone()).arg("!"),
        Cmd::new("MGET").arg(x.clone()).arg(y.clone()),
    ];
    let replies = client.batch(ordered, false, RequestOptions::default()).await.expect("ordered pipeline");
    assert_eq!(
        replies,
        Value::Array(vec![
            Value::SimpleString("OK".into()),
            Value::Integer(2),
            Value::Nil,
            Value::SimpleString("OK".into()),
            bulk("b"),
            Value::Integer(2),
            Value::Array(vec![bulk("a!"), bulk("b")]),
        ])
    );
    // A batch of one is still an array of replies.
    let one = client.batch(vec![get(&k[2])], false, RequestOptions::default()).await.expect("batch of one");
    assert_eq!(one, Value::Array(vec![bulk(3)]));

    // A transaction in one slot runs on that slot's primary.
    let tag = key("tx");
    let (a, b) = (format!("{{{tag}}}:a"), format!("{{{tag}}}:b"));
    let exec = client
        .batch(
            vec![Cmd::new("INCR").arg(a.clone()), Cmd::new("INCRBY").arg(b.clone()).arg("5"), get(&a)],
            true,
            RequestOptions::default(),
        )
        .await
        .expect("transaction");
    assert_eq!(exec, Value::Array(vec![Value::Integer(1), Value::Integer(5), bulk(1)]));
    assert_eq!(cli(owner_of(slot_of(&a)), &["GET", &b]), "5");
    // Across slots it is refused before anything is sent.
    let err = client
        .batch(vec![Cmd::new("INCR").arg(a.clone()), Cmd::new("INCR").arg(k[0].clone())], true, RequestOptions::default())
        .await
        .expect_err("cross-slot transaction");
    assert_eq!(err.kind(), ErrorKind::Cluster, "{err}");
    assert!(err.message().contains("CROSSSLOT transaction"), "{err}");
    assert!(err.message().contains(&slot_of(&a).to_string()) && err.message().contains(&slot_of(&k[0]).to_string()), "{err}");
    assert_eq!(cli(owner_of(slot_of(&a)), &["GET", &a]), "1", "nothing ran");
    let mut cleanup = Cmd::new("DEL").arg(a).arg(b);
    for key in &k {
        cleanup = cleanup.arg(key.clone());
    }
    client.send(cleanup).await.expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fan_out_commands_combine_by_their_policy() {
    let _lock = exclusive().await;
    let client = connect(2000).await;
    let keys = keys("fan", 60);
    send_all(&client, keys.iter().map(|k| set(k, "x")).collect(), 60).await;
    let primaries = cluster_primaries();

    // DBSIZE: the sum over the primaries.
    let total: i64 = primaries.iter().map(|p| cli(p.port, &["DBSIZE"]).parse::<i64>().expect("dbsize")).sum();
    assert_eq!(client.send(Cmd::new("DBSIZE")).await.expect("dbsize"), Value::Integer(total));
    // KEYS: every primary's matches, concatenated.
    let pattern = format!("{}:*", key("fan"));
    let found: BTreeSet<String> = match client.send(Cmd::new("KEYS").arg(pattern)).await.expect("keys") {
        Value::Array(items) => items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(found, keys.iter().cloned().collect::<BTreeSet<_>>());
    // PING: one PONG when all agree.
    assert_eq!(client.send(Cmd::new("PING")).await.expect("ping"), Value::SimpleString("PONG".into()));
    // INFO: each primary's reply under its address.
    match client.send(Cmd::new("INFO").arg("server")).await.expect("info") {
        Value::Map(entries) => {
            let mut addrs: Vec<String> = entries.iter().filter_map(|(k, _)| k.as_str().map(str::to_string)).collect();
            addrs.sort();
            let mut want: Vec<String> = primaries.iter().map(|p| format!("127.0.0.1:{}", p.port)).collect();
            want.sort();
            assert_eq!(addrs, want);
            assert!(entries.iter().all(|(_, v)| v.as_str().is_some_and(|s| s.contains("redis_version"))));
        }
        other => panic!("{other:?}"),
    }
    // RANDOMKEY: some key of some shard.
    assert!(matches!(client.send(Cmd::new("RANDOMKEY")).await.expect("randomkey"), Value::BulkString(_)));
    // SCRIPT LOAD goes to every node, so EVALSHA works on every shard.
    let sha = client.send(Cmd::new("SCRIPT").arg("LOAD").arg("return redis.call('GET', KEYS[1])")).await.expect("load");
    let sha = sha.as_str().expect("sha").to_string();
    for p in &primaries {
        let tag = tag_on(&primaries, p.port, "fan");
        let k = format!("{{{tag}}}:x");
        client.send(set(&k, p.port)).await.expect("set");
        let v = client.send(Cmd::new("EVALSHA").arg(sha.clone()).arg("1").arg(k.clone())).await.expect("evalsha");
        assert_eq!(v, bulk(p.port));
        client.send(Cmd::new("DEL").arg(k)).await.expect("del");
    }
    let exists = client.send(Cmd::new("SCRIPT").arg("EXISTS").arg(sha.clone()).arg("0000")).await.expect("exists");
    assert_eq!(exists, Value::Array(vec![Value::Integer(1), Value::Integer(0)]));
    // CONFIG SET on every node: one OK.
    let ok = client.send(Cmd::new("CONFIG").arg("SET").arg("slowlog-log-slower-than").arg("10000")).await.expect("config");
    assert_eq!(ok, Value::SimpleString("OK".into()));
    // A command without a fan-out policy sent to all nodes on request:
    // each node's reply by address.
    let ids = client
        .send_with(Cmd::new("CLUSTER").arg("MYID"), RequestOptions { route: Route::AllNodes, timeout: None, ..Default::default() })
        .await
        .expect("myid everywhere");
    match ids {
        Value::Map(entries) => {
            assert_eq!(entries.len(), 6);
            let distinct: BTreeSet<String> = entries.iter().filter_map(|(_, v)| v.as_str().map(str::to_string)).collect();
            assert_eq!(distinct.len(), 6);
        }
        other => panic!("{other:?}"),
    }
    let mut del = Cmd::new("DEL");
    for k in &keys {
        del = del.arg(k.clone());
    }
    assert_eq!(client.send(del).await.expect("del"), Value::Integer(60));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cluster_scan_returns_every_key_exactly_once() {
    let _lock = exclusive().await;
    let client = connect(2000).await;
    let keys = keys("scan", 3000);
    send_all(&client, keys.iter().map(|k| set(k, 1)).collect(), 500).await;
    let options = ScanOptions { pattern: Some(format!("{}:*", key("scan")).into()), count: Some(500), object_type: None };
    let mut cursor = ClusterScanCursor::new();
    let mut seen: Vec<String> = Vec::new();
    let mut steps = 0;
    while !cursor.is_finished() {
        let (next, page) = client.cluster_scan(&cursor, &options).await.expect("scan step");
        seen.extend(page.iter().map(|k| String::from_utf8_lossy(k).into_owned()));
        cursor = next;
        steps += 1;
        assert!(steps < 5000, "the scan does not end: {cursor:?}");
    }
    assert_eq!(cursor.slots_done(), 16384);
    let distinct: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(distinct.len(), seen.len(), "a key was returned twice");
    assert_eq!(seen.len(), keys.len(), "{} keys of {} returned", seen.len(), keys.len());
    assert_eq!(distinct, keys.iter().collect::<BTreeSet<_>>());
    // A finished cursor stays finished and returns nothing.
    let (again, page) = client.cluster_scan(&cursor, &options).await.expect("finished");
    assert!(again.is_finished() && page.is_empty());

    // A plain SCAN walks the whole cluster too, its cursor as text, so
    // any language's SCAN loop sees every key once.
    let (seen, steps) = scan_all(&client, &format!("{}:*", key("scan")), 500, None).await;
    assert!(steps > 3, "{steps} steps");
    assert_eq!(seen.len(), keys.len(), "a key was returned twice or missed");
    assert_eq!(seen.iter().collect::<BTreeSet<_>>(), keys.iter().collect::<BTreeSet<_>>());
    for bad in ["17", "hc1:nonsense"] {
        let err = client.send(Cmd::new("SCAN").arg(bad)).await.expect_err(bad);
        assert!(err.message().contains("invalid cursor"), "{bad}: {err}");
    }
    let err = client.send(Cmd::new("SCAN").arg("0").arg("COUNT").arg("x")).await.expect_err("bad COUNT");
    assert_eq!(err.kind(), ErrorKind::Response, "{err}");
    // An address route scans that one node.
    let one = format!("127.0.0.1:{}", cluster_primaries()[0].port);
    let reply = client
        .send_with(Cmd::new("SCAN").arg("0"), RequestOptions { route: Route::Address(one), timeout: None, ..Default::default() })
        .await
        .expect("scan on one node");
    assert!(matches!(reply, Value::Array(ref r) if r.len() == 2));
    let mut del = Cmd::new("DEL");
    for k in &keys {
        del = del.arg(k.clone());
    }
    client.send(del).await.expect("cleanup");
}

/// A plain SCAN loop, as any language's scan iterator runs it: the keys
/// seen (repeats kept) and the number of steps. `between` runs after each
/// step (with its number).
async fn scan_all(client: &Client, pattern: &str, count: u32, between: Option<&(dyn Fn(usize) + Sync)>) -> (Vec<String>, usize) {
    let (mut cursor, mut seen, mut steps) = ("0".to_string(), Vec::new(), 0);
    loop {
        let scan = Cmd::new("SCAN").arg(cursor.clone()).arg("MATCH").arg(pattern.to_string()).arg("COUNT").arg(count.to_string());
        let reply = client.send(scan).await.unwrap_or_else(|e| panic!("SCAN {cursor}: {e}"));
        let Value::Array(parts) = reply else { panic!("SCAN reply {reply:?}") };
        cursor = parts[0].as_str().expect("a cursor").to_string();
        let Value::Array(page) = &parts[1] else { panic!("SCAN page {:?}", parts[1]) };
        seen.extend(page.iter().map(|k| k.as_str().expect("a key").to_string()));
        steps += 1;
        assert!(steps < 20_000, "the scan does not end at {cursor}");
        if let Some(f) = between {
            f(steps);
        }
        if cursor == "0" {
            return (seen, steps);
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scan_returns_every_key_across_a_live_slot_migration() {
    let _lock = exclusive().await;
    let _restore = Restore;
    let client = connect(5000).await;
    let primaries = cluster_primaries();
    // The slot moves from the shard scanned last to the one scanned first,
    // while the scan runs: its keys are on the source, the target, or in
    // flight between them when the source's pass ends.
    let last = primaries.iter().max_by_key(|p| p.ranges.iter().map(|r| r.0).min()).expect("a primary").clone();
    let first = primaries.iter().min_by_key(|p| p.ranges.iter().map(|r| r.0).min()).expect("a primary").clone();
    let tag = tag_on(&primaries, last.port, &key("scanmig"));
    let slot = slot_of(&tag);
    let moving: Vec<String> = (0..400).map(|i| format!("{{{tag}}}:m{i}")).collect();
    let spread = keys("scanmig-spread", 1500);
    let prefix = key("scanmig");
    let spread: Vec<String> = spread.into_iter().map(|k| k.replacen(&key("scanmig-spread"), &format!("{prefix}-s"), 1)).collect();
    send_all(&client, moving.iter().chain(&spread).map(|k| set(k, 1)).collect(), 500).await;

    // Half the slot's keys move before the scan starts (the slot stays
    // MIGRATING), the rest while it runs; the migration ends after it.
    let (src, dst) = (last.clone(), first.clone());
    let s_slot = slot.to_string();
    assert_eq!(cli(dst.port, &["CLUSTER", "SETSLOT", &s_slot, "IMPORTING", &src.id]), "OK");
    assert_eq!(cli(src.port, &["CLUSTER", "SETSLOT", &s_slot, "MIGRATING", &dst.id]), "OK");
    // Even when an assertion fails, the slot does not stay half moved.
    struct Finish(u16, ClusterNode, ClusterNode, Vec<ClusterNode>);
    impl Drop for Finish {
        fn drop(&mut self) {
            if std::thread::panicking() {
                migrate_slot(self.0, &self.1, &self.2, &self.3);
            }
        }
    }
    let _finish = Finish(slot, src.clone(), dst.clone(), primaries.clone());
    let move_keys = move |batches: usize, pause: Duration| {
        for _ in 0..batches {
            let batch = cli(src.port, &["CLUSTER", "GETKEYSINSLOT", &slot.to_string(), "20"]);
            let keys: Vec<&str> = batch.lines().filter(|l| !l.is_empty()).collect();
            if keys.is_empty() {
                return;
            }
            let port = dst.port.to_string();
            let mut args = vec!["MIGRATE", "127.0.0.1", &port, "", "0", "5000", "KEYS"];
            args.extend(keys);
            assert_eq!(cli(src.port, &args), "OK");
            std::thread::sleep(pause);
        }
    };
    let mover = move_keys.clone();
    tokio::task::spawn_blocking(move || mover(10, Duration::ZERO)).await.expect("first half");
    let started = Arc::new(AtomicBool::new(false));
    let go = started.clone();
    let mover = move_keys.clone();
    let migration = tokio::task::spawn_blocking(move || {
        while !go.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(1));
        }
        mover(10, Duration::from_millis(20));
    });
    let kick = |step: usize| {
        if step == 5 {
            started.store(true, Ordering::Relaxed);
        }
    };
    let pattern = format!("*{}*", key("scanmig"));
    let (seen, steps) = scan_all(&client, &pattern, 20, Some(&kick)).await;
    migration.await.expect("migration");
    let (s, t, p) = (last.clone(), first.clone(), primaries.clone());
    tokio::task::spawn_blocking(move || migrate_slot(slot, &s, &t, &p)).await.expect("finish the migration");
    assert_eq!(owner_of(slot), first.port, "the slot moved");
    let seen: BTreeSet<String> = seen.into_iter().collect();
    let missing: Vec<&String> = moving.iter().chain(&spread).filter(|k| !seen.contains(*k)).collect();
    assert!(missing.is_empty(), "{} keys missed (of {}), first {:?}", missing.len(), moving.len() + spread.len(), &missing[..missing.len().min(5)]);
    eprintln!("scan across the migration of slot {slot}: {steps} steps, {} keys", seen.len());
    let (s, t, p) = (last.clone(), first.clone(), primaries.clone());
    tokio::task::spawn_blocking(move || migrate_slot(slot, &t, &s, &p)).await.expect("migrate back");
    let mut del = Cmd::new("DEL");
    for k in moving.iter() {
        del = del.arg(k.clone());
    }
    client.send(del).await.expect("cleanup");
    send_all(&client, spread.iter().map(|k| Cmd::new("DEL").arg(k.clone())).collect(), 500).await;
}

/// What a load worker saw.
#[derive(Default)]
struct Tally {
    ok: AtomicU64,
    errors: parking_lot::Mutex<Vec<String>>,
}

impl Tally {
    fn error(&self, what: String) {
        self.errors.lock().push(what);
    }
    fn report(&self) -> (u64, Vec<String>) {
        (self.ok.load(Ordering::Relaxed), self.errors.lock().clone())
    }
}

/// Moves `slot` with its keys from one primary to another (redis-cli), in
/// batches with pauses so that clients meet ASK for a while, then MOVED.
fn migrate_slot(slot: u16, from: &ClusterNode, to: &ClusterNode, primaries: &[ClusterNode]) {
    let s = slot.to_string();
    assert_eq!(cli(to.port, &["CLUSTER", "SETSLOT", &s, "IMPORTING", &from.id]), "OK");
    assert_eq!(cli(from.port, &["CLUSTER", "SETSLOT", &s, "MIGRATING", &to.id]), "OK");
    loop {
        let batch = cli(from.port, &["CLUSTER", "GETKEYSINSLOT", &s, "40"]);
        let keys: Vec<&str> = batch.lines().filter(|l| !l.is_empty()).collect();
        if keys.is_empty() {
            break;
        }
        let port = to.port.to_string();
        let mut args = vec!["MIGRATE", "127.0.0.1", &port, "", "0", "5000", "KEYS"];
        args.extend(keys);
        assert_eq!(cli(from.port, &args), "OK");
        std::thread::sleep(Duration::from_millis(30));
    }
    assert_eq!(cli(to.port, &["CLUSTER", "SETSLOT", &s, "NODE", &to.id]), "OK");
    assert_eq!(cli(from.port, &["CLUSTER", "SETSLOT", &s, "NODE", &to.id]), "OK");
    for p in primaries.iter().filter(|p| p.port != from.port && p.port != to.port) {
        cli(p.port, &["CLUSTER", "SETSLOT", &s, "NODE", &to.id]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_slot_migration_under_load_fails_no_request() {
    let _lock = exclusive().await;
    let _restore = Restore;
    let client = connect(5000).await;
    let tag = key("mig");
    let slot = slot_of(&tag);
    let primaries = cluster_primaries();
    let source = primaries.iter().find(|p| p.serves(slot)).expect("owner").clone();
    let target = primaries.iter().find(|p| p.port != source.port).expect("another primary").clone();
    let keys: Vec<String> = (0..200).map(|i| format!("{{{tag}}}:k{i}")).collect();
    let counter = format!("{{{tag}}}:counter");
    let tx_counter = format!("{{{tag}}}:tx");
    let mut mset = Cmd::new("MSET").arg(counter.clone()).arg("0").arg(tx_counter.clone()).arg("0");
    for k in &keys {
        mset = mset.arg(k.clone()).arg("0");
    }
    client.send(mset).await.expect("mset");
    let asking_before = calls(target.port, "asking") + calls(source.port, "asking");

    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Tally::default());
    let incrs = Arc::new(AtomicU64::new(0));
    let txs = Arc::new(AtomicU64::new(0));
    let mut workers = JoinSet::new();
    // Writers then readers of their own keys: every read sees its write.
    for w in 0..3 {
        let (c, stop, tally) = (client.clone(), stop.clone(), tally.clone());
        let mine: Vec<String> = keys.iter().skip(w).step_by(3).cloned().collect();
        workers.spawn(async move {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let k = &mine[(n as usize) % mine.len()];
                n += 1;
                match c.send(set(k, n)).await {
                    Ok(_) => match c.send(get(k)).await {
                        Ok(v) if v == bulk(n) => tally.ok.fetch_add(2, Ordering::Relaxed),
                        Ok(v) => return tally.error(format!("GET {k} = {v:?}, wrote {n}")),
                        Err(e) => return tally.error(format!("GET {k}: {e}")),
                    },
                    Err(e) => return tally.error(format!("SET {k}: {e}")),
                };
            }
        });
    }
    {
        let (c, stop, tally, incrs, counter) = (client.clone(), stop.clone(), tally.clone(), incrs.clone(), counter.clone());
        workers.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                match c.send(Cmd::new("INCR").arg(counter.clone())).await {
                    Ok(_) => incrs.fetch_add(1, Ordering::Relaxed),
                    Err(e) => return tally.error(format!("INCR: {e}")),
                };
            }
        });
    }
    {
        // Multi-key reads of the slot meet TRYAGAIN while its keys are split.
        let (c, stop, tally) = (client.clone(), stop.clone(), tally.clone());
        let some: Vec<String> = keys.iter().step_by(20).cloned().collect();
        workers.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let mut mget = Cmd::new("MGET");
                for k in &some {
                    mget = mget.arg(k.clone());
                }
                match c.send(mget).await {
                    Ok(Value::Array(v)) if v.len() == some.len() => tally.ok.fetch_add(1, Ordering::Relaxed),
                    Ok(v) => return tally.error(format!("MGET: {v:?}")),
                    Err(e) => return tally.error(format!("MGET: {e}")),
                };
            }
        });
    }
    {
        // Transactions on the slot: redirected whole when refused at queue time.
        let (c, stop, tally, txs, tx_counter) = (client.clone(), stop.clone(), tally.clone(), txs.clone(), tx_counter.clone());
        let probe = keys[0].clone();
        workers.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let cmds = vec![Cmd::new("INCR").arg(tx_counter.clone()), get(&probe)];
                match c.batch(cmds, true, RequestOptions::default()).await {
                    Ok(Value::Array(v)) if v.len() == 2 => txs.fetch_add(1, Ordering::Relaxed),
                    Ok(v) => return tally.error(format!("transaction: {v:?}")),
                    Err(e) => return tally.error(format!("transaction: {e}")),
                };
            }
        });
    }

    tokio::time::sleep(Duration::from_millis(300)).await;
    let (s, t, p) = (source.clone(), target.clone(), primaries.clone());
    let moved = Instant::now();
    tokio::task::spawn_blocking(move || migrate_slot(slot, &s, &t, &p)).await.expect("migrate there");
    let first = moved.elapsed();
    let asking_after = calls(target.port, "asking") + calls(source.port, "asking");
    assert_eq!(owner_of(slot), target.port, "the slot moved");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (s, t, p) = (source.clone(), target.clone(), primaries.clone());
    tokio::task::spawn_blocking(move || migrate_slot(slot, &t, &s, &p)).await.expect("migrate back");
    assert_eq!(owner_of(slot), source.port, "the slot moved back");
    tokio::time::sleep(Duration::from_millis(500)).await;
    stop.store(true, Ordering::Relaxed);
    while workers.join_next().await.is_some() {}

    let (ok, errors) = tally.report();
    assert!(errors.is_empty(), "{} failed requests during the migrations, first: {:?}", errors.len(), &errors[..errors.len().min(5)]);
    let (incrs, txs) = (incrs.load(Ordering::Relaxed), txs.load(Ordering::Relaxed));
    assert!(ok > 200 && incrs > 20 && txs > 20, "too little load: {ok} ops, {incrs} INCR, {txs} transactions");
    assert!(asking_after > asking_before, "no request met ASK during the migration");
    // No write was lost or applied twice.
    assert_eq!(cli(source.port, &["GET", &counter]), incrs.to_string());
    assert_eq!(cli(source.port, &["GET", &tx_counter]), txs.to_string());
    eprintln!(
        "migration of slot {slot} ({} -> {}) took {first:?}; {ok} ops + {incrs} INCR + {txs} transactions, 0 errors, {} ASKING",
        source.port,
        target.port,
        asking_after - asking_before
    );
    let mut del = Cmd::new("DEL").arg(counter).arg(tx_counter);
    for k in &keys {
        del = del.arg(k.clone());
    }
    client.send(del).await.expect("cleanup");
}

/// Workers pinned to each shard by a hash tag, counting per shard.
struct ShardLoad {
    stop: Arc<AtomicBool>,
    tallies: HashMap<u16, Arc<Tally>>,
    /// ms since `epoch` of each shard's last success.
    last_ok: HashMap<u16, Arc<AtomicU64>>,
    /// ms since `epoch` of each shard's first error, and of its first
    /// success after that error (0: none yet).
    first_error: HashMap<u16, Arc<AtomicU64>>,
    back_after_error: HashMap<u16, Arc<AtomicU64>>,
    epoch: Instant,
    workers: JoinSet<()>,
}

impl ShardLoad {
    fn start(client: &Client, primaries: &[ClusterNode], salt: &str, timeout: Duration) -> ShardLoad {
        let stop = Arc::new(AtomicBool::new(false));
        let epoch = Instant::now();
        let mut load = ShardLoad {
            stop: stop.clone(),
            tallies: HashMap::new(),
            last_ok: HashMap::new(),
            first_error: HashMap::new(),
            back_after_error: HashMap::new(),
            epoch,
            workers: JoinSet::new(),
        };
        for p in primaries {
            let tag = tag_on(primaries, p.port, salt);
            let tally = Arc::new(Tally::default());
            let last_ok = Arc::new(AtomicU64::new(0));
            let first_error = Arc::new(AtomicU64::new(0));
            let back = Arc::new(AtomicU64::new(0));
            load.tallies.insert(p.port, tally.clone());
            load.last_ok.insert(p.port, last_ok.clone());
            load.first_error.insert(p.port, first_error.clone());
            load.back_after_error.insert(p.port, back.clone());
            for w in 0..2 {
                let (c, stop, tally, last_ok) = (client.clone(), stop.clone(), tally.clone(), last_ok.clone());
                let (first_error, back) = (first_error.clone(), back.clone());
                let k = format!("{{{tag}}}:w{w}");
                let options = RequestOptions { route: Route::Auto, timeout: Some(timeout), ..Default::default() };
                load.workers.spawn(async move {
                    let mut n = 0u64;
                    while !stop.load(Ordering::Relaxed) {
                        n += 1;
                        let result = match c.send_with(set(&k, n), options.clone()).await {
                            Ok(_) => c.send_with(get(&k), options.clone()).await,
                            Err(e) => Err(e),
                        };
                        match result {
                            Ok(v) if v == bulk(n) => {
                                tally.ok.fetch_add(1, Ordering::Relaxed);
                                let now = (epoch.elapsed().as_millis() as u64).max(1);
                                last_ok.store(now, Ordering::Relaxed);
                                if first_error.load(Ordering::Relaxed) != 0 {
                                    let _ = back.compare_exchange(0, now, Ordering::Relaxed, Ordering::Relaxed);
                                }
                            }
                            Ok(v) => tally.error(format!("{k}: read {v:?} after writing {n}")),
                            Err(e) => {
                                let now = (epoch.elapsed().as_millis() as u64).max(1);
                                let _ = first_error.compare_exchange(0, now, Ordering::Relaxed, Ordering::Relaxed);
                                tally.error(format!("{k}: {e}"));
                                // Failing fast must not spin the machine.
                                tokio::time::sleep(Duration::from_millis(10)).await;
                            }
                        }
                    }
                });
            }
        }
        load
    }

    async fn stop(mut self) -> HashMap<u16, (u64, Vec<String>)> {
        self.stop.store(true, Ordering::Relaxed);
        while self.workers.join_next().await.is_some() {}
        self.tallies.iter().map(|(p, t)| (*p, t.report())).collect()
    }
}

/// Waits for an event matching `pred`, up to `within`.
async fn wait_event(
    events: &mut tokio::sync::broadcast::Receiver<proto::Event>,
    within: Duration,
    pred: impl Fn(&proto::Event) -> bool,
) -> Option<proto::Event> {
    let until = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(until, events.recv()).await {
            Ok(Ok(e)) if pred(&e) => return Some(e),
            Ok(Ok(_)) | Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => {}
            _ => return None,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_primary_fails_over_and_other_shards_never_notice() {
    let _lock = exclusive().await;
    let _restore = Restore;
    let client = connect(1000).await;
    let mut events = client.events();
    let primaries = cluster_primaries();
    assert_eq!(primaries.len(), 3);
    let victim = primaries[1].clone();
    let load = ShardLoad::start(&client, &primaries, "kill", Duration::from_millis(1000));
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Watch the victim's replica to tell the cluster's failover time from
    // the client's reaction to it.
    let replica = cluster_nodes()
        .into_iter()
        .find(|n| n.primary_id.as_deref() == Some(victim.id.as_str()))
        .expect("the victim's replica")
        .port;
    let epoch = load.epoch;
    let promoted = tokio::task::spawn_blocking(move || {
        let until = Instant::now() + Duration::from_secs(30);
        while Instant::now() < until {
            if cli_timeout(replica, &["ROLE"], 2).starts_with("master") {
                return Some(epoch.elapsed().as_millis() as u64);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        None
    });
    let killed_at = load.epoch.elapsed().as_millis() as u64;
    let port = victim.port;
    tokio::task::spawn_blocking(move || kill_node(port)).await.expect("kill");
    // Wait until the victim's shard has taken writes again for a while.
    let deadline = Instant::now() + Duration::from_secs(30);
    while load.back_after_error[&victim.port].load(Ordering::Relaxed) == 0
        || load.last_ok[&victim.port].load(Ordering::Relaxed) < load.back_after_error[&victim.port].load(Ordering::Relaxed) + 1000
    {
        assert!(Instant::now() < deadline, "writes to the failed shard did not resume within 30 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let back = load.back_after_error[&victim.port].load(Ordering::Relaxed);
    let resumed_after = back.saturating_sub(killed_at);
    let promoted_after = promoted.await.expect("watcher").map(|t| t.saturating_sub(killed_at));
    let noticed_after = load.first_error[&victim.port].load(Ordering::Relaxed).saturating_sub(killed_at);
    let report = load.stop().await;

    for p in primaries.iter().filter(|p| p.port != victim.port) {
        let (ok, errors) = &report[&p.port];
        assert!(errors.is_empty(), "shard of {} saw {} errors during the failover: {:?}", p.port, errors.len(), &errors[..errors.len().min(3)]);
        assert!(*ok > 50, "shard of {} served only {ok}", p.port);
    }
    let (_, victim_errors) = &report[&victim.port];
    // The replica took over; the client followed without being recreated.
    let now = cluster_primaries();
    let heir = now.iter().find(|n| victim.ranges.iter().all(|&(a, _)| n.serves(a))).expect("a new primary");
    assert_ne!(heir.port, victim.port);
    let tag = tag_on(&now, heir.port, "kill");
    assert!(!cli(heir.port, &["GET", &format!("{{{tag}}}:w0")]).is_empty(), "writes went to the new primary");
    let changed = wait_event(&mut events, Duration::from_secs(5), |e| {
        e.kind == EventKind::PrimaryChanged as i32 && e.from == format!("127.0.0.1:{}", victim.port)
    })
    .await;
    let changed = changed.expect("a PrimaryChanged event from the killed primary");
    assert_eq!(changed.to, format!("127.0.0.1:{}", heir.port));
    assert!(resumed_after < 20_000, "writes resumed only after {resumed_after} ms");
    assert_eq!(heir.port, replica, "its replica took over");
    eprintln!(
        "SIGKILL {}: first error {noticed_after} ms after the kill; {} promoted after {promoted_after:?} ms; \
         writes resumed {resumed_after} ms after the kill; {} errors on its shard (first: {:?}), 0 on the other shards",
        victim.port,
        heir.port,
        victim_errors.len(),
        victim_errors.first(),
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopped_primary_times_out_at_the_deadline_and_spares_other_shards() {
    let _lock = exclusive().await;
    let _restore = Restore;
    let client = connect(250).await;
    let primaries = cluster_primaries();
    let victim = primaries[0].clone();
    let victim_key = format!("{{{}}}:k", tag_on(&primaries, victim.port, "stop"));
    client.send(set(&victim_key, 1)).await.expect("warm up");
    let others: Vec<ClusterNode> = primaries.iter().filter(|p| p.port != victim.port).cloned().collect();
    let load = ShardLoad::start(&client, &others, "stop", Duration::from_millis(1000));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let ok_before: u64 = load.tallies.values().map(|t| t.ok.load(Ordering::Relaxed)).sum();

    sigstop(victim.port);
    let _resume = Resume(victim.port);
    let stopped = Instant::now();
    // Two rounds of 20 concurrent requests with the default 250 ms
    // deadline: each ends with TimeoutError right at its deadline. (The
    // node stays stopped well under cluster-node-timeout, so no failover.)
    let mut worst = Duration::ZERO;
    for _ in 0..2 {
        let mut round = JoinSet::new();
        for i in 0..20 {
            let c = client.clone();
            let cmd = if i % 2 == 0 { get(&victim_key) } else { set(&victim_key, i) };
            round.spawn(async move {
                let t = Instant::now();
                (c.send(cmd).await, t.elapsed())
            });
        }
        while let Some(joined) = round.join_next().await {
            let (result, took) = joined.expect("task");
            let err = result.expect_err("a stopped primary cannot answer");
            assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
            assert!(took >= Duration::from_millis(249), "ended early: {took:?}");
            worst = worst.max(took);
        }
    }
    let stop_window = stopped.elapsed();
    sigcont(victim.port);
    let ok_during: u64 = load.tallies.values().map(|t| t.ok.load(Ordering::Relaxed)).sum::<u64>() - ok_before;
    let report = load.stop().await;
    // Never early (above), never long after: timings belong to the benchmarks.
    assert!(worst <= Duration::from_millis(250) + Duration::from_secs(1), "deadline overshot: {worst:?}");
    for (port, (_, errors)) in &report {
        assert!(errors.is_empty(), "shard of {port} saw errors while {} was stopped: {:?}", victim.port, &errors[..errors.len().min(3)]);
    }
    assert!(ok_during > 50, "other shards served only {ok_during} requests in {stop_window:?}");
    // The resumed node serves again.
    let until = Instant::now() + Duration::from_secs(10);
    while client.send(get(&victim_key)).await.is_err() {
        assert!(Instant::now() < until, "the resumed shard did not recover");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!("SIGSTOP {}: worst timeout {worst:?} (deadline 250 ms); other shards {ok_during} ok in {stop_window:?}", victim.port);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manual_failover_under_load_fails_no_request() {
    let _lock = exclusive().await;
    let _restore = Restore;
    let client = connect(2000).await;
    let mut events = client.events();
    let nodes = cluster_nodes();
    let primaries = cluster_primaries();
    let old = primaries[2].clone();
    let heir = nodes.iter().find(|n| n.primary_id.as_deref() == Some(old.id.as_str()) && !n.failed).expect("a replica").clone();
    let load = ShardLoad::start(&client, &primaries, "manual", Duration::from_millis(2000));
    tokio::time::sleep(Duration::from_millis(300)).await;
    cluster_manual_failover(heir.port).await;
    let switched = load.epoch.elapsed().as_millis() as u64;
    let until = Instant::now() + Duration::from_secs(10);
    while load.last_ok[&old.port].load(Ordering::Relaxed) < switched + 1000 {
        assert!(Instant::now() < until, "the failed-over shard stopped taking writes");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let report = load.stop().await;
    for (port, (ok, errors)) in &report {
        assert!(errors.is_empty(), "shard of {port}: {} errors during CLUSTER FAILOVER: {:?}", errors.len(), &errors[..errors.len().min(3)]);
        assert!(*ok > 20, "shard of {port} served only {ok}");
    }
    let changed = wait_event(&mut events, Duration::from_secs(5), |e| {
        e.kind == EventKind::PrimaryChanged as i32 && e.to == format!("127.0.0.1:{}", heir.port)
    })
    .await;
    assert!(changed.is_some(), "no PrimaryChanged event to {}", heir.port);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_follow_the_read_strategy_and_writes_the_primary() {
    let _lock = exclusive().await;
    let mut config = cluster_config(&[7000]);
    config.read_from = "prefer_replica".into();
    config.request_timeout_ms = Some(2000);
    let client = Client::connect(config).await.expect("connect");
    // Replica connections come up in the background.
    let until = Instant::now() + Duration::from_secs(10);
    while client.nodes().iter().filter(|n| n.stats.connected).count() < 6 {
        assert!(Instant::now() < until, "{:?}", client.nodes());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let nodes = cluster_nodes();
    let before: HashMap<u16, (u64, u64)> = nodes.iter().map(|n| (n.port, (calls(n.port, "strlen"), calls(n.port, "append")))).collect();
    let keys = keys("reads", 60);
    for k in &keys {
        client.send(Cmd::new("STRLEN").arg(k.clone())).await.expect("read");
        client.send(Cmd::new("APPEND").arg(k.clone()).arg("x")).await.expect("write");
    }
    // (A replica's APPEND count grows too: it applies its primary's stream.)
    let (mut replica_reads, mut primary_writes) = (0, 0);
    for n in &nodes {
        let (strlen, append) = (calls(n.port, "strlen") - before[&n.port].0, calls(n.port, "append") - before[&n.port].1);
        if n.primary {
            assert_eq!(strlen, 0, "primary {} served reads", n.port);
            assert!(append > 0, "primary {} took no writes", n.port);
            primary_writes += append;
        } else {
            replica_reads += strlen;
        }
    }
    assert_eq!((replica_reads, primary_writes), (60, 60));
    let views = client.nodes();
    assert_eq!(views.iter().filter(|v| v.role == haven_core::NodeRole::Primary).count(), 3);
    assert_eq!(views.iter().filter(|v| v.role == haven_core::NodeRole::Replica).count(), 3);
    let mut del = Cmd::new("DEL");
    for k in &keys {
        del = del.arg(k.clone());
    }
    client.send(del).await.expect("cleanup");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routes_and_bad_input_are_named() {
    let _lock = exclusive().await;
    let client = connect(2000).await;
    let nodes = cluster_nodes();
    // A key-less command with a slot-key route runs on that slot's primary.
    let tag = key("route");
    let owner = owner_of(slot_of(&tag));
    let owner_id = nodes.iter().find(|n| n.port == owner).expect("owner").id.clone();
    let slot_route = Route::Slot { slot: slot_of(&tag), replica_ok: false };
    let id = client
        .send_with(Cmd::new("CLUSTER").arg("MYID"), RequestOptions { route: slot_route, timeout: None, ..Default::default() })
        .await
        .expect("myid on the slot's primary");
    assert_eq!(id, bulk(&owner_id));
    // An address route reaches exactly that node, replica included.
    let replica = nodes.iter().find(|n| !n.primary && !n.failed).expect("a replica");
    let role = client
        .send_with(Cmd::new("ROLE"), RequestOptions { route: Route::Address(format!("127.0.0.1:{}", replica.port)), timeout: None, ..Default::default() })
        .await
        .expect("role");
    assert!(matches!(role, Value::Array(ref r) if r.first().and_then(Value::as_str) == Some("slave")), "{role:?}");
    // An address that is no node of the cluster is named, with the nodes.
    let err = client
        .send_with(Cmd::new("GET").arg("k"), RequestOptions { route: Route::Address("127.0.0.1:1".into()), timeout: None, ..Default::default() })
        .await
        .expect_err("unknown node");
    assert_eq!(err.kind(), ErrorKind::Config, "{err}");
    assert!(err.message().contains("127.0.0.1:1 is not a node of this cluster") && err.message().contains("127.0.0.1:700"), "{err}");
    let err = client
        .send_with(Cmd::new("GET").arg("k"), RequestOptions { route: Route::Address("nonsense".into()), timeout: None, ..Default::default() })
        .await
        .expect_err("bad address");
    assert!(err.message().starts_with("route.address"), "{err}");
    // Batches cannot fan out.
    let err = client
        .batch(vec![Cmd::new("PING")], false, RequestOptions { route: Route::AllNodes, timeout: None, ..Default::default() })
        .await
        .expect_err("fan-out batch");
    assert_eq!(err.kind(), ErrorKind::Config);

    // Bad cluster configuration is named at creation.
    let mut bad = cluster_config(&[7000]);
    if let Some(proto::client_config::Deployment::Cluster(c)) = bad.deployment.as_mut() {
        c.max_redirects = Some(-1);
    }
    let err = Client::connect(bad).await.expect_err("negative max_redirects");
    assert!(err.message().starts_with("cluster.max_redirects"), "{err}");
    servers("standalone");
    let err = Client::connect(cluster_config(&[6400])).await.expect_err("a standalone seed");
    assert_eq!(err.kind(), ErrorKind::Config, "{err}");
    assert!(err.message().contains("not a cluster node") && err.message().contains("127.0.0.1:6400"), "{err}");
    let err = Client::connect(cluster_config(&[1])).await.expect_err("no seed answers");
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert!(err.message().starts_with("cluster.seeds"), "{err}");

    // Redirects are followed up to max_redirects: with 0, a stale route
    // (a slot-key route to the wrong slot) ends in a ClusterError that
    // names the command and the redirect.
    let mut strict = cluster_config(&[7000]);
    if let Some(proto::client_config::Deployment::Cluster(c)) = strict.deployment.as_mut() {
        c.max_redirects = Some(0);
    }
    let strict = Client::connect(strict).await.expect("connect");
    let k = format!("{{{tag}}}:x");
    let primaries = cluster_primaries();
    let other = primaries.iter().find(|p| p.port != owner).expect("another primary");
    let elsewhere = other.ranges[0].0;
    let err = strict
        .send_with(get(&k), RequestOptions { route: Route::Slot { slot: elsewhere, replica_ok: false }, timeout: None, ..Default::default() })
        .await
        .expect_err("a redirect with max_redirects 0");
    assert_eq!(err.kind(), ErrorKind::Cluster, "{err}");
    assert!(err.message().starts_with("GET: gave up after 0 redirects") && err.message().contains("MOVED"), "{err}");
    // The default client follows the same redirect.
    let reply = client
        .send_with(get(&k), RequestOptions { route: Route::Slot { slot: elsewhere, replica_ok: false }, timeout: None, ..Default::default() })
        .await
        .expect("followed");
    assert_eq!(reply, Value::Nil);
}
