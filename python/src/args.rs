//! Python command arguments -> a serialized `CommandRequest` (proto/haven.proto).
//!
//! The message is written directly with prost's wire-format helpers and the
//! field keys generated from the contract (`haven_core::proto::keys`) instead
//! of building a `proto::Command` first, so each argument is copied exactly once:
//! from the Python object (bytes, or the UTF-8 that CPython caches inside a
//! str) into the request buffer. Integers and floats are formatted the way
//! redis-py sends them; anything else is a TypeError naming the argument.

use std::os::raw::c_char;

use bytes::Bytes;
use haven_core::Cmd;
use prost::encoding::{encode_varint, encoded_len_varint};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyFloat, PyInt, PyList, PyString, PyTuple};

// Field keys of proto/haven.proto, generated from it (core/build.rs).
use haven_core::proto::keys::{batch, command, command_request};

/// Writes a field's key (field number and wire type).
fn put_key(buf: &mut Vec<u8>, key: u64) {
    encode_varint(key, buf);
}

/// Bytes a field's key takes.
fn key_len(key: u64) -> usize {
    encoded_len_varint(key)
}

extern "C" {
    // Part of CPython's stable ABI since 3.10 and exported by every CPython 3
    // (pyo3-ffi leaves it out of its abi3-py39 bindings only because 3.9's
    // *limited API* headers did not list it). Declared here so a str argument
    // is read in place instead of being encoded into a temporary bytes object.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut pyo3::ffi::PyObject,
        size: *mut pyo3::ffi::Py_ssize_t,
    ) -> *const c_char;
}

/// The UTF-8 bytes of a str, borrowed from the str object itself.
fn str_utf8<'a>(s: &'a Bound<'_, PyString>) -> PyResult<&'a [u8]> {
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    // SAFETY: `s` is a live str (the Bound holds a strong reference and proves
    // the GIL is held). CPython returns a pointer to the str's cached UTF-8
    // representation, owned by the str object, valid and unchanged for as long
    // as the object lives (str is immutable); the returned slice borrows `s`,
    // so it cannot outlive it. On failure (lone surrogates) it returns NULL
    // with an exception set, handled below.
    let ptr = unsafe { PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size) };
    if ptr.is_null() {
        return Err(PyErr::take(s.py())
            .unwrap_or_else(|| PyValueError::new_err("str argument is not valid UTF-8")));
    }
    let len = usize::try_from(size)
        .map_err(|_| PyValueError::new_err("str argument has a negative size"))?;
    // SAFETY: CPython guarantees `ptr` points at `size` initialized bytes
    // (plus a NUL we do not read) that live as long as `s` (see above).
    Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), len) })
}

/// One argument's bytes: borrowed from a Python object, or formatted here.
enum Piece<'a> {
    Borrowed(&'a [u8]),
    Owned(Vec<u8>),
}

impl Piece<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Piece::Borrowed(b) => b,
            Piece::Owned(v) => v,
        }
    }
}

/// What a bad argument is called in error messages.
#[derive(Clone, Copy)]
pub enum Context {
    /// A single command.
    Command,
    /// Command `index` of a pipeline or transaction.
    Batch(usize),
}

fn describe(ctx: Context, name: &str, position: usize) -> String {
    let name = if name.is_empty() {
        "command".to_string()
    } else {
        name.to_ascii_uppercase()
    };
    match ctx {
        Context::Command => format!("{name} argument {position}"),
        Context::Batch(i) => format!("pipeline command {i} ({name}) argument {position}"),
    }
}

