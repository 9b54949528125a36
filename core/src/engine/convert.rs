//! Conversion between the protobuf contract and the engine's types: requests
//! in, responses and values out. Every shim goes through here, so a bad
//! request gets the same named error in every language.

use bytes::Bytes;
use prost::Message;

use crate::deployment::Route;
use crate::error::{Error, ErrorKind, Result};
use crate::proto;
use crate::protocol::{Cmd, Value};
use crate::pubsub::{MessageKind, PubSubMessage};

/// What a CommandRequest asks for, validated.
pub enum Body {
    Command(Cmd),
    Batch { commands: Vec<Cmd>, atomic: bool },
}

pub struct DecodedRequest {
    pub id: u64,
    pub body: Body,
    pub route: Route,
    pub timeout_ms: Option<u64>,
    pub cache: bool,
    pub session: Option<u64>,
    pub resend_safe: bool,
}

/// Decodes and validates a serialized CommandRequest.
pub fn decode_request(bytes: &[u8]) -> std::result::Result<DecodedRequest, (u64, Error)> {
    crate::proto_guard::check(bytes, crate::proto_guard::Kind::CommandRequest).map_err(|e| (0, e))?;
    // Decoded from one owned copy: every argument is a slice of it (prost
    // takes `Bytes` fields from a `Bytes` buffer without copying), one
    // allocation instead of one per argument.
    let req = proto::CommandRequest::decode(bytes::Bytes::copy_from_slice(bytes))
        .map_err(|e| (0, Error::config(format!("request: not a valid CommandRequest message: {e}"))))?;
    let id = req.id;
    let fail = |e: Error| (id, e);
    let body = match req.body {
        None => return Err(fail(Error::config("request.body: no command or batch given"))),
        Some(proto::command_request::Body::Command(c)) => {
            Body::Command(command("request.command", c).map_err(|(_, e)| fail(e))?)
        }
        Some(proto::command_request::Body::Batch(b)) => {
            if b.commands.is_empty() {
                return Err(fail(Error::config("request.batch.commands: no commands")));
            }
            let mut commands = Vec::with_capacity(b.commands.len());
            for (i, c) in b.commands.into_iter().enumerate() {
                commands.push(command(&format!("request.batch.commands[{i}]"), c).map_err(|(_, e)| fail(e))?);
            }
            Body::Batch { commands, atomic: b.atomic }
        }
    };
    let route = route(req.route).map_err(fail)?;
    let timeout_ms = match req.timeout_ms {
        None => None,
        Some(ms) if ms > 0 => Some(ms as u64),
        Some(ms) => {
            return Err(fail(Error::config(format!("request.timeout_ms: must be a positive number of milliseconds, got {ms}"))))
        }
    };
    let session = (req.session != 0).then_some(req.session);
    Ok(DecodedRequest { id, body, route, timeout_ms, cache: req.cache, session, resend_safe: req.resend_safe })
}

fn command(field: &str, c: proto::Command) -> std::result::Result<Cmd, (u64, Error)> {
    let cmd = Cmd::from_args(c.args);
    if cmd.is_empty() {
        return Err((0, Error::config(format!("{field}: empty command (give at least a command name)"))));
    }
    Ok(cmd)
}

/// Validates a command given directly (not as protobuf).
pub fn check_command(cmd: &Cmd) -> Result<()> {
    if cmd.is_empty() {
        return Err(Error::config("command: empty command (give at least a command name)"));
    }
    Ok(())
}

fn route(r: Option<proto::Route>) -> Result<Route> {
    let Some(r) = r else { return Ok(Route::Auto) };
    Ok(match r.target {
        None => Route::Auto,
        Some(proto::route::Target::Simple(s)) => match proto::SimpleRoute::try_from(s) {
            Ok(proto::SimpleRoute::Auto) => Route::Auto,
            Ok(proto::SimpleRoute::AllPrimaries) => Route::AllPrimaries,
            Ok(proto::SimpleRoute::AllNodes) => Route::AllNodes,
            Ok(proto::SimpleRoute::Random) => Route::Random,
            Ok(proto::SimpleRoute::Primary) => Route::Primary,
            Err(_) => return Err(Error::config(format!("request.route.simple: unknown route {s}"))),
        },
        Some(proto::route::Target::Slot(s)) => {
            if s >= 16384 {
                return Err(Error::config(format!("request.route.slot: {s} is not a slot (0..16383)")));
            }
            Route::Slot { slot: s as u16, replica_ok: r.replica_ok }
        }
        Some(proto::route::Target::SlotKey(k)) => Route::Slot { slot: key_slot(&k), replica_ok: r.replica_ok },
        Some(proto::route::Target::Address(a)) => Route::Address(a),
    })
}

