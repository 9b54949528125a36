//! Per-request routes from C (`HavenRequestOptions.route`): a command sent
//! to one node of a cluster by address, to every primary, and a bad route
//! answered with a ConfigError reply naming it.

mod support;

use haven::*;
use support::*;

fn with_route(client: *const HavenClient, args: &[&str], route: &str) -> Reply {
    let (ptrs, lens) = argv(args);
    let route = c(route);
    let options = HavenRequestOptions { timeout_ms: 3000, resend_safe: false, route: route.as_ptr() };
    // SAFETY: a live client, `args.len()` readable arguments, options valid for the call.
    take_reply(unsafe { haven_client_command_blocking_with(client, args.len(), ptrs.as_ptr(), lens.as_ptr(), &options) })
}

fn myid(port: u16) -> String {
    let out = std::process::Command::new("redis-cli").args(["-p", &port.to_string(), "CLUSTER", "MYID"]).output().expect("redis-cli");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn routes_pick_the_node_from_c() {
    servers("cluster");
    let client = connect("cluster", &[("seed", "127.0.0.1:7000"), ("request_timeout_ms", "3000")]);
    for port in [7000u16, 7001, 7002] {
        assert_eq!(with_route(client, &["CLUSTER", "MYID"], &format!("127.0.0.1:{port}")), Reply::Text(myid(port)));
    }
    // Every primary answers PING; the replies combine into one.
    assert_eq!(with_route(client, &["PING"], "all_primaries"), Reply::Text("PONG".into()));
    match with_route(client, &["PING"], "nowhere") {
        Reply::Error(kind, message) => {
            assert_eq!(kind, HavenErrorKind::HAVEN_ERROR_CONFIG, "{message}");
            assert!(message.contains("route"), "{message}");
        }
        other => panic!("a bad route gave {other:?}"),
    }
    // SAFETY: a live client, freed once.
    unsafe { haven_client_free(client) };
}
