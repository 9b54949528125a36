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

/// How deep aggregates (arrays, maps, sets, pushes, attributes) may nest in
/// one reply. Servers produce far less (a Lua reply is converted up to a
/// few hundred levels); a deeper reply is refused with a clear error before
/// the recursive decoder sees it, so a hostile peer cannot overflow a stack.
pub const MAX_REPLY_DEPTH: usize = 512;

/// The largest reply the engine buffers, by default: Redis's and Valkey's
/// own `proto-max-bulk-len`. A longer declared string or aggregate, or a
/// reply still incomplete when this much of it is buffered, ends the
/// connection with a ConnectionError, so a hostile or broken peer cannot
/// make the client buffer without bound.
pub const MAX_REPLY_BYTES: usize = 512 * 1024 * 1024;

/// The longest line (simple string, error, number, length header) of a
/// reply. Unterminated lines are searched again on every read, so an
/// endless one would cost quadratic time; servers send short ones.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;

/// Takes complete frames off the front of a read buffer, with the default
/// size limit (`MAX_REPLY_BYTES`).
pub fn decode(protocol: Protocol, buf: &mut BytesMut) -> Result<Option<Value>> {
    decode_limited(protocol, buf, MAX_REPLY_BYTES)
}

/// Takes complete frames off the front of a read buffer; a reply larger
/// than `max_bytes` (declared or buffered) is an error.
pub fn decode_limited(protocol: Protocol, buf: &mut BytesMut, max_bytes: usize) -> Result<Option<Value>> {
    if buf.is_empty() {
        return Ok(None);
    }
    if check_frame(buf, MAX_REPLY_DEPTH, max_bytes)? == Scan::Incomplete {
        // The decoder would parse it all again only to say so.
        if buf.len() > max_bytes {
            return Err(too_large(max_bytes));
        }
        return Ok(None);
    }
    let decoded = match protocol {
        Protocol::Resp3 => match resp3_decode_range(buf) {
            Ok(Some((frame, len))) => {
                // Checked here too, so a reply is refused whether it arrives
                // whole or in pieces.
                if len > max_bytes {
                    return Err(too_large(max_bytes));
                }
                let bytes = buf.split_to(len).freeze();
                return Ok(Some(from_resp3(&bytes, frame)));
            }
            Ok(None) => None,
            Err(e) => return Err(Error::connection(format!("malformed RESP3 reply from the server: {e}"))),
        },
        Protocol::Resp2 => match resp2_decode_range(buf) {
            Ok(Some((frame, len))) => {
                // Checked here too, so a reply is refused whether it arrives
                // whole or in pieces.
                if len > max_bytes {
                    return Err(too_large(max_bytes));
                }
                let bytes = buf.split_to(len).freeze();
                return Ok(Some(from_resp2(&bytes, frame)));
            }
            Ok(None) => None,
            Err(e) => return Err(Error::connection(format!("malformed RESP2 reply from the server: {e}"))),
        },
    };
    if buf.len() > max_bytes {
        return Err(too_large(max_bytes));
    }
    Ok(decoded)
}

fn too_large(max: usize) -> Error {
    Error::connection(format!("the server's reply is larger than {max} bytes (the maximum reply size); refused"))
}

/// What the pre-scan learned of the first frame in the buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scan {
    Complete,
    Incomplete,
    /// Malformed as far as the scan can tell: the decoder names the fault.
    Unknown,
}

