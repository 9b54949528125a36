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
