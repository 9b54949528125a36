//! OpenTelemetry from the engine: `telemetry::init` at 100% sampling with
//! a small OTLP/HTTP receiver in the test; spans and metrics arrive on
//! /v1/traces and /v1/metrics, named and attributed after the conventions,
//! and the argument values sent never appear in what was exported. Also
//! `Client::stats()`: requests by command and outcome, errors by kind.
//! One test: telemetry is the process's.

mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use haven_core::telemetry::{self, TelemetryConfig};
use haven_core::{Client, Cmd};
use support::*;

/// Receives OTLP/HTTP posts: (path, body) of each.
fn receiver() -> (String, Arc<Mutex<Vec<(String, Vec<u8>)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let got = Arc::new(Mutex::new(Vec::new()));
    let out = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            let mut length = 0usize;
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    if k.eq_ignore_ascii_case("content-length") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            out.lock().expect("lock").push((path, body));
            let _ = reader.get_mut().write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (format!("http://{addr}"), got)
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spans_and_metrics_reach_an_otlp_receiver_and_stats_count() {
    let (endpoint, got) = receiver();
    telemetry::init(TelemetryConfig {
        endpoint: Some(endpoint),
        protocol: None,
        sample_percentage: 100.0,
        flush_interval_ms: 200,
        service_name: Some("haven-core-test".into()),
    })
    .expect("init");
    let again = telemetry::init(TelemetryConfig::default());
    assert_eq!(again.err().map(|e| e.kind()), Some(haven_core::ErrorKind::Config), "a second init is refused");

    servers("standalone");
    let client = Client::connect(standalone(&[6400])).await.expect("connect");
    let k = key("telemetry");
    let secret = "argument-value-never-exported";
    client.send(Cmd::new("SET").arg(k.clone()).arg(secret)).await.expect("set");
    for _ in 0..5 {
        client.send(Cmd::new("GET").arg(k.clone())).await.expect("get");
    }
    let err = client.send(Cmd::new("INCR").arg(k.clone())).await;
    assert!(err.is_err(), "INCR of a non-number fails");
    client.batch(vec![Cmd::new("GET").arg(k.clone()), Cmd::new("GET").arg(k.clone())], false, Default::default())
        .await
        .expect("batch");

    let stats = client.stats();
    assert_eq!(stats.errors.get("ResponseError"), Some(&1), "{stats:?}");
    assert!(stats.requests_ok >= 7, "{stats:?}");
    let gets = &stats.durations[&("GET".to_string(), "ok".to_string())];
    assert_eq!(gets.count, 5);
    assert!(stats.durations.contains_key(&("INCR".to_string(), "ResponseError".to_string())));
    assert!(stats.durations.contains_key(&("PIPELINE".to_string(), "ok".to_string())));
    let json = stats.to_json();
    assert!(json.contains("\"command\":\"GET\""), "{json}");

    telemetry::flush().expect("flush");
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let posts = got.lock().expect("lock").clone();
        let traces: Vec<_> = posts.iter().filter(|(p, _)| p == "/v1/traces").map(|(_, b)| b).collect();
        let metrics: Vec<_> = posts.iter().filter(|(p, _)| p == "/v1/metrics").map(|(_, b)| b).collect();
        let spans_ok = traces.iter().any(|b| {
            contains(b, "db.operation.name") && contains(b, "GET") && contains(b, "server.address")
                && contains(b, "127.0.0.1") && contains(b, "db.operation.batch.size") && contains(b, "error.type")
        });
        let metrics_ok = metrics.iter().any(|b| contains(b, "db.client.operation.duration"))
            && metrics.iter().any(|b| contains(b, "haven.client.errors"));
        if spans_ok && metrics_ok {
            for (_, body) in &posts {
                assert!(!contains(body, secret), "an argument value was exported");
            }
            break;
        }
        assert!(Instant::now() < until, "no span/metric: {} trace posts, {} metric posts", traces.len(), metrics.len());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    client.close();
}