fn short_repr(obj: &Bound<'_, PyAny>) -> String {
    let text = obj
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "<unprintable>".to_string());
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn piece<'a>(obj: &'a Bound<'_, PyAny>) -> Result<Piece<'a>, Option<PyErr>> {
    if let Ok(b) = obj.downcast::<PyBytes>() {
        return Ok(Piece::Borrowed(b.as_bytes()));
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        return str_utf8(s).map(Piece::Borrowed).map_err(Some);
    }
    if obj.is_instance_of::<pyo3::types::PyBool>() {
        // redis-py refuses bools too: True would silently become "1" or "True".
        return Err(None);
    }
    if let Ok(i) = obj.downcast::<PyInt>() {
        return match i.extract::<i64>() {
            Ok(n) => {
                let mut buf = itoa::Buffer::new();
                Ok(Piece::Owned(buf.format(n).as_bytes().to_vec()))
            }
            // Beyond 64 bits: Python's own decimal text.
            Err(_) => Ok(Piece::Owned(
                i.str().map_err(Some)?.to_string().into_bytes(),
            )),
        };
    }
    if let Ok(f) = obj.downcast::<PyFloat>() {
        // Python's shortest round-trip text ("1.5", "inf", "1e+20"), as
        // redis-py sends, of the plain float: a subclass's own repr (numpy
        // 2's float64 gives "np.float64(1.5)") is not the number.
        let plain = PyFloat::new(obj.py(), f.value());
        return Ok(Piece::Owned(
            plain.repr().map_err(Some)?.to_string().into_bytes(),
        ));
    }
    if let Ok(b) = obj.downcast::<PyByteArray>() {
        return Ok(Piece::Owned(b.to_vec()));
    }
    if obj.is_instance_of::<pyo3::types::PyMemoryView>() {
        let bytes = obj.py().get_type::<PyBytes>().call1((obj,)).map_err(Some)?;
        let bytes = bytes
            .downcast::<PyBytes>()
            .map_err(|e| Some(PyErr::from(e)))?;
        return Ok(Piece::Owned(bytes.as_bytes().to_vec()));
    }
    Err(None)
}

/// The items of a list or tuple of arguments.
fn items<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if let Ok(t) = obj.downcast::<PyTuple>() {
        return Ok(t.iter().collect());
    }
    if let Ok(l) = obj.downcast::<PyList>() {
        return Ok(l.iter().collect());
    }
    let type_name = crate::errors::type_name(obj);
    Err(PyTypeError::new_err(format!(
        "{what}: expected a list or tuple of arguments, got {type_name}"
    )))
}

