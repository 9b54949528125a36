//! The shared connection stays clean: blocking commands run on dedicated
//! connections (other callers never wait behind them), their deadlines come
//! from their own timeouts and cancelling one leaves the server's data
//! alone; connection-state commands are refused with the API to use;
//! WATCH sessions give exact optimistic transactions on standalone and
//! cluster, and end clearly on a failover; every request ends even when the
//! engine panics; the in-flight limit holds against a stopped node; deep
//! replies arrive whole.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use haven_core::{proto, Client, Cmd, ErrorKind, RequestOptions, Value};
use prost::Message;
use support::*;

async fn connect(config: proto::ClientConfig) -> Client {
    Client::connect(config).await.expect("connect")
}

fn cmd(parts: &[&str]) -> Cmd {
    parts.iter().map(|p| Bytes::from(p.to_string())).collect()
}

/// A GET storm of `tasks` callers for `run`; returns (ok, errors, slowest).
async fn get_storm(client: &Client, tasks: usize, run: Duration) -> (u64, Vec<String>, Duration) {
    let until = Instant::now() + run;
    let mut handles = Vec::new();
    for t in 0..tasks {
        let client = client.clone();
        handles.push(tokio::spawn(async move {
            let (mut ok, mut errors, mut slowest) = (0u64, Vec::new(), Duration::ZERO);
            while Instant::now() < until {
                let started = Instant::now();
                match client.send(cmd(&["GET", &format!("storm:{t}")])).await {
                    Ok(_) => ok += 1,
                    Err(e) => errors.push(e.to_string()),
                }
                slowest = slowest.max(started.elapsed());
            }
            (ok, errors, slowest)
        }));
    }
    let (mut ok, mut errors, mut slowest) = (0, Vec::new(), Duration::ZERO);
    for h in handles {
        let (o, e, s) = h.await.expect("task");
        ok += o;
        errors.extend(e);
        slowest = slowest.max(s);
    }
    (ok, errors, slowest)
}

#[tokio::test]
async fn gets_beside_blpop_and_xreadgroup_block_never_wait_for_them() {
    servers("standalone");
    let client = connect(standalone(&[6400])).await;
    let (q, stream) = (key("blq"), key("bls"));
    client.send(cmd(&["XGROUP", "CREATE", &stream, "g", "$", "MKSTREAM"])).await.expect("group");
    let blpop = {
        let client = client.clone();
        let q = q.clone();
        tokio::spawn(async move { client.send(cmd(&["BLPOP", &q, "2"])).await })
    };
    let xread = {
        let client = client.clone();
        let stream = stream.clone();
        tokio::spawn(async move {
            client.send(cmd(&["XREADGROUP", "GROUP", "g", "c", "BLOCK", "2000", "STREAMS", &stream, ">"])).await
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (ok, errors, slowest) = get_storm(&client, 50, Duration::from_millis(1500)).await;
    assert!(errors.is_empty(), "{} GETs failed beside the blocking commands, e.g. {:?}", errors.len(), errors.first());
    assert!(ok > 500, "only {ok} GETs in 1.5 s beside the blocking commands");
    // Each GET had the default 250 ms deadline and none failed: none waited
    // for the blocked connection (that would take the 2 s of the BLPOP).
    // (No GET failed, so none outlived its 250 ms deadline; the slowest as
    // measured here also counts the test's own scheduling.)
    assert!(slowest < Duration::from_secs(1), "slowest GET {slowest:?}");
    assert_eq!(blpop.await.expect("task").expect("BLPOP timed out on the server"), Value::Nil);
    assert_eq!(xread.await.expect("task").expect("XREADGROUP timed out on the server"), Value::Nil);
    let node = &client.nodes()[0];
    assert!(node.stats.connected);
}

#[tokio::test]
async fn blpop_with_the_default_timeout_receives_an_element_pushed_later() {
    servers("standalone");
    let client = connect(standalone(&[6400])).await;
    let q = key("late-push");
    let pusher = {
        let q = q.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(600)).await;
            cli(6400, &["RPUSH", &q, "element"]);
        })
    };
    // Default request timeout 250 ms; the BLPOP's own 1 s is added to it.
    let reply = client.send(cmd(&["BLPOP", &q, "1"])).await.expect("BLPOP must wait for its own timeout");
    pusher.await.expect("pusher");
    assert_eq!(reply, Value::Array(vec![Value::BulkString(q.clone().into()), Value::BulkString("element".into())]));
}

