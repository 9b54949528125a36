//! The engine's error: one of DESIGN.md's kinds plus a message that names what
//! went wrong (the server's text, the node, or the configuration field).

use std::fmt;

/// The error kinds every language exposes under the same names: the one
/// table of them. Each kind's number is the contract's (`haven.v1.ErrorKind`,
/// 0 being "unspecified"), so a shim converts a kind by its number and names
/// its host's class after `name` (Python, Node, C) or `stem` (Java's
/// `ResponseException`); no shim keeps a table of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum ErrorKind {
    /// The server answered with an error (ERR, WRONGTYPE, NOAUTH, ...).
    Response = 1,
    /// The request's deadline passed.
    Timeout = 2,
    /// A node could not be reached, or the link to it was lost.
    Connection = 3,
    /// Redirects exhausted, CLUSTERDOWN, cross-slot.
    Cluster = 4,
    /// Multi-endpoint: no endpoint is healthy.
    NoHealthyEndpoint = 5,
    /// Too many requests in flight.
    Backpressure = 6,
    /// The client is closed or closing.
    Closing = 7,
    /// Bad configuration or bad input, with the field named.
    Config = 8,
    /// A transaction's EXEC was aborted because a WATCHed key changed.
    Watch = 9,
    /// A bug inside the engine (a panic on the request's path); the request
    /// was answered instead of being lost.
    Internal = 10,
}

impl ErrorKind {
    /// Every kind, by number: `ALL[i].code() == i + 1`.
    pub const ALL: [ErrorKind; 10] = [
        ErrorKind::Response,
        ErrorKind::Timeout,
        ErrorKind::Connection,
        ErrorKind::Cluster,
        ErrorKind::NoHealthyEndpoint,
        ErrorKind::Backpressure,
        ErrorKind::Closing,
        ErrorKind::Config,
        ErrorKind::Watch,
        ErrorKind::Internal,
    ];

    /// The contract's number of this kind (never 0).
    pub fn code(self) -> i32 {
        self as i32
    }

    /// The kind numbered `code`; None for 0 ("unspecified") or a number
    /// this build does not know.
    pub fn from_code(code: i32) -> Option<ErrorKind> {
        let index = usize::try_from(code).ok()?.checked_sub(1)?;
        Self::ALL.get(index).copied()
    }

    /// The name used in every language binding.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Response => "ResponseError",
            ErrorKind::Timeout => "TimeoutError",
            ErrorKind::Connection => "ConnectionError",
            ErrorKind::Cluster => "ClusterError",
            ErrorKind::NoHealthyEndpoint => "NoHealthyEndpointError",
            ErrorKind::Backpressure => "BackpressureError",
            ErrorKind::Closing => "ClosingError",
            ErrorKind::Config => "ConfigError",
            ErrorKind::Watch => "WatchError",
            ErrorKind::Internal => "InternalError",
        }
    }

    /// `name` without its "Error": what a host whose classes end otherwise
    /// puts its own ending after ("Response" + "Exception").
    pub fn stem(self) -> &'static str {
        let name = self.name();
        name.strip_suffix("Error").unwrap_or(name)
    }
}

/// An engine error: a kind and a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    /// For connection errors: whether the request may have reached the server.
    /// False means it was never written, so resending it is always safe.
    maybe_sent: bool,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, message: message.into(), maybe_sent: true }
    }
    pub fn response(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Response, message)
    }
    pub fn timeout(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Timeout, message)
    }
    pub fn connection(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Connection, message)
    }
    /// A connection error for a request that was never written to the socket.
    pub fn connection_unsent(message: impl Into<String>) -> Self {
        Error { kind: ErrorKind::Connection, message: message.into(), maybe_sent: false }
    }
    pub fn cluster(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Cluster, message)
    }
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }
    pub fn watch(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Watch, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
    /// The caller cancelled the request (or the engine shut down under it).
    pub fn cancelled(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Timeout, message)
    }
    pub fn closing() -> Self {
        Self::new(ErrorKind::Closing, "the client is closed")
    }
    pub fn backpressure(limit: usize) -> Self {
        Self::new(
            ErrorKind::Backpressure,
            format!("more than {limit} requests in flight (inflight_limit); retry later or raise the limit"),
        )
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    /// Whether the request may have reached the server (and so may have run).
    pub fn maybe_sent(&self) -> bool {
        self.maybe_sent
    }

    /// The same error with context put in front of its message.
    pub fn context(mut self, what: impl fmt::Display) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.name(), self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
