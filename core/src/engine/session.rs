//! Sessions, and what may run on a shared connection.
//!
//! A session is a caller's own dedicated connection (leased from the node's
//! pool on its first command) for WATCH / MULTI / EXEC, optimistic
//! transactions, and any sequence of commands that must share one
//! connection's state. It binds to the primary its first keyed command
//! routes to (in a cluster: that key's slot, and every later key must share
//! it) and checks before each command that the deployment still names that
//! node: a failover, a redirect or a lost link ends the session with a
//! clear error, never an EXEC on the wrong node. An EXEC aborted by a
//! changed WATCHed key is a WatchError. Releasing a session undoes its
//! WATCH or MULTI before the connection goes back to the pool; one whose
//! state the engine cannot undo (SELECT, READONLY) is closed instead.
//!
//! Connection-state commands sent outside a session (SELECT, MULTI, WATCH,
//! SUBSCRIBE, CLIENT TRACKING, HELLO, ...) would change a connection every
//! caller shares: they get a ConfigError naming the API to use instead.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use tokio::time::Instant;

use super::convert::{key_slot, Body};
use crate::command_table;
use crate::connection::Lease;
use crate::deployment::{key_positions, Deployment};
use crate::error::{Error, ErrorKind, Result};
use crate::protocol::{Cmd, Value};

/// How long releasing a session waits for its UNWATCH / DISCARD.
const RELEASE_WAIT: Duration = Duration::from_secs(1);

/// A client's open sessions.
#[derive(Default)]
pub(crate) struct Sessions {
    next: AtomicU64,
    open: Mutex<HashMap<u64, Arc<tokio::sync::Mutex<Session>>>>,
}

#[derive(Default)]
struct Session {
    lease: Option<Lease>,
    /// The node the lease is on (`NodeConnection::id`).
    node: usize,
    /// In a cluster: the slot every key of the session must be in.
    slot: Option<u16>,
    watching: bool,
    in_multi: bool,
    /// Why the session cannot go on; every later command gets this error.
    broken: Option<Error>,
}

impl Sessions {
    /// A new session id (nothing is connected until its first command).
    pub fn open(&self) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        self.open.lock().insert(id, Arc::default());
        id
    }

    /// Releases a session: its WATCH / MULTI are undone and its connection
    /// goes back to the pool (closed when its state cannot be undone).
    /// False when no such session is open.
    pub fn close(&self, id: u64) -> bool {
        let Some(session) = self.open.lock().remove(&id) else { return false };
        // On the engine's runtime, whichever thread releases it (dropped
        // there when the runtime is gone: its connection closes).
        if let Ok(handle) = crate::runtime::handle() {
            handle.spawn(release(session));
        }
        true
    }

    /// Ends every session (the client is closing): their connections close.
    pub fn close_all(&self) {
        self.open.lock().clear();
    }

    /// Runs a command or batch on session `id`.
    pub async fn run(&self, deployment: &dyn Deployment, id: u64, body: &Body, deadline: Instant) -> Result<Value> {
        let session = self.open.lock().get(&id).cloned().ok_or_else(|| {
            Error::config(format!("session {id}: no such session (never opened, or already released)"))
        })?;
        let mut session = match tokio::time::timeout_at(deadline, session.lock()).await {
            Ok(guard) => guard,
            Err(_) => {
                return Err(Error::timeout(format!(
                    "session {id}: an earlier command of the session was still running at the deadline"
                )))
            }
        };
        if let Some(e) = &session.broken {
            return Err(e.clone());
        }
        let cmds: &[Cmd] = match body {
            Body::Command(cmd) => std::slice::from_ref(cmd),
            Body::Batch { commands, .. } => commands,
        };
        for cmd in cmds {
            check_in_session(cmd)?;
        }
        session.bind(deployment, id, cmds, deadline).await?;
        let result = session.send(body, deadline, || deployment.refresh_soon()).await;
        session.learn(cmds, &result);
        result
    }
}

impl Session {
    /// Makes sure the session has its connection, on the node the
    /// deployment names now for its keys.
    async fn bind(&mut self, deployment: &dyn Deployment, id: u64, cmds: &[Cmd], deadline: Instant) -> Result<()> {
        let mut slots: Vec<u16> = cmds
            .iter()
            .flat_map(|c| {
                let spec = command_table::lookup(c.args());
                key_positions(c.args(), spec).into_iter().filter_map(|i| c.args().get(i).map(|k| key_slot(k)))
            })
            .collect();
        slots.sort_unstable();
        slots.dedup();
        let wanted = match (self.slot, slots.as_slice()) {
            (Some(bound), _) => Some(bound),
            (None, [one]) => Some(*one),
            _ => None,
        };
        let (node, slot_bound) = deployment.session_node(wanted, deadline).await?;
        if slot_bound {
            if let Some(other) = slots.iter().find(|&&s| Some(s) != wanted) {
                let bound = wanted.map_or_else(|| "several slots".to_string(), |s| format!("slot {s}"));
                return Err(Error::cluster(format!(
                    "session {id}: every key of a session must hash to one slot in a cluster (use a {{hash tag}}); \
                     this one is bound to {bound}, a key here is in slot {other}"
                )));
            }
        }
        if self.lease.is_none() {
            self.lease = Some(node.lease(deadline).await?);
            self.node = node.id();
        } else if node.id() != self.node {
            let was = self.lease.as_ref().map(|l| l.address().to_string()).unwrap_or_default();
            return Err(self.break_off(Error::connection(format!(
                "session {id}: {was} no longer serves this session's keys (failover or topology change); \
                 its WATCH/MULTI state is gone, so the session was ended: start a new one"
            ))));
        }
        if slot_bound && self.slot.is_none() {
            self.slot = wanted;
        }
        Ok(())
    }

