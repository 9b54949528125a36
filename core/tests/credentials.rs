//! A credential provider (`Client::connect_with_credentials`) on the `auth`
//! group (6401): the provider's credentials authenticate new connections;
//! when they rotate, the live shared connection re-authenticates in place
//! (same server-side client, no request lost while it happens), idle
//! dedicated connections are replaced, refused credentials make the node
//! reconnect with a clear error and recover once the provider answers well
//! again; a refresh interval asks on its own; a password and a provider
//! together are refused; secrets never appear in errors or events.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::proto::EventKind;
use haven_core::{Client, Cmd, CredentialProvider, Credentials, ErrorKind, Value};
use parking_lot::Mutex;
use support::*;

const ADMIN: &str = "hunter2";

fn admin(args: &[&str]) -> String {
    cli(6401, args)
}

/// A user of its own for each test, with `password`.
fn user(name: &str, password: &str) -> String {
    let user = format!("rot-{name}-{}", std::process::id());
    assert_eq!(admin(&["ACL", "SETUSER", &user, "reset", "on", &format!(">{password}"), "~*", "&*", "+@all"]), "OK");
    user
}

/// A provider answering with whatever `now` holds, counting its calls.
fn provider(now: Arc<Mutex<Credentials>>, calls: Arc<AtomicU64>) -> CredentialProvider {
    Arc::new(move || {
        calls.fetch_add(1, Ordering::SeqCst);
        let c = now.lock().clone();
        Box::pin(async move { Ok(c) })
    })
}

fn creds(user: &str, password: &str) -> Credentials {
    Credentials { username: Some(user.into()), password: password.into() }
}

