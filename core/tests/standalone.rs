//! The engine against real standalone servers: every RESP3 type and the RESP2
//! fallback, AUTH, SELECT, TLS, read strategies, the in-flight limit, batches
//! and bad configuration.

mod support;

use std::time::Duration;

use haven_core::{proto, Client, Cmd, ErrorKind, RequestOptions, Route, Value};
use support::*;

async fn connect(config: proto::ClientConfig) -> Client {
    Client::connect(config).await.expect("connect")
}

fn set(key: &str, value: &str) -> Cmd {
    Cmd::new("SET").arg(key.to_string()).arg(value.to_string())
}

#[tokio::test]
// 3.141 is what the server's DEBUG PROTOCOL double sends, not an approximation of pi.
#[allow(clippy::approx_constant)]
async fn round_trips_every_resp3_type() {
    servers("standalone");
    let client = connect(standalone(&[6400])).await;
    let k = key("types");
    let send = |cmd: Cmd| {
        let c = client.clone();
        async move { c.send(cmd).await.expect("command") }
    };
    assert_eq!(send(set(&k, "v")).await, Value::SimpleString("OK".into()));
    assert_eq!(send(Cmd::new("GET").arg(k.clone())).await, Value::BulkString("v".into()));
    assert_eq!(send(Cmd::new("GET").arg(format!("{k}:missing"))).await, Value::Nil);
    assert_eq!(send(Cmd::new("DEBUG").arg("PROTOCOL").arg("integer")).await, Value::Integer(12345));
    assert_eq!(send(Cmd::new("DEBUG").arg("PROTOCOL").arg("double")).await, Value::Double(3.141));
    assert!(matches!(send(Cmd::new("DEBUG").arg("PROTOCOL").arg("bignum")).await, Value::BigNumber(_)));
    assert_eq!(send(Cmd::new("DEBUG").arg("PROTOCOL").arg("true")).await, Value::Boolean(true));
    assert_eq!(send(Cmd::new("DEBUG").arg("PROTOCOL").arg("false")).await, Value::Boolean(false));
    assert_eq!(send(Cmd::new("DEBUG").arg("PROTOCOL").arg("null")).await, Value::Nil);
    assert!(matches!(send(Cmd::new("DEBUG").arg("PROTOCOL").arg("verbatim")).await, Value::Verbatim { .. }));
    assert!(matches!(send(Cmd::new("DEBUG").arg("PROTOCOL").arg("array")).await, Value::Array(a) if a.len() == 3));
    assert!(matches!(send(Cmd::new("DEBUG").arg("PROTOCOL").arg("set")).await, Value::Set(s) if s.len() == 3));
    assert!(matches!(send(Cmd::new("DEBUG").arg("PROTOCOL").arg("map")).await, Value::Map(m) if m.len() == 3));
    // An attribute decorates the reply that follows it.
    match send(Cmd::new("DEBUG").arg("PROTOCOL").arg("attrib")).await {
        Value::Attributed { value, attributes } => {
            assert_eq!(attributes.len(), 1);
            assert!(value.as_str().is_some_and(|s| s.contains("real reply")));
        }
        other => panic!("expected an attributed reply, got {other:?}"),
    }
    // A push message is out of band: the real reply still lands on this
    // request and the connection stays in step for the next one.
    let after_push = send(Cmd::new("DEBUG").arg("PROTOCOL").arg("push")).await;
    assert!(after_push.as_str().is_some_and(|s| s.contains("real reply")), "{after_push:?}");
    assert_eq!(send(Cmd::new("ECHO").arg("in-step")).await, Value::BulkString("in-step".into()));
    // A server error is a ResponseError with the server's text.
    let err = client.send(Cmd::new("INCR").arg(k.clone())).await.expect_err("INCR on a string");
    assert_eq!(err.kind(), ErrorKind::Response);
    assert!(err.message().contains("not an integer"), "{err}");
    client.close();
}