    /// Sends on the session's connection; `refresh` asks the deployment to
    /// re-learn its topology (a redirect showed it changed).
    async fn send(&mut self, body: &Body, deadline: Instant, refresh: impl FnOnce()) -> Result<Value> {
        let Some(lease) = self.lease.as_mut() else {
            return Err(Error::connection("session: no connection"));
        };
        let addr = lease.address().to_string();
        let result = match body {
            Body::Command(cmd) => lease.call(cmd, deadline).await.and_then(|v| {
                if cmd.args()[0].eq_ignore_ascii_case(b"EXEC") {
                    exec_result(v)
                } else {
                    Ok(v)
                }
            }),
            Body::Batch { commands, atomic: true } => {
                let mut wrapped = Vec::with_capacity(commands.len() + 2);
                wrapped.push(Cmd::new("MULTI"));
                wrapped.extend(commands.iter().cloned());
                wrapped.push(Cmd::new("EXEC"));
                match lease.call_many(&wrapped, deadline).await? {
                    Value::Array(mut replies) => match replies.pop() {
                        Some(exec) => {
                            // A refused queueing (MOVED, ...) explains the EXECABORT.
                            if let Some(moved) = replies.iter().find(|r| is_redirect(r)) {
                                Ok(moved.clone())
                            } else {
                                exec_result(exec)
                            }
                        }
                        None => Err(Error::connection("session: an empty reply to MULTI/EXEC")),
                    },
                    other => Ok(other),
                }
            }
            Body::Batch { commands, atomic: false } => lease.call_many(commands, deadline).await,
        };
        match result {
            Ok(reply) if is_redirect(&reply) || matches!(&reply, Value::Array(items) if items.iter().any(is_redirect)) => {
                refresh();
                Err(self.break_off(Error::cluster(format!(
                    "session: {addr} redirected the session's command (the slot moved or failed over); \
                     the session was ended: start a new one"
                ))))
            }
            Ok(reply) => reply.into_result(),
            Err(e) if matches!(e.kind(), ErrorKind::Timeout | ErrorKind::Connection | ErrorKind::Closing) => {
                let why = format!("session: {}; the session was ended: start a new one", e.message());
                self.break_off(Error::new(e.kind(), why.clone()));
                Err(Error::new(e.kind(), why))
            }
            Err(e) => Err(e),
        }
    }

    /// Follows the connection state the commands left behind.
    fn learn(&mut self, cmds: &[Cmd], result: &Result<Value>) {
        let ok = match result {
            Ok(_) => true,
            Err(e) => e.kind() == ErrorKind::Watch,
        };
        if !ok {
            return;
        }
        for cmd in cmds {
            let name = cmd.args()[0].to_ascii_uppercase();
            match name.as_slice() {
                b"WATCH" => self.watching = true,
                b"UNWATCH" => self.watching = false,
                b"MULTI" => self.in_multi = true,
                b"EXEC" | b"DISCARD" => {
                    self.in_multi = false;
                    self.watching = false;
                }
                b"SELECT" | b"READONLY" | b"READWRITE" => {
                    if let Some(lease) = self.lease.as_mut() {
                        lease.discard();
                    }
                }
                _ => {}
            }
        }
    }

    /// Ends the session: its connection is closed (after unblocking what
    /// still runs), never reused.
    fn break_off(&mut self, why: Error) -> Error {
        if let Some(mut lease) = self.lease.take() {
            lease.discard();
        }
        self.broken = Some(why.clone());
        why
    }
}

/// Gives a released session's connection back, clean.
async fn release(session: Arc<tokio::sync::Mutex<Session>>) {
    let mut session = session.lock().await;
    let (watching, in_multi) = (session.watching, session.in_multi);
    let Some(mut lease) = session.lease.take() else { return };
    if !(watching || in_multi) {
        return;
    }
    let undo = if in_multi { Cmd::new("DISCARD") } else { Cmd::new("UNWATCH") };
    match lease.call(&undo, Instant::now() + RELEASE_WAIT).await {
        Ok(Value::ServerError(_)) | Err(_) => lease.discard(),
        Ok(_) => {}
    }
}

