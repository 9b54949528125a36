//! What only Valkey 9.1 gives haven (run with HAVEN_SERVER=valkey, as
//! `make test-valkey` does; against Redis every test prints why it skips):
//!
//! - AZ affinity with no node map: each node's zone is the one Valkey reports
//!   in HELLO (`availability-zone`, set by scripts/servers.sh: replicas 6410
//!   zone-b, 6411 zone-a, 6412 zone-b; cluster 7000-7002 zone-a, 7003-7005
//!   zone-b), on the standalone replica set and on the cluster.
//! - Commands only Valkey has (hash-field expiry) route by their key and read
//!   from replicas through the merged command table.
//! - Numbered databases in cluster mode (`cluster-databases 16`): a cluster
//!   client's database is selected on every connection; Redis refuses it
//!   with a ConfigError naming the setting.
//!
//! Where reads landed is counted by the servers (INFO commandstats).

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use haven_core::{proto, Client, Cmd, NodeRole, Value};
use support::*;

/// False (after saying why) unless the suite runs against Valkey.
fn on_valkey(test: &str) -> bool {
    if !is_valkey() {
        eprintln!("{test}: skipped: needs HAVEN_SERVER=valkey (Valkey 9.1, scripts/install-valkey.sh); running against {}", server());
        return false;
    }
    true
}

/// The zone the node on `port` is configured with (CONFIG GET availability-zone).
fn zone(port: u16) -> String {
    let out = cli(port, &["CONFIG", "GET", "availability-zone"]);
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("availability-zone"), "node {port} is not a Valkey with availability-zone: {out:?}");
    lines.next().unwrap_or("").to_string()
}

fn assert_valkey(port: u16) {
    let info = cli(port, &["INFO", "server"]);
    assert!(info.contains("valkey_version:9."), "HAVEN_SERVER=valkey but node {port} is not Valkey 9: {info}");
}

