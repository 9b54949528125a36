//! Engine errors as Python exceptions. The classes live in `haven.exceptions`
//! (pure Python, so they have docstrings and pickle normally); this module
//! looks them up once and maps the contract's `ErrorKind` onto them.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use haven_core::{proto, ErrorKind};

static CLASSES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

fn classes(py: Python<'_>) -> PyResult<&Vec<Py<PyType>>> {
    CLASSES.get_or_try_init(py, || {
        // Indexed by the contract's number: 0 (unspecified) is the base
        // class, then every kind by its name (the engine's one table).
        let module = py.import("haven.exceptions")?;
        std::iter::once("HavenError")
            .chain(ErrorKind::ALL.iter().map(|k| k.name()))
            .map(|name| Ok(module.getattr(name)?.downcast_into::<PyType>()?.unbind()))
            .collect::<PyResult<Vec<_>>>()
    })
}

/// The exception class for a contract error kind (HavenError if unknown).
pub fn class_for(py: Python<'_>, kind: i32) -> PyResult<Bound<'_, PyType>> {
    let all = classes(py)?;
    let index = usize::try_from(kind)
        .ok()
        .filter(|&i| i < all.len())
        .unwrap_or(0);
    Ok(all[index].bind(py).clone())
}

/// A Python exception for an error the engine reported.
pub fn from_kind(py: Python<'_>, kind: i32, message: &str) -> PyErr {
    match class_for(py, kind) {
        Ok(cls) => PyErr::from_type(cls, message.to_string()),
        Err(e) => e,
    }
}

pub fn from_proto(py: Python<'_>, e: &proto::Error) -> PyErr {
    from_kind(py, e.kind, &e.message)
}

pub fn engine_error(py: Python<'_>, e: &haven_core::Error) -> PyErr {
    let kind = e.kind().code();
    from_kind(py, kind, e.message())
}

pub fn closing(py: Python<'_>, message: &str) -> PyErr {
    from_kind(py, proto::ErrorKind::ClosingError as i32, message)
}

pub fn config(py: Python<'_>, message: impl Into<String>) -> PyErr {
    from_kind(py, proto::ErrorKind::ConfigError as i32, &message.into())
}

/// The name of `obj`'s type, for "expected X, got T" messages.
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// A ResponseError *instance* (not raised): a server error inside a
/// transaction's or pipeline's list of replies.
pub fn response_error_value<'py>(py: Python<'py>, message: &str) -> PyResult<Bound<'py, PyAny>> {
    let cls = class_for(py, proto::ErrorKind::ResponseError as i32)?;
    cls.call1((message,))
}
