//! RESP framing: the engine's `Value` (every RESP3 type), command encoding,
//! and decoding of RESP2 replies (with the redis-protocol crate) and RESP3
//! replies (with the reader here: the crate's RESP3 conversions refuse valid
//! frames, such as sets of maps, and reorder maps). Decoding is zero-copy:
//! strings are slices of the connection's read buffer.

use bytes::{BufMut, Bytes, BytesMut};
use redis_protocol::resp2::decode::decode_range as resp2_decode_range;
use redis_protocol::resp2::types::RangeFrame as Resp2Frame;

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
    let scan = check_frame(buf, MAX_REPLY_DEPTH, max_bytes)?;
    if scan == Scan::Incomplete {
        // The decoder would parse it all again only to say so.
        if buf.len() > max_bytes {
            return Err(too_large(max_bytes));
        }
        return Ok(None);
    }
    let decoded = match protocol {
        Protocol::Resp3 => return decode_resp3(buf, scan, max_bytes),
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
    /// A whole frame, this many bytes long (as its headers declare).
    Complete(usize),
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
            b'*' | b'~' | b'>' | b'%' | b'|' => {
                let n = match count() {
                    Some(n) if n >= 0 => n as u64,
                    // A null (`*-1`), or for the decoder to refuse.
                    Some(-1) => 0,
                    _ => return Ok(Scan::Unknown),
                };
                match kind {
                    b'%' => n.saturating_mul(2),
                    // Attributes come before the value they annotate: count it with them.
                    b'|' => n.saturating_mul(2).saturating_add(1),
                    _ => n,
                }
            }
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
                None => return Ok(if p <= buf.len() { Scan::Complete(p) } else { Scan::Incomplete }),
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

/// Decodes the RESP3 frame at the front of `buf`, which the pre-scan
/// found `Complete` (or could not judge: `Unknown`).
fn decode_resp3(buf: &mut BytesMut, scan: Scan, max_bytes: usize) -> Result<Option<Value>> {
    let len = match scan {
        Scan::Complete(len) => len,
        // The scan could not judge it: read it in place, keeping no
        // strings, to name the fault (or learn where the frame ends).
        Scan::Unknown | Scan::Incomplete => match read_resp3(buf, MAX_REPLY_DEPTH, |_, _| Bytes::new())? {
            Some((_, len)) => len,
            None => {
                if buf.len() > max_bytes {
                    return Err(too_large(max_bytes));
                }
                return Ok(None);
            }
        },
    };
    // Checked here too, so a reply is refused whether it arrives whole or
    // in pieces.
    if len > max_bytes {
        return Err(too_large(max_bytes));
    }
    let frame = buf.split_to(len).freeze();
    match read_resp3(&frame, MAX_REPLY_DEPTH, |a, b| frame.slice(a..b))? {
        Some((value, end)) if end == len => Ok(Some(value)),
        _ => Err(malformed3("its declared lengths do not match its content")),
    }
}

fn malformed3(what: impl std::fmt::Display) -> Error {
    Error::connection(format!("malformed RESP3 reply from the server: {what}"))
}

/// An aggregate being read.
struct Open {
    /// Its type byte: `*`, `~`, `>`, `%` or `|` (attributes).
    kind: u8,
    /// Elements read so far (a map's or attribute's keys and values interleaved).
    items: Vec<Value>,
    /// Elements still to come.
    left: usize,
    /// Attributes that came before it: they annotate the aggregate (for `|`,
    /// they join its own and annotate the value after it).
    attributes: Vec<(Value, Value)>,
}

/// Reads one RESP3 frame from the front of `buf`: the value and its length
/// in bytes, or None while it is incomplete. `slice(a, b)` makes the string
/// at `buf[a..b]` (a zero-copy slice of the read buffer).
///
/// Every RESP3 type is accepted as the protocol allows it, whatever
/// redis-protocol's conversions would refuse: sets whose members and maps
/// whose keys are aggregates (`COMMAND INFO` sends sets of maps), attributes
/// before any value (null included), verbatim strings in any format, big
/// numbers, and duplicate map keys and set members, in the server's order.
/// Streamed strings and aggregates (length `?`), which no server sends, are
/// refused by name. The reader keeps its own stack (no recursion) and
/// refuses aggregates nested deeper than `max_depth`.
fn read_resp3(buf: &[u8], max_depth: usize, slice: impl Fn(usize, usize) -> Bytes) -> Result<Option<(Value, usize)>> {
    let mut open: Vec<Open> = Vec::new();
    // Attributes read and waiting for the value they annotate.
    let mut pending: Vec<(Value, Value)> = Vec::new();
    let mut p = 0usize;
    loop {
        let Some(&kind) = buf.get(p) else { return Ok(None) };
        if !b"+-:,#_($!=*~>%|".contains(&kind) {
            return Err(malformed3(format_args!("unknown type byte {:?}", Shown(&[kind]))));
        }
        let start = p + 1;
        let Some(eol) = buf.get(start..).and_then(|rest| rest.windows(2).position(|w| w == b"\r\n")) else {
            return Ok(None);
        };
        let end = start + eol;
        let line = &buf[start..end];
        p = end + 2;
        let value = match kind {
            b'+' => Value::SimpleString(slice(start, end)),
            b'-' => Value::ServerError(slice(start, end)),
            b':' => Value::Integer(
                parse_i64(line).ok_or_else(|| malformed3(format_args!("{:?} is not an integer", Shown(line))))?,
            ),
            b',' => Value::Double(parse_double(line).ok_or_else(|| {
                malformed3(format_args!("{:?} is not a double", Shown(line)))
            })?),
            b'#' => match line {
                b"t" => Value::Boolean(true),
                b"f" => Value::Boolean(false),
                _ => return Err(malformed3(format_args!("{:?} is not a boolean (t or f)", Shown(line)))),
            },
            b'_' if line.is_empty() => Value::Nil,
            b'_' => return Err(malformed3(format_args!("a null with content {:?}", Shown(line)))),
            b'(' => {
                let digits = line.strip_prefix(b"-").or_else(|| line.strip_prefix(b"+")).unwrap_or(line);
                if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
                    return Err(malformed3(format_args!("{:?} is not a big number", Shown(line))));
                }
                Value::BigNumber(slice(start, end))
            }
            b'$' | b'!' | b'=' => {
                let n = length(kind, line)?;
                if n == -1 && kind == b'$' {
                    // RESP2's null bulk string: some proxies send it on RESP3 links.
                    Value::Nil
                } else {
                    let Ok(n) = usize::try_from(n) else {
                        return Err(malformed3(format_args!("a string of length {n}")));
                    };
                    let (a, b) = (p, p.saturating_add(n));
                    let Some(tail) = buf.get(b..b.saturating_add(2)) else { return Ok(None) };
                    if tail != b"\r\n" {
                        return Err(malformed3(format_args!("a string of declared length {n} is not followed by CRLF")));
                    }
                    p = b + 2;
                    match kind {
                        b'$' => Value::BulkString(slice(a, b)),
                        b'!' => Value::ServerError(slice(a, b)),
                        _ => {
                            if n < 4 || buf[a + 3] != b':' {
                                return Err(malformed3("a verbatim string without its 3-byte format and ':'"));
                            }
                            Value::Verbatim { format: slice(a, a + 3), text: slice(a + 4, b) }
                        }
                    }
                }
            }
            b'*' | b'~' | b'>' | b'%' | b'|' => {
                let n = length(kind, line)?;
                if n == -1 && kind == b'*' {
                    // RESP2's null array, as above.
                    Value::Nil
                } else {
                    let Ok(n) = usize::try_from(n) else {
                        return Err(malformed3(format_args!("an aggregate of {n} elements")));
                    };
                    let left = if matches!(kind, b'%' | b'|') { n.saturating_mul(2) } else { n };
                    let attributes = std::mem::take(&mut pending);
                    if left > 0 {
                        if open.len() >= max_depth {
                            return Err(Error::connection(format!(
                                "the server's reply nests aggregates deeper than {max_depth} levels; refused"
                            )));
                        }
                        // Every element takes 3 bytes at least: what is left
                        // of the buffer bounds what is worth reserving.
                        let items = Vec::with_capacity(left.min(buf.len().saturating_sub(p) / 3));
                        open.push(Open { kind, items, left, attributes });
                        continue;
                    }
                    match close(kind, Vec::new(), attributes) {
                        Closed::Value(v) => v,
                        Closed::Attributes(a) => {
                            pending = a;
                            continue;
                        }
                    }
                }
            }
            _ => return Err(malformed3(format_args!("unknown type byte {:?}", Shown(&[kind])))),
        };
        // A value ended: it takes the attributes before it, then completes
        // every aggregate it is the last element of.
        let mut value = annotate(value, std::mem::take(&mut pending));
        loop {
            let Some(top) = open.last_mut() else { return Ok(Some((value, p))) };
            top.items.push(value);
            top.left -= 1;
            if top.left > 0 {
                break;
            }
            let (kind, items, attributes) = (top.kind, std::mem::take(&mut top.items), std::mem::take(&mut top.attributes));
            open.pop();
            match close(kind, items, attributes) {
                Closed::Value(v) => value = v,
                Closed::Attributes(a) => {
                    pending = a;
                    break;
                }
            }
        }
    }
}

