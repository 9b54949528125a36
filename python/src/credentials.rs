//! The credential provider written in Python (`credential_provider=` of
//! `Client.connect` / `SyncClient.connect`). The engine asks it before the
//! first connection, every `credential_refresh_ms` and on
//! `refresh_credentials()` (see `haven_core::credentials`); each ask runs the
//! Python callable on a blocking thread of the engine's runtime, with the
//! GIL, never on the asyncio loop's or the caller's thread, so a client
//! without any loop (SyncClient) refreshes in the background too.
//!
//! The provider is a plain (not async) callable, or a redis-py
//! `CredentialProvider` (anything with `get_credentials()`), returning
//! `(username, password)`, `(password,)`, a password `str`, or an object
//! with `username` and `password` attributes. A raising provider or a wrong
//! shape is an error naming the type, never the value.

use std::sync::Arc;

use haven_core::{CredentialProvider, Credentials};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

/// The engine-side provider around a Python callable.
pub fn provider(func: Py<PyAny>) -> CredentialProvider {
    let func = Arc::new(func);
    Arc::new(move || {
        let func = func.clone();
        Box::pin(async move {
            match tokio::task::spawn_blocking(move || Python::attach(|py| ask(py, &func))).await {
                Ok(answer) => answer,
                Err(_) => Err("the credential provider's call ended abnormally".to_string()),
            }
        })
    })
}

fn ask(py: Python<'_>, func: &Py<PyAny>) -> Result<Credentials, String> {
    let obj = func.bind(py);
    let called = if obj.hasattr("get_credentials").unwrap_or(false) {
        obj.call_method0("get_credentials")
    } else {
        obj.call0()
    };
    let value = called.map_err(|e| {
        let name = e.get_type(py).name().map(|n| n.to_string()).unwrap_or_else(|_| "Exception".into());
        format!("credential_provider raised {name}: {}", e.value(py))
    })?;
    parse(&value)
}

fn text(obj: &Bound<'_, PyAny>, what: &str) -> Result<Option<String>, String> {
    if obj.is_none() {
        return Ok(None);
    }
    match obj.downcast::<PyString>() {
        Ok(s) => s.to_cow().map(|s| Some(s.into_owned())).map_err(|_| format!("credential_provider: the {what} is not valid UTF-8")),
        Err(_) => Err(format!("credential_provider: the {what} must be a str, got {}", crate::errors::type_name(obj))),
    }
}

fn parse(value: &Bound<'_, PyAny>) -> Result<Credentials, String> {
    let password = |obj: &Bound<'_, PyAny>| -> Result<String, String> {
        text(obj, "password")?.ok_or_else(|| "credential_provider: the password is None".to_string())
    };
    if value.downcast::<PyString>().is_ok() {
        return Ok(Credentials { username: None, password: password(value)? });
    }
    let items: Option<Vec<Bound<'_, PyAny>>> = if let Ok(t) = value.downcast::<PyTuple>() {
        Some(t.iter().collect())
    } else if let Ok(l) = value.downcast::<PyList>() {
        Some(l.iter().collect())
    } else {
        None
    };
    if let Some(items) = items {
        return match items.as_slice() {
            [pw] => Ok(Credentials { username: None, password: password(pw)? }),
            [user, pw] => Ok(Credentials { username: text(user, "username")?, password: password(pw)? }),
            other => Err(format!("credential_provider: expected (username, password) or (password,), got {} items", other.len())),
        };
    }
    if value.hasattr("__await__").unwrap_or(false) {
        return Err("credential_provider returned an awaitable: it must be a plain function returning (username, password)".into());
    }
    match (value.getattr("username"), value.getattr("password")) {
        (Ok(user), Ok(pw)) => Ok(Credentials { username: text(&user, "username")?, password: password(&pw)? }),
        _ => Err(format!(
            "credential_provider: expected (username, password), (password,), a str or an object with username and password, got {}",
            crate::errors::type_name(value)
        )),
    }
}