/// `COMMAND INFO get` over RESP3: Redis 7.0 and Valkey 9.1 send the key
/// specifications as a set of maps (sets of aggregates, which the decoder
/// once refused with "to_set: Invalid hash key"). Against whichever server
/// HAVEN_SERVER names; `make test-valkey` runs it against Valkey 9.1.
#[tokio::test]
async fn command_info_decodes_over_resp3_and_resp2() {
    use haven_core::engine::convert::value_to_proto;
    use haven_core::proto::value::Kind;
    servers("standalone");
    let text = |v: &Value| v.as_str().map(str::to_owned);
    for protocol in [proto::Protocol::Resp3, proto::Protocol::Resp2] {
        let mut config = standalone(&[6400]);
        config.connection = Some(proto::ConnectionSettings { protocol: protocol as i32, ..Default::default() });
        let client = connect(config).await;
        let reply = client.send(Cmd::new("COMMAND").arg("INFO").arg("get")).await.expect("COMMAND INFO get");
        let infos = reply.as_slice().expect("an array of command infos");
        assert_eq!(infos.len(), 1, "{reply:?}");
        let fields = infos[0].as_slice().expect("the command's info");
        assert!(fields.len() >= 10, "{protocol:?} {fields:?}");
        assert_eq!(text(&fields[0]).as_deref(), Some("get"));
        assert_eq!(fields[1], Value::Integer(2));
        let flags: Vec<_> = fields[2].as_slice().expect("flags").iter().filter_map(text).collect();
        assert!(flags.contains(&"readonly".to_string()), "{flags:?}");
        // The key specifications: one, whose map names its flags and how
        // keys are found (RESP2: a flat array of pairs).
        let specs = fields[8].as_slice().expect("key specifications");
        assert_eq!(specs.len(), 1, "{specs:?}");
        let spec = specs[0].to_pairs().expect("a key specification map");
        let names: Vec<_> = spec.iter().filter_map(|(k, _)| text(k)).collect();
        assert_eq!(names, ["flags", "begin_search", "find_keys"], "{protocol:?}");
        if protocol == proto::Protocol::Resp3 {
            assert!(matches!(fields[2], Value::Set(_)), "flags: {:?}", fields[2]);
            assert!(matches!(&fields[8], Value::Set(s) if matches!(s[0], Value::Map(_))), "{:?}", fields[8]);
            assert!(matches!(spec[0].1, Value::Set(_)), "{:?}", spec[0].1);
        }
        // In the contract every shim reads, a set of maps is an array
        // (sets hold scalars), the maps inside and their sets stay.
        let v = value_to_proto(reply.clone());
        let Some(Kind::Array(infos)) = v.kind else { panic!("{v:?}") };
        let Some(Kind::Array(fields)) = &infos.items[0].kind else { panic!("{infos:?}") };
        let Some(Kind::Array(specs)) = &fields.items[8].kind else { panic!("{:?}", fields.items[8]) };
        if protocol == proto::Protocol::Resp3 {
            assert!(matches!(fields.items[2].kind, Some(Kind::Set(_))), "{:?}", fields.items[2]);
            assert!(matches!(specs.items[0].kind, Some(Kind::Map(_))), "{specs:?}");
        }
        client.close();
    }
}

#[tokio::test]
async fn falls_back_to_resp2_on_a_server_without_hello() {
    servers("resp2");
    let client = connect(standalone(&[6403])).await;
    let k = key("resp2");
    client.send(Cmd::new("HSET").arg(k.clone()).arg("f").arg("1")).await.expect("hset");
    // RESP2 has no map type: HGETALL is a flat array; a null bulk is Nil.
    assert_eq!(
        client.send(Cmd::new("HGETALL").arg(k.clone())).await.expect("hgetall"),
        Value::Array(vec![Value::BulkString("f".into()), Value::BulkString("1".into())])
    );
    assert_eq!(client.send(Cmd::new("GET").arg(format!("{k}:none"))).await.expect("get"), Value::Nil);
    // Configured RESP2 on a modern server works the same way.
    servers("standalone");
    let mut config = standalone(&[6400]);
    config.connection = Some(proto::ConnectionSettings { protocol: proto::Protocol::Resp2 as i32, ..Default::default() });
    let resp2 = connect(config).await;
    assert!(matches!(resp2.send(Cmd::new("HGETALL").arg(k)).await.expect("hgetall"), Value::Array(_)));
}

fn with_credentials(user: &str, password: &str) -> proto::ClientConfig {
    let mut config = standalone(&[6401]);
    config.connection = Some(proto::ConnectionSettings {
        credentials: Some(proto::Credentials { username: user.into(), password: Some(password.into()) }),
        client_name: "haven-auth-test".into(),
        ..Default::default()
    });
    config
}

#[tokio::test]
async fn authenticates_and_names_a_wrong_password() {
    servers("auth");
    let client = connect(with_credentials("", "hunter2")).await;
    assert_eq!(client.send(Cmd::new("PING")).await.expect("ping"), Value::SimpleString("PONG".into()));
    // CLIENT SETNAME rode along with HELLO.
    assert_eq!(client.send(Cmd::new("CLIENT").arg("GETNAME")).await.expect("getname"), Value::BulkString("haven-auth-test".into()));
    let acl = connect(with_credentials("app", "apppass")).await;
    assert_eq!(acl.send(Cmd::new("ACL").arg("WHOAMI")).await.expect("whoami"), Value::BulkString("app".into()));
    let err = Client::connect(with_credentials("", "wrong")).await.expect_err("wrong password");
    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(err.message().contains("authentication failed on 127.0.0.1:6401"), "{err}");
    assert!(err.message().contains("WRONGPASS"), "{err}");
    // No password at all: the server's NOAUTH reaches the caller, clearly.
    let anonymous = match Client::connect(standalone(&[6401])).await {
        Err(e) => e.to_string(),
        Ok(c) => match c.send(Cmd::new("GET").arg("x")).await {
            Err(e) => e.to_string(),
            Ok(v) => format!("unexpected success {v:?}"),
        },
    };
    assert!(anonymous.contains("NOAUTH"), "{anonymous}");
}

#[tokio::test]
async fn selects_the_configured_database() {
    servers("standalone");
    let k = key("select");
    let mut config = standalone(&[6400]);
    config.connection = Some(proto::ConnectionSettings { database: 3, ..Default::default() });
    let client = connect(config).await;
    client.send(set(&k, "in-db-3")).await.expect("set");
    assert_eq!(cli(6400, &["-n", "3", "GET", &k]), "in-db-3");
    assert_eq!(cli(6400, &["-n", "0", "EXISTS", &k]), "0");
    let mut bad = standalone(&[6400]);
    bad.connection = Some(proto::ConnectionSettings { database: 99, ..Default::default() });
    let err = Client::connect(bad).await.expect_err("db 99 does not exist");
    assert!(err.message().contains("connection.database: 127.0.0.1:6400 refuses SELECT 99"), "{err}");
}

