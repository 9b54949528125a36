//! The JNI entry points of `io.haven.internal.Native`. Each one runs its body
//! under `catch_unwind` (a panic becomes a `java.lang.IllegalStateException`,
//! never an unwind into the JVM), turns engine errors into the matching
//! `io.haven.*Exception`, and returns with at most that one exception
//! pending. No entry keeps a local reference beyond what it returns; the
//! only long-lived native object is the `Shim`, owned through `Arc` handles
//! (one for the `HavenClient`, one for its dispatcher thread).

mod aside;
mod logs;
mod queue;
mod shim;
mod telemetry;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use jni::objects::{JByteArray, JClass, JObjectArray, JString};
use jni::sys::{jboolean, jbyteArray, jdouble, jint, jlong, jlongArray, jobjectArray, jstring, JNI_TRUE};
use jni::JNIEnv;

use haven_core::{Error, ErrorKind, LoadOptions, WriteMode};
use shim::{Auth, Shim};

/// Why a native call failed.
enum Failure {
    /// An engine error: thrown as the matching `io.haven` exception.
    Engine(Error),
    /// A JNI call failed; a Java exception may already be pending.
    Jni(jni::errors::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Engine(e)
    }
}

impl From<jni::errors::Error> for Failure {
    fn from(e: jni::errors::Error) -> Self {
        Failure::Jni(e)
    }
}

/// The Java class of an engine error kind: `io.haven.<stem>Exception`
/// (the kinds' one table is the engine's `ErrorKind`).
fn exception_class(kind: ErrorKind) -> String {
    format!("io/haven/{}Exception", kind.stem())
}

/// Throws `class(message)` unless an exception is already pending (JNI
/// allows no further calls but a few while one is).
fn throw(env: &mut JNIEnv<'_>, class: &str, message: &str) {
    if env.exception_check().unwrap_or(true) {
        return;
    }
    if env.throw_new(class, message).is_err() && !env.exception_check().unwrap_or(true) {
        // The class itself could not be thrown (not found?): a plain error.
        let _ = env.throw_new("java/lang/IllegalStateException", message);
    }
}

/// Runs one native entry's body: panics and failures become Java exceptions,
/// and the return value is then `default` (ignored by Java, which sees the
/// exception first).
fn entry<'local, T>(
    env: &mut JNIEnv<'local>,
    default: T,
    body: impl FnOnce(&mut JNIEnv<'local>) -> Result<T, Failure>,
) -> T {
    match catch_unwind(AssertUnwindSafe(|| body(env))) {
        Ok(Ok(v)) => v,
        Ok(Err(Failure::Engine(e))) => {
            throw(env, &exception_class(e.kind()), e.message());
            default
        }
        Ok(Err(Failure::Jni(e))) => {
            throw(env, "java/lang/IllegalStateException", &format!("haven: JNI call failed: {e}"));
            default
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            throw(env, "java/lang/IllegalStateException", &format!("haven: internal error in the native library: {what}"));
            default
        }
    }
}

/// The shim behind a handle made by `create` (or `retain`).
fn shim<'a>(handle: jlong) -> Result<&'a Shim, Failure> {
    if handle == 0 {
        return Err(Error::new(ErrorKind::Closing, "the client's native handle is gone").into());
    }
    // SAFETY: Java passes only handles returned by `create`/`retain` whose
    // `release` has not run: HavenClient releases its handle from a Cleaner
    // (so only once it is unreachable and no call can be in progress), and
    // the dispatcher releases its own handle after its last `poll`. Each
    // handle is one strong count of the Arc, so the Shim outlives the call.
    Ok(unsafe { &*(handle as *const Shim) })
}

/// `Arc<Shim>` from a live handle, without giving up the handle's count.
fn shim_arc(handle: jlong) -> Result<Arc<Shim>, Failure> {
    shim(handle)?;
    let ptr = handle as *const Shim;
    // SAFETY: `ptr` came from `Arc::into_raw` and its count is held by the
    // handle (see `shim`); incrementing first keeps that count untouched
    // when the new Arc is dropped.
    unsafe {
        Arc::increment_strong_count(ptr);
        Ok(Arc::from_raw(ptr))
    }
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_create(mut env: JNIEnv<'_>, _class: JClass<'_>) -> jlong {
    entry(&mut env, 0, |_| Ok(Arc::into_raw(Arc::new(Shim::new())) as jlong))
}

/// A second handle to the same shim (for the dispatcher thread).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_retain(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong) -> jlong {
    entry(&mut env, 0, |_| Ok(Arc::into_raw(shim_arc(handle)?) as jlong))
}