/// EXEC's reply: the replies of the queued commands, or a WatchError when a
/// WATCHed key changed (a nil reply).
fn exec_result(reply: Value) -> Result<Value> {
    match reply {
        Value::Nil => Err(Error::watch(
            "EXEC aborted: a WATCHed key was changed by another client; nothing was written (retry the transaction)",
        )),
        other => Ok(other),
    }
}

fn is_redirect(v: &Value) -> bool {
    matches!(v, Value::ServerError(m) if m.starts_with(b"MOVED ") || m.starts_with(b"ASK "))
}

/// The command's name (and subcommand for CLIENT) in upper case, for the
/// checks below; None for names no check is about.
fn state_name(cmd: &Cmd) -> Option<([u8; 16], usize)> {
    let name = cmd.args().first()?;
    if name.len() > 16 {
        return None;
    }
    let mut upper = [0u8; 16];
    upper[..name.len()].copy_from_slice(name);
    upper.make_ascii_uppercase();
    Some((upper, name.len()))
}

/// Refuses what would change a connection every caller shares, naming the
/// API to use instead.
pub(crate) fn check_shared(cmd: &Cmd) -> Result<()> {
    let Some((upper, len)) = state_name(cmd) else { return Ok(()) };
    let hint = match &upper[..len] {
        b"SELECT" => "it would switch the database of a connection every caller shares: set the client's database \
                      (connection settings) or run it in a session",
        b"MULTI" | b"EXEC" | b"DISCARD" => "use a transaction (the client's atomic batch), \
                                            or a session for WATCH-guarded transactions",
        b"WATCH" | b"UNWATCH" => "WATCH needs a connection of its own: use a session (the client's session or \
                                  pipeline watch API)",
        b"READONLY" | b"READWRITE" => "replica reads are chosen with read_from, per client",
        _ => return check_anywhere(cmd, &upper[..len]),
    };
    Err(refused(&upper[..len], hint))
}

/// What no session can run either.
fn check_in_session(cmd: &Cmd) -> Result<()> {
    let Some((upper, len)) = state_name(cmd) else { return Ok(()) };
    check_anywhere(cmd, &upper[..len])
}

fn check_anywhere(cmd: &Cmd, name: &[u8]) -> Result<()> {
    let hint = match name {
        b"SUBSCRIBE" | b"PSUBSCRIBE" | b"SSUBSCRIBE" | b"UNSUBSCRIBE" | b"PUNSUBSCRIBE" | b"SUNSUBSCRIBE" => {
            "use the client's pub/sub API (subscribe, psubscribe, ssubscribe and their unsubscribes)"
        }
        b"MONITOR" | b"SYNC" | b"PSYNC" => "it takes its connection over for good; haven does not run it",
        b"HELLO" => "the protocol, credentials and client name are connection settings",
        b"AUTH" => "credentials are connection settings, applied to every connection the client opens",
        b"RESET" => "it would reset a connection's protocol, database and authentication",
        b"QUIT" => "close the client instead",
        b"CLIENT" => {
            let sub = cmd.args().get(1).map(|s| s.to_ascii_uppercase()).unwrap_or_default();
            match sub.as_slice() {
                b"TRACKING" | b"CACHING" => "the client-side cache (cache=...) manages key tracking",
                b"REPLY" => "it would silence replies that callers wait for",
                _ => return Ok(()),
            }
        }
        _ => return Ok(()),
    };
    Err(refused(name, hint))
}

fn refused(name: &[u8], hint: &str) -> Error {
    Error::config(format!("{}: not sent: {hint}", String::from_utf8_lossy(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_commands_are_refused_on_shared_connections_with_the_api_to_use() {
        for parts in [
            vec!["select", "1"],
            vec!["MULTI"],
            vec!["WATCH", "k"],
            vec!["SUBSCRIBE", "c"],
            vec!["client", "tracking", "on"],
            vec!["HELLO", "2"],
            vec!["AUTH", "x"],
            vec!["MONITOR"],
        ] {
            let cmd: Cmd = parts.iter().map(|p| bytes::Bytes::from(p.to_string())).collect();
            let err = check_shared(&cmd).expect_err("refused");
            assert_eq!(err.kind(), ErrorKind::Config);
            assert!(err.message().contains("not sent"), "{err}");
        }
        for parts in [vec!["GET", "k"], vec!["CLIENT", "SETNAME", "x"], vec!["SELECTX"]] {
            let cmd: Cmd = parts.iter().map(|p| bytes::Bytes::from(p.to_string())).collect();
            assert!(check_shared(&cmd).is_ok(), "{parts:?}");
        }
        let watch: Cmd = ["WATCH", "k"].iter().map(|p| bytes::Bytes::from(p.to_string())).collect();
        assert!(check_in_session(&watch).is_ok());
        let sub: Cmd = ["SUBSCRIBE", "c"].iter().map(|p| bytes::Bytes::from(p.to_string())).collect();
        assert!(check_in_session(&sub).is_err());
    }
}
