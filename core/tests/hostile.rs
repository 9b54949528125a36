//! Hostile servers: a fake server (support/hostile.rs) answers the handshake
//! properly, then misbehaves. Whatever it sends, every request ends with a
//! clear error no later than its deadline (plus a generous margin: these
//! tests check behaviour, not speed), nothing crashes, and memory stays
//! bounded. Needs no real server.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::proto;
use haven_core::{Client, Cmd, Error, ErrorKind, Value};
use support::hostile::{self, cluster_shards, nested, Act, Hostile};

/// Long enough for the fake server's answer to arrive first on a loaded
/// 2-core machine (at 300 ms, CI once saw a GET time out before the
/// malformed reply it was meant to report reached the client).
const TIMEOUT_MS: u64 = 1000;
/// Beyond the deadline, for a loaded 2-core machine.
const MARGIN: Duration = Duration::from_millis(1500);

fn config(address: String) -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
            addresses: vec![address],
            role_check_interval_ms: Some(0),
        })),
        request_timeout_ms: Some(TIMEOUT_MS as i64),
        connection: Some(proto::ConnectionSettings {
            connection_timeout_ms: Some(500),
            reconnect: Some(proto::Backoff { base_ms: Some(20), max_ms: Some(200), ..Default::default() }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A client of a server that behaves until the first GET, then as `act` says.
async fn client_of(act: impl Fn(&[Vec<u8>]) -> Act + Send + Sync + 'static) -> (Hostile, Client) {
    let server = Hostile::start(move |args| if hostile::is_handshake(args) { Act::Default } else { act(args) }).await;
    let client = Client::connect(config(server.address())).await.expect("the handshake is well-behaved");
    (server, client)
}

/// Sends GET and returns its error, checking it came by the deadline.
async fn get_fails(client: &Client) -> Error {
    let start = Instant::now();
    let result = client.send(Cmd::new("GET").arg("k")).await;
    let took = start.elapsed();
    assert!(took < Duration::from_millis(TIMEOUT_MS) + MARGIN, "the request took {took:?}");
    match result {
        Err(e) => e,
        Ok(v) => panic!("expected an error, got {v:?}"),
    }
}

/// For requests expected to succeed: a deadline that a busy machine meets.
fn patient() -> haven_core::RequestOptions {
    haven_core::RequestOptions { timeout: Some(Duration::from_secs(5)), ..Default::default() }
}

/// A read whose link a hostile reply broke is sent again on the next link
/// (reads are safe to resend) until its deadline; the server lies again,
/// so it ends with TimeoutError naming the lie, or ConnectionError when the
/// deadline came first.
const BROKEN_LINK: &[ErrorKind] = &[ErrorKind::Connection, ErrorKind::Timeout];

fn assert_kind(e: &Error, kinds: &[ErrorKind], words: &str) {
    assert!(kinds.contains(&e.kind()), "{:?}: {e}", e.kind());
    assert!(e.message().contains(words), "expected {words:?} in: {e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_nesting_is_an_error_not_a_crash() {
    for depth in [1_000, 100_000] {
        let (_server, client) = client_of(move |_| Act::Reply(nested(depth))).await;
        let e = get_fails(&client).await;
        assert_kind(&e, BROKEN_LINK, "deeper than");
    }
    // Within the limit a deep reply arrives whole.
    let (_server, client) = client_of(|_| Act::Reply(nested(500))).await;
    let mut v = client.send_with(Cmd::new("GET").arg("k"), patient()).await.expect("500 levels are fine");
    let mut depth = 0;
    while let Value::Array(mut items) = v {
        depth += 1;
        v = items.pop().expect("one element");
    }
    assert_eq!((depth, v), (500, Value::Integer(7)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_declared_lengths_are_refused_without_buffering() {
    let before = hostile::rss_kib();
    for reply in ["$9000000000\r\n", "*9000000000\r\n", "%9000000000\r\n", "~4000000000\r\n", ">9000000000\r\n", "=9000000000\r\n"] {
        let (_server, client) = client_of(move |_| Act::Reply(reply.as_bytes().to_vec())).await;
        let e = get_fails(&client).await;
        assert_kind(&e, BROKEN_LINK, "maximum reply size");
    }
    let grown = hostile::rss_kib().saturating_sub(before);
    assert!(grown < 64 * 1024, "RSS grew by {grown} KiB");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negative_and_non_numeric_lengths_are_errors() {
    for reply in [
        "$-5\r\n", "*-7\r\n", "$abc\r\n", "*1x\r\n", "$\r\n", "%-1\r\n", ":12ab\r\n", "?what\r\n", ",notafloat\r\n", "#x\r\n",
        "~-2\r\n", "|-3\r\n", "$?\r\n;3\r\nabc\r\n;0\r\n", "(12x\r\n", "=2\r\nab\r\n", "~1\r\n*1\r\n;0\r\n",
    ] {
        let (_server, client) = client_of(move |_| Act::Reply(reply.as_bytes().to_vec())).await;
        let start = Instant::now();
        let result = client.send(Cmd::new("GET").arg("k")).await;
        eprintln!("{reply:?} -> {result:?}");
        assert!(start.elapsed() < Duration::from_millis(TIMEOUT_MS) + MARGIN, "{reply:?} took {:?}", start.elapsed());
        let e = result.expect_err(reply);
        assert_kind(&e, BROKEN_LINK, "malformed");
    }
}

/// A read the first lie broke is sent again on a new link, and the server
/// says nothing this time: the deadline ends it, and its error still names
/// the lie it had waited out (not only the deadline).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resent_read_that_times_out_names_the_first_failure() {
    let gets = Arc::new(AtomicU64::new(0));
    let seen = gets.clone();
    let (_server, client) = client_of(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            Act::Reply(b"$-5\r\n".to_vec())
        } else {
            Act::Silent
        }
    })
    .await;
    let e = get_fails(&client).await;
    assert!(gets.load(Ordering::SeqCst) >= 2, "the read was not sent again: {e}");
    assert_kind(&e, &[ErrorKind::Timeout], "malformed");
    assert!(e.message().contains("deadline"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_reply_ends_by_the_deadline() {
    // A bulk string that never ends, and a line that never ends.
    let before = hostile::rss_kib();
    let cases: Vec<(Vec<u8>, Vec<u8>)> =
        vec![(b"$400000000\r\n".to_vec(), vec![b'x'; 64 * 1024]), (b"+".to_vec(), vec![b'y'; 64 * 1024])];
    for (head, filler) in cases {
        let (head2, filler2) = (head.clone(), filler.clone());
        let (_server, client) = client_of(move |_| Act::Endless {
            head: head2.clone(),
            filler: filler2.clone(),
            every: Duration::from_millis(1),
        })
        .await;
        let e = get_fails(&client).await;
        // The line is refused at 1 MiB; the bulk is still arriving.
        assert!(matches!(e.kind(), ErrorKind::Timeout | ErrorKind::Connection), "{:?} {e}", e.kind());
        // The next request ends in time too.
        let e = get_fails(&client).await;
        assert!(matches!(e.kind(), ErrorKind::Timeout | ErrorKind::Connection), "{:?} {e}", e.kind());
        client.close();
    }
    let grown = hostile::rss_kib().saturating_sub(before);
    assert!(grown < 600 * 1024, "RSS grew by {grown} KiB");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_one_byte_per_packet_still_work() {
    let reply = b"*3\r\n$5\r\nhello\r\n%1\r\n+k\r\n:42\r\n_\r\n".to_vec();
    let (_server, client) = client_of(move |_| Act::Trickle(reply.clone(), Duration::from_millis(1))).await;
    let v = client
        .send_with(Cmd::new("GET").arg("k"), haven_core::RequestOptions { timeout: Some(Duration::from_secs(10)), ..Default::default() })
        .await
        .expect("a slow reply is still a reply");
    let items = v.as_slice().expect("array").to_vec();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_str(), Some("hello"));
    assert_eq!(items[2], Value::Nil);
}

/// Valid RESP3 that decoders often refuse, one byte per packet: a set of
/// maps holding sets (what COMMAND INFO sends), a map with an array key,
/// attributes before a null and inside a set. It arrives whole, and the
/// connection stays in step for the next request.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sets_of_aggregates_and_attributes_arrive_whole() {
    let reply = b"*3\r\n~2\r\n%1\r\n+flags\r\n~1\r\n+RO\r\n*2\r\n:1\r\n:2\r\n%1\r\n*1\r\n+k\r\n|1\r\n+ttl\r\n:3\r\n_\r\n~1\r\n|1\r\n+a\r\n:1\r\n~0\r\n".to_vec();
    let (_server, client) = client_of(move |_| Act::Trickle(reply.clone(), Duration::from_millis(1))).await;
    let slow = haven_core::RequestOptions { timeout: Some(Duration::from_secs(10)), ..Default::default() };
    for _ in 0..2 {
        let v = client.send_with(Cmd::new("GET").arg("k"), slow.clone()).await.expect("valid RESP3");
        let s = |t: &'static str| Value::SimpleString(t.into());
        assert_eq!(
            v,
            Value::Array(vec![
                Value::Set(vec![
                    Value::Map(vec![(s("flags"), Value::Set(vec![s("RO")]))]),
                    Value::Array(vec![Value::Integer(1), Value::Integer(2)]),
                ]),
                Value::Map(vec![(
                    Value::Array(vec![s("k")]),
                    Value::Attributed { value: Box::new(Value::Nil), attributes: vec![(s("ttl"), Value::Integer(3))] },
                )]),
                Value::Set(vec![Value::Attributed {
                    value: Box::new(Value::Set(vec![])),
                    attributes: vec![(s("a"), Value::Integer(1))],
                }]),
            ])
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsolicited_push_flood_does_not_disturb_replies() {
    let served = Arc::new(AtomicU64::new(0));
    let count = served.clone();
    let (_server, client) = client_of(move |_| {
        let mut out = Vec::new();
        for i in 0..10_000 {
            out.extend_from_slice(format!(">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n${}\r\n{i}\r\n", i.to_string().len()).as_bytes());
        }
        let n = count.fetch_add(1, Ordering::Relaxed);
        out.extend_from_slice(format!(":{n}\r\n").as_bytes());
        Act::Reply(out)
    })
    .await;
    for n in 0..5 {
        // 10,000 pushes (300 KB) before each reply: a debug build on a busy
        // machine needs more than the 300 ms default to read them.
        let options = haven_core::RequestOptions { timeout: Some(Duration::from_secs(10)), ..Default::default() };
        let v = client.send_with(Cmd::new("GET").arg("k"), options).await.expect("the reply after the pushes");
        assert_eq!(v, Value::Integer(n));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_nobody_asked_for_ends_the_connection_cleanly() {
    // Every GET gets its reply and then one more: the reply still reaches
    // its caller, the extra one ends the connection, and the client
    // reconnects for the next request.
    let (server, client) = client_of(|_| Act::Reply(b"+first\r\n+extra\r\n".to_vec())).await;
    for _ in 0..5 {
        let start = Instant::now();
        let v = client.send_with(Cmd::new("GET").arg("k"), patient()).await.expect("the reply that was asked for");
        assert_eq!(v.as_str(), Some("first"));
        assert!(start.elapsed() < Duration::from_secs(5) + MARGIN);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(server.connections.load(Ordering::Relaxed) >= 5, "one connection per out-of-step reply");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_server_times_out_and_a_closing_one_is_a_connection_error() {
    let (_server, client) = client_of(|_| Act::Silent).await;
    let e = get_fails(&client).await;
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    let (_server, client) = client_of(|_| Act::Close).await;
    let e = get_fails(&client).await;
    assert!(matches!(e.kind(), ErrorKind::Connection | ErrorKind::Timeout), "{:?} {e}", e.kind());
}

// ---- cluster -------------------------------------------------------------

fn cluster_config(address: String) -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Cluster(proto::ClusterDeployment {
            seeds: vec![address],
            refresh_interval_ms: Some(0),
            ..Default::default()
        })),
        request_timeout_ms: Some(TIMEOUT_MS as i64),
        connection: Some(proto::ConnectionSettings {
            connection_timeout_ms: Some(300),
            reconnect: Some(proto::Backoff { base_ms: Some(20), max_ms: Some(200), ..Default::default() }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// A one-node fake cluster: CLUSTER SHARDS says `shards` (use port 0 for
/// the node itself), every other command gets `act`.
async fn fake_cluster(
    shards: Vec<(Vec<(u16, u16)>, u16)>,
    act: impl Fn(u16, &[Vec<u8>]) -> Act + Send + Sync + 'static,
) -> Hostile {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let me = listener.local_addr().expect("addr").port();
    let shards: Vec<_> = shards.into_iter().map(|(r, p)| (r, if p == 0 { me } else { p })).collect();
    let reply = cluster_shards(&shards);
    Hostile::serve(
        listener,
        Arc::new(move |args: &[Vec<u8>]| {
            if hostile::is_handshake(args) {
                return Act::Default;
            }
            if hostile::name(args) == "CLUSTER" {
                return Act::Reply(reply.clone());
            }
            act(me, args)
        }),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moved_loops_and_redirects_to_nowhere_end_with_a_clear_error() {
    // MOVED back to the same node, for ever.
    let server = fake_cluster(vec![(vec![(0, 16383)], 0)], |me, _| {
        Act::Reply(format!("-MOVED 12539 127.0.0.1:{me}\r\n").into_bytes())
    })
    .await;
    let client = Client::connect(cluster_config(server.address())).await.expect("connect");
    let e = get_fails(&client).await;
    eprintln!("MOVED loop -> {e}");
    assert!(matches!(e.kind(), ErrorKind::Cluster | ErrorKind::Timeout), "{:?} {e}", e.kind());
    let served = server.commands.load(Ordering::Relaxed);
    assert!(served < 1_000, "a redirect loop must be bounded: {served} commands");

    // ASK to a node that does not exist; MOVED to a port nobody listens on.
    for reply in ["-ASK 12539 127.0.0.1:1\r\n", "-MOVED 12539 127.0.0.1:1\r\n", "-MOVED 12539 no-such-host.invalid:7000\r\n", "-MOVED x\r\n"] {
        let server = fake_cluster(vec![(vec![(0, 16383)], 0)], move |_, _| Act::Reply(reply.as_bytes().to_vec())).await;
        let client = Client::connect(cluster_config(server.address())).await.expect("connect");
        let e = get_fails(&client).await;
        eprintln!("{reply:?} -> {e}");
        assert!(
            matches!(e.kind(), ErrorKind::Cluster | ErrorKind::Timeout | ErrorKind::Connection | ErrorKind::Response),
            "{reply:?}: {:?} {e}",
            e.kind()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cluster_topologies_with_missing_or_overlapping_slots() {
    // Slots 8000.. belong to nobody: a key there gets a clear error, a key
    // below is served.
    let server = fake_cluster(vec![(vec![(0, 7999)], 0)], |_, _| Act::Reply(b"+served\r\n".to_vec())).await;
    match Client::connect(cluster_config(server.address())).await {
        Ok(client) => {
            // "foo" hashes to 12182, "a" to 15495, "b" to 3300.
            let e = get_key_fails(&client, "foo").await;
            assert!(matches!(e.kind(), ErrorKind::Cluster | ErrorKind::Timeout), "{:?} {e}", e.kind());
            let v = client.send_with(Cmd::new("GET").arg("b"), patient()).await.expect("slot 3300 is served");
            assert_eq!(v.as_str(), Some("served"));
        }
        Err(e) => assert!(matches!(e.kind(), ErrorKind::Cluster | ErrorKind::Connection), "{:?} {e}", e.kind()),
    }
    // Two primaries claim the same slots: refused as a topology.
    let server = fake_cluster(vec![(vec![(0, 16383)], 0), (vec![(100, 200)], 1)], |_, _| Act::Reply(b"+served\r\n".to_vec())).await;
    let start = Instant::now();
    match Client::connect(cluster_config(server.address())).await {
        Ok(client) => {
            // Whatever the client made of it, requests end in time.
            let start = Instant::now();
            let _ = client.send(Cmd::new("GET").arg("b")).await;
            assert!(start.elapsed() < Duration::from_millis(TIMEOUT_MS) + MARGIN);
        }
        Err(e) => assert!(e.message().contains("claimed by both") || e.kind() == ErrorKind::Cluster || e.kind() == ErrorKind::Connection, "{:?} {e}", e.kind()),
    }
    assert!(start.elapsed() < Duration::from_secs(5));
    // Garbage instead of a topology.
    let mut big = b"$10000000\r\n".to_vec();
    big.resize(big.len() + 10_000_000, b'z');
    big.extend_from_slice(b"\r\n");
    let big: &'static [u8] = Box::leak(big.into_boxed_slice());
    for reply in [big, &b"*1\r\n:5\r\n"[..], b"+OK\r\n", b"*1\r\n%2\r\n$5\r\nslots\r\n*2\r\n:9\r\n:3\r\n$5\r\nnodes\r\n*0\r\n", b"-ERR no\r\n"] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let server = Hostile::serve(
            listener,
            Arc::new(move |args: &[Vec<u8>]| {
                if hostile::is_handshake(args) {
                    Act::Default
                } else {
                    Act::Reply(reply.to_vec())
                }
            }),
        );
        let start = Instant::now();
        let result = Client::connect(cluster_config(server.address())).await;
        assert!(start.elapsed() < Duration::from_secs(5), "connect took {:?}", start.elapsed());
        eprintln!("topology {:?} -> {:?}", String::from_utf8_lossy(&reply[..reply.len().min(40)]), result.as_ref().err());
        if let Err(e) = result {
            assert!(matches!(e.kind(), ErrorKind::Cluster | ErrorKind::Connection | ErrorKind::Config), "{:?} {e}", e.kind());
            assert!(e.message().len() < 2_000, "an error message should be short: {} bytes", e.message().len());
        }
    }
}

async fn get_key_fails(client: &Client, key: &str) -> Error {
    let start = Instant::now();
    let result = client.send(Cmd::new("GET").arg(key.to_string())).await;
    assert!(start.elapsed() < Duration::from_millis(TIMEOUT_MS) + MARGIN, "took {:?}", start.elapsed());
    result.expect_err("no node serves the slot")
}