/// Gives up one handle; the shim (and its engine client) goes with the last.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_release(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong) {
    entry(&mut env, (), |_| {
        shim(handle)?;
        // SAFETY: the handle is live (see `shim`) and Java calls `release`
        // once per handle, after its last use, so this takes back exactly
        // the count `create`/`retain` gave it.
        drop(unsafe { Arc::from_raw(handle as *const Shim) });
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_connect<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    config: JByteArray<'local>,
    id: jlong,
) {
    entry(&mut env, (), |env| {
        let shim = shim_arc(handle)?;
        let config = env.convert_byte_array(&config)?;
        shim.connect(config, id as u64, Auth::Config);
        Ok(())
    })
}

/// The serialized ClientConfig a connection URL describes (the engine's
/// parser); a bad URL throws ConfigException naming the part.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_configFromUrl<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    url: JString<'local>,
) -> jbyteArray {
    text_to_bytes(&mut env, "url", &url, |text| {
        Ok(prost::Message::encode_to_vec(&haven_core::connection_url::client_config(text)?))
    })
}

/// The engine's defaults (`haven_core::defaults::ALL`) as text, one
/// `Message.field=value` per line: the initial values of the Java config
/// builders (`io.haven.internal.Defaults`), so no default is written in Java.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_defaults<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
) -> jstring {
    entry(&mut env, std::ptr::null_mut(), |env| {
        use haven_core::defaults::DefaultValue;
        let mut text = String::new();
        for (name, value) in haven_core::defaults::ALL {
            let value = match value {
                DefaultValue::Int(n) => n.to_string(),
                DefaultValue::Float(x) => x.to_string(),
                DefaultValue::Text(t) => (*t).to_string(),
            };
            text.push_str(&format!("{name}={value}\n"));
        }
        Ok(env.new_string(text)?.into_raw())
    })
}

/// Runs `parse` on a Java string (`name` in the error when null) and
/// returns its bytes as a Java byte array; an engine error is thrown.
fn text_to_bytes<'local>(
    env: &mut JNIEnv<'local>,
    name: &str,
    text: &JString<'local>,
    parse: impl FnOnce(&str) -> Result<Vec<u8>, Error>,
) -> jbyteArray {
    entry(env, std::ptr::null_mut(), |env| {
        if text.is_null() {
            return Err(Error::config(format!("{name}: null")).into());
        }
        let text: String = env.get_string(text)?.into();
        let bytes = parse(&text)?;
        Ok(env.byte_array_from_slice(&bytes)?.into_raw())
    })
}

/// `connect` with credentials from the Java credential provider the client's
/// `Core` holds (asked through `Call` frames of kind 2, answered with
/// `callResult`), every `refresh_ms` (0: only on `refreshCredentials`).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_connectWithCredentials<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    config: JByteArray<'local>,
    id: jlong,
    refresh_ms: jlong,
) {
    entry(&mut env, (), |env| {
        let shim = shim_arc(handle)?;
        let refresh = match u64::try_from(refresh_ms) {
            Ok(0) => None,
            Ok(ms) => Some(Duration::from_millis(ms)),
            Err(_) => return Err(Error::config(format!("credential_refresh_ms: must be >= 0 (0: off), got {refresh_ms}")).into()),
        };
        let config = bytes_arg(env, "config", &config)?;
        shim.connect(config, id as u64, Auth::Provider { refresh });
        Ok(())
    })
}

/// Asks the credential provider now, as request `id` (a boolean Response:
/// whether the credentials changed).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_refreshCredentials(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong, id: jlong) {
    entry(&mut env, (), |_| {
        shim(handle)?.refresh_credentials(id as u64)?;
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_submit<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    request: JByteArray<'local>,
) {
    entry(&mut env, (), |env| {
        let shim = shim(handle)?;
        let request = env.convert_byte_array(&request)?;
        shim.submit(&request);
        Ok(())
    })
}

/// A blocking call: hands a serialized CommandRequest to the engine and
/// returns its serialized Response, waiting on this thread (in native code,
/// so the JVM is not involved while it waits). The shim is held for the
/// wait, so a client released meanwhile still answers the call (with
/// ClosingError from the engine).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_call<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    request: JByteArray<'local>,
) -> jbyteArray {
    entry(&mut env, std::ptr::null_mut(), |env| {
        let shim = shim_arc(handle)?;
        let request = env.convert_byte_array(&request)?;
        let response = shim.call(&request);
        Ok(env.byte_array_from_slice(&response).map(JByteArray::into_raw)?)
    })
}

