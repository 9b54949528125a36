//! RESP framing: the engine's `Value` (every RESP3 type), command encoding,
//! and decoding of RESP2 or RESP3 replies with the redis-protocol crate.
//! Decoding is zero-copy: strings are slices of the connection's read buffer.

use bytes::{BufMut, Bytes, BytesMut};
use redis_protocol::resp2::decode::decode_range as resp2_decode_range;
use redis_protocol::resp2::types::RangeFrame as Resp2Frame;
use redis_protocol::resp3::decode::complete::decode_range as resp3_decode_range;
use redis_protocol::resp3::types::{RangeFrame as Resp3Frame, VerbatimStringFormat};

use crate::error::{Error, Result};

/// A reply from the server, covering RESP2 and every RESP3 type.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Nil,
    SimpleString(Bytes),
    BulkString(Bytes),
    Verbatim { format: Bytes, text: Bytes },
    Integer(i64),
    Double(f64),
    BigNumber(Bytes),
    Boolean(bool),
    Array(Vec<Value>),
    Map(Vec<(Value, Value)>),
    Set(Vec<Value>),
    Push(Vec<Value>),
    /// An error reply. At the top level the engine turns it into a
    /// ResponseError; inside an aggregate (EXEC, batches) it stays a value.
    ServerError(Bytes),
    /// A value that came with RESP3 attributes.
    Attributed { value: Box<Value>, attributes: Vec<(Value, Value)> },
}

impl Value {
    /// The bytes of a simple, bulk or verbatim string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::SimpleString(b) | Value::BulkString(b) | Value::BigNumber(b) => Some(b),
            Value::Verbatim { text, .. } => Some(text),
            Value::Attributed { value, .. } => value.as_bytes(),
            _ => None,
        }
    }

    /// The value as text, if it is a string of valid UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        self.as_bytes().and_then(|b| std::str::from_utf8(b).ok())
    }

    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Integer(i) => Some(*i),
            Value::SimpleString(b) | Value::BulkString(b) => std::str::from_utf8(b).ok()?.parse().ok(),
            Value::Attributed { value, .. } => value.as_int(),
            _ => None,
        }
    }

    /// Elements of an array, set or push.
    pub fn as_slice(&self) -> Option<&[Value]> {
        match self {
            Value::Array(v) | Value::Set(v) | Value::Push(v) => Some(v),
            Value::Attributed { value, .. } => value.as_slice(),
            _ => None,
        }
    }

    /// Key-value pairs of a map, or of a RESP2 flat array of pairs.
    pub fn to_pairs(&self) -> Option<Vec<(&Value, &Value)>> {
        match self {
            Value::Map(m) => Some(m.iter().map(|(k, v)| (k, v)).collect()),
            Value::Array(a) if a.len() % 2 == 0 => Some(a.chunks(2).map(|c| (&c[0], &c[1])).collect()),
            Value::Attributed { value, .. } => value.to_pairs(),
            _ => None,
        }
    }

    /// Whether this is `OK`.
    pub fn is_ok(&self) -> bool {
        matches!(self, Value::SimpleString(s) if s.as_ref() == b"OK")
    }

    /// A top-level error reply becomes a ResponseError.
    pub fn into_result(self) -> Result<Value> {
        match self {
            Value::ServerError(msg) => Err(Error::response(String::from_utf8_lossy(&msg).into_owned())),
            other => Ok(other),
        }
    }
}

/// A command: name and arguments as raw bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cmd {
    args: Vec<Bytes>,
}

impl Cmd {
    /// A command with its name, e.g. `Cmd::new("GET").arg("key")`.
    pub fn new(name: impl Into<Bytes>) -> Self {
        Cmd { args: vec![name.into()] }
    }

    /// A command from all its parts, name first.
    pub fn from_args(args: Vec<Bytes>) -> Self {
        Cmd { args }
    }

    pub fn arg(mut self, arg: impl Into<Bytes>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn args(&self) -> &[Bytes] {
        &self.args
    }

    /// The command's name in upper case (`CLIENT|SETNAME` style names are not
    /// built here: see the command table).
    pub fn name_upper(&self) -> String {
        self.args.first().map(|n| String::from_utf8_lossy(n).to_ascii_uppercase()).unwrap_or_default()
    }

    pub fn is_empty(&self) -> bool {
        self.args.is_empty() || self.args[0].is_empty()
    }

    /// The whole command line as one map key (each part length-prefixed,
    /// so different splits never collide): what the client-side cache and
    /// read coalescing know a command by.
    pub fn identity(&self) -> Bytes {
        let mut b = BytesMut::with_capacity(self.args.iter().map(|a| a.len() + 4).sum());
        for a in &self.args {
            b.put_u32(a.len() as u32);
            b.put_slice(a);
        }
        b.freeze()
    }

    /// The encoded size, to size buffers.
    pub fn encoded_len(&self) -> usize {
        16 + self.args.iter().map(|a| a.len() + 16).sum::<usize>()
    }

    /// Appends the command as a RESP array of bulk strings.
    pub fn encode(&self, out: &mut BytesMut) {
        encode_args(out, &self.args);
    }
}

impl<T: Into<Bytes>> FromIterator<T> for Cmd {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Cmd { args: iter.into_iter().map(Into::into).collect() }
    }
}

