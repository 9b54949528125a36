//! The engine's log records on their way to `System.Logger`: the daemon
//! thread of `io.haven.internal.Logs` takes them in batches through
//! `takeLogs` (waiting inside the native call, on no engine thread) as one
//! byte array of frames, `[level u8][time ms i64 BE][logger len u16 BE]
//! [logger][message len u32 BE][message]`, and logs each in Java.

use std::time::Duration;

use jni::objects::{JByteArray, JClass, JString};
use jni::sys::{jboolean, jbyteArray, jint, JNI_FALSE, JNI_TRUE};
use jni::JNIEnv;

use haven_core::logging::{self, Record};

use crate::entry;

/// One record as the frame Java reads.
fn encode(r: &Record, out: &mut Vec<u8>) {
    let logger = &r.logger.as_bytes()[..r.logger.len().min(u16::MAX as usize)];
    let message = &r.message.as_bytes()[..r.message.len().min(u32::MAX as usize)];
    out.push(r.level as u8);
    out.extend_from_slice(&r.time_unix_ms.to_be_bytes());
    out.extend_from_slice(&(logger.len() as u16).to_be_bytes());
    out.extend_from_slice(logger);
    out.extend_from_slice(&(message.len() as u32).to_be_bytes());
    out.extend_from_slice(message);
}

/// Installs the engine's log sink; false when another subscriber owns the
/// process (never, in a JVM).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_startLogs(mut env: JNIEnv<'_>, _class: JClass<'_>) -> jboolean {
    entry(&mut env, JNI_FALSE, |_| Ok(if logging::install() { JNI_TRUE } else { JNI_FALSE }))
}

/// Waits up to `timeout_ms` for records: their frames, or null when none.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_takeLogs<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    timeout_ms: jint,
) -> jbyteArray {
    entry(&mut env, std::ptr::null_mut(), |env| {
        let mut records = Vec::new();
        logging::take(&mut records, Duration::from_millis(timeout_ms.max(0) as u64));
        if records.is_empty() {
            return Ok(std::ptr::null_mut());
        }
        let mut frames = Vec::with_capacity(records.iter().map(|r| 15 + r.logger.len() + r.message.len()).sum());
        for r in &records {
            encode(r, &mut frames);
        }
        Ok(env.byte_array_from_slice(&frames).map(JByteArray::into_raw)?)
    })
}

/// Sets the process's log level; false when HAVEN_LOG wins.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_setLogLevel<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    level: JString<'local>,
) -> jboolean {
    entry(&mut env, JNI_FALSE, |env| {
        let level: String = env.get_string(&level)?.into();
        Ok(if logging::set_level("level", &level)? { JNI_TRUE } else { JNI_FALSE })
    })
}
