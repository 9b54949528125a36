//! Connecting from C by connection URL: `haven_client_from_url` and
//! `haven_config_from_url` over TCP and a unix socket, with credentials and
//! a database; bad URLs answered with a ConfigError naming the part.

mod support;

use std::ffi::c_char;
use std::ptr;

use haven::*;
use support::*;

fn from_url(url: &str) -> Result<*mut HavenClient, String> {
    let mut error: *mut c_char = ptr::null_mut();
    // SAFETY: a NUL-terminated URL and a valid out-pointer.
    let client = unsafe { haven_client_from_url(c(url).as_ptr(), &mut error) };
    if client.is_null() {
        return Err(take_error(error));
    }
    Ok(client)
}

fn socket(port: u16) -> String {
    let dir = std::env::var("HAVEN_SERVERS_DIR").unwrap_or_else(|_| "/tmp/haven-servers".into());
    format!("{dir}/{port}/redis.sock")
}

fn free(client: *mut HavenClient) {
    // SAFETY: a live client, freed once.
    unsafe { haven_client_free(client) };
}

#[test]
fn connects_by_url_over_tcp_and_unix_sockets() {
    servers("standalone");
    servers("auth");
    let key = format!("c-url:{}", std::process::id());
    for (url, db) in [
        ("redis://127.0.0.1:6400/2".to_string(), "2"),
        ("valkey://127.0.0.1:6400?db=4&client_name=c-url".to_string(), "4"),
        (format!("unix://{}?db=6", socket(6400)), "6"),
        (format!("unix://app:apppass@{}", socket(6401)), "0"),
        ("redis://app:apppass@127.0.0.1:6401/1".to_string(), "1"),
    ] {
        let client = from_url(&url).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(command(client, &["SET", &key, &url]), Reply::Text("OK".into()), "{url}");
        let info = command(client, &["CLIENT", "INFO"]);
        let Reply::Text(info) = info else { panic!("{url}: CLIENT INFO gave {info:?}") };
        assert!(info.split_whitespace().any(|f| f == format!("db={db}")), "{url}: {info}");
        free(client);
    }
}

#[test]
fn a_config_from_a_url_takes_more_settings() {
    servers("standalone");
    let mut error: *mut c_char = ptr::null_mut();
    // SAFETY: NUL-terminated strings, a live config, valid out-pointers.
    unsafe {
        let config = haven_config_from_url(c("redis://127.0.0.1:6400/3").as_ptr(), &mut error);
        assert!(!config.is_null(), "{}", take_error(error));
        let rc = haven_config_set(config, c("client_name").as_ptr(), c("from-url-config").as_ptr(), &mut error);
        assert_eq!(rc, 0, "{}", take_error(error));
        let client = haven_client_connect(config, &mut error);
        haven_config_free(config);
        assert!(!client.is_null(), "{}", take_error(error));
        let Reply::Text(info) = command(client, &["CLIENT", "INFO"]) else { panic!("CLIENT INFO") };
        let fields: Vec<&str> = info.split_whitespace().collect();
        assert!(fields.contains(&"db=3") && fields.contains(&"name=from-url-config"), "{info}");
        haven_client_free(client);
    }
}

#[test]
fn bad_urls_are_config_errors_naming_the_part() {
    for (url, part) in [
        ("localhost:6379", "url: scheme"),
        ("ftp://h", "url: scheme"),
        ("redis://h:70000", "not a valid port"),
        ("redis://h/db", "url: database (path)"),
        ("redis://h?color=blue", "url: query option color"),
        ("redis://u:secret-pw@h?db=x", "url: query option db"),
    ] {
        let err = from_url(url).expect_err(url);
        assert!(err.contains(part), "{url}: {err}");
        assert!(!err.contains("secret-pw"), "{url}: the password showed: {err}");
        let mut error: *mut c_char = ptr::null_mut();
        // SAFETY: as above.
        let config = unsafe { haven_config_from_url(c(url).as_ptr(), &mut error) };
        assert!(config.is_null(), "{url}");
        assert!(take_error(error).contains(part), "{url}");
    }
    let mut error: *mut c_char = ptr::null_mut();
    // SAFETY: NULL is answered with an error, not a crash.
    let client = unsafe { haven_client_from_url(ptr::null(), &mut error) };
    assert!(client.is_null());
    assert!(take_error(error).contains("url: NULL"));
}
