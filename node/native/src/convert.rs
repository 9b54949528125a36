//! Between JS values and the contract's messages: command arguments (string
//! or Buffer) into a serialized `CommandRequest`, and a `Response` into a JS
//! value (Buffer or string replies, numbers, arrays, objects for maps).

use bytes::Bytes;
use napi::{Env, JsBuffer, JsObject, JsString, JsUnknown, ValueType};
use prost::Message;

use haven_core::proto;
use haven_core::proto::{command_request, value};

/// A TypeError naming what was wrong, thrown to JS.
pub fn type_error(message: String) -> napi::Error {
    napi::Error::new(napi::Status::InvalidArg, message)
}

/// One argument: a string (UTF-8) or a Buffer/Uint8Array (raw bytes).
fn arg_bytes(v: JsUnknown, index: u32, what: &str) -> napi::Result<Bytes> {
    bytes_arg(v, &format!("{what}[{index}]"))
}

/// A string (UTF-8) or Buffer as bytes; a TypeError naming `name` else.
pub fn bytes_arg(v: JsUnknown, name: &str) -> napi::Result<Bytes> {
    match v.get_type()? {
        ValueType::String => {
            let s = JsString::try_from(v)?.into_utf8()?;
            Ok(Bytes::copy_from_slice(s.as_slice()))
        }
        ValueType::Object if v.is_buffer()? => {
            let b = JsBuffer::try_from(v)?.into_value()?;
            Ok(Bytes::copy_from_slice(&b))
        }
        other => Err(type_error(format!("{name}: expected a string or Buffer, got {}", type_name(other)))),
    }
}

fn type_name(t: ValueType) -> &'static str {
    match t {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "boolean",
        ValueType::Number => "number",
        ValueType::String => "string",
        ValueType::Symbol => "symbol",
        ValueType::Object => "object",
        ValueType::Function => "function",
        ValueType::External => "external",
        ValueType::BigInt => "bigint",
        _ => "unknown",
    }
}

/// A JS array of arguments as a `Command`.
pub fn command(args: &JsObject, what: &str) -> napi::Result<proto::Command> {
    if !args.is_array()? {
        return Err(type_error(format!("{what}: expected an array of strings or Buffers")));
    }
    let len = args.get_array_length()?;
    if len == 0 {
        return Err(type_error(format!("{what}: a command needs at least its name")));
    }
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        out.push(arg_bytes(args.get_element::<JsUnknown>(i)?, i, what)?);
    }
    Ok(proto::Command { args: out })
}

/// "allPrimaries" | "allNodes" | "random" | "primary" | "host:port".
pub fn route(r: Option<String>) -> napi::Result<Option<proto::Route>> {
    let Some(r) = r else { return Ok(None) };
    haven_core::engine::convert::parse_route(&r).map_err(|e| type_error(e.message().to_string()))
}

// Fields added to the contract later keep their defaults.
#[allow(clippy::needless_update)]
pub fn encode_request(
    id: u32,
    body: command_request::Body,
    route: Option<proto::Route>,
    timeout_ms: Option<i64>,
    cache: bool,
    session: u64,
    resend_safe: bool,
) -> Vec<u8> {
    proto::CommandRequest { id: u64::from(id), body: Some(body), route, timeout_ms, cache, session, resend_safe, ..Default::default() }
        .encode_to_vec()
}

/// A session id from JS (a positive integer `openSession` returned); 0 for
/// none.
pub fn session_id(session: Option<f64>) -> napi::Result<u64> {
    match session {
        None => Ok(0),
        Some(s) if s >= 1.0 && s.fract() == 0.0 && s <= 9007199254740991.0 => Ok(s as u64),
        Some(s) => Err(type_error(format!("session: expected a session id (a positive integer), got {s}"))),
    }
}

/// A decoded response: `Ok(value)` or `Err((kind, message))`.
pub fn response_to_js(env: &Env, bytes: &[u8], decode: bool) -> napi::Result<(u32, JsUnknown)> {
    let resp = match proto::Response::decode(bytes) {
        Ok(r) => r,
        Err(e) => {
            let msg = env.create_string(&format!("haven: undecodable response: {e}"))?;
            return Ok((proto::ErrorKind::Unspecified as u32 + 100, msg.into_unknown()));
        }
    };
    match resp.result {
        Some(proto::response::Result::Value(v)) => Ok((0, value_to_js(env, v, decode)?)),
        Some(proto::response::Result::Error(e)) => {
            // Kinds are shifted by 100 so that UNSPECIFIED (0) is not success.
            Ok((e.kind as u32 + 100, env.create_string(&e.message)?.into_unknown()))
        }
        None => Ok((0, env.get_null()?.into_unknown())),
    }
}