/// How many times the node refused `command` before running it (a MOVED
/// redirect counts there, not in `calls`).
fn rejected(port: u16, command: &str) -> u64 {
    let info = cli(port, &["INFO", "commandstats"]);
    let prefix = format!("cmdstat_{command}:");
    info.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .and_then(|rest| rest.split(',').find_map(|f| f.strip_prefix("rejected_calls=")))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

async fn connect(config: proto::ClientConfig) -> Client {
    Client::connect(config).await.expect("connect")
}

/// Waits until the client has learnt every node's zone from its handshake.
async fn zones_seen(client: &Client, expected: &HashMap<String, String>) {
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let seen: HashMap<String, String> = client
            .nodes()
            .into_iter()
            .filter_map(|v| v.availability_zone.map(|z| (v.address, z)))
            .collect();
        if expected.iter().all(|(a, z)| seen.get(a) == Some(z)) {
            return;
        }
        assert!(Instant::now() < until, "the client never saw the zones {expected:?}; it sees {seen:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Sends `n` times `command key` and returns how many times each port ran it.
async fn count_reads(client: &Client, ports: &[u16], command: &str, key: &str, n: usize) -> Vec<u64> {
    let before: Vec<u64> = ports.iter().map(|&p| calls(p, command)).collect();
    for _ in 0..n {
        client.send(Cmd::new(command.to_uppercase()).arg(key.to_string())).await.expect("read");
    }
    ports.iter().zip(before).map(|(&p, b)| calls(p, command) - b).collect()
}

#[tokio::test]
async fn az_affinity_uses_the_zones_valkey_reports() {
    if !on_valkey("az_affinity_uses_the_zones_valkey_reports") {
        return;
    }
    servers("replicas");
    // No fault of another suite may swap roles while reads are counted.
    let _lock = fault_lock();
    restore("replicas");
    let (primary, r1, r2) = (6410u16, 6411u16, 6412u16);
    let ports = [primary, r1, r2];
    assert_valkey(primary);
    let zones: HashMap<String, String> = ports.iter().map(|&p| (format!("127.0.0.1:{p}"), zone(p))).collect();
    assert_eq!(
        [zone(primary), zone(r1), zone(r2)],
        ["zone-b", "zone-a", "zone-b"].map(String::from),
        "scripts/servers.sh gives the replicas group these zones"
    );
    let k = key("az");
    cli(primary, &["SET", &k, "x"]);
    cli(primary, &["WAIT", "2", "1000"]);

    let client_in = |zone: &str, read_from: &str| {
        let mut config = standalone(&ports);
        config.read_from = read_from.into();
        config.client_az = zone.into();
        assert!(config.node_az.is_empty());
        connect(config)
    };

    // zone-a: its only node is replica 6411.
    let client = client_in("zone-a", "az_affinity").await;
    zones_seen(&client, &zones).await;
    let views = client.nodes();
    assert_eq!(views.iter().filter(|v| v.role == NodeRole::Replica).count(), 2, "{views:?}");
    assert_eq!(count_reads(&client, &ports, "expiretime", &k, 30).await, vec![0, 30, 0]);
    client.close();

    // zone-b: the primary is there too, but az_affinity reads replicas only.
    let client = client_in("zone-b", "az_affinity").await;
    zones_seen(&client, &zones).await;
    assert_eq!(count_reads(&client, &ports, "pexpiretime", &k, 30).await, vec![0, 0, 30]);
    client.close();

    // zone-b with the primary allowed: the primary and 6412 share the reads.
    let client = client_in("zone-b", "az_affinity_replicas_and_primary").await;
    zones_seen(&client, &zones).await;
    assert_eq!(count_reads(&client, &ports, "bitcount", &k, 30).await, vec![15, 0, 15]);
    client.close();

    // A zone no node is in: any replica, never the primary.
    let client = client_in("zone-c", "az_affinity").await;
    zones_seen(&client, &zones).await;
    let spread = count_reads(&client, &ports, "ttl", &k, 30).await;
    assert_eq!((spread[0], spread[1] + spread[2]), (0, 30), "{spread:?}");
    client.close();
}

#[tokio::test]
async fn cluster_az_affinity_uses_the_zones_valkey_reports() {
    if !on_valkey("cluster_az_affinity_uses_the_zones_valkey_reports") {
        return;
    }
    let _lock = fault_lock();
    cluster_online().await;
    assert_valkey(CLUSTER_PORTS[0]);
    // A fault test may have swapped roles: work from what the nodes say.
    let nodes = cluster_nodes();
    let zones: HashMap<u16, String> = CLUSTER_PORTS.iter().map(|&p| (p, zone(p))).collect();
    for &p in &CLUSTER_PORTS {
        assert_eq!(zones[&p], if p < 7003 { "zone-a" } else { "zone-b" }, "scripts/servers.sh zones");
    }
    let shards: Vec<(u16, Vec<u16>)> = cluster_primaries()
        .iter()
        .map(|p| {
            let replicas =
                nodes.iter().filter(|r| r.primary_id.as_deref() == Some(p.id.as_str())).map(|r| r.port).collect();
            (p.port, replicas)
        })
        .collect();
    assert_eq!(shards.len(), 3, "{shards:?}");

    for (client_az, read_from, command) in
        [("zone-b", "az_affinity", "expiretime"), ("zone-a", "az_affinity_replicas_and_primary", "pexpiretime")]
    {
        let mut config = cluster_config(&[7000, 7001, 7002]);
        config.read_from = read_from.into();
        config.client_az = client_az.into();
        config.request_timeout_ms = Some(3000);
        let client = connect(config).await;
        let expected_zones: HashMap<String, String> =
            zones.iter().map(|(p, z)| (format!("127.0.0.1:{p}"), z.clone())).collect();
        zones_seen(&client, &expected_zones).await;
        for (primary, replicas) in &shards {
            let tag = tag_on(&nodes, *primary, "vkaz");
            let k = format!("{{{tag}}}:{}", key("cluster-az"));
            // Where the reads belong: the shard's nodes in the client's zone
            // (replicas only under az_affinity); any replica when none is.
            let mut local: Vec<u16> = replicas.iter().copied().filter(|p| zones[p] == client_az).collect();
            if read_from == "az_affinity_replicas_and_primary" && zones[primary] == client_az {
                local.push(*primary);
            }
            if local.is_empty() {
                local = replicas.clone();
            }
            let counts = count_reads(&client, &CLUSTER_PORTS, command, &k, 20).await;
            let on_local: u64 =
                CLUSTER_PORTS.iter().zip(&counts).filter(|(p, _)| local.contains(p)).map(|(_, c)| c).sum();
            assert_eq!(
                on_local, 20,
                "{read_from} from {client_az}: shard of {primary} (replicas {replicas:?}, zones {zones:?}): \
                 reads belong on {local:?}, landed {counts:?} over {CLUSTER_PORTS:?}"
            );
        }
        client.close();
    }
}

/// HSETEX, HEXPIRE, HGETEX, HPERSIST (writes) and HTTL (a read) exist in
/// Valkey 9 only: the merged command table routes each to its key's shard
/// (a keyless write would go to a random primary and be MOVED) and HTTL to a
/// replica under prefer_replica. No node redirects any of them.
#[tokio::test]
async fn hash_field_expiry_routes_by_key_in_a_cluster() {
    if !on_valkey("hash_field_expiry_routes_by_key_in_a_cluster") {
        return;
    }
    let _lock = fault_lock();
    cluster_online().await;
    let nodes = cluster_nodes();
    let mut config = cluster_config(&[7000, 7001, 7002]);
    config.read_from = "prefer_replica".into();
    config.request_timeout_ms = Some(3000);
    let client = connect(config).await;
    let send = |cmd: Vec<&str>| {
        let c = client.clone();
        let cmd: Cmd = cmd.iter().map(|a| bytes::Bytes::from(a.to_string())).collect();
        async move { c.send(cmd).await.expect("command") }
    };
    let writes = ["hsetex", "hexpire", "hgetex", "hpersist"];
    for primary in cluster_primaries() {
        let replicas: Vec<u16> =
            nodes.iter().filter(|r| r.primary_id.as_deref() == Some(primary.id.as_str())).map(|r| r.port).collect();
        for i in 0..2 {
            let tag = tag_on(&nodes, primary.port, &format!("vkhfe{i}-"));
            let k = format!("{{{tag}}}:{}", key("hfe"));
            let before: HashMap<(u16, &str), u64> = CLUSTER_PORTS
                .iter()
                .flat_map(|&p| writes.iter().chain(["httl"].iter()).map(move |&c| ((p, c), calls(p, c))))
                .collect();
            let refused_before: HashMap<(u16, &str), u64> = CLUSTER_PORTS
                .iter()
                .flat_map(|&p| writes.iter().chain(["httl"].iter()).map(move |&c| ((p, c), rejected(p, c))))
                .collect();
            let delta = |port: u16, command: &'static str| calls(port, command) - before[&(port, command)];
            assert_eq!(send(vec!["HSETEX", &k, "EX", "100", "FIELDS", "2", "a", "1", "b", "2"]).await, Value::Integer(1));
            assert_eq!(
                send(vec!["HEXPIRE", &k, "200", "FIELDS", "1", "a"]).await,
                Value::Array(vec![Value::Integer(1)])
            );
            assert_eq!(
                send(vec!["HGETEX", &k, "PERSIST", "FIELDS", "1", "b"]).await,
                Value::Array(vec![Value::BulkString("2".into())])
            );
            assert_eq!(
                send(vec!["HPERSIST", &k, "FIELDS", "1", "a"]).await,
                Value::Array(vec![Value::Integer(1)])
            );
            cli(primary.port, &["WAIT", &replicas.len().to_string(), "1000"]);
            assert_eq!(
                send(vec!["HTTL", &k, "FIELDS", "2", "a", "b"]).await,
                Value::Array(vec![Value::Integer(-1), Value::Integer(-1)])
            );
            for &p in &CLUSTER_PORTS {
                // The owner's replicas run the writes too, replicated.
                if !replicas.contains(&p) {
                    for &c in &writes {
                        let want = u64::from(p == primary.port);
                        assert_eq!(delta(p, c), want, "{c} on {k} ran on {p} (owner {})", primary.port);
                    }
                }
                for c in writes.iter().chain(["httl"].iter()) {
                    let refused = rejected(p, c) - refused_before[&(p, *c)];
                    assert_eq!(refused, 0, "{c} on {k} was sent to {p} and redirected (owner {})", primary.port);
                }
                let want = u64::from(replicas.contains(&p));
                assert_eq!(delta(p, "httl"), want, "HTTL on {p}: replicas of {} are {replicas:?}", primary.port);
            }
        }
    }
    client.close();
}

/// A cluster client's `database` is selected on every connection it opens
/// (one per primary here): its keys live in that database on every shard,
/// apart from database 0's. Against Redis, whose cluster nodes refuse
/// SELECT, the connect fails with a ConfigError naming the setting.
#[tokio::test]
async fn a_cluster_database_is_selected_on_every_connection() {
    servers("cluster");
    cluster_online().await;
    let mut config = cluster_config(&[7000, 7001, 7002]);
    config.request_timeout_ms = Some(3000);
    config.connection = Some(proto::ConnectionSettings { database: 3, ..Default::default() });
    if !is_valkey() {
        let err = Client::connect(config).await.expect_err("Redis refuses SELECT in cluster mode");
        assert_eq!(err.kind(), haven_core::ErrorKind::Config, "{err}");
        assert!(err.message().contains("connection.database") && err.message().contains("SELECT"), "{err}");
        return;
    }
    let in_db3 = connect(config).await;
    let mut plain = cluster_config(&[7000, 7001, 7002]);
    plain.request_timeout_ms = Some(3000);
    let in_db0 = connect(plain).await;
    let nodes = cluster_nodes();
    let mut keys = Vec::new();
    for primary in cluster_primaries() {
        let k = format!("{{{}}}:{}", tag_on(&nodes, primary.port, "vkdb-"), key("db"));
        let set = Cmd::new("SET").arg(k.clone()).arg("in-3");
        assert_eq!(in_db3.send(set).await.expect("SET in database 3"), Value::SimpleString("OK".into()));
        // The shard's own view: database 3 has it, database 0 does not.
        assert_eq!(cli(primary.port, &["-n", "3", "GET", &k]), "in-3", "node {}", primary.port);
        assert_eq!(cli(primary.port, &["-n", "0", "EXISTS", &k]), "0", "node {}", primary.port);
        assert_eq!(in_db0.send(Cmd::new("GET").arg(k.clone())).await.expect("GET in database 0"), Value::Nil);
        keys.push(k);
    }
    for k in keys {
        in_db3.send(Cmd::new("DEL").arg(k)).await.expect("cleanup");
    }
}
