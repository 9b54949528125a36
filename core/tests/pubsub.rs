//! Pub/sub against real servers: subscribe/psubscribe/ssubscribe with
//! messages published by redis-cli, unsubscribe, re-application after a
//! SIGKILL + restart and after a hung (SIGSTOPped) node is noticed by the
//! subscriber's heartbeat (both on a private redis-server this binary starts,
//! so no other suite is disturbed), a Sentinel failover and a cluster
//! failover, both protocols, bad input, and the bound on a slow consumer's
//! buffer.

mod support;

use std::time::{Duration, Instant};

use haven_core::proto;
use haven_core::pubsub::{MessageReceiver, DEFAULT_MESSAGE_CAPACITY};
use haven_core::{Client, ErrorKind, MessageKind, PubSubMessage};
use support::*;

/// Tests that break a server group run one at a time in this binary.
static GROUP: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn with_protocol(mut config: proto::ClientConfig, resp3: bool) -> proto::ClientConfig {
    let protocol = if resp3 { proto::Protocol::Resp3 } else { proto::Protocol::Resp2 };
    config.connection = Some(proto::ConnectionSettings { protocol: protocol as i32, ..Default::default() });
    config.request_timeout_ms = Some(2000);
    config
}

async fn next(rx: &mut MessageReceiver, within: Duration) -> Option<PubSubMessage> {
    tokio::time::timeout(within, rx.recv()).await.ok().and_then(Result::ok)
}

/// Waits for a message with this payload, skipping others.
async fn expect_payload(rx: &mut MessageReceiver, payload: &str, within: Duration) -> PubSubMessage {
    let until = Instant::now() + within;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        let m = next(rx, left).await.unwrap_or_else(|| panic!("no message {payload:?} within {within:?}"));
        if m.payload.as_ref() == payload.as_bytes() {
            return m;
        }
    }
}

/// Publishes `payload` every 50 ms (redis-cli on whichever port `port()`
/// names then) until it arrives; returns how long that took.
async fn publish_until_received(
    rx: &mut MessageReceiver,
    command: &str,
    channel: &str,
    port: impl Fn() -> u16,
    within: Duration,
) -> Duration {
    let start = Instant::now();
    let mut n = 0;
    loop {
        assert!(start.elapsed() < within, "{command} {channel} never delivered within {within:?}");
        let payload = format!("probe-{n}");
        n += 1;
        cli(port(), &[command, channel, &payload]);
        if let Some(m) = next(rx, Duration::from_millis(50)).await {
            if m.channel.as_ref() == channel.as_bytes() {
                return start.elapsed();
            }
        }
    }
}