/// A decoded response of a marked read (`cached` with `withStale`): on
/// success `{ value, staleMs }`, staleMs being how many milliseconds past its
/// validity a value served stale during an outage is (null when fresh).
pub fn marked_response_to_js(env: &Env, bytes: &[u8], decode: bool) -> napi::Result<(u32, JsUnknown)> {
    let resp = match proto::Response::decode(bytes) {
        Ok(r) => r,
        Err(_) => return response_to_js(env, bytes, decode),
    };
    let value = match resp.result {
        Some(proto::response::Result::Value(v)) => v,
        Some(proto::response::Result::Error(_)) => return response_to_js(env, bytes, decode),
        None => proto::Value::default(),
    };
    let stale = stale_mark(&value);
    let mut obj = env.create_object()?;
    obj.set_named_property("value", value_to_js(env, value, decode)?)?;
    match stale {
        Some(ms) => obj.set_named_property("staleMs", env.create_int64(ms)?)?,
        None => obj.set_named_property("staleMs", env.get_null()?)?,
    }
    Ok((0, obj.into_unknown()))
}

/// The engine's `haven-stale` attribute: milliseconds past validity.
fn stale_mark(v: &proto::Value) -> Option<i64> {
    let attrs = v.attributes.as_ref()?;
    attrs.entries.iter().find_map(|e| {
        let key = e.key.as_ref()?;
        let named = matches!(&key.kind, Some(value::Kind::SimpleString(k) | value::Kind::BulkString(k)) if &k[..] == b"haven-stale");
        if !named {
            return None;
        }
        match e.value.as_ref().and_then(|v| v.kind.as_ref()) {
            Some(value::Kind::Integer(ms)) => Some(*ms),
            _ => Some(0),
        }
    })
}

/// A string reply: a JS string when decoding and it is UTF-8, else a Buffer.
/// N-API copies string bytes itself, so the text is borrowed, never copied
/// into a Rust String first.
fn text(env: &Env, b: &[u8], decode: bool) -> napi::Result<JsUnknown> {
    if decode {
        if let Ok(s) = std::str::from_utf8(b) {
            return Ok(env.create_string(s)?.into_unknown());
        }
    }
    Ok(env.create_buffer_with_data(b.to_vec())?.into_raw().into_unknown())
}

fn key_string(v: &proto::Value) -> String {
    match &v.kind {
        Some(value::Kind::SimpleString(b)) | Some(value::Kind::BulkString(b)) => {
            String::from_utf8_lossy(b).into_owned()
        }
        Some(value::Kind::Integer(i)) => i.to_string(),
        Some(value::Kind::Double(d)) => d.to_string(),
        Some(value::Kind::BigNumber(s)) => s.clone(),
        Some(value::Kind::Boolean(b)) => b.to_string(),
        Some(value::Kind::Verbatim(v)) => String::from_utf8_lossy(&v.text).into_owned(),
        _ => format!("{:?}", v.kind),
    }
}

fn array(env: &Env, items: Vec<proto::Value>, decode: bool) -> napi::Result<JsUnknown> {
    let mut arr = env.create_array_with_length(items.len())?;
    for (i, item) in items.into_iter().enumerate() {
        arr.set_element(i as u32, value_to_js(env, item, decode)?)?;
    }
    Ok(arr.into_unknown())
}

pub fn value_to_js(env: &Env, v: proto::Value, decode: bool) -> napi::Result<JsUnknown> {
    Ok(match v.kind {
        None | Some(value::Kind::Nil(_)) => env.get_null()?.into_unknown(),
        Some(value::Kind::SimpleString(b)) => env.create_string(&String::from_utf8_lossy(&b))?.into_unknown(),
        Some(value::Kind::BulkString(b)) => text(env, &b, decode)?,
        Some(value::Kind::Verbatim(t)) => text(env, &t.text, decode)?,
        Some(value::Kind::Integer(i)) => env.create_int64(i)?.into_unknown(),
        Some(value::Kind::Double(d)) => env.create_double(d)?.into_unknown(),
        Some(value::Kind::BigNumber(s)) => env.create_string_from_std(s)?.into_unknown(),
        Some(value::Kind::Boolean(b)) => env.get_boolean(b)?.into_unknown(),
        Some(value::Kind::Array(a)) | Some(value::Kind::Set(a)) | Some(value::Kind::Push(a)) => {
            array(env, a.items, decode)?
        }
        Some(value::Kind::Map(m)) => {
            let mut obj = env.create_object()?;
            for e in m.entries {
                let key = e.key.as_ref().map(key_string).unwrap_or_default();
                let val = match e.value {
                    Some(v) => value_to_js(env, v, decode)?,
                    None => env.get_null()?.into_unknown(),
                };
                obj.set_named_property(&key, val)?;
            }
            obj.into_unknown()
        }
        Some(value::Kind::ServerError(msg)) => {
            // Inside an aggregate (EXEC, pipelines): an Error value that the
            // JS side turns into a ResponseError instance.
            let mut obj = env.create_error(napi::Error::from_reason(msg))?;
            obj.set_named_property("havenServerError", env.get_boolean(true)?)?;
            obj.into_unknown()
        }
    })
}