fn client_id_of(name: &str) -> Vec<String> {
    admin(&["CLIENT", "LIST"])
        .lines()
        .filter(|l| l.contains(&format!(" user={name} ")) && !l.contains("cmd=client|list"))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[tokio::test]
async fn rotated_credentials_re_authenticate_the_live_connection_without_losing_requests() {
    servers("auth");
    let name = user("live", "first-secret");
    let now = Arc::new(Mutex::new(creds(&name, "first-secret")));
    let calls = Arc::new(AtomicU64::new(0));
    let client = Client::connect_with_credentials(standalone(&[6401]), provider(now.clone(), calls.clone()), None)
        .await
        .expect("connect with the provider's credentials");
    let mut events = client.events();
    assert_eq!(calls.load(Ordering::SeqCst), 1, "asked once at connect");
    let k = key("cred");
    client.send(Cmd::new("SET").arg(k.clone()).arg("1")).await.expect("write as the rotating user");
    let ids_before = client_id_of(&name);
    assert_eq!(ids_before.len(), 1, "one shared connection: {ids_before:?}");

    // Callers keep going while the credentials rotate.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (ok, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(Mutex::new(Vec::<String>::new())));
    let mut callers = Vec::new();
    for _ in 0..8 {
        let (client, stop, ok, failed, k) = (client.clone(), stop.clone(), ok.clone(), failed.clone(), k.clone());
        callers.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                match client.send(Cmd::new("INCR").arg(k.clone())).await {
                    Ok(_) => ok.fetch_add(1, Ordering::Relaxed),
                    Err(e) => {
                        failed.lock().push(e.to_string());
                        0
                    }
                };
            }
        }));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    // The provider moves to another user (as a rotation to a new token
    // would): the same server-side connection must now run as that user.
    let next = user("live-next", "second-secret");
    *now.lock() = creds(&next, "second-secret");
    assert!(client.refresh_credentials().await.expect("refresh"), "the credentials changed");
    let until = Instant::now() + Duration::from_secs(10);
    while client_id_of(&next) != ids_before {
        assert!(
            Instant::now() < until,
            "connection {ids_before:?} was not re-authenticated as {next}: {:?} / {:?}",
            client_id_of(&name),
            client_id_of(&next)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // The first user is revoked; callers go on.
    assert_eq!(admin(&["ACL", "DELUSER", &name]), "1");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for c in callers {
        c.await.expect("caller");
    }
    let failed = failed.lock().clone();
    assert!(failed.is_empty(), "{} requests failed during the rotation: {:?}", failed.len(), &failed[..failed.len().min(3)]);
    assert!(ok.load(Ordering::Relaxed) > 50, "callers made progress: {}", ok.load(Ordering::Relaxed));
    assert_eq!(client_id_of(&next), ids_before, "the same server-side connection, re-authenticated in place");
    while let Ok(e) = events.try_recv() {
        assert_ne!(e.kind, EventKind::NodeDisconnected as i32, "the connection dropped: {e:?}");
    }
    // Dedicated connections open with the new credentials (the old
    // password is gone from the server now).
    let reply = client.send(Cmd::new("BLPOP").arg(key("cred-q")).arg("0.1")).await.expect("BLPOP on a dedicated connection");
    assert_eq!(reply, Value::Nil);
    assert!(!client.refresh_credentials().await.expect("same again"), "unchanged credentials are no change");
    client.close();
    admin(&["ACL", "DELUSER", &next]);
}

#[tokio::test]
async fn refused_credentials_reconnect_with_a_clear_error_and_recover() {
    servers("auth");
    let name = user("bad", "good-secret");
    let now = Arc::new(Mutex::new(creds(&name, "good-secret")));
    let client = Client::connect_with_credentials(
        proto_with_timeout(standalone(&[6401]), 500),
        provider(now.clone(), Arc::default()),
        None,
    )
    .await
    .expect("connect");
    let k = key("cred-bad");
    client.send(Cmd::new("SET").arg(k.clone()).arg("v")).await.expect("write");
    *now.lock() = creds(&name, "wrong-secret");
    assert!(client.refresh_credentials().await.expect("refresh"));
    // The refused AUTH closes the connection; reconnecting with the wrong
    // password fails and says so, without the password.
    let until = Instant::now() + Duration::from_secs(10);
    let error = loop {
        match client.send(Cmd::new("GET").arg(k.clone())).await {
            Err(e) if e.message().contains("authentication failed") || e.message().contains("re-authentication") => break e,
            _ => {}
        }
        assert!(Instant::now() < until, "requests never reported the refused credentials");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(matches!(error.kind(), ErrorKind::Connection | ErrorKind::Timeout), "{error}");
    assert!(!error.to_string().contains("wrong-secret"), "{error}");
    // The provider answers well again: the node reconnects.
    *now.lock() = creds(&name, "good-secret");
    assert!(client.refresh_credentials().await.expect("refresh"));
    let until = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(v) = client.send(Cmd::new("GET").arg(k.clone())).await {
            assert_eq!(v, Value::BulkString("v".into()));
            break;
        }
        assert!(Instant::now() < until, "the client never recovered with the good credentials");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    client.close();
    admin(&["ACL", "DELUSER", &name]);
}

fn proto_with_timeout(mut c: haven_core::proto::ClientConfig, ms: i64) -> haven_core::proto::ClientConfig {
    c.request_timeout_ms = Some(ms);
    c
}

#[tokio::test]
async fn a_refresh_interval_asks_on_its_own_and_bad_setups_are_named() {
    servers("auth");
    let name = user("timer", "timer-secret");
    let now = Arc::new(Mutex::new(creds(&name, "timer-secret")));
    let calls = Arc::new(AtomicU64::new(0));
    let client =
        Client::connect_with_credentials(standalone(&[6401]), provider(now.clone(), calls.clone()), Some(Duration::from_millis(150)))
            .await
            .expect("connect");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!(calls.load(Ordering::SeqCst) >= 3, "asked {} times in 1 s at a 150 ms interval", calls.load(Ordering::SeqCst));
    client.send(Cmd::new("PING")).await.expect("ping");
    client.close();

    // A password and a provider: one or the other.
    let err = Client::connect_with_credentials(proto_with_password(), provider(now.clone(), Arc::default()), None)
        .await
        .expect_err("both");
    assert_eq!(err.kind(), ErrorKind::Config, "{err}");
    assert!(err.message().contains("credential provider"), "{err}");
    // A provider that fails at connect: the error says so (not the secret).
    let failing: CredentialProvider = Arc::new(|| Box::pin(async { Err("the vault is sealed".to_string()) }));
    let err = Client::connect_with_credentials(standalone(&[6401]), failing, None).await.expect_err("no credentials");
    assert!(err.message().contains("the vault is sealed"), "{err}");
    // A client without a provider cannot refresh.
    let plain = Client::connect(proto_with_password()).await.expect("plain");
    assert_eq!(plain.refresh_credentials().await.expect_err("no provider").kind(), ErrorKind::Config);
    plain.close();
    admin(&["ACL", "DELUSER", &name]);
}

fn proto_with_password() -> haven_core::proto::ClientConfig {
    let mut c = standalone(&[6401]);
    c.connection = Some(haven_core::proto::ConnectionSettings {
        credentials: Some(haven_core::proto::Credentials { username: String::new(), password: Some(ADMIN.into()) }),
        ..Default::default()
    });
    c
}
