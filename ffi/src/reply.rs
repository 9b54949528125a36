//! The plain C path's reply: a tree the caller reads with accessor functions
//! (type, integer, double, bytes, elements, map entries, error kind and
//! message) and frees once with `haven_reply_free`. Child pointers are
//! borrowed from their root and live until the root is freed.

#![allow(non_camel_case_types)]

use std::ffi::{c_char, CString};
use std::ptr;

use haven_core::{Error, ErrorKind, Value};

/// What a reply holds.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HavenReplyType {
    HAVEN_REPLY_NIL = 0,
    HAVEN_REPLY_SIMPLE_STRING = 1,
    HAVEN_REPLY_BULK_STRING = 2,
    HAVEN_REPLY_VERBATIM = 3,
    HAVEN_REPLY_INTEGER = 4,
    HAVEN_REPLY_DOUBLE = 5,
    HAVEN_REPLY_BIG_NUMBER = 6,
    HAVEN_REPLY_BOOLEAN = 7,
    HAVEN_REPLY_ARRAY = 8,
    HAVEN_REPLY_MAP = 9,
    HAVEN_REPLY_SET = 10,
    HAVEN_REPLY_PUSH = 11,
    /// The request failed (top level) or a command inside a batch failed.
    HAVEN_REPLY_ERROR = 12,
}

/// Error kinds, the same names in every language.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HavenErrorKind {
    HAVEN_ERROR_NONE = 0,
    HAVEN_ERROR_RESPONSE = 1,
    HAVEN_ERROR_TIMEOUT = 2,
    HAVEN_ERROR_CONNECTION = 3,
    HAVEN_ERROR_CLUSTER = 4,
    HAVEN_ERROR_NO_HEALTHY_ENDPOINT = 5,
    HAVEN_ERROR_BACKPRESSURE = 6,
    HAVEN_ERROR_CLOSING = 7,
    HAVEN_ERROR_CONFIG = 8,
    /// EXEC aborted: a WATCHed key changed (sessions).
    HAVEN_ERROR_WATCH = 9,
    /// A bug inside the engine; the request was answered, not lost.
    HAVEN_ERROR_INTERNAL = 10,
}

/// A reply (opaque; read it with the haven_reply_* functions).
pub struct HavenReply {
    kind: HavenReplyType,
    integer: i64,
    double: f64,
    bytes: Vec<u8>,
    /// Array/set/push elements, or map keys and values interleaved.
    children: Vec<HavenReply>,
    error_kind: HavenErrorKind,
    message: Option<CString>,
}

impl HavenReply {
    fn new(kind: HavenReplyType) -> Self {
        HavenReply {
            kind,
            integer: 0,
            double: 0.0,
            bytes: Vec::new(),
            children: Vec::new(),
            error_kind: HavenErrorKind::HAVEN_ERROR_NONE,
            message: None,
        }
    }

    fn error(kind: HavenErrorKind, message: &str) -> Self {
        let mut r = Self::new(HavenReplyType::HAVEN_REPLY_ERROR);
        r.error_kind = kind;
        r.message = Some(CString::new(message.replace('\0', " ")).unwrap_or_default());
        r
    }

    fn from_value(v: Value) -> Self {
        use HavenReplyType::*;
        match v {
            Value::Nil => Self::new(HAVEN_REPLY_NIL),
            Value::SimpleString(b) => Self::with_bytes(HAVEN_REPLY_SIMPLE_STRING, &b),
            Value::BulkString(b) => Self::with_bytes(HAVEN_REPLY_BULK_STRING, &b),
            Value::Verbatim { text, .. } => Self::with_bytes(HAVEN_REPLY_VERBATIM, &text),
            Value::BigNumber(b) => Self::with_bytes(HAVEN_REPLY_BIG_NUMBER, &b),
            Value::Integer(i) => {
                let mut r = Self::new(HAVEN_REPLY_INTEGER);
                r.integer = i;
                r
            }
            Value::Double(d) => {
                let mut r = Self::new(HAVEN_REPLY_DOUBLE);
                r.double = d;
                r
            }
            Value::Boolean(b) => {
                let mut r = Self::new(HAVEN_REPLY_BOOLEAN);
                r.integer = b as i64;
                r
            }
            Value::Array(items) => Self::with_children(HAVEN_REPLY_ARRAY, items),
            Value::Set(items) => Self::with_children(HAVEN_REPLY_SET, items),
            Value::Push(items) => Self::with_children(HAVEN_REPLY_PUSH, items),
            Value::Map(pairs) => {
                let mut r = Self::new(HAVEN_REPLY_MAP);
                for (k, v) in pairs {
                    r.children.push(Self::from_value(k));
                    r.children.push(Self::from_value(v));
                }
                r
            }
            Value::ServerError(e) => Self::error(HavenErrorKind::HAVEN_ERROR_RESPONSE, &String::from_utf8_lossy(&e)),
            Value::Attributed { value, .. } => Self::from_value(*value),
        }
    }

