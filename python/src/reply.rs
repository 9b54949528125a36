//! A serialized `Response` -> Python objects, with redis-py's shapes: bytes
//! for strings (str with decode_responses), int, float, bool, None, list,
//! dict for maps, set for sets, and ResponseError instances for server errors
//! inside aggregates (transactions, pipelines). RESP3 attributes are dropped,
//! except the cache's `haven-stale` mark, which `decode_marked` reports.

use bytes::Bytes;
use prost::Message;
use pyo3::exceptions::PyUnicodeDecodeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyFloat, PyFrozenSet, PyList, PySet, PyString, PyTuple};

use haven_core::proto;
use haven_core::proto::value::Kind;

use crate::errors;

/// A decoded response: the value, or the error as a Python exception.
pub fn decode<'py>(
    py: Python<'py>,
    bytes: Vec<u8>,
    decode_strings: bool,
) -> PyResult<Bound<'py, PyAny>> {
    match result(py, bytes)? {
        Some(v) => value(py, v, decode_strings),
        None => Ok(py.None().into_bound(py)),
    }
}

/// `decode`, plus the `haven-stale` attribute of a value the client-side
/// cache served stale during an outage: milliseconds past its validity
/// (None: a fresh value).
pub fn decode_marked<'py>(
    py: Python<'py>,
    bytes: Vec<u8>,
    decode_strings: bool,
) -> PyResult<(Bound<'py, PyAny>, Option<i64>)> {
    match result(py, bytes)? {
        Some(v) => {
            let stale = stale_mark(&v);
            Ok((value(py, v, decode_strings)?, stale))
        }
        None => Ok((py.None().into_bound(py), None)),
    }
}

/// A response's value (None when it has none), or its error as a Python
/// exception.
fn result(py: Python<'_>, bytes: Vec<u8>) -> PyResult<Option<proto::Value>> {
    // Decoding from `Bytes` lets prost slice strings out of the buffer
    // instead of allocating one per string.
    let response = proto::Response::decode(Bytes::from(bytes)).map_err(|e| {
        errors::from_kind(
            py,
            proto::ErrorKind::Unspecified as i32,
            &format!("the engine sent a response that is not a valid Response message: {e}"),
        )
    })?;
    match response.result {
        Some(proto::response::Result::Value(v)) => Ok(Some(v)),
        Some(proto::response::Result::Error(e)) => Err(errors::from_proto(py, &e)),
        None => Ok(None),
    }
}

fn stale_mark(v: &proto::Value) -> Option<i64> {
    let attrs = v.attributes.as_ref()?;
    attrs.entries.iter().find_map(|e| {
        let key = e.key.as_ref()?;
        let named = matches!(&key.kind, Some(Kind::SimpleString(k) | Kind::BulkString(k)) if &k[..] == b"haven-stale");
        if !named {
            return None;
        }
        match e.value.as_ref().and_then(|v| v.kind.as_ref()) {
            Some(Kind::Integer(ms)) => Some(*ms),
            _ => Some(0),
        }
    })
}

fn string<'py>(py: Python<'py>, b: &[u8], decode_strings: bool) -> PyResult<Bound<'py, PyAny>> {
    if !decode_strings {
        return Ok(PyBytes::new(py, b).into_any());
    }
    match std::str::from_utf8(b) {
        Ok(s) => Ok(PyString::new(py, s).into_any()),
        Err(e) => Err(PyErr::from_value(
            PyUnicodeDecodeError::new_utf8(py, b, e)?.into_any(),
        )),
    }
}

static INT: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn big_number<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let int = INT.get_or_try_init(py, || {
        Ok::<_, PyErr>(py.import("builtins")?.getattr("int")?.unbind())
    })?;
    int.bind(py).call1((text,))
}

/// Converts a value; `hashable` (dict keys, set members) turns lists into
/// tuples and sets into frozensets so they can be keys.
fn convert<'py>(
    py: Python<'py>,
    v: proto::Value,
    decode_strings: bool,
    hashable: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let Some(kind) = v.kind else {
        return Ok(py.None().into_bound(py));
    };
    Ok(match kind {
        Kind::BulkString(b) | Kind::SimpleString(b) => return string(py, &b, decode_strings),
        Kind::Verbatim(vb) => return string(py, &vb.text, decode_strings),
        Kind::Integer(i) => i.into_pyobject(py)?.into_any(),
        Kind::Double(d) => PyFloat::new(py, d).into_any(),
        Kind::BigNumber(s) => big_number(py, &s)?,
        Kind::Boolean(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Kind::Nil(_) => py.None().into_bound(py),
        Kind::ServerError(msg) => errors::response_error_value(py, &msg)?,
        Kind::Array(a) | Kind::Push(a) => {
            let items = a
                .items
                .into_iter()
                .map(|i| convert(py, i, decode_strings, hashable))
                .collect::<PyResult<Vec<_>>>()?;
            if hashable {
                PyTuple::new(py, items)?.into_any()
            } else {
                PyList::new(py, items)?.into_any()
            }
        }
        Kind::Set(a) => {
            let items = a
                .items
                .into_iter()
                .map(|i| convert(py, i, decode_strings, true))
                .collect::<PyResult<Vec<_>>>()?;
            if hashable {
                PyFrozenSet::new(py, &items)?.into_any()
            } else {
                PySet::new(py, &items)?.into_any()
            }
        }
        Kind::Map(m) => {
            let dict = PyDict::new(py);
            for entry in m.entries {
                let key = convert(py, entry.key.unwrap_or_default(), decode_strings, true)?;
                let val = convert(py, entry.value.unwrap_or_default(), decode_strings, false)?;
                dict.set_item(key, val)?;
            }
            if hashable {
                // A map used as a key (never seen from a real server): its items.
                PyTuple::new(py, dict.items())?.into_any()
            } else {
                dict.into_any()
            }
        }
    })
}

/// Converts a contract value to a Python object.
pub fn value<'py>(
    py: Python<'py>,
    v: proto::Value,
    decode_strings: bool,
) -> PyResult<Bound<'py, PyAny>> {
    convert(py, v, decode_strings, false)
}