/// Appends `*N\r\n` then `$len\r\narg\r\n` for every argument.
pub fn encode_args<A: AsRef<[u8]>>(out: &mut BytesMut, args: &[A]) {
    let mut num = itoa::Buffer::new();
    out.reserve(16 + args.iter().map(|a| a.as_ref().len() + 16).sum::<usize>());
    out.put_u8(b'*');
    out.put_slice(num.format(args.len()).as_bytes());
    out.put_slice(b"\r\n");
    for arg in args {
        let arg = arg.as_ref();
        out.put_u8(b'$');
        out.put_slice(num.format(arg.len()).as_bytes());
        out.put_slice(b"\r\n");
        out.put_slice(arg);
        out.put_slice(b"\r\n");
    }
}

/// The protocol spoken on a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Resp2,
    Resp3,
}

/// Takes complete frames off the front of a read buffer.
pub fn decode(protocol: Protocol, buf: &mut BytesMut) -> Result<Option<Value>> {
    match protocol {
        Protocol::Resp3 => match resp3_decode_range(buf) {
            Ok(Some((frame, len))) => {
                let bytes = buf.split_to(len).freeze();
                Ok(Some(from_resp3(&bytes, frame)))
            }
            Ok(None) => Ok(None),
            Err(e) => Err(Error::connection(format!("malformed RESP3 reply from the server: {e}"))),
        },
        Protocol::Resp2 => match resp2_decode_range(buf) {
            Ok(Some((frame, len))) => {
                let bytes = buf.split_to(len).freeze();
                Ok(Some(from_resp2(&bytes, frame)))
            }
            Ok(None) => Ok(None),
            Err(e) => Err(Error::connection(format!("malformed RESP2 reply from the server: {e}"))),
        },
    }
}

fn from_resp2(buf: &Bytes, frame: Resp2Frame) -> Value {
    match frame {
        Resp2Frame::SimpleString((a, b)) => Value::SimpleString(buf.slice(a..b)),
        Resp2Frame::Error((a, b)) => Value::ServerError(buf.slice(a..b)),
        Resp2Frame::Integer(i) => Value::Integer(i),
        Resp2Frame::BulkString((a, b)) => Value::BulkString(buf.slice(a..b)),
        Resp2Frame::Array(items) => Value::Array(items.into_iter().map(|f| from_resp2(buf, f)).collect()),
        Resp2Frame::Null => Value::Nil,
    }
}

