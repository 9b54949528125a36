//! The engine's logs at a C callback (`haven_set_log_callback`): records
//! arrive at the level asked for (no debug line at info), a killed node is
//! a warn line naming it (the spare node 6452, killed under the shared
//! fault lock and restarted before it is released) and parked requests a
//! warn line, and at trace, through AUTH-bearing reconnects and a value
//! equal to the password of the `auth` group, the password is in no record.
//! One test: the callback and the level are the process's.

mod support;

use std::ffi::{c_char, c_void, CStr};
use std::ptr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use haven::*;
use support::{command, connect, fault_lock, servers, take_error, Reply};

const PASSWORD: &str = "hunter2";
const SPARE: u16 = 6452;

type Seen = Mutex<Vec<(HavenLogLevel, String, String)>>;

extern "C" fn on_log(user_data: *mut c_void, level: HavenLogLevel, logger: *const c_char, message: *const c_char) {
    // SAFETY: user_data is the test's `Seen`, leaked (alive for the
    // process); the strings are NUL-terminated and valid during the call.
    let (seen, logger, message) = unsafe { (&*(user_data as *const Seen), CStr::from_ptr(logger), CStr::from_ptr(message)) };
    if let Ok(mut s) = seen.lock() {
        s.push((level, logger.to_string_lossy().into_owned(), message.to_string_lossy().into_owned()));
    }
}

fn set_callback(seen: &'static Seen, level: HavenLogLevel) {
    let mut error = ptr::null_mut();
    // SAFETY: a callback that reads only what it is given; `seen` lives for the process.
    let rc = unsafe { haven_set_log_callback(Some(on_log), seen as *const Seen as *mut c_void, level as i32, &mut error) };
    assert_eq!(rc, 0, "{}", take_error(error));
}

fn wait_for(seen: &Seen, what: &str, want: impl Fn(&(HavenLogLevel, String, String)) -> bool) {
    let until = Instant::now() + Duration::from_secs(15);
    while !seen.lock().expect("lock").iter().any(&want) {
        assert!(Instant::now() < until, "no record {what} in {:#?}", seen.lock().expect("lock"));
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn script(args: &[&str]) {
    let ok = std::process::Command::new("bash")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/servers.sh"))
        .args(args)
        .status()
        .expect("servers.sh")
        .success();
    assert!(ok, "servers.sh {args:?}");
}

/// Restarts the spare group (declare after the fault lock).
struct Restore;
impl Drop for Restore {
    fn drop(&mut self) {
        script(&["start", "spare"]);
    }
}

fn kill_connection(client: *const HavenClient, other: *const HavenClient) {
    let Reply::Int(id) = command(client, &["CLIENT", "ID"]) else { panic!("CLIENT ID") };
    assert_eq!(command(other, &["CLIENT", "KILL", "ID", &id.to_string()]), Reply::Int(1));
}

#[test]
fn logs_reach_the_callback_at_the_level_name_the_killed_node_and_never_the_password() {
    servers("standalone");
    servers("auth");
    servers("spare");
    let seen: &'static Seen = Box::leak(Box::new(Mutex::new(Vec::new())));
    let mut error = ptr::null_mut();
    // SAFETY: a NULL callback is allowed; the level is checked.
    assert_eq!(unsafe { haven_set_log_callback(None, ptr::null_mut(), 9, &mut error) }, -1);
    assert!(take_error(error).contains("max_level"));

    // At info: the lost connection and the reconnect, nothing at debug.
    set_callback(seen, HavenLogLevel::HAVEN_LOG_INFO);
    let client = connect("standalone", &[("address", "127.0.0.1:6400"), ("request_timeout_ms", "3000")]);
    let other = connect("standalone", &[("address", "127.0.0.1:6400")]);
    kill_connection(client, other);
    wait_for(seen, "of the reconnect", |(l, n, m)| {
        *l == HavenLogLevel::HAVEN_LOG_INFO && n == "haven.connection" && m.contains("reconnected to 127.0.0.1:6400")
    });
    wait_for(seen, "of the lost node", |(l, _, m)| {
        *l == HavenLogLevel::HAVEN_LOG_WARN && m.contains("node 127.0.0.1:6400 disconnected")
    });
    assert!(
        seen.lock().expect("lock").iter().all(|(l, _, _)| (*l as i32) <= HavenLogLevel::HAVEN_LOG_INFO as i32),
        "a debug record at info: {:#?}",
        seen.lock().expect("lock")
    );
    // SAFETY: live clients, freed once.
    unsafe {
        haven_client_free(client);
        haven_client_free(other);
    }

    // A killed node: a warn line naming it, and one for the parked requests.
    {
        let _lock = fault_lock();
        let _restore = Restore;
        script(&["start", "spare"]);
        let address = format!("127.0.0.1:{SPARE}");
        let client = connect("standalone", &[("address", &address), ("request_timeout_ms", "300")]);
        assert_eq!(command(client, &["PING"]), Reply::Text("PONG".into()));
        script(&["kill-node", &SPARE.to_string()]);
        wait_for(seen, "naming the killed node", |(l, _, m)| {
            *l == HavenLogLevel::HAVEN_LOG_WARN && m.contains(&format!("node {address} disconnected"))
        });
        assert!(matches!(command(client, &["GET", "k"]), Reply::Error(..)));
        wait_for(seen, "of the parked request", |(l, n, m)| {
            *l == HavenLogLevel::HAVEN_LOG_WARN && n == "haven.request" && m.contains("requests parked")
        });
        // SAFETY: a live client, freed once.
        unsafe { haven_client_free(client) };
    }

    // At trace, with the password: never in a record.
    set_callback(seen, HavenLogLevel::HAVEN_LOG_TRACE);
    let auth = [("address", "127.0.0.1:6401"), ("password", PASSWORD), ("request_timeout_ms", "3000"), ("log_level", "trace")];
    let client = connect("standalone", &auth);
    let other = connect("standalone", &auth);
    let k = format!("ffi-logs:{}", std::process::id());
    assert_eq!(command(client, &["SET", &k, PASSWORD]), Reply::Text("OK".into()));
    let mut all: Vec<(HavenLogLevel, String, String)> = Vec::new();
    for _ in 0..2 {
        all.append(&mut seen.lock().expect("lock"));
        kill_connection(client, other);
        wait_for(seen, "of an AUTH-bearing reconnect", |(_, _, m)| m.contains("reconnected to 127.0.0.1:6401"));
        assert_eq!(command(client, &["PING"]), Reply::Text("PONG".into()));
    }
    let _ = command(client, &["AUTH", PASSWORD]);
    std::thread::sleep(Duration::from_millis(300));
    // SAFETY: live clients, freed once.
    unsafe {
        haven_client_free(client);
        haven_client_free(other);
    }
    // SAFETY: NULL clears the callback; after this it is never called.
    assert_eq!(unsafe { haven_set_log_callback(None, ptr::null_mut(), HavenLogLevel::HAVEN_LOG_INFO as i32, &mut error) }, 0);
    all.append(&mut seen.lock().expect("lock"));
    assert!(all.iter().any(|(l, _, m)| *l == HavenLogLevel::HAVEN_LOG_TRACE && m == "request: SET"), "no trace record of the SET");
    assert!(all.iter().any(|(l, _, _)| *l == HavenLogLevel::HAVEN_LOG_DEBUG), "no debug record at trace");
    for (_, logger, message) in all.iter() {
        assert!(!message.contains(PASSWORD), "the password in a record: {logger}: {message}");
    }
}
