//! SCAN from C through the generic command: on a cluster one cursor walks
//! every primary (the cursor is text to pass back as it is).

mod support;

use support::*;

#[test]
fn scan_walks_a_whole_cluster_from_c() {
    servers("cluster");
    let client = connect("cluster", &[("seed", "127.0.0.1:7000"), ("request_timeout_ms", "3000")]);
    let prefix = format!("c-scan:{}", std::process::id());
    let names: std::collections::BTreeSet<String> = (0..300).map(|i| format!("{prefix}:{i}")).collect();
    for n in &names {
        assert_eq!(command(client, &["SET", n, "1"]), Reply::Text("OK".into()));
    }
    let (mut cursor, mut seen, mut steps) = ("0".to_string(), std::collections::BTreeSet::new(), 0);
    loop {
        let pattern = format!("{prefix}:*");
        let Reply::List(parts) = command(client, &["SCAN", &cursor, "MATCH", &pattern, "COUNT", "100"]) else {
            panic!("SCAN reply")
        };
        let (Reply::Text(next), Reply::List(keys)) = (&parts[0], &parts[1]) else { panic!("SCAN parts {parts:?}") };
        for k in keys {
            let Reply::Text(k) = k else { panic!("key {k:?}") };
            seen.insert(k.clone());
        }
        cursor = next.clone();
        steps += 1;
        assert!(steps < 5000);
        if cursor == "0" {
            break;
        }
        assert!(cursor.starts_with("hc1:"), "{cursor}");
    }
    assert_eq!(seen, names);
    for n in &names {
        command(client, &["DEL", n]);
    }
    // SAFETY: a live client, freed once.
    unsafe { haven::haven_client_free(client) };
}