fn tls_config(ca: Option<Vec<u8>>, insecure: bool) -> proto::ClientConfig {
    let mut config = standalone(&[6430]);
    config.deployment = Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
        addresses: vec!["localhost:6430".into()],
        ..Default::default()
    }));
    config.connection = Some(proto::ConnectionSettings {
        tls: Some(proto::Tls {
            enabled: true,
            ca_cert_pem: ca.unwrap_or_default().into(),
            insecure_skip_verify: insecure,
            ..Default::default()
        }),
        ..Default::default()
    });
    config
}

#[tokio::test]
async fn speaks_tls_and_checks_the_certificate() {
    if let Some(why) = tls_unavailable() {
        eprintln!("speaks_tls_and_checks_the_certificate: {why}");
        return;
    }
    servers("tls");
    let dir = servers_dir().join("tls");
    let ca = std::fs::read(dir.join("ca.crt")).expect("ca.crt");
    let client = connect(tls_config(Some(ca.clone()), false)).await;
    let k = key("tls");
    client.send(set(&k, "secret")).await.expect("set over TLS");
    assert_eq!(client.send(Cmd::new("GET").arg(k)).await.expect("get"), Value::BulkString("secret".into()));
    // Mutual TLS with the client certificate.
    let mut mutual = tls_config(Some(ca), false);
    if let Some(tls) = mutual.connection.as_mut().and_then(|c| c.tls.as_mut()) {
        tls.client_cert_pem = std::fs::read(dir.join("client.crt")).expect("client.crt").into();
        tls.client_key_pem = std::fs::read(dir.join("client.key")).expect("client.key").into();
    }
    connect(mutual).await.send(Cmd::new("PING")).await.expect("mutual TLS ping");
    // A certificate signed by a CA we do not trust is refused.
    let other_ca = std::fs::read(dir.join("server.crt")).expect("server.crt");
    let err = Client::connect(tls_config(Some(other_ca), false)).await.expect_err("untrusted CA");
    assert_eq!(err.kind(), ErrorKind::Connection);
    assert!(err.message().contains("TLS handshake failed"), "{err}");
    // Skip-verify connects anyway (tests only).
    connect(tls_config(None, true)).await.send(Cmd::new("PING")).await.expect("insecure ping");
    // Garbage PEM is a ConfigError naming the field, at creation.
    let err = Client::connect(tls_config(Some(b"not pem".to_vec()), false)).await.expect_err("bad pem");
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.message().starts_with("connection.tls.ca_cert_pem"), "{err}");
}

#[tokio::test]
async fn reads_land_where_the_strategy_says() {
    servers("replicas");
    let (primary, r1, r2) = (6410u16, 6411u16, 6412u16);
    let k = key("reads");
    cli(primary, &["SET", &k, "x"]);
    cli(primary, &["WAIT", "2", "1000"]);
    let ports = [primary, r1, r2];
    let run = |read_from: &'static str, zones: bool, command: &'static str| {
        let k = k.clone();
        async move {
            let mut config = standalone(&ports);
            config.read_from = read_from.into();
            if zones {
                config.client_az = "zone-b".into();
                config.node_az.insert(format!("127.0.0.1:{primary}"), "zone-b".into());
                config.node_az.insert(format!("127.0.0.1:{r1}"), "zone-a".into());
                config.node_az.insert(format!("127.0.0.1:{r2}"), "zone-b".into());
            }
            let client = connect(config).await;
            let before: Vec<u64> = ports.iter().map(|&p| calls(p, command)).collect();
            for _ in 0..30 {
                client.send(Cmd::new(command.to_uppercase()).arg(k.clone())).await.expect("read");
            }
            client.close();
            ports.iter().zip(before).map(|(&p, b)| calls(p, command) - b).collect::<Vec<u64>>()
        }
    };
    // Each strategy reads with its own command so the counts stay apart.
    assert_eq!(run("primary", false, "strlen").await, vec![30, 0, 0]);
    assert_eq!(run("prefer_replica", false, "exists").await, vec![0, 15, 15]);
    assert_eq!(run("az_affinity", true, "type").await, vec![0, 0, 30]);
    let mixed = run("az_affinity_replicas_and_primary", true, "pttl").await;
    assert_eq!(mixed, vec![15, 0, 15], "same-zone primary and replica share the reads");
    // Writes always go to the primary.
    let mut config = standalone(&ports);
    config.read_from = "prefer_replica".into();
    let client = connect(config).await;
    let before = calls(primary, "append");
    client.send(Cmd::new("APPEND").arg(k.clone()).arg("y")).await.expect("append");
    assert_eq!(calls(primary, "append") - before, 1);
    let views = client.nodes();
    assert_eq!(views.iter().filter(|v| v.role == haven_core::NodeRole::Primary).count(), 1);
    assert_eq!(views.iter().filter(|v| v.role == haven_core::NodeRole::Replica).count(), 2);
}