/// What a finished aggregate gives.
enum Closed {
    Value(Value),
    /// Attributes (those before them included) for the next value.
    Attributes(Vec<(Value, Value)>),
}

fn close(kind: u8, items: Vec<Value>, mut attributes: Vec<(Value, Value)>) -> Closed {
    let pairs = |items: Vec<Value>| {
        let mut pairs = Vec::with_capacity(items.len() / 2);
        let mut it = items.into_iter();
        while let (Some(k), Some(v)) = (it.next(), it.next()) {
            pairs.push((k, v));
        }
        pairs
    };
    let value = match kind {
        b'~' => Value::Set(items),
        b'>' => Value::Push(items),
        b'%' => Value::Map(pairs(items)),
        b'|' => {
            attributes.extend(pairs(items));
            return Closed::Attributes(attributes);
        }
        _ => Value::Array(items),
    };
    Closed::Value(annotate(value, attributes))
}

fn annotate(value: Value, attributes: Vec<(Value, Value)>) -> Value {
    if attributes.is_empty() {
        value
    } else {
        Value::Attributed { value: Box::new(value), attributes }
    }
}

/// An aggregate's or string's declared length.
fn length(kind: u8, line: &[u8]) -> Result<i64> {
    if line == b"?" {
        return Err(malformed3(format_args!(
            "a streamed {} (length '?'), which this client does not read",
            if matches!(kind, b'$' | b'!' | b'=') { "string" } else { "aggregate" }
        )));
    }
    parse_i64(line).ok_or_else(|| malformed3(format_args!("{:?} is not a length", Shown(line))))
}