    fn with_bytes(kind: HavenReplyType, b: &[u8]) -> Self {
        let mut r = Self::new(kind);
        r.bytes = b.to_vec();
        r
    }

    fn with_children(kind: HavenReplyType, items: Vec<Value>) -> Self {
        let mut r = Self::new(kind);
        r.children = items.into_iter().map(Self::from_value).collect();
        r
    }

    pub(crate) fn boxed(result: Result<Value, Error>) -> *mut HavenReply {
        let reply = match result {
            Ok(v) => Self::from_value(v),
            Err(e) => Self::from_error(&e),
        };
        Box::into_raw(Box::new(reply))
    }

    pub(crate) fn boxed_error(e: &Error) -> *mut HavenReply {
        Box::into_raw(Box::new(Self::from_error(e)))
    }

    fn from_error(e: &Error) -> Self {
        Self::error(HavenErrorKind::of(e.kind()), e.message())
    }
}

impl HavenErrorKind {
    /// The C kind of an engine kind: the same number (`ErrorKind::code`,
    /// the contract's) and name, as this module's tests check.
    pub(crate) fn of(kind: ErrorKind) -> HavenErrorKind {
        match kind {
            ErrorKind::Response => HavenErrorKind::HAVEN_ERROR_RESPONSE,
            ErrorKind::Timeout => HavenErrorKind::HAVEN_ERROR_TIMEOUT,
            ErrorKind::Connection => HavenErrorKind::HAVEN_ERROR_CONNECTION,
            ErrorKind::Cluster => HavenErrorKind::HAVEN_ERROR_CLUSTER,
            ErrorKind::NoHealthyEndpoint => HavenErrorKind::HAVEN_ERROR_NO_HEALTHY_ENDPOINT,
            ErrorKind::Backpressure => HavenErrorKind::HAVEN_ERROR_BACKPRESSURE,
            ErrorKind::Closing => HavenErrorKind::HAVEN_ERROR_CLOSING,
            ErrorKind::Config => HavenErrorKind::HAVEN_ERROR_CONFIG,
            ErrorKind::Watch => HavenErrorKind::HAVEN_ERROR_WATCH,
            ErrorKind::Internal => HavenErrorKind::HAVEN_ERROR_INTERNAL,
        }
    }
}

fn get<'a>(reply: *const HavenReply) -> Option<&'a HavenReply> {
    // SAFETY: a non-null reply pointer comes from this library (a root from
    // a callback or haven_client_command_blocking, or a child borrowed from
    // a root that the caller has not freed yet), per the header's contract.
    unsafe { reply.as_ref() }
}

/// The reply's type. NULL reads as HAVEN_REPLY_NIL.
#[no_mangle]
pub extern "C" fn haven_reply_type(reply: *const HavenReply) -> HavenReplyType {
    get(reply).map_or(HavenReplyType::HAVEN_REPLY_NIL, |r| r.kind)
}

/// The integer of an INTEGER reply (1/0 for BOOLEAN); 0 otherwise.
#[no_mangle]
pub extern "C" fn haven_reply_integer(reply: *const HavenReply) -> i64 {
    get(reply).map_or(0, |r| r.integer)
}

/// The value of a DOUBLE reply; 0.0 otherwise.
#[no_mangle]
pub extern "C" fn haven_reply_double(reply: *const HavenReply) -> f64 {
    get(reply).map_or(0.0, |r| r.double)
}