/// Waits up to `timeout_ms` (without the JVM: the thread is in native code)
/// for completions; returns every queued frame as one array, or null.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_poll<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    timeout_ms: jint,
) -> jbyteArray {
    entry(&mut env, std::ptr::null_mut(), |env| {
        let shim = shim(handle)?;
        let mut batch = shim.take_spare();
        let got = shim.take(Duration::from_millis(timeout_ms.max(0) as u64), &mut batch);
        let out = if got { env.byte_array_from_slice(&batch).map(JByteArray::into_raw) } else { Ok(std::ptr::null_mut()) };
        shim.put_spare(batch);
        Ok(out?)
    })
}

/// Cancels request `id` if it is a blocking or session command still
/// running (its future gets an error; a command blocked on the server is
/// unblocked there, so nothing it would have taken is lost).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_cancel(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong, id: jlong) {
    entry(&mut env, (), |_| {
        shim(handle)?.cancel(id as u64);
        Ok(())
    })
}

/// Opens a session (a dedicated connection taken on its first command).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_openSession(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong) -> jlong {
    entry(&mut env, 0, |_| Ok(shim(handle)?.open_session()? as jlong))
}

/// Releases a session once the requests submitted before have reached the
/// engine.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_closeSession(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong, id: jlong) {
    entry(&mut env, (), |_| {
        shim(handle)?.close_session(id as u64);
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_close(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong) {
    entry(&mut env, (), |_| {
        shim(handle)?.close();
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_inFlight(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong) -> jlong {
    entry(&mut env, 0, |_| Ok(shim(handle)?.client().map_or(0, |c| c.in_flight() as jlong)))
}

/// A route's text ("all_primaries", "all_nodes", "random", "primary",
/// "host:port"; see the engine's `parse_route`) as a serialized `Route`;
/// empty for "" and "auto". A bad route throws ConfigException.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_parseRoute<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    route: JString<'local>,
) -> jbyteArray {
    text_to_bytes(&mut env, "route", &route, |text| {
        Ok(haven_core::engine::convert::parse_route(text)?.map(|r| prost::Message::encode_to_vec(&r)).unwrap_or_default())
    })
}

/// Pub/sub messages from now on arrive as `Message` frames.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_startMessages(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong) {
    entry(&mut env, (), |_| {
        shim(handle)?.start_messages()?;
        Ok(())
    })
}

/// (Un)subscribes `names` (kind 0 channels, 1 patterns, 2 shard channels)
/// as request `id`.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_pubsub<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    kind: jint,
    names: JObjectArray<'local>,
    subscribe: jboolean,
    id: jlong,
) {
    entry(&mut env, (), |env| {
        let count = env.get_array_length(&names)?;
        let mut list = Vec::with_capacity(count as usize);
        for i in 0..count {
            let item = JByteArray::from(env.get_object_array_element(&names, i)?);
            list.push(bytes_arg(env, "names", &item)?);
            // One local reference at a time, however many names.
            env.delete_local_ref(item)?;
        }
        shim(handle)?.pubsub(kind, list, subscribe == JNI_TRUE, id as u64)?;
        Ok(())
    })
}

/// Adds an endpoint (a serialized `Endpoint`) as request `id`.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_addEndpoint<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    endpoint: JByteArray<'local>,
    id: jlong,
) {
    entry(&mut env, (), |env| {
        let bytes = bytes_arg(env, "endpoint", &endpoint)?;
        haven_core::proto_guard::check(&bytes, haven_core::proto_guard::Kind::Endpoint)?;
        let endpoint = <haven_core::proto::Endpoint as prost::Message>::decode(bytes.as_slice())
            .map_err(|e| Error::config(format!("endpoint: not a valid Endpoint message: {e}")))?;
        shim(handle)?.add_endpoint(endpoint, id as u64)?;
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_removeEndpoint<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    name: JString<'local>,
) {
    endpoint_control(&mut env, handle, &name, |client, name| client.remove_endpoint(name))
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_setWeight<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    name: JString<'local>,
    weight: jdouble,
) {
    endpoint_control(&mut env, handle, &name, |client, name| client.set_weight(name, weight))
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_failoverTo<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    name: JString<'local>,
    force: jboolean,
) {
    endpoint_control(&mut env, handle, &name, |client, name| client.failover_to(name, force == JNI_TRUE))
}

/// A multi-endpoint control by endpoint name (remove, reweight, switch):
/// the engine's error thrown as its Java exception.
fn endpoint_control<'local>(
    env: &mut JNIEnv<'local>,
    handle: jlong,
    name: &JString<'local>,
    control: impl FnOnce(&haven_core::Client, &str) -> Result<(), Error>,
) {
    entry(env, (), |env| {
        let name: String = env.get_string(name)?.into();
        control(shim(handle)?.client()?, &name)?;
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_activeEndpoint<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
) -> jstring {
    entry(&mut env, std::ptr::null_mut(), |env| {
        let name = shim(handle)?.client()?.active_endpoint()?;
        Ok(env.new_string(name)?.into_raw())
    })
}

/// Every endpoint as three strings: name, "1"/"0" (may take traffic), last
/// error ("" if none).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_endpointHealth<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
) -> jobjectArray {
    entry(&mut env, std::ptr::null_mut(), |env| {
        let health = shim(handle)?.client()?.endpoint_health()?;
        let len = i32::try_from(health.len() * 3).map_err(|_| Error::config("too many endpoints"))?;
        let out: JObjectArray<'local> = env.new_object_array(len, "java/lang/String", jni::objects::JObject::null())?;
        for (i, (name, healthy, error)) in health.into_iter().enumerate() {
            let fields = [name, if healthy { "1".into() } else { "0".into() }, error.unwrap_or_default()];
            for (j, field) in fields.iter().enumerate() {
                let s = env.new_string(field)?;
                env.set_object_array_element(&out, (i * 3 + j) as i32, &s)?;
                // One local reference per string would pile up in a long
                // list; each is dropped as soon as the array holds it.
                env.delete_local_ref(s)?;
            }
        }
        Ok(out.into_raw())
    })
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_setHealthCheck<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    name_or_id: JString<'local>,
) {
    entry(&mut env, (), |env| {
        let name: String = env.get_string(&name_or_id)?.into();
        shim(handle)?.set_health_check(&name)?;
        Ok(())
    })
}

#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_healthResult(
    mut env: JNIEnv<'_>,
    _class: JClass<'_>,
    handle: jlong,
    id: jlong,
    healthy: jboolean,
) {
    entry(&mut env, (), |_| {
        shim(handle)?.probes().answer(id as u64, healthy == JNI_TRUE);
        Ok(())
    })
}

/// A byte array argument that must not be null, copied.
fn bytes_arg(env: &mut JNIEnv<'_>, name: &str, array: &JByteArray<'_>) -> Result<Vec<u8>, Failure> {
    if array.is_null() {
        return Err(Error::config(format!("{name}: must not be null")).into());
    }
    Ok(env.convert_byte_array(array)?)
}

/// A millisecond setting that must be > 0, named in the error.
fn positive_ms(name: &str, ms: jlong) -> Result<Duration, Failure> {
    match u64::try_from(ms) {
        Ok(ms) if ms > 0 => Ok(Duration::from_millis(ms)),
        _ => Err(Error::config(format!("{name}: must be > 0, got {ms}")).into()),
    }
}

/// Cache-aside: starts `get_or_load` of `key` as request `id`; the Java
/// loader registered under token `id` runs on a miss (a `Call` frame). The
/// value (or error) arrives as the Response of request `id`. `lease_ms` <= 0:
/// no lease; `early_refresh` NaN: off.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "system" fn Java_io_haven_internal_Native_getOrLoad<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    id: jlong,
    key: JByteArray<'local>,
    ttl_ms: jlong,
    jitter: jdouble,
    lease_ms: jlong,
    early_refresh: jdouble,
) {
    entry(&mut env, (), |env| {
        let shim = shim(handle)?;
        let key = bytes_arg(env, "key", &key)?;
        let options = LoadOptions {
            ttl: positive_ms("get_or_load.ttl_ms", ttl_ms)?,
            jitter,
            lease: if lease_ms > 0 { Some(Duration::from_millis(lease_ms as u64)) } else { None },
            early_refresh: if early_refresh.is_nan() { None } else { Some(early_refresh) },
        };
        shim.get_or_load(id as u64, key, options)?;
        Ok(())
    })
}

/// Write-through as request `id`: the Java writer registered under token
/// `id` writes the source of truth, then the cache is updated with `value`
/// for `ttl_ms` or the key deleted (`invalidate`). OK or an error arrives as
/// the Response of request `id`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "system" fn Java_io_haven_internal_Native_writeThrough<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    id: jlong,
    key: JByteArray<'local>,
    value: JByteArray<'local>,
    ttl_ms: jlong,
    invalidate: jboolean,
) {
    entry(&mut env, (), |env| {
        let shim = shim(handle)?;
        let key = bytes_arg(env, "key", &key)?;
        let value = bytes_arg(env, "value", &value)?;
        let ttl = positive_ms("write_through.ttl_ms", ttl_ms)?;
        let mode = if invalidate == JNI_TRUE { WriteMode::Invalidate } else { WriteMode::Update };
        shim.write_through(id as u64, key, value, ttl, mode)?;
        Ok(())
    })
}