/// The cluster hash slot of a key (CRC16 of the key or its {hash tag}).
pub fn key_slot(key: &[u8]) -> u16 {
    let hashed = match key.iter().position(|&b| b == b'{') {
        Some(open) => match key[open + 1..].iter().position(|&b| b == b'}') {
            Some(len) if len > 0 => &key[open + 1..open + 1 + len],
            _ => key,
        },
        None => key,
    };
    crc16_xmodem(hashed) % 16384
}

fn crc16_xmodem(data: &[u8]) -> u16 {
    let mut crc: u16 = 0;
    for &byte in data {
        crc ^= (byte as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

/// The engine value as a protobuf value.
/// A route as the shims take it from their users: "" or "auto" (the
/// command's keys decide: None), "all_primaries" / "allPrimaries",
/// "all_nodes" / "allNodes", "random", "primary", or a node's "host:port".
/// Anything else is a ConfigError naming the route.
pub fn parse_route(text: &str) -> Result<Option<proto::Route>> {
    use proto::route::Target;
    let simple = |r: proto::SimpleRoute| Target::Simple(r as i32);
    let target = match text.trim() {
        "" | "auto" => return Ok(None),
        "all_primaries" | "allPrimaries" => simple(proto::SimpleRoute::AllPrimaries),
        "all_nodes" | "allNodes" => simple(proto::SimpleRoute::AllNodes),
        "random" => simple(proto::SimpleRoute::Random),
        "primary" => simple(proto::SimpleRoute::Primary),
        addr if addr.contains(':') => Target::Address(crate::config::NodeAddress::parse("route", addr)?.to_string()),
        other => {
            return Err(Error::config(format!(
                "route: expected \"all_primaries\", \"all_nodes\", \"random\", \"primary\" or \"host:port\", got {other:?}"
            )))
        }
    };
    Ok(Some(proto::Route { target: Some(target), replica_ok: false }))
}

/// `parse_route` as the engine's route, for shims that call the Rust API.
pub fn route_from_text(text: &str) -> Result<Route> {
    route(parse_route(text)?)
}

pub fn value_to_proto(v: Value) -> proto::Value {
    use proto::value::Kind;
    let (kind, attributes) = match v {
        Value::Nil => (Kind::Nil(proto::Nil {}), None),
        Value::SimpleString(b) => (Kind::SimpleString(b), None),
        Value::BulkString(b) => (Kind::BulkString(b), None),
        Value::Verbatim { format, text } => {
            (Kind::Verbatim(proto::Verbatim { format: String::from_utf8_lossy(&format).into_owned(), text }), None)
        }
        Value::Integer(i) => (Kind::Integer(i), None),
        Value::Double(d) => (Kind::Double(d), None),
        Value::BigNumber(b) => (Kind::BigNumber(String::from_utf8_lossy(&b).into_owned()), None),
        Value::Boolean(b) => (Kind::Boolean(b), None),
        Value::Array(items) => (Kind::Array(values(items)), None),
        // The contract's sets and map keys are scalars, so that every
        // language can make them set members and dictionary keys; a set
        // with an aggregate member (COMMAND INFO's key specifications are a
        // set of maps) is an array, and a map with an aggregate key the
        // flat key, value, ... array RESP2 sends for maps.
        Value::Set(items) if items.iter().all(is_scalar) => (Kind::Set(values(items)), None),
        Value::Set(items) => (Kind::Array(values(items)), None),
        Value::Push(items) => (Kind::Push(values(items)), None),
        Value::Map(pairs) if pairs.iter().all(|(k, _)| is_scalar(k)) => (Kind::Map(entries(pairs)), None),
        Value::Map(pairs) => (
            Kind::Array(proto::Values {
                items: pairs.into_iter().flat_map(|(k, v)| [value_to_proto(k), value_to_proto(v)]).collect(),
            }),
            None,
        ),
        Value::ServerError(e) => (Kind::ServerError(String::from_utf8_lossy(&e).into_owned()), None),
        Value::Attributed { value, attributes } => {
            let mut inner = value_to_proto(*value);
            inner.attributes = Some(entries(attributes));
            return inner;
        }
    };
    proto::Value { kind: Some(kind), attributes }
}

/// Not an aggregate (attributes aside).
fn is_scalar(v: &Value) -> bool {
    match v {
        Value::Array(_) | Value::Set(_) | Value::Push(_) | Value::Map(_) => false,
        Value::Attributed { value, .. } => is_scalar(value),
        _ => true,
    }
}

fn values(items: Vec<Value>) -> proto::Values {
    proto::Values { items: items.into_iter().map(value_to_proto).collect() }
}

fn entries(pairs: Vec<(Value, Value)>) -> proto::Entries {
    proto::Entries {
        entries: pairs
            .into_iter()
            .map(|(k, v)| proto::Entry { key: Some(value_to_proto(k)), value: Some(value_to_proto(v)) })
            .collect(),
    }
}

/// A protobuf value as an engine value (for shims and tests).
pub fn value_from_proto(v: proto::Value) -> Value {
    use proto::value::Kind;
    let value = match v.kind {
        None | Some(Kind::Nil(_)) => Value::Nil,
        Some(Kind::SimpleString(b)) => Value::SimpleString(b),
        Some(Kind::BulkString(b)) => Value::BulkString(b),
        Some(Kind::Verbatim(vb)) => Value::Verbatim { format: Bytes::from(vb.format), text: vb.text },
        Some(Kind::Integer(i)) => Value::Integer(i),
        Some(Kind::Double(d)) => Value::Double(d),
        Some(Kind::BigNumber(s)) => Value::BigNumber(Bytes::from(s)),
        Some(Kind::Boolean(b)) => Value::Boolean(b),
        Some(Kind::Array(a)) => Value::Array(a.items.into_iter().map(value_from_proto).collect()),
        Some(Kind::Set(a)) => Value::Set(a.items.into_iter().map(value_from_proto).collect()),
        Some(Kind::Push(a)) => Value::Push(a.items.into_iter().map(value_from_proto).collect()),
        Some(Kind::Map(m)) => Value::Map(pairs_from_proto(m)),
        Some(Kind::ServerError(e)) => Value::ServerError(Bytes::from(e)),
    };
    match v.attributes {
        Some(attrs) if !attrs.entries.is_empty() => {
            Value::Attributed { value: Box::new(value), attributes: pairs_from_proto(attrs) }
        }
        _ => value,
    }
}

fn pairs_from_proto(m: proto::Entries) -> Vec<(Value, Value)> {
    m.entries
        .into_iter()
        .map(|e| (value_from_proto(e.key.unwrap_or_default()), value_from_proto(e.value.unwrap_or_default())))
        .collect()
}

/// The contract's kind of `kind`: the same number (`ErrorKind::code`; a
/// test checks the two enums agree name by name).
pub fn error_kind_to_proto(kind: ErrorKind) -> proto::ErrorKind {
    proto::ErrorKind::try_from(kind.code()).unwrap_or(proto::ErrorKind::Unspecified)
}

pub fn error_to_proto(e: &Error) -> proto::Error {
    proto::Error { kind: error_kind_to_proto(e.kind()) as i32, message: e.message().to_string() }
}

/// Encodes a Response message for a request's outcome.
pub fn encode_response(id: u64, result: Result<Value>) -> Vec<u8> {
    let result = match result {
        Ok(v) => proto::response::Result::Value(value_to_proto(v)),
        Err(e) => proto::response::Result::Error(error_to_proto(&e)),
    };
    proto::Response { id, result: Some(result) }.encode_to_vec()
}

/// A pub/sub message as the contract's `PubSubMessage`.
pub fn pubsub_message_to_proto(m: &PubSubMessage) -> proto::PubSubMessage {
    let kind = match m.kind {
        MessageKind::Message => proto::PubSubKind::PubsubMessage,
        MessageKind::PMessage => proto::PubSubKind::PubsubPmessage,
        MessageKind::SMessage => proto::PubSubKind::PubsubSmessage,
    };
    proto::PubSubMessage {
        kind: kind as i32,
        channel: m.channel.clone(),
        pattern: m.pattern.clone(),
        payload: m.payload.clone(),
    }
}

/// A pub/sub message serialized for the shims.
pub fn encode_pubsub_message(m: &PubSubMessage) -> Vec<u8> {
    pubsub_message_to_proto(m).encode_to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_match_the_cluster_spec() {
        // Values from the Redis cluster specification and CLUSTER KEYSLOT.
        assert_eq!(crc16_xmodem(b"123456789"), 0x31C3);
        assert_eq!(key_slot(b"foo"), 12182);
        assert_eq!(key_slot(b"{user1000}.following"), key_slot(b"user1000"));
        assert_eq!(key_slot(b"foo{}{bar}"), key_slot(b"foo{}{bar}"));
        assert_ne!(key_slot(b"foo{}{bar}"), key_slot(b"bar"));
    }

    #[test]
    fn every_error_kind_is_the_contracts_kind_of_the_same_name() {
        // "NoHealthyEndpointError" is the contract's NO_HEALTHY_ENDPOINT_ERROR.
        let screaming = |name: &str| {
            let mut out = String::new();
            for (i, c) in name.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    out.push('_');
                }
                out.push(c.to_ascii_uppercase());
            }
            out
        };
        for kind in ErrorKind::ALL {
            assert_eq!(error_kind_to_proto(kind).as_str_name(), screaming(kind.name()), "{kind:?}");
            assert_eq!(ErrorKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(ErrorKind::from_code(0), None);
        assert_eq!(ErrorKind::from_code(11), None);
        assert_eq!(ErrorKind::from_code(-1), None);
        assert_eq!(ErrorKind::Response.stem(), "Response");
    }

    #[test]
    fn values_round_trip_through_protobuf() {
        let v = Value::Array(vec![
            Value::Nil,
            Value::Integer(-1),
            Value::Double(2.5),
            Value::Boolean(false),
            Value::Map(vec![(Value::SimpleString("a".into()), Value::BulkString("b".into()))]),
            Value::Set(vec![Value::BigNumber("123".into())]),
            Value::ServerError("ERR x".into()),
            Value::Attributed { value: Box::new(Value::Integer(1)), attributes: vec![(Value::Integer(2), Value::Integer(3))] },
        ]);
        assert_eq!(value_from_proto(value_to_proto(v.clone())), v);
    }

    #[test]
    fn sets_and_map_keys_in_the_contract_are_scalars() {
        use proto::value::Kind;
        let s = |t: &'static str| Value::SimpleString(t.into());
        let attributed = Value::Attributed { value: Box::new(s("m")), attributes: vec![(s("a"), Value::Integer(1))] };
        // Scalars (attributes aside) stay a set and a map.
        let v = value_to_proto(Value::Set(vec![s("a"), Value::Integer(1), Value::Nil, attributed.clone()]));
        assert!(matches!(v.kind, Some(Kind::Set(ref a)) if a.items.len() == 4), "{v:?}");
        let v = value_to_proto(Value::Map(vec![(attributed, Value::Set(vec![Value::Array(vec![])]))]));
        let Some(Kind::Map(m)) = v.kind else { panic!("{v:?}") };
        assert!(matches!(m.entries[0].value.as_ref().and_then(|v| v.kind.as_ref()), Some(Kind::Array(_))));
        // An aggregate member makes a set an array (nested: COMMAND INFO).
        let spec = Value::Map(vec![(s("flags"), Value::Set(vec![s("RO")]))]);
        let v = value_to_proto(Value::Array(vec![Value::Set(vec![spec])]));
        let Some(Kind::Array(outer)) = v.kind else { panic!("{v:?}") };
        let Some(Kind::Array(specs)) = &outer.items[0].kind else { panic!("{outer:?}") };
        let Some(Kind::Map(spec)) = &specs.items[0].kind else { panic!("{specs:?}") };
        assert!(matches!(spec.entries[0].value.as_ref().and_then(|v| v.kind.as_ref()), Some(Kind::Set(_))));
        // An aggregate key makes a map its flat pairs, in order.
        let v = value_to_proto(Value::Map(vec![
            (Value::Array(vec![s("k")]), Value::Integer(1)),
            (s("plain"), Value::Integer(2)),
        ]));
        let Some(Kind::Array(flat)) = v.kind else { panic!("{v:?}") };
        let kinds: Vec<_> = flat.items.iter().map(|i| i.kind.clone()).collect();
        assert!(matches!(kinds.as_slice(), [Some(Kind::Array(_)), Some(Kind::Integer(1)), Some(Kind::SimpleString(_)), Some(Kind::Integer(2))]), "{kinds:?}");
    }

    #[test]
    fn bad_requests_name_the_problem() {
        let e = decode_request(b"\xff\xff\xff").err().expect("garbage must fail");
        assert!(e.1.message().starts_with("request: not a valid CommandRequest"));
        let empty = proto::CommandRequest {
            id: 7,
            body: Some(proto::command_request::Body::Command(proto::Command { args: vec![] })),
            ..Default::default()
        };
        let e = decode_request(&empty.encode_to_vec()).err().expect("empty must fail");
        assert!(e.1.message().contains("empty command"), "{}", e.1);
    }
}