/// Converts one command's arguments; `ctx` names them in errors.
fn command_pieces<'a>(objs: &'a [Bound<'_, PyAny>], ctx: Context) -> PyResult<Vec<Piece<'a>>> {
    if objs.is_empty() {
        let what = match ctx {
            Context::Batch(i) => format!("pipeline command {i}"),
            _ => "args".to_string(),
        };
        return Err(PyValueError::new_err(format!(
            "{what}: empty command (give at least a command name)"
        )));
    }
    let mut pieces = Vec::with_capacity(objs.len());
    for (position, obj) in objs.iter().enumerate() {
        match piece(obj) {
            Ok(p) => pieces.push(p),
            Err(err) => {
                let name = pieces
                    .first()
                    .map(|p: &Piece<'_>| String::from_utf8_lossy(p.bytes()).into_owned());
                let label = if position == 0 {
                    match ctx {
                        Context::Batch(i) => format!("pipeline command {i}: the command name"),
                        _ => "the command name".to_string(),
                    }
                } else {
                    describe(ctx, name.as_deref().unwrap_or(""), position)
                };
                let type_name = crate::errors::type_name(obj);
                return Err(match err {
                    Some(cause) => {
                        let e = PyValueError::new_err(format!("{label}: {cause}"));
                        e.set_cause(obj.py(), Some(cause));
                        e
                    }
                    None => PyTypeError::new_err(format!(
                        "{label}: expected bytes, str, int or float, got {type_name} {}",
                        short_repr(obj)
                    )),
                });
            }
        }
    }
    Ok(pieces)
}

fn command_body_len(pieces: &[Piece<'_>]) -> usize {
    pieces
        .iter()
        .map(|p| key_len(command::ARGS) + encoded_len_varint(p.bytes().len() as u64) + p.bytes().len())
        .sum()
}

fn write_command_body(buf: &mut Vec<u8>, pieces: &[Piece<'_>]) {
    for p in pieces {
        let b = p.bytes();
        put_key(buf, command::ARGS);
        encode_varint(b.len() as u64, buf);
        buf.extend_from_slice(b);
    }
}

fn header_len(id: u64, timeout_ms: Option<i64>) -> usize {
    let id_len = if id != 0 {
        key_len(command_request::ID) + encoded_len_varint(id)
    } else {
        0
    };
    id_len + timeout_ms.map_or(0, |t| key_len(command_request::TIMEOUT_MS) + encoded_len_varint(t as u64))
}

fn write_id(buf: &mut Vec<u8>, id: u64) {
    if id != 0 {
        put_key(buf, command_request::ID);
        encode_varint(id, buf);
    }
}

fn write_timeout(buf: &mut Vec<u8>, timeout_ms: Option<i64>) {
    if let Some(t) = timeout_ms {
        put_key(buf, command_request::TIMEOUT_MS);
        // int64 on the wire: the two's-complement value as a varint.
        encode_varint(t as u64, buf);
    }
}

/// Checks a per-request timeout before it reaches the engine.
pub fn check_timeout(timeout_ms: Option<i64>) -> PyResult<Option<i64>> {
    match timeout_ms {
        Some(t) if t <= 0 => Err(PyValueError::new_err(format!(
            "timeout_ms: must be a positive number of milliseconds, got {t}"
        ))),
        other => Ok(other),
    }
}

/// A serialized CommandRequest holding one command.
pub fn encode_command(
    id: u64,
    args: &Bound<'_, PyAny>,
    timeout_ms: Option<i64>,
) -> PyResult<Vec<u8>> {
    let objs = items(args, "args")?;
    let pieces = command_pieces(&objs, Context::Command)?;
    let body = command_body_len(&pieces);
    let mut buf = Vec::with_capacity(
        header_len(id, timeout_ms) + key_len(command_request::COMMAND) + encoded_len_varint(body as u64) + body,
    );
    write_id(&mut buf, id);
    put_key(&mut buf, command_request::COMMAND);
    encode_varint(body as u64, &mut buf);
    write_command_body(&mut buf, &pieces);
    write_timeout(&mut buf, timeout_ms);
    Ok(buf)
}

/// `encode_command` with the options of `execute` (both modes) marked:
/// read through the cache, on a session, safe to resend, routed.
/// `timeout_ms` is already checked (`check_timeout`).
#[allow(clippy::too_many_arguments)]
pub fn encode_execute(
    py: Python<'_>,
    args: &Bound<'_, PyAny>,
    timeout_ms: Option<i64>,
    cache: bool,
    session: Option<u64>,
    resend_safe: bool,
    route: Option<&str>,
) -> PyResult<Vec<u8>> {
    let mut request = encode_command(0, args, timeout_ms)?;
    if cache {
        mark_cached(&mut request);
    }
    if let Some(session) = session {
        mark_session(&mut request, session);
    }
    if resend_safe {
        mark_resend_safe(&mut request);
    }
    if let Some(route) = route {
        mark_route(py, &mut request, route)?;
    }
    Ok(request)
}

/// One command's arguments as an engine command, checked and named in
/// errors exactly as `encode_command` does (for a client-side cache lookup
/// in the calling thread).
pub fn command(args: &Bound<'_, PyAny>) -> PyResult<Cmd> {
    let objs = items(args, "args")?;
    let pieces = command_pieces(&objs, Context::Command)?;
    Ok(Cmd::from_args(
        pieces.iter().map(|p| Bytes::copy_from_slice(p.bytes())).collect(),
    ))
}

/// Marks a serialized CommandRequest as read through the client-side cache
/// (protobuf fields may come in any order).
pub fn mark_cached(request: &mut Vec<u8>) {
    put_key(request, command_request::CACHE);
    request.push(1);
}

/// Gives a serialized CommandRequest its id (protobuf fields may come in
/// any order; the last id wins).
pub fn mark_id(request: &mut Vec<u8>, id: u64) {
    put_key(request, command_request::ID);
    encode_varint(id, request);
}

/// Runs a serialized CommandRequest on session `session` (the engine's
/// `Client::open_session`); protobuf fields may come in any order.
pub fn mark_session(request: &mut Vec<u8>, session: u64) {
    put_key(request, command_request::SESSION);
    encode_varint(session, request);
}

/// Marks a serialized CommandRequest safe to send again after a failover
/// even if it was on the wire when its node's link died.
pub fn mark_resend_safe(request: &mut Vec<u8>) {
    put_key(request, command_request::RESEND_SAFE);
    request.push(1);
}

/// Sends a serialized CommandRequest by `route` ("all_primaries",
/// "all_nodes", "random", "primary" or "host:port"; see the engine's
/// `parse_route`): the route is appended as a CommandRequest holding only
/// it, which protobuf merges into the request.
pub fn mark_route(py: Python<'_>, request: &mut Vec<u8>, route: &str) -> PyResult<()> {
    use prost::Message;
    let route = haven_core::engine::convert::parse_route(route).map_err(|e| crate::errors::engine_error(py, &e))?;
    if route.is_some() {
        request.extend(haven_core::proto::CommandRequest { route, ..Default::default() }.encode_to_vec());
    }
    Ok(())
}

/// Whether the command may wait on the server (BLPOP, XREAD ... BLOCK,
/// WAIT, ...), by the engine's command table: such a request can be
/// cancelled by id. Cheap for everything else: the engine's
/// `may_block_name` rules most names out before any look-up.
pub fn is_blocking(args: &Bound<'_, PyAny>) -> bool {
    let first = if let Ok(t) = args.downcast::<PyTuple>() {
        t.get_item(0).ok()
    } else if let Ok(l) = args.downcast::<PyList>() {
        l.get_item(0).ok()
    } else {
        None
    };
    let Some(first) = first else { return false };
    let Ok(name) = piece(&first) else { return false };
    if !haven_core::command_table::may_block_name(name.bytes()) {
        return false;
    }
    command(args).is_ok_and(|cmd| haven_core::command_table::may_block(cmd.args()))
}

/// A serialized CommandRequest holding a batch (pipeline or transaction).
pub fn encode_batch(
    id: u64,
    commands: &Bound<'_, PyAny>,
    atomic: bool,
    timeout_ms: Option<i64>,
) -> PyResult<Vec<u8>> {
    let command_objs = items(commands, "commands")?;
    if command_objs.is_empty() {
        return Err(PyValueError::new_err(
            "commands: a batch needs at least one command",
        ));
    }
    let mut objs = Vec::with_capacity(command_objs.len());
    for (i, c) in command_objs.iter().enumerate() {
        objs.push(items(c, &format!("pipeline command {i}"))?);
    }
    let mut all = Vec::with_capacity(objs.len());
    for (i, o) in objs.iter().enumerate() {
        all.push(command_pieces(o, Context::Batch(i))?);
    }
    let bodies: Vec<usize> = all.iter().map(|p| command_body_len(p)).collect();
    let batch_len: usize = bodies
        .iter()
        .map(|&b| key_len(batch::COMMANDS) + encoded_len_varint(b as u64) + b)
        .sum::<usize>()
        + if atomic { key_len(batch::ATOMIC) + 1 } else { 0 };
    let mut buf = Vec::with_capacity(
        header_len(id, timeout_ms) + key_len(command_request::BATCH) + encoded_len_varint(batch_len as u64) + batch_len,
    );
    write_id(&mut buf, id);
    put_key(&mut buf, command_request::BATCH);
    encode_varint(batch_len as u64, &mut buf);
    for (pieces, &body) in all.iter().zip(&bodies) {
        put_key(&mut buf, batch::COMMANDS);
        encode_varint(body as u64, &mut buf);
        write_command_body(&mut buf, pieces);
    }
    if atomic {
        put_key(&mut buf, batch::ATOMIC);
        buf.push(1);
    }
    write_timeout(&mut buf, timeout_ms);
    Ok(buf)
}

/// `encode_batch` of `batch` (both modes): on `session` when given.
pub fn encode_session_batch(
    commands: &Bound<'_, PyAny>,
    atomic: bool,
    timeout_ms: Option<i64>,
    session: Option<u64>,
) -> PyResult<Vec<u8>> {
    let mut request = encode_batch(0, commands, atomic, check_timeout(timeout_ms)?)?;
    if let Some(session) = session {
        mark_session(&mut request, session);
    }
    Ok(request)
}