/// Walks the headers of the first frame in `buf` (as far as it has
/// arrived) without recursion, and fails if its aggregates nest deeper than
/// `max_depth`, if it declares more than `max_bytes` (a string's length, or
/// an aggregate's element count at 3 bytes an element at least), or if a
/// line runs past `MAX_LINE_BYTES`. Other malformed input is left to the
/// decoder to name.
fn check_frame(buf: &[u8], max_depth: usize, max_bytes: usize) -> Result<Scan> {
    // Elements still expected by each open aggregate.
    let mut open: Vec<u64> = Vec::new();
    // Their sum (kept as it changes: the stack may be 512 deep).
    let mut expected = 0u64;
    let mut p = 0usize;
    loop {
        let Some(&kind) = buf.get(p) else { return Ok(Scan::Incomplete) };
        let line = &buf[p..buf.len().min(p.saturating_add(MAX_LINE_BYTES + 2))];
        let Some(eol) = line.windows(2).position(|w| w == b"\r\n") else {
            if line.len() > MAX_LINE_BYTES + 1 {
                return Err(Error::connection(format!(
                    "the server's reply has a line longer than {MAX_LINE_BYTES} bytes; refused"
                )));
            }
            return Ok(Scan::Incomplete);
        };
        if eol == 0 {
            // A value starting with CRLF has no type: the decoder names it.
            return Ok(Scan::Unknown);
        }
        let header = &buf[p + 1..p + eol];
        p += eol + 2;
        let count = || std::str::from_utf8(header).ok().and_then(|t| t.parse::<i64>().ok());
        let children = match kind {
            b'$' | b'=' | b'!' => {
                match count() {
                    Some(n) if n >= 0 => {
                        if n as u64 > max_bytes as u64 {
                            return Err(too_large(max_bytes));
                        }
                        p = p.saturating_add(n as usize + 2)
                    }
                    Some(_) => {}
                    None => return Ok(Scan::Unknown),
                }
                0
            }
            b'*' | b'~' | b'>' => count().unwrap_or(0).max(0) as u64,
            b'%' => (count().unwrap_or(0).max(0) as u64).saturating_mul(2),
            // Attributes come before the value they annotate: count it with them.
            b'|' => (count().unwrap_or(0).max(0) as u64).saturating_mul(2).saturating_add(1),
            _ => 0,
        };
        // What is declared so far: everything up to `p`, and at least 3
        // bytes for every element still expected.
        if (p as u64).saturating_add(expected.saturating_add(children).saturating_mul(3)) > max_bytes as u64 {
            return Err(too_large(max_bytes));
        }
        if children > 0 {
            expected += children;
            open.push(children);
            if open.len() > max_depth {
                return Err(Error::connection(format!(
                    "the server's reply nests aggregates deeper than {max_depth} levels; refused"
                )));
            }
            continue;
        }
        // A value ended: close every aggregate it completes.
        loop {
            match open.last_mut() {
                None => return Ok(if p <= buf.len() { Scan::Complete } else { Scan::Incomplete }),
                Some(left) => {
                    *left -= 1;
                    expected -= 1;
                    if *left > 0 {
                        break;
                    }
                    open.pop();
                }
            }
        }
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

    fn nested(depth: usize) -> Vec<u8> {
        let mut b = Vec::new();
        for _ in 0..depth {
            b.extend_from_slice(b"*1\r\n");
        }
        b.extend_from_slice(b":7\r\n");
        b
    }

    /// Runs `f` on a thread with the engine workers' stack size.
    fn on_engine_stack(f: impl FnOnce() + Send + 'static) {
        std::thread::Builder::new()
            .stack_size(crate::runtime::WORKER_STACK_SIZE)
            .spawn(f)
            .expect("thread")
            .join()
            .expect("no panic");
    }

    #[test]
    fn deep_replies_arrive_whole_up_to_the_limit() {
        on_engine_stack(deep_replies);
    }

    fn deep_replies() {
        for protocol in [Protocol::Resp2, Protocol::Resp3] {
            let mut buf = BytesMut::from(&nested(MAX_REPLY_DEPTH)[..]);
            let mut v = decode(protocol, &mut buf).expect("within the limit").expect("complete");
            let mut depth = 0;
            while let Value::Array(mut items) = v {
                depth += 1;
                v = items.pop().expect("one element");
            }
            assert_eq!((depth, v), (MAX_REPLY_DEPTH, Value::Integer(7)));
        }
    }

    #[test]
    fn deeper_replies_are_refused_even_before_they_are_complete() {
        on_engine_stack(deeper_replies);
    }

    fn deeper_replies() {
        let mut buf = BytesMut::from(&nested(100_000)[..]);
        let err = decode(Protocol::Resp3, &mut buf).expect_err("too deep");
        assert!(err.message().contains("deeper than"), "{err}");
        // Incomplete: the first 2000 headers only.
        let mut buf = BytesMut::from(&nested(100_000)[..4 * 2000]);
        assert!(decode(Protocol::Resp2, &mut buf).is_err());
        // Siblings are not depth: a wide, shallow map passes.
        let mut wide = b"%3\r\n".to_vec();
        for _ in 0..3 {
            wide.extend_from_slice(b"+k\r\n*2\r\n:1\r\n$1\r\nx\r\n");
        }
        wide.extend_from_slice(b"*1\r\n:1\r\n");
        let mut buf = BytesMut::from(&wide[..]);
        assert!(matches!(decode(Protocol::Resp3, &mut buf), Ok(Some(Value::Map(m))) if m.len() == 3));
        assert!(matches!(decode(Protocol::Resp3, &mut buf), Ok(Some(Value::Array(_)))));
    }

    #[test]
    fn replies_over_the_size_limit_are_refused_before_they_are_buffered() {
        for protocol in [Protocol::Resp2, Protocol::Resp3] {
            for input in [&b"$9000000000\r\n"[..], b"*9000000000\r\n", b"*2\r\n:1\r\n$600000000\r\nab"] {
                let mut buf = BytesMut::from(input);
                let err = decode(protocol, &mut buf).expect_err("declared too large");
                assert!(err.message().contains("maximum reply size"), "{err}");
            }
        }
        let mut buf = BytesMut::from(&b"%200000000\r\n"[..]);
        assert!(decode(Protocol::Resp3, &mut buf).is_err());
        // A small limit: declared lengths and buffered bytes both count.
        let mut buf = BytesMut::from(&b"$100\r\n"[..]);
        assert!(decode_limited(Protocol::Resp3, &mut buf, 64).is_err());
        let mut buf = BytesMut::from(&b"*30\r\n"[..]);
        assert!(decode_limited(Protocol::Resp3, &mut buf, 64).is_err());
        let mut buf = BytesMut::from(&b"$40\r\n0123456789"[..]);
        assert_eq!(decode_limited(Protocol::Resp3, &mut buf, 64).expect("under the limit"), None);
        // Within the limit, a reply arrives whole.
        let mut buf = BytesMut::from(&b"$10\r\n0123456789\r\n"[..]);
        assert!(decode_limited(Protocol::Resp3, &mut buf, 64).expect("fits").is_some());
    }

    #[test]
    fn an_endless_line_is_refused() {
        let mut input = b"+".to_vec();
        input.resize(MAX_LINE_BYTES + 10, b'a');
        let mut buf = BytesMut::from(&input[..]);
        assert!(decode(Protocol::Resp3, &mut buf).expect_err("too long").message().contains("line longer"));
        // Just under the limit it waits for more.
        let mut buf = BytesMut::from(&input[..MAX_LINE_BYTES]);
        assert_eq!(decode(Protocol::Resp3, &mut buf).expect("waits"), None);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let mut buf = BytesMut::from(&b"?garbage\r\n"[..]);
        assert!(decode(Protocol::Resp3, &mut buf).is_err());
        // Found by fuzzing: an element that starts with CRLF panicked the
        // pre-scan (a slice from p + 1 to p).
        for input in [&b"*1\r\n\r\n"[..], b"\r\n", b"%3\r\n$6\r\nserver\r\n$5\r\n\xb9%3\r\n\r\n"] {
            for protocol in [Protocol::Resp2, Protocol::Resp3] {
                let mut buf = BytesMut::from(input);
                let _ = decode(protocol, &mut buf);
            }
        }
    }
}