/// The bytes of a string-like reply (simple, bulk, verbatim, big number) and
/// their length in `*len` (if `len` is not NULL). NULL for other types. Not
/// NUL-terminated.
#[no_mangle]
pub unsafe extern "C" fn haven_reply_bytes(reply: *const HavenReply, len: *mut usize) -> *const u8 {
    use HavenReplyType::*;
    let (p, n) = match get(reply) {
        Some(r)
            if matches!(
                r.kind,
                HAVEN_REPLY_SIMPLE_STRING | HAVEN_REPLY_BULK_STRING | HAVEN_REPLY_VERBATIM | HAVEN_REPLY_BIG_NUMBER
            ) =>
        {
            (r.bytes.as_ptr(), r.bytes.len())
        }
        _ => (ptr::null(), 0),
    };
    if !len.is_null() {
        // SAFETY: non-null; the caller passes storage for one size_t.
        unsafe { *len = n };
    }
    p
}

/// Elements of an ARRAY, SET or PUSH; entries (pairs) of a MAP; 0 otherwise.
#[no_mangle]
pub extern "C" fn haven_reply_len(reply: *const HavenReply) -> usize {
    match get(reply) {
        Some(r) if r.kind == HavenReplyType::HAVEN_REPLY_MAP => r.children.len() / 2,
        Some(r) => r.children.len(),
        None => 0,
    }
}

/// Element `index` of an ARRAY, SET or PUSH (borrowed from the root); NULL
/// when out of range or not such a type.
#[no_mangle]
pub extern "C" fn haven_reply_element(reply: *const HavenReply, index: usize) -> *const HavenReply {
    match get(reply) {
        Some(r) if r.kind != HavenReplyType::HAVEN_REPLY_MAP => r.children.get(index).map_or(ptr::null(), |c| c as *const _),
        _ => ptr::null(),
    }
}

/// Key of entry `index` of a MAP (borrowed); NULL otherwise.
#[no_mangle]
pub extern "C" fn haven_reply_map_key(reply: *const HavenReply, index: usize) -> *const HavenReply {
    map_child(reply, index, 0)
}

/// Value of entry `index` of a MAP (borrowed); NULL otherwise.
#[no_mangle]
pub extern "C" fn haven_reply_map_value(reply: *const HavenReply, index: usize) -> *const HavenReply {
    map_child(reply, index, 1)
}

fn map_child(reply: *const HavenReply, index: usize, offset: usize) -> *const HavenReply {
    match get(reply) {
        Some(r) if r.kind == HavenReplyType::HAVEN_REPLY_MAP => index
            .checked_mul(2)
            .and_then(|i| r.children.get(i + offset))
            .map_or(ptr::null(), |c| c as *const _),
        _ => ptr::null(),
    }
}

/// The error kind of an ERROR reply; HAVEN_ERROR_NONE otherwise.
#[no_mangle]
pub extern "C" fn haven_reply_error_kind(reply: *const HavenReply) -> HavenErrorKind {
    get(reply).map_or(HavenErrorKind::HAVEN_ERROR_NONE, |r| r.error_kind)
}

/// The NUL-terminated message of an ERROR reply (borrowed); NULL otherwise.
#[no_mangle]
pub extern "C" fn haven_reply_error_message(reply: *const HavenReply) -> *const c_char {
    get(reply).and_then(|r| r.message.as_ref()).map_or(ptr::null(), |m| m.as_ptr())
}

/// Frees a reply returned to the caller (a root, not a borrowed child).
/// NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn haven_reply_free(reply: *mut HavenReply) {
    if !reply.is_null() {
        // SAFETY: roots are created by Box::into_raw in this library and
        // handed to the caller once; the caller frees each root once.
        drop(unsafe { Box::from_raw(reply) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_kind_has_the_c_kind_of_its_number_and_name() {
        for kind in ErrorKind::ALL {
            let c = HavenErrorKind::of(kind);
            assert_eq!(c as i32, kind.code(), "{kind:?}");
            // HAVEN_ERROR_NO_HEALTHY_ENDPOINT for "NoHealthyEndpointError".
            let upper: String = kind
                .stem()
                .chars()
                .enumerate()
                .flat_map(|(i, ch)| {
                    let sep = (i > 0 && ch.is_ascii_uppercase()).then_some('_');
                    sep.into_iter().chain(std::iter::once(ch.to_ascii_uppercase()))
                })
                .collect();
            assert_eq!(format!("{c:?}"), format!("HAVEN_ERROR_{upper}"));
        }
    }
}