#[tokio::test]
async fn a_blpop_given_up_leaves_a_later_element_in_the_list() {
    servers("standalone");
    let client = connect(standalone(&[6400])).await;
    let mut events = client.events();
    // By the caller's deadline: a 300 ms timeout on a BLPOP that would wait forever.
    let q = key("given-up");
    let options = RequestOptions { timeout: Some(Duration::from_millis(300)), ..Default::default() };
    let err = client.send_with(cmd(&["BLPOP", &q, "0"]), options).await.expect_err("deadline");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    tokio::time::sleep(Duration::from_millis(300)).await; // the engine unblocks it
    cli(6400, &["RPUSH", &q, "kept"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(cli(6400, &["LRANGE", &q, "0", "-1"]), "kept", "the element was taken by a BLPOP nobody waits for");

    // By cancellation through the shims' entry.
    let q = key("cancelled");
    let request = proto::CommandRequest {
        id: 77,
        body: Some(proto::command_request::Body::Command(proto::Command {
            args: vec![Bytes::from_static(b"BLPOP"), Bytes::from(q.clone()), Bytes::from_static(b"0")],
        })),
        ..Default::default()
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    client.submit(&request.encode_to_vec(), move |bytes| {
        let _ = tx.send(bytes);
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    client.cancel(77);
    let response = proto::Response::decode(rx.await.expect("completed once").as_slice()).expect("response");
    assert!(matches!(response.result, Some(proto::response::Result::Error(_))), "{response:?}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    cli(6400, &["RPUSH", &q, "kept"]);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(cli(6400, &["LRANGE", &q, "0", "-1"]), "kept");
    // Nothing was taken, so nothing was reported as orphaned.
    while let Ok(e) = events.try_recv() {
        assert_ne!(e.kind, proto::EventKind::OrphanedReply as i32, "{e:?}");
    }
}

#[tokio::test]
async fn connection_state_commands_are_refused_and_others_unaffected() {
    servers("standalone");
    let client = connect(standalone(&[6400])).await;
    let k = key("db0");
    client.send(cmd(&["SET", &k, "zero"])).await.expect("set");
    for parts in [vec!["SELECT", "1"], vec!["MULTI"], vec!["WATCH", "x"], vec!["SUBSCRIBE", "c"], vec!["CLIENT", "TRACKING", "on"]] {
        let err = client.send(cmd(&parts)).await.expect_err("refused");
        assert_eq!(err.kind(), ErrorKind::Config, "{parts:?}: {err}");
        assert!(err.message().contains("not sent"), "{err}");
    }
    let err = client.batch(vec![cmd(&["SELECT", "1"]), cmd(&["GET", &k])], false, Default::default()).await;
    assert_eq!(err.expect_err("refused in a batch too").kind(), ErrorKind::Config);
    assert_eq!(client.send(cmd(&["GET", &k])).await.expect("get"), Value::BulkString("zero".into()));
    // In a session, SELECT is the caller's own business.
    let session = client.open_session().expect("session");
    let in_session = RequestOptions { session: Some(session), ..Default::default() };
    client.send_with(cmd(&["SELECT", "1"]), in_session.clone()).await.expect("select in a session");
    assert_eq!(client.send_with(cmd(&["GET", &k]), in_session).await.expect("get"), Value::Nil);
    client.close_session(session);
    assert_eq!(client.send(cmd(&["GET", &k])).await.expect("get"), Value::BulkString("zero".into()));
}

/// `tasks` x `each` WATCH-guarded increments of `counter`; returns the
/// WatchErrors retried.
async fn watched_increments(client: &Client, counter: &str, tasks: usize, each: usize) -> u64 {
    let retries = Arc::new(AtomicU64::new(0));
    let mut handles = Vec::new();
    for _ in 0..tasks {
        let (client, counter, retries) = (client.clone(), counter.to_string(), retries.clone());
        handles.push(tokio::spawn(async move {
            let long = Some(Duration::from_secs(5));
            for _ in 0..each {
                loop {
                    let session = client.open_session().expect("session");
                    let on = RequestOptions { session: Some(session), timeout: long, ..Default::default() };
                    client.send_with(cmd(&["WATCH", &counter]), on.clone()).await.expect("watch");
                    let now = client.send_with(cmd(&["GET", &counter]), on.clone()).await.expect("get");
                    let n: i64 = now.as_int().unwrap_or(0);
                    let body = vec![cmd(&["SET", &counter, &(n + 1).to_string()])];
                    let outcome = client.batch(body, true, on).await;
                    client.close_session(session);
                    match outcome {
                        Ok(_) => break,
                        Err(e) if e.kind() == ErrorKind::Watch => {
                            retries.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => panic!("transaction failed: {e}"),
                    }
                }
            }
        }));
    }
    for h in handles {
        h.await.expect("task");
    }
    retries.load(Ordering::Relaxed)
}

#[tokio::test]
async fn watch_guarded_increments_are_exact_on_standalone() {
    servers("standalone");
    let client = connect(standalone(&[6400])).await;
    let counter = key("watched");
    let retries = watched_increments(&client, &counter, 20, 25).await;
    println!("standalone: 500 increments, {retries} WatchError retries");
    assert_eq!(cli(6400, &["GET", &counter]), "500");
    assert!(retries > 0, "20 tasks on one key never conflicted: the WATCH did nothing?");
}

#[tokio::test]
async fn watch_guarded_increments_are_exact_on_a_cluster() {
    servers("cluster");
    let client = connect(cluster_config(&[7000, 7001, 7002])).await;
    let counter = format!("{{{}}}:watched", key("w"));
    let retries = watched_increments(&client, &counter, 20, 25).await;
    println!("cluster: 500 increments, {retries} WatchError retries");
    let reply = client.send(cmd(&["GET", &counter])).await.expect("get");
    assert_eq!(reply.as_int(), Some(500));
    assert!(retries > 0);
    // Keys of one session share a slot.
    let session = client.open_session().expect("session");
    let on = RequestOptions { session: Some(session), ..Default::default() };
    let err = client.send_with(cmd(&["WATCH", "{a}1", "{b}2"]), on).await.expect_err("cross-slot");
    assert_eq!(err.kind(), ErrorKind::Cluster, "{err}");
    client.close_session(session);
}

/// WAIT counts the replicas that have the writes of the connection it runs
/// on. In a pipelined batch after the writes it guards, it runs on the same
/// (dedicated) connection of the same node, also in a cluster where WAIT
/// has no key; and the batch's deadline includes WAIT's own timeout.
#[tokio::test]
async fn wait_in_a_batch_confirms_the_writes_before_it() {
    servers("cluster");
    // It counts WAIT calls per primary: no failover (the session test's)
    // may move the key's primary meanwhile.
    let _lock = fault_lock();
    let client = connect(proto::ClientConfig { request_timeout_ms: Some(250), ..cluster_config(&[7000, 7001, 7002]) }).await;
    let k = format!("{{{}}}:waited", key("wait"));
    let owner = owner_of(haven_core::engine::convert::key_slot(k.as_bytes()));
    let waits_before: u64 = cluster_primaries().iter().map(|n| calls(n.port, "wait")).sum();
    let on_owner_before = calls(owner, "wait");
    // 2 replicas asked, 1 exists: WAIT blocks its full 600 ms, past the
    // 250 ms request timeout, and answers 1.
    let reply = client
        .batch(vec![cmd(&["SET", &k, "v"]), cmd(&["WAIT", "2", "600"])], false, RequestOptions::default())
        .await
        .expect("SET + WAIT within the request timeout plus WAIT's own");
    let replies = reply.as_slice().expect("array").to_vec();
    assert_eq!(replies.len(), 2, "{replies:?}");
    assert!(replies[0].is_ok(), "{replies:?}");
    assert_eq!(replies[1].as_int(), Some(1), "the shard's one replica has the write: {replies:?}");
    assert_eq!(calls(owner, "wait"), on_owner_before + 1, "WAIT ran on the key's primary {owner}");
    let waits_after: u64 = cluster_primaries().iter().map(|n| calls(n.port, "wait")).sum();
    assert_eq!(waits_after, waits_before + 1, "and nowhere else");
    // The same on standalone with replicas: the write is on both. (WAIT
    // for both, with room: a replica started a moment ago may take a while
    // over its first acknowledgement.)
    servers("replicas");
    let client = connect(proto::ClientConfig { request_timeout_ms: Some(250), ..standalone(&[6410]) }).await;
    let reply = client
        .batch(vec![cmd(&["SET", &k, "w"]), cmd(&["WAIT", "2", "3000"])], false, RequestOptions::default())
        .await
        .expect("SET + WAIT on standalone");
    assert_eq!(reply.as_slice().and_then(|r| r[1].as_int()), Some(2), "{reply:?}");
    for replica in [6411, 6412] {
        assert_eq!(cli(replica, &["GET", &k]), "w", "replica {replica} has the write WAIT confirmed");
    }
}

#[tokio::test]
async fn a_failover_during_a_session_ends_it_clearly() {
    servers("cluster");
    let _lock = fault_lock();
    cluster_online().await;
    let client = connect(cluster_config(&[7000, 7001, 7002])).await;
    let k = format!("{{{}}}:fo", key("s"));
    let slot = haven_core::engine::convert::key_slot(k.as_bytes());
    let nodes = cluster_nodes();
    let old = nodes.iter().find(|n| n.primary && n.serves(slot)).expect("owner").clone();
    let heir = nodes.iter().find(|n| n.primary_id.as_deref() == Some(old.id.as_str()) && !n.failed).expect("replica").clone();
    let session = client.open_session().expect("session");
    let on = RequestOptions { session: Some(session), timeout: Some(Duration::from_secs(5)), ..Default::default() };
    client.send_with(cmd(&["WATCH", &k]), on.clone()).await.expect("watch");
    cluster_manual_failover(heir.port).await;
    let outcome = client.batch(vec![cmd(&["SET", &k, "after"])], true, on.clone()).await;
    let err = outcome.expect_err("the transaction must not run on the old primary");
    assert!(matches!(err.kind(), ErrorKind::Cluster | ErrorKind::Connection), "{err}");
    assert!(err.message().contains("session"), "{err}");
    // The session stays ended; a new one works on the new primary.
    assert!(client.send_with(cmd(&["GET", &k]), on).await.is_err());
    client.close_session(session);
    // A new session binds to the new primary once the client has learnt
    // the new topology (the redirect asked for it).
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let fresh = client.open_session().expect("session");
        let on = RequestOptions { session: Some(fresh), timeout: Some(Duration::from_secs(5)), ..Default::default() };
        let outcome = async {
            client.send_with(cmd(&["WATCH", &k]), on.clone()).await?;
            client.batch(vec![cmd(&["SET", &k, "after"])], true, on).await
        }
        .await;
        client.close_session(fresh);
        match outcome {
            Ok(_) => break,
            Err(e) => assert!(Instant::now() < until, "no session on the new primary: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(cli(heir.port, &["GET", &k]), "after");
    cluster_manual_failover(old.port).await;
}

#[tokio::test]
async fn a_stopped_node_holds_no_more_than_the_in_flight_limit() {
    servers("spare");
    let _lock = fault_lock();
    let mut config = standalone(&[6450]);
    config.inflight_limit = Some(1000);
    config.request_timeout_ms = Some(100);
    let client = connect(config).await;
    client.send(cmd(&["PING"])).await.expect("ping");
    sigstop(6450);
    let (mut timeouts, mut refused) = (0u32, 0u32);
    let mut peak = 0usize;
    for wave in 0..20 {
        let mut handles = Vec::new();
        for i in 0..500 {
            let client = client.clone();
            handles.push(tokio::spawn(async move { client.send(cmd(&["SET", &format!("stop:{wave}:{i}"), "v"])).await }));
        }
        for h in handles {
            match h.await.expect("task") {
                Err(e) if e.kind() == ErrorKind::Timeout => timeouts += 1,
                Err(e) if e.kind() == ErrorKind::Backpressure => refused += 1,
                other => panic!("a stopped node answered? {other:?}"),
            }
        }
        peak = peak.max(client.in_flight());
    }
    let held = client.in_flight();
    sigcont(6450);
    assert_eq!(timeouts + refused, 10_000);
    // Requests past their deadline still count while they sit in the
    // pipeline: the limit bounds what a stopped node can make us hold.
    assert!(peak <= 1000, "in flight {peak} > the limit");
    assert!(held > 0, "requests past their deadline no longer counted while still queued");
    assert!(refused >= 9_000 - 1000, "only {refused} refused: the queue grew past the limit");
    let until = Instant::now() + Duration::from_secs(10);
    while client.in_flight() > 0 && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(client.in_flight(), 0, "the permits came back once the node answered");
}

#[tokio::test]
async fn replies_nested_150_deep_arrive_whole() {
    servers("standalone");
    let client = connect(standalone(&[6400])).await;
    let script = "local t = {7} for i = 2, tonumber(ARGV[1]) do t = {t} end return t";
    let reply = client.send(cmd(&["EVAL", script, "0", "150"])).await.expect("deep reply");
    let (mut depth, mut v) = (0, reply);
    while let Value::Array(mut items) = v {
        depth += 1;
        v = items.pop().expect("one element");
    }
    assert_eq!((depth, v), (150, Value::Integer(7)));
}

/// Submits `request` with `Client::submit_here` from a thread of its own
/// (as a binding's thread does) and waits for the decoded Response.
fn submit_here_from_a_thread(client: &Client, request: proto::CommandRequest) -> proto::Response {
    let client = client.clone();
    std::thread::spawn(move || {
        let (tx, rx) = std::sync::mpsc::channel();
        client.submit_here(&request.encode_to_vec(), move |bytes| {
            let _ = tx.send(bytes);
        });
        let bytes = rx.recv_timeout(Duration::from_secs(10)).expect("answered, not hung");
        assert!(rx.recv_timeout(Duration::from_millis(50)).is_err(), "answered once");
        proto::Response::decode(bytes.as_slice()).expect("a Response")
    })
    .join()
    .expect("the caller's thread")
}

fn command_request(id: u64, args: &[&[u8]]) -> proto::CommandRequest {
    proto::CommandRequest {
        id,
        body: Some(proto::command_request::Body::Command(proto::Command {
            args: args.iter().map(|a| Bytes::copy_from_slice(a)).collect(),
        })),
        ..Default::default()
    }
}

/// A session's commands (which a shim may cancel by id) handed over
/// together, as a shim's batch is, keep their order: 20 INCRs on a session
/// see 1 to 20 in the order they were made, and a session released as soon
/// as they are started, or in the same batch after them, lets them run
/// first. (Spawned one task each, they
/// took the session in any order, after its release.)
#[test]
fn a_sessions_commands_started_together_run_in_order() {
    use haven_core::bridge::held::start_together;
    servers("standalone");
    let client = Client::connect_blocking(standalone(&[6400])).expect("connect");
    let k = key("session-order");
    for round in 0..20 {
        client.send_blocking(cmd(&["DEL", &k]), RequestOptions::default()).expect("DEL");
        let session = client.open_session().expect("session");
        let (tx, rx) = std::sync::mpsc::channel();
        // Released as soon as they are started (odd rounds), or in the same
        // hand-over (even rounds: an outbox drain's batch of requests and a
        // release).
        start_together(|| {
            for i in 1..=20u64 {
                let mut request = command_request(i, &[b"INCR", k.as_bytes()]);
                request.session = session;
                let tx = tx.clone();
                client.submit(&request.encode_to_vec(), move |b| drop(tx.send(b)));
            }
            if round % 2 == 0 {
                assert!(client.close_session(session));
            }
        });
        if round % 2 == 1 {
            assert!(client.close_session(session));
        }
        for _ in 0..20 {
            let bytes = rx.recv_timeout(Duration::from_secs(10)).expect("every request ends");
            let response = proto::Response::decode(bytes.as_slice()).expect("a Response");
            let value = match response.result {
                Some(proto::response::Result::Value(v)) => haven_core::engine::convert::value_from_proto(v),
                other => panic!("round {round}: INCR number {}: {other:?}", response.id),
            };
            assert_eq!(value, Value::Integer(response.id as i64), "round {round}: INCR number {}", response.id);
        }
    }
    client.close();
}

#[tokio::test]
async fn requests_started_on_the_callers_thread_end_once_with_their_own_replies() {
    servers("standalone");
    let client = connect(standalone(&[6400])).await;
    let k = key("here");
    // A value far larger than a socket buffer: the caller's direct write
    // hands the kernel a part, the connection's task writes the rest.
    let big: Vec<u8> = (0..8 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    let set = submit_here_from_a_thread(&client, command_request(1, &[b"SET", k.as_bytes(), &big]));
    assert_eq!(set.id, 1);
    assert!(matches!(set.result, Some(proto::response::Result::Value(_))), "{:?}", set.result);
    let got = client.send(cmd(&["GET", &k])).await.expect("GET");
    assert_eq!(got, Value::BulkString(Bytes::from(big)), "the 8 MiB value arrived whole");
    // Many threads at once, half their requests started on their own
    // thread: some find the connection idle and write it themselves, others
    // join the queue; every reply is the caller's own.
    let threads: Vec<_> = (0..8u64)
        .map(|t| {
            let client = client.clone();
            std::thread::spawn(move || {
                for i in 0..200u64 {
                    let value = format!("{t}-{i}");
                    let (tx, rx) = std::sync::mpsc::channel();
                    let request = command_request(i, &[b"ECHO", value.as_bytes()]).encode_to_vec();
                    if i % 2 == 0 {
                        client.submit_here(&request, move |b| drop(tx.send(b)));
                    } else {
                        client.submit(&request, move |b| drop(tx.send(b)));
                    }
                    let bytes = rx.recv_timeout(Duration::from_secs(10)).expect("answered");
                    let response = proto::Response::decode(bytes.as_slice()).expect("a Response");
                    assert_eq!(response.id, i);
                    let echoed = haven_core::engine::convert::value_from_proto(match response.result {
                        Some(proto::response::Result::Value(v)) => v,
                        other => panic!("ECHO {value}: {other:?}"),
                    });
                    assert_eq!(echoed, Value::BulkString(Bytes::from(value)));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a caller thread");
    }
    // An invalid request (no command) is answered on the caller's thread,
    // once, with its id.
    let bad = submit_here_from_a_thread(&client, command_request(7, &[]));
    assert_eq!(bad.id, 7);
    assert!(matches!(bad.result, Some(proto::response::Result::Error(_))), "{:?}", bad.result);
    // One lone request after the crowd: idle, nothing left in flight.
    client.send(cmd(&["PING"])).await.expect("PING");
    assert!(client.is_idle(), "a lone caller again, nothing left in flight");
}
