//! The engine's logs as a shim sees them (`logging::install` + `take`):
//! the configured level holds (no debug line at info), a lost connection
//! is a warn line naming the node and its reconnect an info line, and at
//! the most verbose level, through AUTH-bearing reconnects and a value
//! equal to the password, the password appears in no record.
//! One test: the subscriber and its level are the process's.

mod support;

use std::time::{Duration, Instant};

use haven_core::logging::{self, Level, Record};
use haven_core::{proto, Client, Cmd, Value};
use support::*;

const AUTH_PASSWORD: &str = "hunter2";

fn take_for(wait: Duration) -> Vec<Record> {
    let until = Instant::now() + wait;
    let mut out = Vec::new();
    while Instant::now() < until {
        logging::take(&mut out, Duration::from_millis(50));
    }
    out
}

/// Takes records until one satisfies `want` (all of them returned), or
/// fails after 10 s naming `what`.
fn take_until(what: &str, want: impl Fn(&Record) -> bool) -> Vec<Record> {
    let until = Instant::now() + Duration::from_secs(10);
    let mut out = Vec::new();
    loop {
        logging::take(&mut out, Duration::from_millis(50));
        if out.iter().any(&want) {
            return out;
        }
        assert!(Instant::now() < until, "no record {what} in {out:#?}");
    }
}

fn with_level(mut config: proto::ClientConfig, level: &str) -> proto::ClientConfig {
    config.log_level = level.to_string();
    config.request_timeout_ms = Some(3000);
    config
}

fn auth_config(level: &str) -> proto::ClientConfig {
    let mut config = with_level(standalone(&[6401]), level);
    config.connection = Some(proto::ConnectionSettings {
        credentials: Some(proto::Credentials { username: String::new(), password: Some(AUTH_PASSWORD.into()) }),
        reconnect: Some(proto::Backoff { base_ms: Some(20), max_ms: Some(200), ..Default::default() }),
        ..Default::default()
    });
    config
}

/// Closes the client's shared connection from another connection; the
/// client reconnects (with AUTH).
async fn kill_connection_of(client: &Client, other: &Client) {
    let id = client.send(Cmd::new("CLIENT").arg("ID")).await.expect("CLIENT ID");
    let Value::Integer(id) = id else { panic!("CLIENT ID: {id:?}") };
    other.send(Cmd::new("CLIENT").arg("KILL").arg("ID").arg(id.to_string())).await.expect("CLIENT KILL");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_hold_the_level_name_the_node_and_never_a_secret() {
    servers("standalone");
    servers("auth");
    assert!(logging::install(), "haven's subscriber is the test process's");
    assert_eq!(logging::set_level("log_level", "warn").ok(), Some(true));

    // At info: connection lines at info/warn, nothing at debug or trace.
    let client = Client::connect(with_level(standalone(&[6400]), "info")).await.expect("connect");
    let other = Client::connect(with_level(standalone(&[6400]), "info")).await.expect("connect");
    client.send(Cmd::new("SET").arg(key("logs")).arg("v")).await.expect("SET");
    kill_connection_of(&client, &other).await;
    let records = take_until("naming the reconnect", |r| r.message.contains("reconnected to 127.0.0.1:6400"));
    assert!(records.iter().all(|r| r.level <= Level::Info), "a debug line at info: {records:#?}");
    let lost = records
        .iter()
        .find(|r| r.level == Level::Warn && r.message.contains("node 127.0.0.1:6400 disconnected"))
        .unwrap_or_else(|| panic!("no warn line for the lost node: {records:#?}"));
    assert_eq!(lost.logger, "haven.connection");
    client.close();
    other.close();
    take_for(Duration::from_millis(100));

    // At trace, with the password: requests by name, AUTH reconnects, a
    // value that is the password, a wrong password: never the secret.
    let client = Client::connect(auth_config("trace")).await.expect("connect");
    let other = Client::connect(auth_config("trace")).await.expect("connect");
    client.send(Cmd::new("SET").arg(key("logs-secret")).arg(AUTH_PASSWORD)).await.expect("SET");
    client.send(Cmd::new("GET").arg(key("logs-secret"))).await.expect("GET");
    let mut all = Vec::new();
    for _ in 0..2 {
        kill_connection_of(&client, &other).await;
        all.extend(take_until("naming the reconnect", |r| r.message.contains("reconnected to 127.0.0.1:6401")));
        client.send(Cmd::new("PING")).await.expect("PING after reconnect");
    }
    let _ = client.send(Cmd::new("AUTH").arg(AUTH_PASSWORD)).await;
    let _ = client.send(Cmd::new("NOSUCHCOMMAND").arg(AUTH_PASSWORD)).await;
    let mut wrong = auth_config("trace");
    if let Some(c) = wrong.connection.as_mut() {
        c.credentials = Some(proto::Credentials { username: String::new(), password: Some("wr0ng-pass-s3cret".into()) });
    }
    assert!(Client::connect(wrong).await.is_err());
    all.extend(take_for(Duration::from_millis(300)));
    assert!(all.iter().any(|r| r.level == Level::Trace && r.message == "request: SET"), "no trace line of SET: {all:#?}");
    assert!(all.iter().any(|r| r.level == Level::Debug), "no debug line at trace: {all:#?}");
    for r in &all {
        for secret in [AUTH_PASSWORD, "wr0ng-pass-s3cret"] {
            assert!(!r.message.contains(secret), "a secret in a log record: {r:?}");
        }
    }
    client.close();
    other.close();
    assert_eq!(logging::set_level("log_level", "info").ok(), Some(true));
}