fn from_resp3(buf: &Bytes, frame: Resp3Frame) -> Value {
    let (value, attributes) = match frame {
        Resp3Frame::BlobString { data: (a, b), attributes } => (Value::BulkString(buf.slice(a..b)), attributes),
        Resp3Frame::BlobError { data: (a, b), attributes } => (Value::ServerError(buf.slice(a..b)), attributes),
        Resp3Frame::SimpleString { data: (a, b), attributes } => (Value::SimpleString(buf.slice(a..b)), attributes),
        Resp3Frame::SimpleError { data: (a, b), attributes } => (Value::ServerError(buf.slice(a..b)), attributes),
        Resp3Frame::Boolean { data, attributes } => (Value::Boolean(data), attributes),
        Resp3Frame::Null => (Value::Nil, None),
        Resp3Frame::Number { data, attributes } => (Value::Integer(data), attributes),
        Resp3Frame::Double { data, attributes } => (Value::Double(data), attributes),
        Resp3Frame::BigNumber { data: (a, b), attributes } => (Value::BigNumber(buf.slice(a..b)), attributes),
        Resp3Frame::VerbatimString { data: (a, b), format, attributes } => {
            let format = match format {
                VerbatimStringFormat::Text => Bytes::from_static(b"txt"),
                VerbatimStringFormat::Markdown => Bytes::from_static(b"mkd"),
            };
            (Value::Verbatim { format, text: buf.slice(a..b) }, attributes)
        }
        Resp3Frame::Array { data, attributes } => {
            (Value::Array(data.into_iter().map(|f| from_resp3(buf, f)).collect()), attributes)
        }
        Resp3Frame::Map { data, attributes } => (
            Value::Map(data.into_iter().map(|(k, v)| (from_resp3(buf, k), from_resp3(buf, v))).collect()),
            attributes,
        ),
        Resp3Frame::Set { data, attributes } => {
            (Value::Set(data.into_iter().map(|f| from_resp3(buf, f)).collect()), attributes)
        }
        Resp3Frame::Push { data, attributes } => {
            (Value::Push(data.into_iter().map(|f| from_resp3(buf, f)).collect()), attributes)
        }
        // HELLO and chunked strings are client-side or streaming-only frames
        // that a server never sends as a complete reply.
        Resp3Frame::Hello { .. } | Resp3Frame::ChunkedString(_) => {
            (Value::ServerError(Bytes::from_static(b"ERR unexpected frame type from the server")), None)
        }
    };
    match attributes {
        Some(attrs) if !attrs.is_empty() => Value::Attributed {
            value: Box::new(value),
            attributes: attrs.into_iter().map(|(k, v)| (from_resp3(buf, k), from_resp3(buf, v))).collect(),
        },
        _ => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(protocol: Protocol, input: &[u8]) -> Vec<Value> {
        let mut buf = BytesMut::from(input);
        let mut out = Vec::new();
        while let Some(v) = decode(protocol, &mut buf).expect("valid input") {
            out.push(v);
        }
        assert!(buf.is_empty(), "left over: {buf:?}");
        out
    }

    #[test]
    fn encodes_commands_as_bulk_arrays() {
        let mut out = BytesMut::new();
        Cmd::new("SET").arg("k").arg(Bytes::from_static(b"\x00\r\n")).encode(&mut out);
        assert_eq!(&out[..], b"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\x00\r\n\r\n");
    }

    #[test]
    fn decodes_resp2_nulls_and_nesting() {
        let v = decode_all(Protocol::Resp2, b"$-1\r\n*-1\r\n*2\r\n:5\r\n$3\r\nabc\r\n-ERR x\r\n");
        assert_eq!(
            v,
            vec![
                Value::Nil,
                Value::Nil,
                Value::Array(vec![Value::Integer(5), Value::BulkString(Bytes::from_static(b"abc"))]),
                Value::ServerError(Bytes::from_static(b"ERR x")),
            ]
        );
    }

    #[test]
    fn decodes_every_resp3_type() {
        let input: &[u8] = b"+OK\r\n$2\r\nhi\r\n=8\r\ntxt:abcd\r\n:-3\r\n,1.5\r\n(12345678901234567890\r\n#t\r\n_\r\n*1\r\n:1\r\n%1\r\n+a\r\n:2\r\n~1\r\n+s\r\n>2\r\n+p\r\n+q\r\n-ERR e\r\n!3\r\nbad\r\n|1\r\n+ttl\r\n:3\r\n:7\r\n";
        let v = decode_all(Protocol::Resp3, input);
        assert_eq!(v.len(), 15);
        assert_eq!(v[2], Value::Verbatim { format: Bytes::from_static(b"txt"), text: Bytes::from_static(b"abcd") });
        assert_eq!(v[4], Value::Double(1.5));
        assert_eq!(v[5], Value::BigNumber(Bytes::from_static(b"12345678901234567890")));
        assert_eq!(v[6], Value::Boolean(true));
        assert_eq!(v[7], Value::Nil);
        assert_eq!(
            v[9],
            Value::Map(vec![(Value::SimpleString(Bytes::from_static(b"a")), Value::Integer(2))])
        );
        assert_eq!(v[10], Value::Set(vec![Value::SimpleString(Bytes::from_static(b"s"))]));
        assert!(matches!(v[11], Value::Push(ref p) if p.len() == 2));
        assert_eq!(v[12], Value::ServerError(Bytes::from_static(b"ERR e")));
        assert_eq!(v[13], Value::ServerError(Bytes::from_static(b"bad")));
        match &v[14] {
            Value::Attributed { value, attributes } => {
                assert_eq!(**value, Value::Integer(7));
                assert_eq!(attributes.len(), 1);
            }
            other => panic!("expected attributes, got {other:?}"),
        }
    }

    #[test]
    fn incomplete_input_waits_for_more() {
        let mut buf = BytesMut::from(&b"$5\r\nhel"[..]);
        assert_eq!(decode(Protocol::Resp3, &mut buf).expect("valid"), None);
        buf.extend_from_slice(b"lo\r\n");
        assert_eq!(decode(Protocol::Resp3, &mut buf).expect("valid"), Some(Value::BulkString(Bytes::from_static(b"hello"))));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let mut buf = BytesMut::from(&b"?garbage\r\n"[..]);
        assert!(decode(Protocol::Resp3, &mut buf).is_err());
    }
}
