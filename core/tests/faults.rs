//! Real faults on the `spare` servers: a hung node (SIGSTOP), a killed node
//! (SIGKILL then restart), and lazy connect to a node that is down.

mod support;

use std::time::{Duration, Instant};

use haven_core::proto::{self, EventKind};
use haven_core::{Client, Cmd, ErrorKind, Value};
use support::*;

/// Resumes a stopped node even when an assertion fails.
struct Resume(u16);
impl Drop for Resume {
    fn drop(&mut self) {
        sigcont(self.0);
    }
}

/// Restarts a killed node even when an assertion fails; touches no other
/// node, since tests killing other spare nodes run at the same time.
struct Revive(u16);
impl Drop for Revive {
    fn drop(&mut self) {
        if cli(self.0, &["PING"]) != "PONG" {
            restart_node(self.0);
        }
    }
}

/// How far past its deadline a request may end in these tests: they check
/// behaviour (the right error, never early, never hanging) on a shared,
/// loaded 2-core machine; tight timings belong to the benchmarks and the
/// chaos soak.
const SLACK: Duration = Duration::from_secs(1);

async fn wait_until_ok(client: &Client, within: Duration) -> Duration {
    let start = Instant::now();
    loop {
        if client.send(Cmd::new("PING")).await.is_ok() {
            return start.elapsed();
        }
        assert!(start.elapsed() < within, "the client did not recover within {within:?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hung_node_times_out_on_deadline_and_spares_other_clients() {
    servers("spare");
    let hung = Client::connect(standalone(&[6450])).await.expect("connect 6450");
    let healthy = Client::connect(standalone(&[6451])).await.expect("connect 6451");
    hung.send(Cmd::new("PING")).await.expect("warm up");

    sigstop(6450);
    let _resume = Resume(6450);

    // The other client keeps working while the hung node's requests wait.
    let other = {
        let healthy = healthy.clone();
        tokio::spawn(async move {
            let mut worst = Duration::ZERO;
            let mut done = 0;
            let until = Instant::now() + Duration::from_millis(900);
            while Instant::now() < until {
                let t = Instant::now();
                healthy.send(Cmd::new("INCR").arg(key("other"))).await.expect("healthy node answers");
                worst = worst.max(t.elapsed());
                done += 1;
            }
            (done, worst)
        })
    };

    // Three rounds of 20 concurrent requests, each with the default 250 ms
    // deadline: every one ends with TimeoutError, not before its deadline
    // and not long after.
    for _ in 0..3 {
        let mut round = Vec::new();
        for i in 0..20 {
            let c = hung.clone();
            round.push(tokio::spawn(async move {
                let t = Instant::now();
                let r = c.send(Cmd::new("GET").arg(format!("k{i}"))).await;
                (r, t.elapsed())
            }));
        }
        for task in round {
            let (result, took) = task.await.expect("task");
            let err = result.expect_err("a hung node cannot answer");
            assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
            assert!(took >= Duration::from_millis(249), "ended early: {took:?}");
            assert!(took <= Duration::from_millis(250) + SLACK, "deadline overshot: {took:?}");
        }
    }
    let (done, worst) = other.await.expect("other task");
    // Every one of its requests succeeded within its own 250 ms deadline
    // (`expect` above). Had it waited behind the hung node, three rounds of
    // 250 ms would leave it a handful of requests, not dozens.
    assert!(done > 20, "the healthy client was slowed: {done} requests in 900 ms");
    println!("FIGURE healthy client beside a hung node: {done} requests in 900 ms, slowest {worst:?}");

    sigcont(6450);
    wait_until_ok(&hung, Duration::from_secs(10)).await;
    assert_eq!(hung.send(Cmd::new("ECHO").arg("back")).await.expect("echo"), Value::BulkString("back".into()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_node_fails_fast_and_reconnects_with_growing_backoff() {
    servers("spare");
    // fail_fast (opt-in): requests to a dead node fail at once instead of
    // waiting for it (see ride_through.rs for the default).
    let config = haven_core::proto::ClientConfig { fail_fast: true, ..standalone(&[6452]) };
    let client = Client::connect(config).await.expect("connect 6452");
    let mut events = client.events();
    client.send(Cmd::new("PING")).await.expect("warm up");

    kill_node(6452);
    let _revive = Revive(6452);
    let killed_at = Instant::now();

    // Requests during the outage fail fast with ConnectionError; none hangs.
    let mut failures = 0;
    while killed_at.elapsed() < Duration::from_millis(2500) {
        let t = Instant::now();
        let err = client.send(Cmd::new("GET").arg("k")).await.expect_err("node is down");
        let took = t.elapsed();
        // A ConnectionError, not a TimeoutError: it did not wait for the
        // deadline.
        assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
        assert!(took < SLACK, "failing took {took:?}: {err}");
        failures += 1;
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(failures > 20);

    // Reconnect attempts happened in the background, spaced further apart
    // each time (100 ms x 2^n, +-20%).
    let attempts = client.nodes()[0].stats.reconnect_attempts;
    assert!((3..=8).contains(&attempts), "{attempts} reconnect attempts in 2.5 s");
    let mut failed_at = Vec::new();
    while let Ok(e) = events.try_recv() {
        if e.kind == EventKind::NodeReconnectFailed as i32 {
            failed_at.push(e.time_unix_ms);
        }
    }
    assert!(failed_at.len() >= 3, "{failed_at:?}");
    let gaps: Vec<i64> = failed_at.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(gaps.windows(2).all(|g| g[1] > g[0]), "backoff does not grow: gaps {gaps:?} ms");

    restart_node(6452);
    let recovered = wait_until_ok(&client, Duration::from_secs(10)).await;
    assert!(client.nodes()[0].stats.connects >= 2);
    eprintln!("reconnected {recovered:?} after the restart, {attempts} attempts while down");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lazy_connect_starts_with_servers_down() {
    servers("spare");
    // With the server up, nothing connects until the first command.
    let mut config = standalone(&[6453]);
    config.lazy_connect = true;
    config.connection = Some(proto::ConnectionSettings { client_name: "haven-lazy".into(), ..Default::default() });
    let client = Client::connect(config.clone()).await.expect("lazy create");
    assert!(!cli(6453, &["CLIENT", "LIST"]).contains("name=haven-lazy"));
    client.send(Cmd::new("PING")).await.expect("first command connects");
    assert!(cli(6453, &["CLIENT", "LIST"]).contains("name=haven-lazy"));
    client.close();

    // With the server down, creation still succeeds; the first command
    // surfaces the error, and commands succeed once the server is up.
    kill_node(6453);
    let _revive = Revive(6453);
    let client = Client::connect(config).await.expect("lazy create with the server down");
    let err = client.send(Cmd::new("PING")).await.expect_err("server is down");
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert!(err.message().contains("127.0.0.1:6453"), "{err}");
    restart_node(6453);
    wait_until_ok(&client, Duration::from_secs(10)).await;
}