/// Java's answer to a `Call` frame: `error` non-null means the function
/// failed with that message; otherwise `value` (null: empty) is its result.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_callResult<'local>(
    mut env: JNIEnv<'local>,
    _class: JClass<'local>,
    handle: jlong,
    call_id: jlong,
    value: JByteArray<'local>,
    error: JString<'local>,
) {
    entry(&mut env, (), |env| {
        let shim = shim(handle)?;
        let answer = if !error.is_null() {
            let message: String = env.get_string(&error)?.into();
            Err(message)
        } else if value.is_null() {
            Ok(bytes::Bytes::new())
        } else {
            Ok(bytes::Bytes::from(env.convert_byte_array(&value)?))
        };
        shim.calls().answer(call_id as u64, answer);
        Ok(())
    })
}

/// A Java long[] of `values`.
fn long_array(env: &mut JNIEnv<'_>, values: &[u64]) -> Result<jlongArray, Failure> {
    let len = i32::try_from(values.len()).map_err(|_| Error::config("too many counters"))?;
    let out = env.new_long_array(len)?;
    let signed: Vec<i64> = values.iter().map(|v| i64::try_from(*v).unwrap_or(i64::MAX)).collect();
    env.set_long_array_region(&out, 0, &signed)?;
    Ok(out.into_raw())
}

