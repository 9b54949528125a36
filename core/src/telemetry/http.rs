//! The OTLP exporters' HTTP client: one HTTP/1.1 POST per export over a
//! plain TCP connection, blocking, on the exporter's own thread (the SDK's
//! batch span processor and periodic metric reader each run one). Small on
//! purpose: reqwest would bring its own dependency tree, and hyper's client
//! (in the tree through tonic, for gRPC) spawns its connection tasks on the
//! calling thread's tokio runtime, which the SDK's threads do not have.
//! `https` endpoints are refused at `init` (TLS is not built in yet).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use async_trait::async_trait;
use bytes::Bytes;
use opentelemetry_http::{HttpClient, HttpError, Request, Response};

/// Replies larger than this are cut (an OTLP receiver's replies are tiny).
const MAX_REPLY_BYTES: u64 = 1 << 20;

#[derive(Debug, Clone)]
pub struct BlockingHttp {
    pub timeout: Duration,
}

#[async_trait]
impl HttpClient for BlockingHttp {
    async fn send_bytes(&self, request: Request<Bytes>) -> Result<Response<Bytes>, HttpError> {
        // The SDK's own threads drive this future to completion at once
        // (futures' block_on): blocking here blocks no request.
        post(request, self.timeout).map_err(|e| Box::new(e) as HttpError)
    }
}

fn post(request: Request<Bytes>, timeout: Duration) -> std::io::Result<Response<Bytes>> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, what.to_owned());
    let uri = request.uri();
    if uri.scheme_str() != Some("http") {
        return Err(bad("only http:// OTLP endpoints are supported (no TLS)"));
    }
    let host = uri.host().ok_or_else(|| bad("the endpoint has no host"))?;
    let port = uri.port_u16().unwrap_or(80);
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let addr = (host.trim_start_matches('[').trim_end_matches(']'), port)
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| bad("the endpoint's host does not resolve"))?;
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut head = format!("{} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n", request.method());
    for (name, value) in request.headers() {
        if let Ok(v) = value.to_str() {
            head.push_str(&format!("{name}: {v}\r\n"));
        }
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", request.body().len()));
    stream.write_all(head.as_bytes())?;
    stream.write_all(request.body())?;
    stream.flush()?;

    let mut reader = BufReader::new(stream.take(MAX_REPLY_BYTES));
    let mut status_line = String::new();
    reader.read_line(&mut status_line)?;
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("the OTLP receiver's reply is not HTTP"))?;
    let mut builder = Response::builder().status(status);
    let mut length: Option<usize> = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim_end().is_empty() {
            break;
        }
        if let Some((name, value)) = line.trim_end().split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
            builder = builder.header(name.trim(), value.trim());
        }
    }
    let mut body = Vec::new();
    match length {
        Some(n) => {
            body.resize(n.min(MAX_REPLY_BYTES as usize), 0);
            reader.read_exact(&mut body)?;
        }
        None => {
            reader.read_to_end(&mut body)?;
        }
    }
    builder.body(Bytes::from(body)).map_err(|e| std::io::Error::other(e.to_string()))
}