async fn standalone_basics(resp3: bool) {
    servers("standalone");
    let client = Client::connect(with_protocol(standalone(&[6400]), resp3)).await.expect("connect");
    let mut rx = client.messages();
    let ch = key(&format!("ps-chan-{resp3}"));
    let pattern = format!("{}:*", key(&format!("ps-pat-{resp3}")));
    let pattern_ch = pattern.replace('*', "x");
    client.subscribe([ch.clone()]).await.expect("subscribe");
    client.psubscribe([pattern.clone()]).await.expect("psubscribe");
    // The server counts one subscriber on each.
    assert_eq!(cli(6400, &["PUBSUB", "NUMSUB", &ch]).lines().nth(1), Some("1"));
    assert_eq!(cli(6400, &["PUBLISH", &ch, "hello"]), "1");
    let m = expect_payload(&mut rx, "hello", Duration::from_secs(2)).await;
    assert_eq!((m.kind, m.channel.as_ref(), m.pattern), (MessageKind::Message, ch.as_bytes(), None));
    assert_eq!(cli(6400, &["PUBLISH", &pattern_ch, "by-pattern"]), "1");
    let m = expect_payload(&mut rx, "by-pattern", Duration::from_secs(2)).await;
    assert_eq!(m.kind, MessageKind::PMessage);
    assert_eq!(m.pattern.as_deref(), Some(pattern.as_bytes()));
    assert_eq!(m.channel.as_ref(), pattern_ch.as_bytes());

    // Unsubscribe stops delivery; the server no longer counts us.
    client.unsubscribe([ch.clone()]).await.expect("unsubscribe");
    assert_eq!(cli(6400, &["PUBLISH", &ch, "after-unsubscribe"]), "0");
    client.punsubscribe(Vec::<String>::new()).await.expect("punsubscribe all");
    assert_eq!(cli(6400, &["PUBLISH", &pattern_ch, "after-punsubscribe"]), "0");
    assert!(next(&mut rx, Duration::from_millis(300)).await.is_none(), "nothing arrives after unsubscribing");
    assert!(client.subscriptions().desired().is_empty());
    // A node with nothing subscribed keeps no subscriber connection.
    assert_eq!(client.subscriptions().connections(), 0);
    client.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standalone_subscribe_psubscribe_unsubscribe_resp3() {
    standalone_basics(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standalone_subscribe_psubscribe_unsubscribe_resp2() {
    standalone_basics(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_and_subscriptions_share_a_client() {
    servers("standalone");
    let client = Client::connect(with_protocol(standalone(&[6400]), false)).await.expect("connect");
    let ch = key("ps-mixed");
    let mut rx = client.messages();
    client.subscribe([ch.clone()]).await.expect("subscribe");
    // RESP2 subscribe mode lives on its own connection: commands still work.
    let k = key("ps-mixed-key");
    client.send(haven_core::Cmd::new("SET").arg(k.clone()).arg("v")).await.expect("set");
    let v = client.send(haven_core::Cmd::new("GET").arg(k)).await.expect("get");
    assert_eq!(v, haven_core::Value::BulkString("v".into()));
    cli(6400, &["PUBLISH", &ch, "m"]);
    expect_payload(&mut rx, "m", Duration::from_secs(2)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lazy_client_connects_on_subscribe() {
    servers("standalone");
    let mut config = standalone(&[6400]);
    config.lazy_connect = true;
    config.request_timeout_ms = Some(2000);
    let client = Client::connect(config).await.expect("connect");
    let mut rx = client.messages();
    let ch = key("ps-lazy");
    client.subscribe([ch.clone()]).await.expect("subscribe connects first");
    cli(6400, &["PUBLISH", &ch, "lazy"]);
    expect_payload(&mut rx, "lazy", Duration::from_secs(2)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_a_config_error() {
    servers("standalone");
    let client = Client::connect(standalone(&[6400])).await.expect("connect");
    for r in [
        client.subscribe(Vec::<String>::new()).await,
        client.psubscribe(Vec::<String>::new()).await,
        client.ssubscribe(Vec::<String>::new()).await,
        client.subscribe([""]).await,
    ] {
        let e = r.expect_err("empty input is refused");
        assert_eq!(e.kind(), ErrorKind::Config, "{e}");
        assert!(e.message().contains("SUBSCRIBE"), "the error names the call: {e}");
    }
    client.close();
    let e = client.subscribe(["x"]).await.expect_err("closed");
    assert_eq!(e.kind(), ErrorKind::Closing);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standalone_ssubscribe_goes_to_the_primary() {
    servers("standalone");
    let client = Client::connect(standalone(&[6400])).await.expect("connect");
    let mut rx = client.messages();
    let ch = key("ps-shard-standalone");
    client.ssubscribe([ch.clone()]).await.expect("ssubscribe");
    assert_eq!(cli(6400, &["SPUBLISH", &ch, "s"]), "1");
    let m = expect_payload(&mut rx, "s", Duration::from_secs(2)).await;
    assert_eq!(m.kind, MessageKind::SMessage);
    client.sunsubscribe(Vec::<String>::new()).await.expect("sunsubscribe all");
    assert_eq!(cli(6400, &["SPUBLISH", &ch, "s"]), "0");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_consumer_memory_is_bounded() {
    servers("standalone");
    let client = Client::connect(standalone(&[6400])).await.expect("connect");
    let ch = key("ps-slow");
    let mut slow = client.messages();
    client.subscribe([ch.clone()]).await.expect("subscribe");
    // Publish far more than the buffer holds while the consumer reads nothing.
    let total = DEFAULT_MESSAGE_CAPACITY * 3;
    let commands: Vec<String> = (0..total).map(|i| format!("PUBLISH {ch} m{i}")).collect();
    let replies = cli_lines(6400, &commands);
    assert!(replies.iter().all(|r| r == "1"), "every publish reached our subscriber");
    // Wait until the last one went through the subscriber connection.
    let mut tail = client.messages();
    cli(6400, &["PUBLISH", &ch, "last"]);
    expect_payload(&mut tail, "last", Duration::from_secs(5)).await;
    let mut got = Vec::new();
    while let Some(m) = slow.try_recv() {
        got.push(m);
    }
    // At most the buffer's capacity was kept; the rest was dropped and counted.
    assert!(got.len() <= DEFAULT_MESSAGE_CAPACITY, "kept {} > capacity {DEFAULT_MESSAGE_CAPACITY}", got.len());
    assert_eq!(got.len() as u64 + slow.dropped(), total as u64 + 1, "every message is either kept or counted");
    assert!(slow.dropped() >= (total - DEFAULT_MESSAGE_CAPACITY) as u64);
    // The oldest were dropped: what is left is the newest, in order.
    assert_eq!(got.last().map(|m| m.payload.clone()), Some("last".into()));
    assert!(client.pubsub_dropped() >= slow.dropped());
    println!("slow consumer: kept {}, dropped {}", got.len(), slow.dropped());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_message_callback_gets_protobuf_bytes() {
    use prost::Message;
    servers("standalone");
    let client = Client::connect(standalone(&[6400])).await.expect("connect");
    let ch = key("ps-callback");
    let (tx, mut got) = tokio::sync::mpsc::unbounded_channel();
    let listener = client
        .on_message_bytes(move |bytes| {
            let _ = tx.send(bytes);
        })
        .expect("listener");
    client.subscribe([ch.clone()]).await.expect("subscribe");
    cli(6400, &["PUBLISH", &ch, "cb"]);
    let bytes = tokio::time::timeout(Duration::from_secs(2), got.recv()).await.expect("in time").expect("bytes");
    let m = proto::PubSubMessage::decode(bytes.as_slice()).expect("a PubSubMessage");
    assert_eq!(m.kind, proto::PubSubKind::PubsubMessage as i32);
    assert_eq!(m.channel.as_ref(), ch.as_bytes());
    assert_eq!(m.payload.as_ref(), b"cb");
    listener.stop();
}

async fn survives_kill(resp3: bool) {
    // A server of our own: region 6442 is killed by other suites at the same
    // time, which made this test (and theirs) flaky.
    let mut server = PrivateServer::start();
    let port = server.port;
    let client = Client::connect(with_protocol(standalone(&[port]), resp3)).await.expect("connect");
    let mut rx = client.messages();
    let ch = key(&format!("ps-kill-{resp3}"));
    client.subscribe([ch.clone()]).await.expect("subscribe");
    cli(port, &["PUBLISH", &ch, "before"]);
    expect_payload(&mut rx, "before", Duration::from_secs(2)).await;
    let killed = Instant::now();
    server.kill_and_restart();
    let restarted = killed.elapsed();
    // The user does nothing: the engine re-subscribes after reconnecting.
    let gap = publish_until_received(&mut rx, "PUBLISH", &ch, || port, Duration::from_secs(15)).await;
    assert_eq!(cli(port, &["PUBSUB", "NUMSUB", &ch]).lines().nth(1), Some("1"));
    println!("resp3={resp3}: server back {restarted:?} after SIGKILL; first message delivered {gap:?} after that");
    client.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscriptions_survive_sigkill_and_restart() {
    survives_kill(true).await;
    survives_kill(false).await;
}

/// A redis-server of this test's own on a free port, so stopping it
/// disturbs no other suite (the shared groups are used by other binaries
/// at the same time). Killed and removed on drop.
struct PrivateServer {
    child: std::process::Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl PrivateServer {
    fn start() -> PrivateServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let dir = std::env::temp_dir().join(format!("haven-pubsub-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("server dir");
        let child = Self::spawn(port, &dir);
        PrivateServer { child, port, dir }
    }

    fn spawn(port: u16, dir: &std::path::Path) -> std::process::Child {
        let child = std::process::Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(dir)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server");
        let until = Instant::now() + Duration::from_secs(10);
        while cli(port, &["PING"]) != "PONG" {
            assert!(Instant::now() < until, "private redis-server on {port} did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        child
    }

    /// SIGKILL, then the same server again on the same port.
    fn kill_and_restart(&mut self) {
        self.child.kill().expect("SIGKILL");
        let _ = self.child.wait();
        self.child = Self::spawn(self.port, &self.dir);
    }

    fn signal(&self, sig: &str) {
        let status = std::process::Command::new("kill").arg(sig).arg(self.child.id().to_string()).status().expect("kill");
        assert!(status.success());
    }
}

impl Drop for PrivateServer {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill").arg("-CONT").arg(self.child.id().to_string()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heartbeat_notices_a_hung_node_while_no_messages_flow() {
    let server = PrivateServer::start();
    let port = server.port;
    let mut config = standalone(&[port]);
    config.connection = Some(proto::ConnectionSettings {
        heartbeat_interval_ms: Some(200),
        heartbeat_timeout_ms: Some(500),
        ..Default::default()
    });
    config.request_timeout_ms = Some(2000);
    let client = Client::connect(config).await.expect("connect");
    let mut events = client.events();
    let mut rx = client.messages();
    let ch = key("ps-hung");
    client.subscribe([ch.clone()]).await.expect("subscribe");
    server.signal("-STOP");
    let stopped = Instant::now();
    // No message flows; only the subscriber's PINGs can tell.
    let node = format!("127.0.0.1:{port}");
    let reason = loop {
        if stopped.elapsed() > Duration::from_secs(10) {
            server.signal("-CONT");
            panic!("the hung node was not noticed within 10 s");
        }
        match tokio::time::timeout(Duration::from_millis(200), events.recv()).await {
            Ok(Ok(e)) if e.kind == proto::EventKind::NodeDisconnected as i32
                && e.node == node
                && e.reason.contains("subscriber connection") => break e.reason,
            _ => {}
        }
    };
    let noticed = stopped.elapsed();
    server.signal("-CONT");
    assert!(reason.contains("PING"), "{reason}");
    println!("hung node noticed after {noticed:?}: {reason}");
    // Resumed: the subscription is re-applied on a fresh connection.
    let gap = publish_until_received(&mut rx, "PUBLISH", &ch, || port, Duration::from_secs(10)).await;
    println!("delivery resumed {gap:?} after SIGCONT");
    client.close();
}

// ---- Sentinel ----

const MASTER: &str = SENTINEL_MASTER;

struct HealSentinel;
impl Drop for HealSentinel {
    fn drop(&mut self) {
        restore("sentinel");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sentinel_failover_moves_subscriptions_to_the_new_primary() {
    let _g = (GROUP.lock().await, fault_lock());
    servers("sentinel");
    let _heal = HealSentinel;
    let config = proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Sentinel(proto::SentinelDeployment {
            sentinels: SENTINEL_PORTS.iter().map(|p| format!("127.0.0.1:{p}")).collect(),
            master_name: MASTER.into(),
            ..Default::default()
        })),
        request_timeout_ms: Some(2000),
        ..Default::default()
    };
    let client = Client::connect(config).await.expect("connect");
    let mut rx = client.messages();
    let ch = key("ps-sentinel");
    client.subscribe([ch.clone()]).await.expect("subscribe");
    let old = sentinel_primary();
    cli(old, &["PUBLISH", &ch, "before"]);
    expect_payload(&mut rx, "before", Duration::from_secs(2)).await;

    let started = Instant::now();
    let new = sentinel_failover(old);
    let promoted = started.elapsed();
    // Messages published on the new primary arrive without the user doing
    // anything; and our subscription now lives there.
    let gap = publish_until_received(&mut rx, "PUBLISH", &ch, || new, Duration::from_secs(15)).await;
    let until = Instant::now() + Duration::from_secs(10);
    while cli(new, &["PUBSUB", "NUMSUB", &ch]).lines().nth(1) != Some("1") {
        assert!(Instant::now() < until, "the subscription did not move to the new primary {new}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let moved = started.elapsed().saturating_sub(promoted);
    println!(
        "sentinel failover {old} -> {new}: promoted after {promoted:?}, first message on the new primary {gap:?} later, \
         subscription on the new primary within {moved:?} of the promotion"
    );
}

// ---- Cluster ----

struct RestoreCluster;
impl Drop for RestoreCluster {
    fn drop(&mut self) {
        restore("cluster");
    }
}

async fn cluster_shard_channels(resp3: bool) {
    let client = Client::connect(with_protocol(cluster_config(&CLUSTER_PORTS), resp3)).await.expect("connect");
    let mut rx = client.messages();
    let nodes = cluster_nodes();
    let primaries = cluster_primaries();
    // One shard channel on every primary.
    let channels: Vec<(String, u16)> = primaries
        .iter()
        .map(|p| (format!("{{{}}}:{}", tag_on(&nodes, p.port, "ps"), key(&format!("ps-shard-{resp3}"))), p.port))
        .collect();
    client.ssubscribe(channels.iter().map(|(c, _)| c.clone())).await.expect("ssubscribe");
    // Plain channels too (cluster-wide).
    let plain = key(&format!("ps-cluster-plain-{resp3}"));
    client.subscribe([plain.clone()]).await.expect("subscribe");
    for (i, (ch, port)) in channels.iter().enumerate() {
        let payload = format!("s{i}");
        assert_eq!(cli(*port, &["SPUBLISH", ch, &payload]), "1", "the owner {port} counts our subscriber");
        let m = expect_payload(&mut rx, &payload, Duration::from_secs(2)).await;
        assert_eq!((m.kind, m.channel.as_ref()), (MessageKind::SMessage, ch.as_bytes()));
    }
    // A plain PUBLISH on any node reaches us.
    cli(primaries[1].port, &["PUBLISH", &plain, "plain"]);
    assert_eq!(expect_payload(&mut rx, "plain", Duration::from_secs(2)).await.kind, MessageKind::Message);
    // One subscriber connection per primary (the plain channel shares one).
    assert_eq!(client.subscriptions().connections(), primaries.len());

    // Fail over the shard owning the last channel.
    let (ch, old) = channels.last().cloned().expect("a channel");
    let old_id = nodes.iter().find(|n| n.port == old).map(|n| n.id.clone()).expect("old primary");
    let heir = nodes.iter().find(|n| n.primary_id.as_deref() == Some(old_id.as_str()) && !n.failed).expect("a replica").port;
    eprintln!("DBG {} test: failover old={old} heir={heir}", haven_core::events::now_unix_ms() % 100000);
    let started = Instant::now();
    cluster_manual_failover(heir).await;
    eprintln!("DBG {} test: promoted", haven_core::events::now_unix_ms() % 100000);
    let promoted = started.elapsed();
    let gap = publish_until_received(&mut rx, "SPUBLISH", &ch, || heir, Duration::from_secs(15)).await;
    // Redis delivers a shard's SPUBLISH to subscribers on its replicas too,
    // so the first message may come through the old (now replica) link: the
    // move itself must follow within seconds.
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let count = cli(heir, &["PUBSUB", "SHARDNUMSUB", &ch]);
        if count.lines().nth(1) == Some("1") {
            break;
        }
        assert!(Instant::now() < until, "we are not subscribed on the new owner {heir}: {count:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The other shards were not disturbed.
    for (i, (c, port)) in channels[..channels.len() - 1].iter().enumerate() {
        let payload = format!("after{i}");
        cli(*port, &["SPUBLISH", c, &payload]);
        expect_payload(&mut rx, &payload, Duration::from_secs(2)).await;
    }
    println!("resp3={resp3}: CLUSTER FAILOVER {old} -> {heir}: promoted after {promoted:?}, first SPUBLISH on the new owner delivered {gap:?} later");
    client.close();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cluster_shard_channels_follow_a_failover() {
    let _g = (GROUP.lock().await, fault_lock());
    let _restore = RestoreCluster;
    cluster_online().await;
    cluster_shard_channels(true).await;
    cluster_online().await;
    cluster_shard_channels(false).await;
}
