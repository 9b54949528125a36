//! The C ABI's caching, called as C would: a cache configured with the
//! builder, reads of a listed command served locally and invalidated by
//! another client's write, cache-aside with a C loader (one call for many
//! callers, its error to all), write-through with a C writer, counters.

mod support;

use std::ffi::{c_char, c_void, CStr};
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use haven::*;
use support::{c, servers};

fn cli(args: &[&str]) -> String {
    let out = std::process::Command::new("redis-cli").arg("-p").arg("6400").args(args).output().expect("redis-cli");
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn connect() -> *mut HavenClient {
    servers("standalone");
    let config = haven_config_standalone();
    let mut error = ptr::null_mut();
    for (k, v) in [("address", "127.0.0.1:6400"), ("cache_commands", "GET"), ("cache_max_entries", "1000")] {
        // SAFETY: a live config, valid strings.
        assert_eq!(unsafe { haven_config_set(config, c(k).as_ptr(), c(v).as_ptr(), &mut error) }, 0);
    }
    // SAFETY: a live config; freed once.
    let client = unsafe { haven_client_connect(config, &mut error) };
    unsafe { haven_config_free(config) };
    assert!(!client.is_null());
    client
}

fn get(client: *const HavenClient, key: &str) -> Option<String> {
    let argv = [b"GET".as_ptr(), key.as_ptr()];
    let lens = [3usize, key.len()];
    // SAFETY: a live client and argv/lens of two entries; the reply is freed once.
    unsafe {
        let reply = haven_client_command_blocking(client, 2, argv.as_ptr(), lens.as_ptr());
        let out = match haven_reply_type(reply) {
            HavenReplyType::HAVEN_REPLY_BULK_STRING => {
                let mut len = 0;
                let p = haven_reply_bytes(reply, &mut len);
                Some(String::from_utf8_lossy(std::slice::from_raw_parts(p, len)).into_owned())
            }
            _ => None,
        };
        haven_reply_free(reply);
        out
    }
}

fn stats(client: *const HavenClient) -> HavenCacheStats {
    let mut s = HavenCacheStats::default();
    // SAFETY: a live client and a writable struct.
    assert_eq!(unsafe { haven_client_cache_stats(client, &mut s) }, 0);
    s
}

static LOADS: AtomicUsize = AtomicUsize::new(0);

extern "C" fn loader(user_data: *mut c_void, _key: *const u8, _len: usize, load: *mut HavenLoad) {
    LOADS.fetch_add(1, Ordering::SeqCst);
    std::thread::sleep(Duration::from_millis(100));
    // SAFETY: user_data is a NUL-terminated answer or NULL (fail); `load` is
    // valid during the call.
    unsafe {
        if user_data.is_null() {
            haven_load_set_error(load, c"database down".as_ptr());
        } else {
            let answer = CStr::from_ptr(user_data as *const c_char).to_bytes();
            haven_load_set_value(load, answer.as_ptr(), answer.len());
        }
    }
}

fn reply_text(reply: *mut HavenReply) -> Result<String, String> {
    // SAFETY: a reply from haven, freed once here.
    unsafe {
        let out = if haven_reply_type(reply) == HavenReplyType::HAVEN_REPLY_ERROR {
            Err(CStr::from_ptr(haven_reply_error_message(reply)).to_string_lossy().into_owned())
        } else {
            let mut len = 0;
            let p = haven_reply_bytes(reply, &mut len);
            Ok(String::from_utf8_lossy(std::slice::from_raw_parts(p, len)).into_owned())
        };
        haven_reply_free(reply);
        out
    }
}

#[test]
fn cache_reads_cache_aside_and_write_through_from_c() {
    let client = connect();
    let key = format!("haven:ffi:cache:{}", std::process::id());
    cli(&["SET", &key, "one"]);
    assert_eq!(get(client, &key).as_deref(), Some("one"));
    assert_eq!(get(client, &key).as_deref(), Some("one"));
    let s = stats(client);
    assert_eq!((s.misses, s.hits, s.entries), (1, 1, 1));
    cli(&["SET", &key, "two"]);
    let until = Instant::now() + Duration::from_secs(2);
    while get(client, &key).as_deref() != Some("two") {
        assert!(Instant::now() < until, "not invalidated");
        std::thread::sleep(Duration::from_millis(2));
    }

    // Cache-aside: 8 threads, one C loader call.
    let aside_key = format!("haven:ffi:aside:{}", std::process::id());
    let client_addr = client as usize;
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let k = aside_key.clone();
            std::thread::spawn(move || {
                let answer = c"from-c";
                // SAFETY: the client outlives the threads (joined below).
                let reply = unsafe {
                    haven_client_get_or_load(
                        client_addr as *const HavenClient,
                        k.as_ptr(),
                        k.len(),
                        60_000,
                        0,
                        Some(loader),
                        answer.as_ptr() as *mut c_void,
                    )
                };
                reply_text(reply)
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().expect("thread"), Ok("from-c".to_string()));
    }
    assert_eq!(LOADS.load(Ordering::SeqCst), 1);
    assert_eq!(cli(&["GET", &aside_key]), "from-c");
    // A failing loader: the error names it; nothing stored.
    let failing = format!("haven:ffi:aside:fail:{}", std::process::id());
    // SAFETY: a live client, a valid key.
    let reply = unsafe {
        haven_client_get_or_load(client, failing.as_ptr(), failing.len(), 60_000, 0, Some(loader), ptr::null_mut())
    };
    let e = reply_text(reply).expect_err("loader error");
    assert!(e.contains("the loader failed: database down"), "{e}");
    assert_eq!(cli(&["EXISTS", &failing]), "0");

    // Write-through: the writer succeeds (sets nothing), the cache is updated.
    extern "C" fn writer(_: *mut c_void, _: *const u8, _: usize, _: *mut HavenLoad) {}
    let value = b"written";
    // SAFETY: a live client, valid buffers.
    let reply = unsafe {
        haven_client_write_through(client, key.as_ptr(), key.len(), value.as_ptr(), value.len(), 60_000, false, Some(writer), ptr::null_mut())
    };
    assert_eq!(reply_text(reply).as_deref(), Ok("OK"));
    assert_eq!(cli(&["GET", &key]), "written");
    assert_eq!(get(client, &key).as_deref(), Some("written"));
    let s = stats(client);
    assert!(s.loader_calls == 2 && s.loader_errors == 1 && s.load_coalesced == 7, "{}", s.loader_calls);
    // SAFETY: freed once.
    unsafe { haven_client_free(client) };
}
