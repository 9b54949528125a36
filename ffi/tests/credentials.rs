//! A credential provider written in C, on the `auth` group (6401): the
//! provider's credentials connect; after a rotation to another user,
//! `haven_client_refresh_credentials` answers 1 and the same server-side
//! connection runs as the new user; a failing provider's reason reaches the
//! connect error; a client without a provider cannot refresh.

mod support;

use std::ffi::{c_char, c_void, CString};
use std::ptr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use haven::*;
use parking_lot::Mutex;
use support::{c, command, servers, take_error, Reply};

fn admin(args: &[&str]) -> String {
    let out = std::process::Command::new("redis-cli")
        .args(["-p", "6401", "-a", "hunter2", "--no-auth-warning"])
        .args(args)
        .output()
        .expect("redis-cli");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn acl_user(name: &str, password: &str) -> String {
    let user = format!("c-rot-{name}-{}", std::process::id());
    assert_eq!(admin(&["ACL", "SETUSER", &user, "reset", "on", &format!(">{password}"), "~*", "&*", "+@all"]), "OK");
    user
}

fn ids_of(user: &str) -> Vec<String> {
    admin(&["CLIENT", "LIST"])
        .lines()
        .filter(|l| l.contains(&format!(" user={user} ")) && !l.contains("cmd=client|list"))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// What the C provider answers: (username, password), or a failure reason.
struct Vault {
    now: Mutex<Result<(CString, CString), CString>>,
    asked: AtomicU32,
}

extern "C" fn vault_provider(user_data: *mut c_void, out: *mut HavenCredentials) -> i32 {
    // SAFETY: user_data is the test's leaked Vault, alive for the process.
    let vault = unsafe { &*(user_data as *const Vault) };
    vault.asked.fetch_add(1, Ordering::SeqCst);
    match &*vault.now.lock() {
        // SAFETY: `out` is the handle of this call; the strings are NUL-terminated.
        Ok((user, password)) => unsafe { haven_credentials_set(out, user.as_ptr(), password.as_ptr()) },
        Err(reason) => {
            // SAFETY: as above.
            unsafe { haven_credentials_fail(out, reason.as_ptr()) };
            0
        }
    }
}

fn config() -> *mut HavenConfig {
    let config = haven_config_standalone();
    let mut error = ptr::null_mut();
    for (k, v) in [("address", "127.0.0.1:6401"), ("request_timeout_ms", "2000")] {
        // SAFETY: a live config and NUL-terminated strings.
        assert_eq!(unsafe { haven_config_set(config, c(k).as_ptr(), c(v).as_ptr(), &mut error) }, 0, "{}", take_error(error));
    }
    config
}

fn connect(vault: &'static Vault, refresh_ms: u32) -> Result<*mut HavenClient, String> {
    let config = config();
    let mut error: *mut c_char = ptr::null_mut();
    // SAFETY: a live config; the Vault lives for the process.
    let client = unsafe {
        haven_client_connect_with_credentials(config, Some(vault_provider), vault as *const Vault as *mut c_void, refresh_ms, &mut error)
    };
    // SAFETY: freed once.
    unsafe { haven_config_free(config) };
    if client.is_null() {
        Err(take_error(error))
    } else {
        Ok(client)
    }
}

fn vault(user: &str, password: &str) -> &'static Vault {
    Box::leak(Box::new(Vault { now: Mutex::new(Ok((c(user), c(password)))), asked: AtomicU32::new(0) }))
}

#[test]
fn a_c_provider_connects_rotates_and_fails_clearly() {
    servers("auth");
    let first = acl_user("first", "first-secret");
    let v = vault(&first, "first-secret");
    let client = connect(v, 0).expect("connect with the provider's credentials");
    assert_eq!(v.asked.load(Ordering::SeqCst), 1);
    assert_eq!(command(client, &["SET", "c-cred", "1"]), Reply::Text("OK".into()));
    let before = ids_of(&first);
    assert_eq!(before.len(), 1, "{before:?}");

    let second = acl_user("second", "second-secret");
    *v.now.lock() = Ok((c(&second), c("second-secret")));
    let mut error = ptr::null_mut();
    // SAFETY: a live client.
    assert_eq!(unsafe { haven_client_refresh_credentials(client, &mut error) }, 1, "{}", take_error(error));
    let until = Instant::now() + Duration::from_secs(10);
    while ids_of(&second) != before {
        assert!(Instant::now() < until, "connection {before:?} never ran as {second}");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(admin(&["ACL", "DELUSER", &first]), "1");
    assert_eq!(command(client, &["INCR", "c-cred"]), Reply::Int(2));
    // SAFETY: a live client.
    assert_eq!(unsafe { haven_client_refresh_credentials(client, &mut error) }, 0, "unchanged");

    // The provider fails: refresh says why; the current credentials stay.
    *v.now.lock() = Err(c("the vault is sealed"));
    // SAFETY: a live client.
    assert_eq!(unsafe { haven_client_refresh_credentials(client, &mut error) }, -1);
    assert!(take_error(error).contains("the vault is sealed"));
    assert_eq!(command(client, &["INCR", "c-cred"]), Reply::Int(3));
    // SAFETY: freed once.
    unsafe { haven_client_free(client) };
    admin(&["ACL", "DELUSER", &second]);

    // At connect: the reason reaches the error.
    let sealed: &'static Vault = Box::leak(Box::new(Vault { now: Mutex::new(Err(c("no token yet"))), asked: AtomicU32::new(0) }));
    let err = connect(sealed, 0).expect_err("no credentials");
    assert!(err.contains("no token yet"), "{err}");
    // A refresh interval asks on its own.
    let timed = vault("default", "hunter2");
    let client = connect(timed, 150).expect("connect as the default user");
    std::thread::sleep(Duration::from_millis(1000));
    assert!(timed.asked.load(Ordering::SeqCst) >= 3, "asked {} times", timed.asked.load(Ordering::SeqCst));
    // SAFETY: freed once; no callback runs after this returns.
    unsafe { haven_client_free(client) };

    // NULL arguments and a plain client.
    let mut error = ptr::null_mut();
    // SAFETY: deliberately NULL.
    assert!(unsafe { haven_client_connect_with_credentials(ptr::null(), Some(vault_provider), ptr::null_mut(), 0, &mut error) }.is_null());
    assert!(take_error(error).contains("NULL"));
    let plain = support::connect("standalone", &[("address", "127.0.0.1:6401"), ("password", "hunter2")]);
    // SAFETY: a live client.
    assert_eq!(unsafe { haven_client_refresh_credentials(plain, &mut error) }, -1);
    assert!(take_error(error).contains("no credential provider"));
    // SAFETY: freed once.
    unsafe { haven_client_free(plain) };
}
