//! The connection handshake, run on the raw stream before the pipeline starts:
//! HELLO 3 with AUTH and SETNAME (RESP2 fallback with AUTH and CLIENT SETNAME
//! for servers without HELLO), SELECT, CLIENT SETINFO where supported, and
//! READONLY towards replicas that need it. Learns what the server reports of
//! itself (version, role, Valkey's availability zone).

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::transport::{Reader, Writer};
use crate::config::{ConnectionConfig, NodeAddress};
use crate::error::{Error, Result};
use crate::protocol::{decode_limited, Cmd, Protocol, Value};

/// What a node said about itself during the handshake.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerInfo {
    /// "redis" or "valkey", when HELLO said.
    pub server: Option<String>,
    pub version: Option<String>,
    /// "master" or "replica" as HELLO reports it.
    pub role: Option<String>,
    /// Valkey's `availability-zone` setting, when set.
    pub availability_zone: Option<String>,
    pub resp3: bool,
    /// The connection's CLIENT ID (from HELLO, or asked for when
    /// `HandshakeOptions::client_id` is set).
    pub client_id: Option<i64>,
}

/// Extra steps some deployments need.
#[derive(Clone, Copy, Debug, Default)]
pub struct HandshakeOptions {
    /// Send READONLY (cluster replicas serving reads).
    pub read_only: bool,
    /// Skip SELECT (Sentinels and subscriber connections have no database;
    /// cluster nodes select one only on Valkey 9+ with cluster-databases).
    pub skip_select: bool,
    /// Learn the connection's CLIENT ID (dedicated connections: to unblock
    /// them from another connection).
    pub client_id: bool,
}

const LIB_NAME: &str = "haven";
const LIB_VERSION: &str = env!("CARGO_PKG_VERSION");

pub(crate) struct RawConn<'a> {
    pub reader: &'a mut Reader,
    pub writer: &'a mut Writer,
    pub buf: &'a mut BytesMut,
    pub addr: &'a NodeAddress,
    pub max_reply_bytes: usize,
}

impl RawConn<'_> {
    /// Sends commands in one write and reads one reply for each.
    async fn roundtrip(&mut self, protocol: Protocol, cmds: &[Cmd]) -> Result<Vec<Value>> {
        let mut out = BytesMut::new();
        for cmd in cmds {
            cmd.encode(&mut out);
        }
        self.writer
            .write_all(&out)
            .await
            .map_err(|e| Error::connection(format!("write to {} failed during handshake: {e}", self.addr)))?;
        let mut replies = Vec::with_capacity(cmds.len());
        while replies.len() < cmds.len() {
            match decode_limited(protocol, self.buf, self.max_reply_bytes).map_err(|e| e.context(self.addr))? {
                Some(Value::Push(_)) => continue,
                Some(v) => replies.push(v),
                None => {
                    self.buf.reserve(4096);
                    let n = self.reader.read_buf(self.buf).await.map_err(|e| {
                        Error::connection(format!("read from {} failed during handshake: {e}", self.addr))
                    })?;
                    if n == 0 {
                        return Err(Error::connection(format!("{} closed the connection during handshake", self.addr)));
                    }
                }
            }
        }
        Ok(replies)
    }
}

fn error_text(v: &Value) -> Option<String> {
    match v {
        Value::ServerError(e) => Some(String::from_utf8_lossy(e).into_owned()),
        _ => None,
    }
}

fn auth_error(addr: &NodeAddress, msg: &str) -> Error {
    Error::connection(format!("authentication failed on {addr}: {msg}"))
}

fn is_auth_error(msg: &str) -> bool {
    msg.starts_with("WRONGPASS") || msg.starts_with("NOAUTH") || msg.contains("invalid password") || msg.contains("invalid username-password")
}