fn parse_i64(line: &[u8]) -> Option<i64> {
    std::str::from_utf8(line).ok()?.parse().ok()
}

/// RESP3 doubles: decimal or exponent notation, `inf`, `-inf` and `nan`.
fn parse_double(line: &[u8]) -> Option<f64> {
    std::str::from_utf8(line).ok()?.parse().ok()
}

/// Bytes from the wire in an error message: at most 40, escaped.
struct Shown<'a>(&'a [u8]);

impl std::fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cut = &self.0[..self.0.len().min(40)];
        write!(f, "\"{}{}\"", cut.escape_ascii(), if cut.len() < self.0.len() { "..." } else { "" })
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

    fn s(text: &'static str) -> Value {
        Value::SimpleString(Bytes::from_static(text.as_bytes()))
    }

    fn b(text: &'static str) -> Value {
        Value::BulkString(Bytes::from_static(text.as_bytes()))
    }

    fn decode_one(input: &[u8]) -> Value {
        let mut v = decode_all(Protocol::Resp3, input);
        assert_eq!(v.len(), 1, "{v:?}");
        v.remove(0)
    }

    fn decode_err(input: &[u8]) -> Error {
        let mut buf = BytesMut::from(input);
        match decode(Protocol::Resp3, &mut buf) {
            Err(e) => e,
            Ok(v) => panic!("{:?} decoded as {v:?}", input.escape_ascii().to_string()),
        }
    }

    /// `COMMAND INFO get` as Redis 7.0 sends it over RESP3: flags and ACL
    /// categories are sets of strings, the key specifications a set of maps
    /// whose values hold sets and maps. redis-protocol refused it ("to_set:
    /// Invalid hash key").
    #[test]
    fn decodes_command_info_a_set_of_maps() {
        let input = b"*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n";
        let v = decode_one(input);
        let info = &v.as_slice().expect("array")[0];
        let fields = info.as_slice().expect("the command's array");
        assert_eq!(fields[0], b("get"));
        assert_eq!(fields[2], Value::Set(vec![s("readonly"), s("fast")]));
        let Value::Set(specs) = &fields[8] else { panic!("key specs: {:?}", fields[8]) };
        let Value::Map(spec) = &specs[0] else { panic!("a key spec: {:?}", specs[0]) };
        // In the server's order (redis-protocol reversed maps).
        let keys: Vec<_> = spec.iter().map(|(k, _)| k.as_str().unwrap_or("?")).collect();
        assert_eq!(keys, ["flags", "begin_search", "find_keys"]);
        assert_eq!(spec[0].1, Value::Set(vec![s("RO"), s("access")]));
        assert_eq!(fields[9], Value::Set(vec![]));
    }

    #[test]
    fn sets_and_maps_hold_any_value() {
        // A set of arrays, a set of sets, a set with a map, duplicates kept.
        assert_eq!(
            decode_one(b"~3\r\n*2\r\n:1\r\n:2\r\n~1\r\n+a\r\n*2\r\n:1\r\n:2\r\n"),
            Value::Set(vec![
                Value::Array(vec![Value::Integer(1), Value::Integer(2)]),
                Value::Set(vec![s("a")]),
                Value::Array(vec![Value::Integer(1), Value::Integer(2)]),
            ])
        );
        assert_eq!(
            decode_one(b"~2\r\n%1\r\n+k\r\n~0\r\n_\r\n"),
            Value::Set(vec![Value::Map(vec![(s("k"), Value::Set(vec![]))]), Value::Nil])
        );
        // Map keys that are arrays, maps, sets and nulls; duplicate keys kept in order.
        assert_eq!(
            decode_one(b"%5\r\n*2\r\n+a\r\n+b\r\n:1\r\n%1\r\n+x\r\n+y\r\n:2\r\n~1\r\n,1.5\r\n:3\r\n_\r\n:4\r\n*2\r\n+a\r\n+b\r\n:5\r\n"),
            Value::Map(vec![
                (Value::Array(vec![s("a"), s("b")]), Value::Integer(1)),
                (Value::Map(vec![(s("x"), s("y"))]), Value::Integer(2)),
                (Value::Set(vec![Value::Double(1.5)]), Value::Integer(3)),
                (Value::Nil, Value::Integer(4)),
                (Value::Array(vec![s("a"), s("b")]), Value::Integer(5)),
            ])
        );
        // Sets nested in sets, 200 deep.
        let mut input = Vec::new();
        for _ in 0..200 {
            input.extend_from_slice(b"~1\r\n");
        }
        input.extend_from_slice(b"+core\r\n");
        let mut v = decode_one(&input);
        let mut depth = 0;
        while let Value::Set(mut items) = v {
            depth += 1;
            v = items.pop().expect("one member");
        }
        assert_eq!((depth, v), (200, s("core")));
    }

    #[test]
    fn attributes_annotate_any_value() {
        let attr = |k: &'static str, v: i64| vec![(s(k), Value::Integer(v))];
        // Before a null, an aggregate, inside an aggregate, as a map key.
        assert_eq!(
            decode_one(b"|1\r\n+ttl\r\n:3\r\n_\r\n"),
            Value::Attributed { value: Box::new(Value::Nil), attributes: attr("ttl", 3) }
        );
        assert_eq!(
            decode_one(b"|1\r\n+a\r\n:1\r\n~2\r\n|1\r\n+b\r\n:2\r\n*0\r\n+x\r\n"),
            Value::Attributed {
                value: Box::new(Value::Set(vec![
                    Value::Attributed { value: Box::new(Value::Array(vec![])), attributes: attr("b", 2) },
                    s("x"),
                ])),
                attributes: attr("a", 1),
            }
        );
        assert_eq!(
            decode_one(b"%1\r\n|1\r\n+k\r\n:1\r\n*1\r\n+key\r\n+value\r\n"),
            Value::Map(vec![(
                Value::Attributed { value: Box::new(Value::Array(vec![s("key")])), attributes: attr("k", 1) },
                s("value"),
            )])
        );
        // Attributes whose keys and values are aggregates with attributes
        // of their own, and two attribute frames in a row (they add up).
        assert_eq!(
            decode_one(b"|1\r\n*1\r\n:1\r\n|1\r\n+in\r\n:0\r\n~1\r\n:2\r\n|0\r\n|1\r\n+c\r\n:3\r\n#t\r\n"),
            Value::Attributed {
                value: Box::new(Value::Boolean(true)),
                attributes: vec![
                    (
                        Value::Array(vec![Value::Integer(1)]),
                        Value::Attributed { value: Box::new(Value::Set(vec![Value::Integer(2)])), attributes: attr("in", 0) },
                    ),
                    (s("c"), Value::Integer(3)),
                ],
            }
        );
        // An empty attribute frame annotates nothing.
        assert_eq!(decode_one(b"|0\r\n:1\r\n"), Value::Integer(1));
    }

    #[test]
    fn scalars_in_every_form() {
        assert_eq!(
            decode_one(b"*9\r\n(-123456789012345678901234567890\r\n(+7\r\n,inf\r\n,-inf\r\n,1e300\r\n=8\r\nmkd:*hi*\r\n=7\r\nraw:abc\r\n=4\r\ntxt:\r\n:-9223372036854775808\r\n"),
            Value::Array(vec![
                Value::BigNumber(Bytes::from_static(b"-123456789012345678901234567890")),
                Value::BigNumber(Bytes::from_static(b"+7")),
                Value::Double(f64::INFINITY),
                Value::Double(f64::NEG_INFINITY),
                Value::Double(1e300),
                Value::Verbatim { format: Bytes::from_static(b"mkd"), text: Bytes::from_static(b"*hi*") },
                // Any three-byte format, not only txt and mkd.
                Value::Verbatim { format: Bytes::from_static(b"raw"), text: Bytes::from_static(b"abc") },
                Value::Verbatim { format: Bytes::from_static(b"txt"), text: Bytes::new() },
                Value::Integer(i64::MIN),
            ])
        );
        assert!(matches!(decode_one(b",nan\r\n"), Value::Double(d) if d.is_nan()));
        // RESP2's nulls, which some proxies send on RESP3 links.
        assert_eq!(decode_all(Protocol::Resp3, b"$-1\r\n*-1\r\n"), vec![Value::Nil, Value::Nil]);
        // Binary strings with CR, LF and NUL inside.
        assert_eq!(decode_one(b"$4\r\n\r\n\0\n\r\n"), Value::BulkString(Bytes::from_static(b"\r\n\0\n")));
    }

    /// Hostile input: every frame decodes or fails with a ConnectionError
    /// naming the fault; none panics.
    #[test]
    fn malformed_resp3_is_a_named_error() {
        let cases: &[(&[u8], &str)] = &[
            (b"~2\r\n:1\r\n?\r\n", "unknown type byte"),
            (b"*1\r\n\r\n", "unknown type byte"),
            (b"%1\r\n+k\r\n;3\r\n", "unknown type byte"),
            (b"$?\r\n;4\r\nabcd\r\n;0\r\n", "streamed string"),
            (b"*?\r\n:1\r\n.\r\n", "streamed aggregate"),
            (b"~-1\r\n", "aggregate of -1"),
            (b"%-1\r\n", "aggregate of -1"),
            (b"|-2\r\n", "aggregate of -2"),
            (b"=-1\r\n", "length -1"),
            (b"!-1\r\n", "length -1"),
            (b"$3\r\nabcd\r\n", "not followed by CRLF"),
            (b"=3\r\ntxt\r\n", "verbatim"),
            (b"=5\r\ntxt-a\r\n", "verbatim"),
            (b"(12a\r\n", "big number"),
            (b"(\r\n", "big number"),
            (b"(-\r\n", "big number"),
            (b",\r\n", "double"),
            (b",1.5x\r\n", "double"),
            (b"#y\r\n", "boolean"),
            (b"_x\r\n", "null"),
            (b":9223372036854775808\r\n", "integer"),
            (b"*1x\r\n", "length"),
            (b"~2\r\n$\xff\r\n", "length"),
        ];
        for (input, words) in cases {
            let e = decode_err(input);
            assert_eq!(e.kind(), crate::error::ErrorKind::Connection, "{e}");
            assert!(e.message().contains("malformed RESP3 reply") && e.message().contains(words), "{input:?}: {e}");
        }
        // Deep nesting through sets, maps and attributes is refused by the limit.
        for open in [&b"~1\r\n"[..], b"%1\r\n+k\r\n", b"|1\r\n+k\r\n", b">1\r\n"] {
            let mut input = Vec::new();
            for _ in 0..MAX_REPLY_DEPTH + 1 {
                input.extend_from_slice(open);
            }
            input.extend_from_slice(b":1\r\n");
            let e = decode_err(&input);
            assert!(e.message().contains("deeper than"), "{e}");
        }
    }

    /// Every prefix of a valid reply waits for more (never an error), and
    /// the reader alone (as when the pre-scan cannot judge a frame) agrees.
    #[test]
    fn every_prefix_of_a_reply_waits_for_more() {
        let input: &[u8] = b"|1\r\n+a\r\n*1\r\n:1\r\n~3\r\n%1\r\n*1\r\n+k\r\n=7\r\ntxt:v\r\n\r\n(99\r\n_\r\n";
        for cut in 0..input.len() {
            let mut buf = BytesMut::from(&input[..cut]);
            assert_eq!(decode(Protocol::Resp3, &mut buf).expect("a prefix is not an error"), None, "cut at {cut}");
            assert_eq!(buf.len(), cut);
            assert!(read_resp3(&input[..cut], MAX_REPLY_DEPTH, |_, _| Bytes::new()).expect("prefix").is_none());
        }
        let (v, len) = read_resp3(input, MAX_REPLY_DEPTH, |a, b| Bytes::copy_from_slice(&input[a..b]))
            .expect("valid")
            .expect("complete");
        assert_eq!((len, v), (input.len(), decode_one(input)));
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