/// The client-side cache's counters (hits, misses, stale_served,
/// invalidations, evictions, coalesced, flushes, entries, bytes), or null
/// without a cache.
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_cacheStats(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong) -> jlongArray {
    entry(&mut env, std::ptr::null_mut(), |env| {
        let Some(s) = shim(handle)?.client()?.cache_stats() else { return Ok(std::ptr::null_mut()) };
        long_array(
            env,
            &[s.hits, s.misses, s.stale_served, s.invalidations, s.evictions, s.coalesced, s.flushes, s.entries, s.bytes],
        )
    })
}

/// Park stats: [parked_now, parked_total, resumed, longest_wait_ms].
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_parkStats(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong) -> jlongArray {
    entry(&mut env, std::ptr::null_mut(), |env| {
        let s = shim(handle)?.client()?.park_stats();
        long_array(env, &[s.parked_now, s.parked_total, s.resumed, s.longest_wait_ms])
    })
}

/// `get_or_load`'s counters (hits, loader_calls, coalesced, lease_waits,
/// loader_errors, cache_unavailable, early_refreshes, pending_invalidations).
#[no_mangle]
pub extern "system" fn Java_io_haven_internal_Native_loadStats(mut env: JNIEnv<'_>, _class: JClass<'_>, handle: jlong) -> jlongArray {
    entry(&mut env, std::ptr::null_mut(), |env| {
        let s = shim(handle)?.client()?.load_stats();
        long_array(
            env,
            &[
                s.hits,
                s.loader_calls,
                s.coalesced,
                s.lease_waits,
                s.loader_errors,
                s.cache_unavailable,
                s.early_refreshes,
                s.pending_invalidations,
            ],
        )
    })
}