/// Runs the handshake; returns the protocol the connection speaks.
pub(crate) async fn run(conn: &mut RawConn<'_>, config: &ConnectionConfig, options: HandshakeOptions) -> Result<(Protocol, ServerInfo)> {
    let mut info = ServerInfo::default();
    let mut protocol = Protocol::Resp2;
    let mut name_set = false;
    let credentials = config.auth();
    let mut authed = credentials.is_none();

    if config.protocol == Protocol::Resp3 {
        let mut hello = Cmd::new("HELLO").arg("3");
        if let Some(c) = &credentials {
            hello = hello.arg("AUTH").arg(c.username.clone().unwrap_or_else(|| "default".into())).arg(c.password.clone());
        }
        if let Some(name) = &config.client_name {
            hello = hello.arg("SETNAME").arg(name.clone());
        }
        let reply = conn.roundtrip(Protocol::Resp3, &[hello]).await?.remove(0);
        match error_text(&reply) {
            None => {
                protocol = Protocol::Resp3;
                info.resp3 = true;
                read_hello(&reply, &mut info);
                name_set = true;
                authed = true;
            }
            Some(msg) if is_auth_error(&msg) => return Err(auth_error(conn.addr, &msg)),
            // Servers before 6.0 have no HELLO ("unknown command"), and a
            // server may refuse protocol 3 (NOPROTO): speak RESP2.
            Some(msg) if msg.contains("unknown command") || msg.starts_with("NOPROTO") || msg.contains("unknown subcommand") => {}
            Some(msg) => return Err(Error::connection(format!("HELLO on {} failed: {msg}", conn.addr))),
        }
    }

    if let (false, Some(c)) = (authed, &credentials) {
        let reply = conn.roundtrip(protocol, &[crate::credentials::auth_command(c)]).await?.remove(0);
        if let Some(msg) = error_text(&reply) {
            return Err(auth_error(conn.addr, &msg));
        }
    }

    let mut steps = Vec::new();
    if !name_set {
        if let Some(name) = &config.client_name {
            steps.push(("CLIENT SETNAME", true, Cmd::new("CLIENT").arg("SETNAME").arg(name.clone())));
        }
    }
    if config.database != 0 && !options.skip_select {
        steps.push(("SELECT", true, Cmd::new("SELECT").arg(config.database.to_string())));
    }
    if options.read_only {
        steps.push(("READONLY", true, Cmd::new("READONLY")));
    }
    if let Some(tracking) = &config.tracking {
        if protocol != Protocol::Resp3 {
            return Err(Error::connection(format!(
                "{} does not speak RESP3 (HELLO 3): the client-side cache needs it for invalidations",
                conn.addr
            )));
        }
        let mut cmd = Cmd::new("CLIENT").arg("TRACKING").arg("ON");
        match &tracking.broadcast_prefixes {
            None => cmd = cmd.arg("OPTIN"),
            Some(prefixes) => {
                cmd = cmd.arg("BCAST");
                for p in prefixes {
                    cmd = cmd.arg("PREFIX").arg(p.clone());
                }
            }
        }
        steps.push(("CLIENT TRACKING", true, cmd));
    }
    // Older servers lack CLIENT SETINFO: its failure is not fatal.
    steps.push(("CLIENT SETINFO", false, Cmd::new("CLIENT").arg("SETINFO").arg("LIB-NAME").arg(LIB_NAME)));
    steps.push(("CLIENT SETINFO", false, Cmd::new("CLIENT").arg("SETINFO").arg("LIB-VER").arg(LIB_VERSION)));
    let ask_id = options.client_id && info.client_id.is_none();
    if ask_id {
        steps.push(("CLIENT ID", false, Cmd::new("CLIENT").arg("ID")));
    }
    let cmds: Vec<Cmd> = steps.iter().map(|(_, _, c)| c.clone()).collect();
    let replies = conn.roundtrip(protocol, &cmds).await?;
    if ask_id {
        info.client_id = replies.last().and_then(Value::as_int);
    }
    for ((what, required, _), reply) in steps.iter().zip(replies.iter()) {
        if let (true, Some(msg)) = (*required, error_text(reply)) {
            if *what == "SELECT" {
                // A database the server does not have (or, in a cluster,
                // numbered databases it does not offer) is the
                // configuration's mistake, not the connection's.
                return Err(Error::config(format!(
                    "connection.database: {} refuses SELECT {}: {msg}",
                    conn.addr, config.database
                )));
            }
            return Err(Error::connection(format!("{what} on {} failed: {msg}", conn.addr)));
        }
    }
    Ok((protocol, info))
}

fn read_hello(reply: &Value, info: &mut ServerInfo) {
    let Some(pairs) = reply.to_pairs() else { return };
    for (k, v) in pairs {
        let text = v.as_str().map(str::to_string);
        match k.as_str() {
            Some("server") => info.server = text,
            Some("version") => info.version = text,
            Some("role") => info.role = text,
            Some("availability_zone") => info.availability_zone = text.filter(|z| !z.is_empty()),
            Some("id") => info.client_id = v.as_int(),
            _ => {}
        }
    }
}
