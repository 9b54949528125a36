//! Helpers shared by the C ABI's integration tests: starting the project's
//! local servers, and the C strings going in and out of the ABI.
#![allow(dead_code)]

use std::ffi::{c_char, CStr, CString};

use haven::haven_string_free;

/// Starts a server group with the project's script (a no-op when it is up).
pub fn servers(group: &str) {
    let started = std::process::Command::new("bash")
        .args([concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/servers.sh"), "start", group])
        .status()
        .expect("servers.sh");
    assert!(started.success());
}

/// The machine-wide fault lock every suite takes before a fault: an
/// exclusive flock on `<servers dir>/faults.lock`, released on drop.
pub fn fault_lock() -> std::fs::File {
    let dir = std::env::var_os("HAVEN_SERVERS_DIR").map(std::path::PathBuf::from).unwrap_or_else(|| "/tmp/haven-servers".into());
    let _ = std::fs::create_dir_all(&dir);
    let file = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(dir.join("faults.lock")).expect("fault lock file");
    file.lock().expect("fault lock");
    file
}

/// A NUL-terminated copy of `s` for the ABI.
pub fn c(s: &str) -> CString {
    CString::new(s).expect("no NUL")
}

/// Reads and frees a string haven handed out (NULL: empty).
pub fn take_error(error: *mut c_char) -> String {
    if error.is_null() {
        return String::new();
    }
    // SAFETY: haven set a NUL-terminated string that we free once.
    let text = unsafe { CStr::from_ptr(error) }.to_string_lossy().into_owned();
    unsafe { haven_string_free(error) };
    text
}

/// A plain-path reply read into Rust (and freed): what the sessions and
/// panic tests compare.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Nil,
    Text(String),
    Int(i64),
    List(Vec<Reply>),
    Error(haven::HavenErrorKind, String),
    Other(haven::HavenReplyType),
}

/// Reads a reply tree (not freed: children belong to their root).
///
/// # Safety
/// `reply` is a live reply handed out by haven.
pub unsafe fn read_reply(reply: *const haven::HavenReply) -> Reply {
    use haven::HavenReplyType::*;
    // SAFETY: the caller guarantees a live reply; the accessors' pointers are
    // valid while it lives.
    unsafe {
        match haven::haven_reply_type(reply) {
            HAVEN_REPLY_NIL => Reply::Nil,
            HAVEN_REPLY_SIMPLE_STRING | HAVEN_REPLY_BULK_STRING | HAVEN_REPLY_VERBATIM => {
                let mut len = 0;
                let p = haven::haven_reply_bytes(reply, &mut len);
                Reply::Text(String::from_utf8_lossy(std::slice::from_raw_parts(p, len)).into_owned())
            }
            HAVEN_REPLY_INTEGER => Reply::Int(haven::haven_reply_integer(reply)),
            HAVEN_REPLY_ARRAY | HAVEN_REPLY_SET | HAVEN_REPLY_PUSH => Reply::List(
                (0..haven::haven_reply_len(reply)).map(|i| read_reply(haven::haven_reply_element(reply, i))).collect(),
            ),
            HAVEN_REPLY_ERROR => {
                let m = haven::haven_reply_error_message(reply);
                let text = if m.is_null() { String::new() } else { CStr::from_ptr(m).to_string_lossy().into_owned() };
                Reply::Error(haven::haven_reply_error_kind(reply), text)
            }
            other => Reply::Other(other),
        }
    }
}

/// Reads and frees a reply haven returned.
pub fn take_reply(reply: *mut haven::HavenReply) -> Reply {
    assert!(!reply.is_null(), "haven returned a NULL reply");
    // SAFETY: a live reply from haven, read then freed once.
    unsafe {
        let out = read_reply(reply);
        haven::haven_reply_free(reply);
        out
    }
}

/// argv and lengths for the plain path (the strings must outlive the call).
pub fn argv(args: &[&str]) -> (Vec<*const u8>, Vec<usize>) {
    (args.iter().map(|a| a.as_ptr()).collect(), args.iter().map(|a| a.len()).collect())
}

/// `haven_client_command_blocking` with string arguments.
pub fn command(client: *const haven::HavenClient, args: &[&str]) -> Reply {
    let (ptrs, lens) = argv(args);
    // SAFETY: a live client (or NULL, which haven answers) and argc entries.
    take_reply(unsafe { haven::haven_client_command_blocking(client, args.len(), ptrs.as_ptr(), lens.as_ptr()) })
}

/// `haven_client_session_command_blocking` with string arguments.
pub fn session_command(client: *const haven::HavenClient, session: u64, args: &[&str]) -> Reply {
    let (ptrs, lens) = argv(args);
    // SAFETY: as for `command`.
    take_reply(unsafe { haven::haven_client_session_command_blocking(client, session, args.len(), ptrs.as_ptr(), lens.as_ptr()) })
}

/// A client from the plain config builder: `kind` "standalone",
/// "cluster" or "sentinel", then key/value settings.
pub fn connect(kind: &str, settings: &[(&str, &str)]) -> *mut haven::HavenClient {
    let config = match kind {
        "cluster" => haven::haven_config_cluster(),
        "sentinel" => haven::haven_config_sentinel(),
        _ => haven::haven_config_standalone(),
    };
    let mut error: *mut c_char = std::ptr::null_mut();
    for (k, v) in settings {
        // SAFETY: a live config, NUL-terminated strings, a valid out-pointer.
        let rc = unsafe { haven::haven_config_set(config, c(k).as_ptr(), c(v).as_ptr(), &mut error) };
        assert_eq!(rc, 0, "{k}={v}: {}", take_error(error));
    }
    // SAFETY: a live config, freed once after connecting.
    let client = unsafe { haven::haven_client_connect(config, &mut error) };
    unsafe { haven::haven_config_free(config) };
    assert!(!client.is_null(), "connect: {}", take_error(error));
    client
}
