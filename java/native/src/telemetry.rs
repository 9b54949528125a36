//! `HavenTelemetry.init` / `flush` and `HavenClient.stats()` for Java:
//! OpenTelemetry's process-wide switch and a client's metrics snapshot
//! (JSON text), both the engine's (`haven_core::telemetry`); this only
//! converts arguments and errors.

use jni::objects::{JClass, JString};
use jni::sys::{jboolean, jdouble, jlong, jstring};
use jni::JNIEnv;

use haven_core::telemetry::{self, TelemetryConfig};
use haven_core::Error;

use crate::{entry, shim, Failure};

fn optional_string(env: &mut JNIEnv<'_>, s: &JString<'_>) -> Result<Option<String>, Failure> {
    if s.is_null() {
        return Ok(None);
    }
    Ok(Some(env.get_string(s)?.into()))
}

/// telemetryInit(endpoint or null, samplePercentage, flushIntervalMs, serviceName or null, protocol or null)
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_telemetryInit<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    endpoint: JString<'local>,
    sample_percentage: jdouble,
    flush_interval_ms: jlong,
    service_name: JString<'local>,
    protocol: JString<'local>,
) {
    entry(&mut env, (), |env| {
        let flush_interval_ms = u64::try_from(flush_interval_ms)
            .map_err(|_| Error::config(format!("telemetry flushIntervalMs: at least 1 (got {flush_interval_ms})")))?;
        let config = TelemetryConfig {
            endpoint: optional_string(env, &endpoint)?,
            protocol: optional_string(env, &protocol)?,
            sample_percentage,
            flush_interval_ms,
            service_name: optional_string(env, &service_name)?,
        };
        telemetry::init(config)?;
        Ok(())
    })
}

/// Sends buffered spans and a metrics collection now.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_telemetryFlush(mut env: JNIEnv<'_>, _class: JClass<'_>) {
    entry(&mut env, (), |_| Ok(telemetry::flush()?))
}

/// Sends what is buffered, then stops tracing and exporting for the rest
/// of the process (init cannot run again).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_telemetryShutdown(mut env: JNIEnv<'_>, _class: JClass<'_>) {
    entry(&mut env, (), |_| {
        telemetry::shutdown(std::time::Duration::from_secs(5));
        Ok(())
    })
}

/// Whether telemetryInit ran in this process.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_telemetryEnabled(_env: JNIEnv<'_>, _class: JClass<'_>) -> jboolean {
    u8::from(telemetry::enabled())
}

/// The client's metrics snapshot as JSON text (`Stats::to_json`).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_statsJson(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong) -> jstring {
    entry(&mut env, std::ptr::null_mut(), |env| {
        let json = shim(handle)?.client()?.stats().to_json();
        Ok(env.new_string(json)?.into_raw())
    })
}
