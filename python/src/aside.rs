//! Cache-aside loaders and write-through writers written in Python. The
//! engine's `get_or_load` / `write_through` call a Rust `FnOnce` on an engine
//! thread; the one built here never touches Python: it hands a `Call` (the
//! Python callable and a one-shot reply slot) to the asyncio loop (async
//! clients, through the completion queue) or to the SyncClient thread waiting
//! for the result (a channel), and awaits the answer without the GIL. Python
//! runs the callable and answers through `CallReply`; a raising callable
//! answers with its message, which the engine passes to every waiting caller
//! and never stores. A call nobody can run (its loop or thread is gone) ends
//! with an error, never a hang of the engine.

use std::future::Future;

use bytes::Bytes;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use crate::answer::{self, Slot};

/// What a call's answer is: a loader's value, or a writer's "done".
type Answer = Result<Bytes, String>;

/// One call of a Python loader or writer, waiting for Python to run it.
pub struct Call {
    pub func: Py<PyAny>,
    pub load: bool,
    pub reply: Slot<Answer>,
}

impl Call {
    /// (callable, "load" | "write", reply slot) as Python's runners take it.
    pub fn into_tuple(self) -> (Py<PyAny>, &'static str, CallReply) {
        (
            self.func,
            if self.load { "load" } else { "write" },
            CallReply {
                reply: self.reply,
                load: self.load,
            },
        )
    }
}

/// The answer slot of one call, handed to Python.
#[pyclass(module = "haven._haven", frozen)]
pub struct CallReply {
    reply: Slot<Answer>,
    load: bool,
}

#[pymethods]
impl CallReply {
    /// The callable returned `value`: a loader's must be bytes or str (a
    /// TypeError is raised here and the waiters get its message); a writer's
    /// is ignored. Only the first answer counts.
    fn set_result(&self, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let answer = if !self.load {
            Ok(Bytes::new())
        } else if let Some(bytes) = bytes_or_str(value)? {
            Ok(bytes)
        } else {
            let name = crate::errors::type_name(value);
            let message = format!("the loader returned {name}, expected bytes or str");
            self.reply.answer(Err(message.clone()));
            return Err(PyTypeError::new_err(message));
        };
        self.reply.answer(answer);
        Ok(())
    }

    /// The callable raised: every waiter gets `message`.
    fn set_error(&self, message: String) {
        self.reply.answer(Err(message));
    }
}

/// The engine-side function of a Python loader (`load`) or writer: hands
/// the call to `deliver` and awaits Python's answer.
pub fn bridge(
    func: Py<PyAny>,
    load: bool,
    deliver: impl FnOnce(Call) + Send + 'static,
) -> impl FnOnce() -> std::pin::Pin<Box<dyn Future<Output = Answer> + Send + 'static>> + Send + 'static
{
    move || {
        Box::pin(answer::ask(
            |reply| deliver(Call { func, load, reply }),
            || Err("the Python callable could not run (its client or thread is gone)".to_string()),
        ))
    }
}

/// `obj`'s bytes if it is bytes or str (UTF-8); None for any other type.
fn bytes_or_str(obj: &Bound<'_, PyAny>) -> PyResult<Option<Bytes>> {
    if let Ok(b) = obj.downcast::<PyBytes>() {
        return Ok(Some(Bytes::copy_from_slice(b.as_bytes())));
    }
    if let Ok(s) = obj.downcast::<PyString>() {
        return Ok(Some(Bytes::from(s.to_cow()?.into_owned().into_bytes())));
    }
    Ok(None)
}

/// A key or value given as bytes or str.
pub fn bytes_arg(name: &str, obj: &Bound<'_, PyAny>) -> PyResult<Bytes> {
    if let Some(bytes) = bytes_or_str(obj)? {
        return Ok(bytes);
    }
    let got = crate::errors::type_name(obj);
    Err(PyTypeError::new_err(format!(
        "{name}: expected bytes or str, got {got}"
    )))
}

/// A value for Python: str with `decode` (when it is UTF-8), else bytes.
pub fn value_to_py<'py>(py: Python<'py>, value: &[u8], decode: bool) -> Bound<'py, PyAny> {
    if decode {
        if let Ok(s) = std::str::from_utf8(value) {
            return PyString::new(py, s).into_any();
        }
    }
    PyBytes::new(py, value).into_any()
}

/// `get_or_load`'s options from Python's keyword arguments, checked by the
/// engine (its ConfigError names `get_or_load.<field>`).
pub fn load_options(
    py: Python<'_>,
    ttl_ms: i64,
    jitter: f64,
    lease_ms: Option<i64>,
    early_refresh: Option<f64>,
) -> PyResult<haven_core::LoadOptions> {
    let ms = |name: &str, v: i64| -> PyResult<std::time::Duration> {
        u64::try_from(v)
            .map(std::time::Duration::from_millis)
            .map_err(|_| crate::errors::config(py, format!("{name}: must be > 0, got {v}")))
    };
    Ok(haven_core::LoadOptions {
        ttl: ms("get_or_load.ttl_ms", ttl_ms)?,
        jitter,
        lease: lease_ms
            .map(|l| ms("get_or_load.lease_ms", l))
            .transpose()?,
        early_refresh,
    })
}

/// `write_through`'s mode: "update" or "invalidate".
pub fn write_mode(py: Python<'_>, mode: &str) -> PyResult<haven_core::WriteMode> {
    match mode {
        "update" => Ok(haven_core::WriteMode::Update),
        "invalidate" => Ok(haven_core::WriteMode::Invalidate),
        other => Err(crate::errors::config(
            py,
            format!("write_through.mode: {other:?} (expected \"update\" or \"invalidate\")"),
        )),
    }
}