#[tokio::test]
async fn backpressure_past_the_inflight_limit() {
    servers("standalone");
    let mut config = standalone(&[6400]);
    config.inflight_limit = Some(5);
    config.request_timeout_ms = Some(2000);
    let client = connect(config).await;
    let k = key("inflight");
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let c = client.clone();
        let k = k.clone();
        // BLPOP holds each request for 300 ms, so all 20 overlap.
        tasks.push(tokio::spawn(async move { c.send(Cmd::new("BLPOP").arg(k).arg("0.3")).await }));
    }
    let mut refused = 0;
    let mut served = 0;
    for t in tasks {
        match t.await.expect("task") {
            Ok(Value::Nil) => served += 1,
            Err(e) if e.kind() == ErrorKind::Backpressure => refused += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((served, refused), (5, 15));
    assert_eq!(client.in_flight(), 0);
    client.send(Cmd::new("PING")).await.expect("works again");
}

#[tokio::test]
async fn batches_pipeline_and_transactions() {
    servers("standalone");
    let client = connect(standalone(&[6400])).await;
    let k = key("batch");
    let replies = client
        .batch(vec![set(&k, "1"), Cmd::new("INCR").arg(k.clone()), Cmd::new("HGET").arg(k.clone()).arg("f")], false, RequestOptions::default())
        .await
        .expect("pipeline");
    match replies {
        Value::Array(r) => {
            assert_eq!(r[1], Value::Integer(2));
            assert!(matches!(r[2], Value::ServerError(ref e) if e.starts_with(b"WRONGTYPE")));
        }
        other => panic!("{other:?}"),
    }
    let exec = client
        .batch(vec![Cmd::new("INCR").arg(k.clone()), Cmd::new("INCR").arg(k.clone())], true, RequestOptions::default())
        .await
        .expect("transaction");
    assert_eq!(exec, Value::Array(vec![Value::Integer(3), Value::Integer(4)]));
    let err = client
        .batch(vec![Cmd::new("INCR").arg(k.clone()), Cmd::new("NOSUCHCMD")], true, RequestOptions::default())
        .await
        .expect_err("EXECABORT");
    assert!(err.message().contains("EXECABORT") && err.message().contains("command 1"), "{err}");
    assert_eq!(cli(6400, &["GET", &k]), "4", "an aborted transaction changes nothing");
}

#[tokio::test]
async fn bad_configuration_and_input_are_named() {
    let cases: Vec<(proto::ClientConfig, &str)> = vec![
        (proto::ClientConfig::default(), "deployment"),
        (standalone(&[]), "standalone.addresses"),
        (
            {
                let mut c = standalone(&[6400]);
                c.deployment = Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
                    addresses: vec!["127.0.0.1:0".into()],
                    ..Default::default()
                }));
                c
            },
            "standalone.addresses[0]: port 0",
        ),
        ({ let mut c = standalone(&[6400]); c.request_timeout_ms = Some(-1); c }, "request_timeout_ms"),
        ({ let mut c = standalone(&[6400]); c.read_from = "closest".into(); c }, "read_from: unknown read strategy"),
    ];
    for (config, field) in cases {
        let err = Client::connect(config).await.expect_err(field);
        assert_eq!(err.kind(), ErrorKind::Config, "{err}");
        assert!(err.message().starts_with(field), "{err} should name {field}");
    }
    servers("standalone");
    let client = connect(standalone(&[6400])).await;
    let err = client.send(Cmd::default()).await.expect_err("empty command");
    assert_eq!(err.kind(), ErrorKind::Config);
    let err = client
        .send_with(Cmd::new("GET").arg("k"), RequestOptions { route: Route::Address("127.0.0.1:1".into()), timeout: None, ..Default::default() })
        .await
        .expect_err("unknown node");
    assert!(err.message().contains("not a node of this deployment"), "{err}");
    client.close();
    let err = client.send(Cmd::new("PING")).await.expect_err("closed");
    assert_eq!(err.kind(), ErrorKind::Closing);
    // The bytes entry answers malformed protobuf with a named error, not a crash.
    let client = connect(standalone(&[6400])).await;
    let (tx, rx) = tokio::sync::oneshot::channel();
    client.submit(b"\x0a\xff\xff", move |bytes| {
        let _ = tx.send(bytes);
    });
    let bytes = tokio::time::timeout(Duration::from_secs(2), rx).await.expect("answered").expect("bytes");
    let response = <proto::Response as prost::Message>::decode(bytes.as_slice()).expect("a Response");
    match response.result {
        Some(proto::response::Result::Error(e)) => {
            assert_eq!(e.kind, proto::ErrorKind::ConfigError as i32);
            assert!(e.message.contains("CommandRequest"), "{}", e.message);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coalesce_reads_sends_identical_reads_once_and_reads_own_writes() {
    servers("standalone");
    let mut config = standalone(&[6400]);
    config.coalesce_reads = true;
    let client = connect(config).await;
    let plain = connect(standalone(&[6400])).await;
    assert_eq!(plain.coalesced_reads(), None);
    let k = key("coalesce");
    client.send(set(&k, "v1")).await.expect("SET");
    let get = || Cmd::new("GET").arg(k.clone());
    let mut reads = tokio::task::JoinSet::new();
    for _ in 0..100 {
        let (c, cmd) = (client.clone(), get());
        reads.spawn(async move { c.send(cmd).await });
    }
    while let Some(r) = reads.join_next().await {
        assert_eq!(r.expect("task").expect("GET"), Value::BulkString("v1".into()));
    }
    let coalesced = client.coalesced_reads().expect("coalescing is on");
    println!("FIGURE coalesce: {coalesced} of 100 identical concurrent GETs shared another's reply");
    assert!(coalesced >= 1, "no read was coalesced");
    // This client's write ends before the next reads start: they see it.
    client.send(set(&k, "v2")).await.expect("SET");
    for _ in 0..10 {
        assert_eq!(client.send(get()).await.expect("GET"), Value::BulkString("v2".into()));
    }
}

/// The unix socket a standalone-group node listens on (scripts/servers.sh).
fn unix_socket(port: u16) -> String {
    servers_dir().join(port.to_string()).join("redis.sock").display().to_string()
}

#[tokio::test]
async fn connects_by_every_url_form() {
    servers("standalone");
    servers("auth");
    let k = key("url");
    // TCP, a database in the path and options in the query: the client
    // name and database are what the server reports for this connection.
    for scheme in ["redis", "valkey"] {
        let client = Client::connect_url(&format!("{scheme}://127.0.0.1:6400/3?client_name=url-{scheme}&protocol=2"))
            .await
            .expect("connect by URL");
        client.send(set(&k, scheme)).await.expect("SET");
        let info = client.send(Cmd::new("CLIENT").arg("INFO")).await.expect("CLIENT INFO");
        let info = info.as_str().unwrap_or_default().to_string();
        let fields: Vec<&str> = info.split_whitespace().collect();
        for want in ["db=3".to_string(), format!("name=url-{scheme}"), "resp=2".to_string()] {
            assert!(fields.contains(&want.as_str()), "{want} in {info}");
        }
        assert_eq!(cli(6400, &["-n", "3", "GET", &k]), scheme);
    }
    // A unix domain socket, with a database in the query.
    let client = Client::connect_url(&format!("unix://{}?db=5", unix_socket(6400))).await.expect("connect by unix URL");
    client.send(set(&k, "unix")).await.expect("SET over the unix socket");
    assert_eq!(cli(6400, &["-n", "5", "GET", &k]), "unix");
    // Credentials: a password alone, and an ACL user with a
    // percent-encoded password, over TCP and the unix socket.
    for url in [
        "redis://:hunter2@127.0.0.1:6401".to_string(),
        "redis://app:app%70ass@127.0.0.1:6401/1".to_string(),
        format!("unix://app:apppass@{}", unix_socket(6401)),
    ] {
        let client = Client::connect_url(&url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
        let who = client.send(Cmd::new("ACL").arg("WHOAMI")).await.expect("ACL WHOAMI");
        assert!(matches!(who.as_str(), Some("default" | "app")), "{url}: {who:?}");
    }
    // The wrong password: the server's refusal, not a silent success.
    let err = Client::connect_url("redis://app:wrong@127.0.0.1:6401").await.expect_err("wrong password");
    assert!(!err.to_string().contains("wrong"), "the password must not show: {err}");
    // Bad URLs are ConfigErrors naming the part.
    for (url, part) in [
        ("127.0.0.1:6400", "url: scheme"),
        ("http://127.0.0.1:6400", "url: scheme"),
        ("redis://127.0.0.1:0", "port 0"),
        ("redis://127.0.0.1:6400/x", "url: database (path)"),
        ("redis://127.0.0.1:6400?timeout=fast", "url: query option timeout"),
        ("unix://redis.sock", "url: path"),
    ] {
        let err = Client::connect_url(url).await.expect_err(url);
        assert_eq!(err.kind(), ErrorKind::Config, "{url}: {err}");
        assert!(err.to_string().contains(part), "{url}: {err}");
    }
    // A unix socket nobody listens on is a connection error naming it.
    let err = Client::connect_url("unix:///tmp/haven-no-such.sock").await.expect_err("no socket");
    assert_eq!(err.kind(), ErrorKind::Connection, "{err}");
    assert!(err.to_string().contains("unix:/tmp/haven-no-such.sock"), "{err}");
}

/// `send_blocking` from plain threads: a lone caller (its request started
/// and written on its own thread, the reply polled for) and four callers at
/// once (the batched path) each get their own replies, a server error stays
/// a ResponseError, a BLPOP that times out on the server ends with its nil,
/// and a call from an engine thread is refused with a ConfigError instead
/// of blocking the engine.
#[test]
fn send_blocking_answers_lone_and_concurrent_callers_and_refuses_engine_threads() {
    servers("standalone");
    let client = Client::connect_blocking(standalone(&[6400])).expect("connect");
    let k = key("blocking");
    let opts = RequestOptions::default;
    for i in 0..200 {
        client.send_blocking(set(&format!("{k}:{i}"), &i.to_string()), opts()).expect("SET");
        let got = client.send_blocking(Cmd::new("GET").arg(format!("{k}:{i}")), opts()).expect("GET");
        assert_eq!(got, Value::BulkString(i.to_string().into()));
    }
    let err = client.send_blocking(Cmd::new("INCR").arg(format!("{k}:x")).arg("extra"), opts()).expect_err("bad arity");
    assert_eq!(err.kind(), ErrorKind::Response, "{err}");
    let nil = client
        .send_blocking(Cmd::new("BLPOP").arg(format!("{k}:empty")).arg("0.1"), RequestOptions { timeout: Some(Duration::from_secs(5)), ..opts() })
        .expect("BLPOP");
    assert!(matches!(nil, Value::Nil) || matches!(&nil, Value::Array(a) if a.is_empty()), "{nil:?}");
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let (client, k) = (client.clone(), k.clone());
            std::thread::spawn(move || {
                for i in 0..200 {
                    let key = format!("{k}:t{t}:{i}");
                    client.send_blocking(set(&key, &format!("{t}-{i}")), RequestOptions::default()).expect("SET");
                    let got = client.send_blocking(Cmd::new("GET").arg(key), RequestOptions::default()).expect("GET");
                    assert_eq!(got, Value::BulkString(format!("{t}-{i}").into()));
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a caller thread panicked");
    }
    let (tx, rx) = std::sync::mpsc::channel();
    let inner = client.clone();
    client.submit_cmd(Cmd::new("PING"), opts(), move |_| {
        // On an engine thread now.
        let _ = tx.send(inner.send_blocking(Cmd::new("PING"), RequestOptions::default()));
    });
    let refused = rx.recv_timeout(Duration::from_secs(10)).expect("the callback ran").expect_err("refused");
    assert_eq!(refused.kind(), ErrorKind::Config, "{refused}");
    client.close();
}

/// A lone blocking caller does the engine's part itself while it polls for
/// its reply: it reads the connection it wrote to and runs the request on,
/// so the request ends (its completion runs) on the caller's own thread.
/// Not every time (a reply slower than the poll is left to the engine),
/// but a loopback server answers within the poll often: of 2000 requests at
/// least one must end on the caller's thread (before, none could: only an
/// engine thread read replies). Every reply is the right one either way.
#[test]
fn a_lone_blocking_callers_reply_is_read_and_ended_on_its_own_thread() {
    use haven_core::bridge::reply::ReplySlot;
    servers("standalone");
    let client = Client::connect_blocking(standalone(&[6400])).expect("connect");
    let k = key("read-here");
    client.send_blocking(set(&k, "v"), RequestOptions::default()).expect("SET");
    let caller = std::thread::current().id();
    let mut here = 0;
    for _ in 0..2000 {
        let (tx, rx) = std::sync::mpsc::channel();
        let slot = ReplySlot::submitted(
            || Err(haven_core::Error::internal("unanswered")),
            |filler| {
                let alone = client.is_idle();
                client.submit_cmd_on(
                    Cmd::new("GET").arg(k.clone()),
                    RequestOptions::default(),
                    move |r| {
                        let _ = tx.send(std::thread::current().id());
                        filler.fill(r)
                    },
                    alone,
                );
                alone
            },
        );
        assert_eq!(slot.wait().expect("GET"), Value::BulkString("v".into()));
        if rx.recv_timeout(Duration::from_secs(5)).expect("the completion ran") == caller {
            here += 1;
        }
    }
    eprintln!("{here} of 2000 requests ended on the caller's thread");
    assert!(here > 0, "no request ended on the caller's thread");
    client.close();
}

/// The same for an async call whose outcome goes through a completion queue
/// (Java's dispatcher): the request handed to the queue (`hand_lone`) is
/// read and run on by the thread polling in `take_waiting`, so at least one
/// of 2000 completions is pushed from that thread; every one arrives.
#[test]
fn a_lone_request_handed_to_a_completion_queue_is_run_by_its_polling_thread() {
    use haven_core::bridge::completions::CompletionQueue;
    use haven_core::bridge::lone::LoneRequest;
    servers("standalone");
    let client = Client::connect_blocking(standalone(&[6400])).expect("connect");
    let k = key("handed");
    client.send_blocking(set(&k, "v"), RequestOptions::default()).expect("SET");
    let queue = std::sync::Arc::new(CompletionQueue::<Vec<(std::thread::ThreadId, bool)>, ()>::new(()));
    let poller = std::thread::current().id();
    let mut here = 0;
    for _ in 0..2000 {
        let alone = client.is_idle();
        let q = queue.clone();
        client.submit_cmd_on(
            Cmd::new("GET").arg(k.clone()),
            RequestOptions::default(),
            move |r| q.push(|b| b.push((std::thread::current().id(), r.ok() == Some(Value::BulkString("v".into()))))),
            alone,
        );
        if alone {
            queue.hand_lone(LoneRequest::take());
        }
        let mut batch = Vec::new();
        let until = std::time::Instant::now() + Duration::from_secs(10);
        while batch.is_empty() && std::time::Instant::now() < until {
            queue.take_waiting(Duration::from_millis(100), &mut batch);
        }
        let [(thread, right)] = batch[..] else { panic!("one completion per request, got {}", batch.len()) };
        assert!(right, "the reply is the value set");
        if thread == poller {
            here += 1;
        }
    }
    eprintln!("{here} of 2000 completions came from the polling thread");
    assert!(here > 0, "no completion came from the polling thread");
    client.close();
}

/// An event loop (Node's JS thread) makes its requests and takes their
/// outcomes on one thread: right after starting a lone caller's request
/// (`poll_lone`), or a held batch that is all the client's traffic
/// (`Held::end`), it polls for the outcome itself. At least one
/// of 300 lone requests and one of 300 batches of 10 are completed from
/// that thread; every request ends once, with its own value.
#[test]
fn an_event_loop_polls_for_its_lone_request_and_its_held_batch() {
    use haven_core::bridge::completions::CompletionQueue;
    use haven_core::bridge::held::{Held, Holding, Traffic};
    use haven_core::bridge::lone::LoneRequest;
    /// The client as a batch of callbacks sees it: not idle (the batch's
    /// first request would otherwise go its own way, not held).
    struct Replying<'a>(&'a Client);
    impl Traffic for Replying<'_> {
        fn is_idle(&self) -> bool {
            false
        }
        fn in_flight(&self) -> usize {
            self.0.in_flight()
        }
    }
    servers("standalone");
    let client = Client::connect_blocking(standalone(&[6400])).expect("connect");
    let keys: Vec<String> = (0..10).map(|i| key(&format!("loop{i}"))).collect();
    for (i, k) in keys.iter().enumerate() {
        client.send_blocking(set(k, &format!("v{i}")), RequestOptions::default()).expect("SET");
    }
    type Done = (usize, std::thread::ThreadId, Option<Value>);
    let queue = std::sync::Arc::new(CompletionQueue::<Vec<Done>, ()>::new(()));
    let looping = std::thread::current().id();
    let submit = |i: usize, here: bool| {
        let q = queue.clone();
        client.submit_cmd_on(
            Cmd::new("GET").arg(keys[i].clone()),
            RequestOptions::default(),
            move |r| q.push(|b| b.push((i, std::thread::current().id(), r.ok()))),
            here,
        );
    };
    let take = |expect: usize| {
        let mut got: Vec<Done> = Vec::new();
        let until = std::time::Instant::now() + Duration::from_secs(10);
        while got.len() < expect && std::time::Instant::now() < until {
            let mut batch = Vec::new();
            queue.take_waiting(Duration::from_millis(100), &mut batch);
            got.extend(batch);
        }
        assert_eq!(got.len(), expect, "every request ends once");
        for (i, _, value) in &got {
            assert_eq!(value.as_ref(), Some(&Value::BulkString(format!("v{i}").into())), "request {i}'s own value");
        }
        got.iter().filter(|(_, thread, _)| *thread == looping).count()
    };
    // A lone caller's traffic: one request at a time.
    let (mut lone_here, mut lone_tries) = (0, 0);
    for _ in 0..300 {
        let alone = client.is_idle();
        lone_tries += usize::from(alone);
        submit(0, alone);
        if alone {
            queue.poll_lone(LoneRequest::take());
        }
        lone_here += take(1);
    }
    // Ten callers: each batch of replies makes the next ten requests.
    let held: Held<usize> = Held::default();
    let mut batch_here = 0;
    for _ in 0..300 {
        held.begin();
        for i in 0..10 {
            assert_eq!(held.hold(i, &Replying(&client)), Holding::Held);
        }
        let polled = held.end(|i| submit(i, false), &client);
        assert!(polled.is_some(), "a batch to one connection, all the traffic: left to poll for");
        queue.poll_lone(polled);
        batch_here += take(10);
    }
    eprintln!("completed on the looping thread: {lone_here} of {lone_tries} lone requests, {batch_here} of 3000 batched");
    assert!(lone_here > 0, "no lone request was completed on the looping thread");
    assert!(batch_here > 0, "no batched request was completed on the looping thread");
    client.close();
}

/// Requests started together on a host thread (`start_together`: Java's
/// dispatcher starting what its callbacks made) reach an idle connection in
/// one write: the server decodes all 20 from one read. Each gets its own
/// reply (the server echoes its key).
#[test]
fn requests_started_together_reach_the_server_in_one_write() {
    use haven_core::bridge::held::start_together;
    use std::sync::{Arc, Mutex, OnceLock};
    use support::hostile::{self, Act, Hostile};
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the fake server");
    let reads: Arc<OnceLock<Arc<std::sync::atomic::AtomicU64>>> = Arc::new(OnceLock::new());
    let seen_at = Arc::new(Mutex::new(Vec::new()));
    let (r, seen) = (reads.clone(), seen_at.clone());
    let server = runtime.block_on(Hostile::start(move |args| {
        if hostile::name(args) != "GET" {
            return Act::Default;
        }
        // Which read of the server brought this GET.
        let read = r.get().map_or(0, |r| r.load(std::sync::atomic::Ordering::Relaxed));
        seen.lock().expect("lock").push(read);
        Act::Reply(format!("${}\r\n{}\r\n", args[1].len(), String::from_utf8_lossy(&args[1])).into_bytes())
    }));
    let _ = reads.set(server.reads.clone());
    let client = Client::connect_blocking(standalone(&[server.port])).expect("connect");
    assert_eq!(client.send_blocking(Cmd::new("GET").arg("warm"), RequestOptions::default()).expect("GET"), Value::BulkString("warm".into()));
    seen_at.lock().expect("lock").clear();
    let (tx, rx) = std::sync::mpsc::channel();
    let connections = start_together(|| {
        for i in 0..20 {
            let tx = tx.clone();
            client.submit_cmd_on(Cmd::new("GET").arg(format!("k{i}")), RequestOptions::default(), move |r| drop(tx.send((i, r))), false);
        }
    });
    assert_eq!(connections, 1);
    let mut replies: Vec<_> = (0..20).map(|_| rx.recv_timeout(Duration::from_secs(10)).expect("every request ends")).collect();
    replies.sort_by_key(|(i, _)| *i);
    for (i, reply) in replies {
        assert_eq!(reply.expect("GET"), Value::BulkString(format!("k{i}").into()));
    }
    let seen = seen_at.lock().expect("lock").clone();
    assert_eq!(seen.len(), 20);
    assert!(seen.iter().all(|&read| read == seen[0]), "the 20 GETs came in several reads: {seen:?}");
    client.close();
    drop(server);
}

/// Requests started together on a host thread against a real server end
/// in the order they were made (each GET reads the SET just before it),
/// also spread over a cluster's shards (their I/O tasks write them).
#[test]
fn requests_started_together_keep_their_order_on_one_connection_and_across_shards() {
    use haven_core::bridge::held::start_together;
    servers("standalone");
    servers("cluster");
    for (config, spread) in [(standalone(&[6400]), false), (cluster_config(&[7000, 7001, 7002]), true)] {
        let client = Client::connect_blocking(config).expect("connect");
        let (tx, rx) = std::sync::mpsc::channel();
        let k = key("together");
        // Every connection up first (a cluster's shards), so each request
        // is queued in its first poll.
        for i in 0..50 {
            client.send_blocking(Cmd::new("DEL").arg(format!("{k}:{i}")), RequestOptions::default()).expect("DEL");
        }
        let connections = start_together(|| {
            for i in 0..50 {
                let key = format!("{k}:{i}");
                client.submit_cmd_on(set(&key, &i.to_string()), RequestOptions::default(), |_| {}, false);
                let tx = tx.clone();
                client.submit_cmd_on(Cmd::new("GET").arg(key), RequestOptions::default(), move |r| drop(tx.send((i, r))), false);
            }
        });
        if spread {
            assert!(connections > 1, "50 keys of a cluster on {connections} connection(s)");
        } else {
            assert_eq!(connections, 1);
        }
        for _ in 0..50 {
            let (i, reply) = rx.recv_timeout(Duration::from_secs(10)).expect("every request ends");
            assert_eq!(reply.expect("GET"), Value::BulkString(i.to_string().into()), "the GET of {k}:{i}");
        }
        for i in 0..50 {
            client.send_blocking(Cmd::new("DEL").arg(format!("{k}:{i}")), RequestOptions::default()).expect("DEL");
        }
        client.close();
    }
}

/// Requests that find their node still connecting (a lazy client's first
/// requests; a fresh cluster client's shards) reach it in the order they
/// were made, started together as a shim's batch is: each GET reads the
/// SET just before it. (Woken together when the connection came up, they
/// were sent in whatever order they were polled.)
#[test]
fn requests_made_while_their_connection_comes_up_keep_their_order() {
    use haven_core::bridge::held::start_together;
    servers("standalone");
    servers("cluster");
    let lazy = |mut config: haven_core::proto::ClientConfig| {
        config.lazy_connect = true;
        config
    };
    for round in 0..10 {
        for config in [lazy(standalone(&[6400])), lazy(cluster_config(&[7000, 7001, 7002])), cluster_config(&[7000])] {
            let client = Client::connect_blocking(config).expect("connect");
            let (tx, rx) = std::sync::mpsc::channel();
            let k = key("coming-up");
            start_together(|| {
                for i in 0..20 {
                    let key = format!("{k}:{i}");
                    client.submit_cmd_on(set(&key, &format!("{round}:{i}")), RequestOptions::default(), |_| {}, false);
                    let tx = tx.clone();
                    client.submit_cmd_on(Cmd::new("GET").arg(key), RequestOptions::default(), move |r| drop(tx.send((i, r))), false);
                }
            });
            for _ in 0..20 {
                let (i, reply) = rx.recv_timeout(Duration::from_secs(10)).expect("every request ends");
                assert_eq!(reply.expect("GET"), Value::BulkString(format!("{round}:{i}").into()), "the GET of {k}:{i}");
            }
            client.close();
        }
    }
}

/// Requests handed to the engine through an outbox (what every shim's
/// requests from host threads take) reach the server in the order they
/// were pushed: each GET reads the SET pushed just before it, over 200
/// rounds of 20 requests, in the batches the drain takes. (Spawned one task each, the
/// last request of a batch ran first.)
#[test]
fn requests_handed_over_through_an_outbox_reach_the_server_in_order() {
    use haven_core::bridge::outbox::Outbox;
    type Done = Box<dyn FnOnce(haven_core::Result<Value>) + Send>;
    servers("standalone");
    let client = Client::connect_blocking(standalone(&[6400])).expect("connect");
    let outbox: std::sync::Arc<Outbox<(Cmd, Done)>> = Outbox::new();
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let drain = {
        let (outbox, client) = (outbox.clone(), client.clone());
        haven_core::runtime::handle().expect("runtime").spawn(async move {
            outbox.drain(stop, |(cmd, done)| client.submit_cmd_on(cmd, RequestOptions::default(), done, false)).await
        })
    };
    let k = key("outbox-order");
    let (tx, rx) = std::sync::mpsc::channel();
    for round in 0..200 {
        for i in 0..10 {
            let key = format!("{k}:{i}");
            let none: Done = Box::new(|_| {});
            assert!(outbox.push((set(&key, &round.to_string()), none)).is_ok());
            let tx = tx.clone();
            let read: Done = Box::new(move |r| drop(tx.send((i, round, r))));
            assert!(outbox.push((Cmd::new("GET").arg(key), read)).is_ok());
        }
        // (A round at a time: under the client's in-flight limit.)
        for _ in 0..10 {
            let (i, round, reply) = rx.recv_timeout(Duration::from_secs(10)).expect("every request ends");
            assert_eq!(reply.expect("GET"), Value::BulkString(round.to_string().into()), "the GET of {k}:{i} in round {round}");
        }
    }
    stop_tx.send_replace(true);
    let until = std::time::Instant::now() + Duration::from_secs(10);
    while !drain.is_finished() && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(5));
    }
    for i in 0..10 {
        client.send_blocking(Cmd::new("DEL").arg(format!("{k}:{i}")), RequestOptions::default()).expect("DEL");
    }
    client.close();
}
