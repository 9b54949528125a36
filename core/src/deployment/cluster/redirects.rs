//! Following the cluster's answers for one command: MOVED (patch the slot at
//! once, resend to the new owner, refresh soon), ASK (ASKING then the command
//! on the target, back to back on one connection), TRYAGAIN / CLUSTERDOWN /
//! LOADING (short jittered backoff inside the request's deadline), READONLY
//! from a node believed primary (wait for a refresh, resend). At most
//! `max_redirects` MOVED/ASK hops, then a ClusterError naming the command and
//! the last redirect.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::{routing, Inner};
use crate::config::NodeAddress;
use crate::connection::NodeConnection;
use crate::error::{Error, ErrorKind, Result};
use crate::protocol::{Cmd, Value};
use crate::request::{may_retry, Classified};

/// What a cluster error reply asks the client to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Redirect {
    Moved { slot: u16, to: String },
    Ask { slot: u16, to: String },
    TryAgain,
    ClusterDown,
    Loading,
    ReadOnly,
}

/// Reads a redirect or transient error out of a reply.
pub(super) fn parse(reply: &Value) -> Option<Redirect> {
    let Value::ServerError(text) = reply else { return None };
    let mut words = text.split(|&b| b == b' ');
    let word = words.next()?;
    let mut target = || -> Option<(u16, String)> {
        let slot = std::str::from_utf8(words.next()?).ok()?.parse().ok()?;
        let to = String::from_utf8_lossy(words.next()?).into_owned();
        Some((slot, to))
    };
    match word {
        b"MOVED" => target().map(|(slot, to)| Redirect::Moved { slot, to }),
        b"ASK" => target().map(|(slot, to)| Redirect::Ask { slot, to }),
        b"TRYAGAIN" => Some(Redirect::TryAgain),
        b"CLUSTERDOWN" => Some(Redirect::ClusterDown),
        b"LOADING" => Some(Redirect::Loading),
        b"READONLY" => Some(Redirect::ReadOnly),
        _ => None,
    }
}

/// The delay before the n-th (1-based) retry of a transient error:
/// 10 ms doubling to 160 ms, +-20%.
pub(super) fn backoff(n: u32) -> Duration {
    let base = 10u64 << n.saturating_sub(1).min(4);
    Duration::from_millis(base).mul_f64(rand::random_range(0.8..1.2))
}

/// Where a single command is sent first.
#[derive(Clone, Copy, Debug)]
pub(super) enum Target {
    /// The node serving this slot; `read`: a replica may answer.
    Slot { slot: u16, read: bool },
    /// Any primary (key-less commands); redirects are still followed.
    AnyPrimary,
}

/// A command's name for messages, spelled out only when one is needed.
#[derive(Clone, Copy)]
pub(super) struct Name<'a>(pub &'a Cmd);

impl std::fmt::Display for Name<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.name_upper())
    }
}

/// Counts redirects and remembers the last, for the error at the limit.
pub(super) struct Hops {
    count: u32,
    max: u32,
    last: String,
}

impl Hops {
    pub fn new(max: u32) -> Self {
        Hops { count: 0, max, last: String::new() }
    }

    /// Records a redirect; an error once more than `max` were taken.
    pub fn take(&mut self, what: impl std::fmt::Display, reply: &Value) -> Result<()> {
        self.count += 1;
        crate::telemetry::notes::redirect(match reply {
            Value::ServerError(t) if t.starts_with(b"ASK") => "ASK",
            Value::ServerError(t) if t.starts_with(b"MOVED") => "MOVED",
            _ => "READONLY",
        });
        if let Value::ServerError(text) = reply {
            self.last = String::from_utf8_lossy(text).into_owned();
        }
        if self.count > self.max {
            return Err(Error::cluster(format!(
                "{what}: gave up after {} redirects (max_redirects {}); last: {}",
                self.max, self.max, self.last
            )));
        }
        Ok(())
    }
}

/// Sends ASKING and the command back to back; returns the command's reply.
pub(super) async fn send_asking(conn: &NodeConnection, cmd: &Cmd, deadline: Instant) -> Result<Value> {
    match send_asking_many(conn, std::slice::from_ref(cmd), deadline).await? {
        Value::Array(mut r) if r.len() == 1 => Ok(r.pop().unwrap_or(Value::Nil)),
        other => Err(Error::connection(format!("ASKING on {}: unexpected reply shape {other:?}", conn.address()))),
    }
}

/// Sends ASKING then `cmds` back to back on one connection (the ASKING flag
/// holds for the next command, or through a whole MULTI ... EXEC); returns
/// the replies to `cmds`. A refused ASKING stands in for every reply.
pub(super) async fn send_asking_many(conn: &NodeConnection, cmds: &[Cmd], deadline: Instant) -> Result<Value> {
    let mut all = Vec::with_capacity(cmds.len() + 1);
    all.push(Cmd::new("ASKING"));
    all.extend(cmds.iter().cloned());
    match conn.send_many(&all, deadline).await? {
        Value::Array(mut r) if r.len() == all.len() => {
            let asking = r.remove(0);
            if let Value::ServerError(_) = asking {
                return Ok(Value::Array(vec![asking; cmds.len()]));
            }
            Ok(Value::Array(r))
        }
        other => Err(Error::connection(format!("ASKING on {}: unexpected reply shape {other:?}", conn.address()))),
    }
}

/// The error for a transient condition that outlasted the deadline.
pub(super) fn transient_error(what: impl std::fmt::Display, reply: Value, retries: u32) -> Result<Value> {
    match parse(&reply) {
        Some(Redirect::Loading) => Ok(reply),
        _ => {
            let text = match &reply {
                Value::ServerError(t) => String::from_utf8_lossy(t).into_owned(),
                other => format!("{other:?}"),
            };
            Err(Error::cluster(format!("{what}: {text} (retried {retries} times within the request deadline)")))
        }
    }
}

impl Inner {
    /// Waits, parked, until the topology names a primary for `slot` (any
    /// primary when `None`) other than `failed`, `failed` is connected
    /// again, or the deadline passes. Each wake-up asks for a refresh; the
    /// refresher is single-flight and, while requests are parked, asks every
    /// 10-20 ms, so a thousand parked requests make one poll.
    pub(super) async fn wait_for_primary(&self, slot: Option<u16>, failed: &NodeConnection, deadline: Instant) {
        let mut refreshed = self.refresh.finished.subscribe();
        let mut node = failed.state_changes();
        loop {
            if failed.is_connected() || self.is_closed() {
                return;
            }
            let moved_on = {
                let topology = self.topology.load();
                match slot {
                    Some(slot) => topology.shard(slot).is_some_and(|s| s.primary.conn.id() != failed.id()),
                    None => topology.serving_primaries().any(|p| p.conn.id() != failed.id() && !p.conn.is_down()),
                }
            };
            if moved_on || Instant::now() >= deadline {
                return;
            }
            failed.hurry_reconnect();
            self.refresh.request();
            tokio::select! {
                r = refreshed.changed() => if r.is_err() { return },
                r = node.changed() => if r.is_err() { return },
                _ = tokio::time::sleep_until(deadline) => return,
            }
        }
    }

    /// The address a redirect points at, as the client reaches it.
    pub(super) fn redirect_address(&self, to: &str, replied_by: &NodeAddress) -> Option<NodeAddress> {
        let (host, port) = to.rsplit_once(':')?;
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port: u16 = port.parse().ok().filter(|&p| p != 0)?;
        let host = if host.is_empty() { replied_by.host.as_str() } else { host };
        let announced = NodeAddress::new(host, port);
        Some(self.address_map.get(&announced).cloned().unwrap_or(announced))
    }

    /// Runs one command on one slot's node (or any primary), following
    /// redirects and retrying transient errors until the deadline.
    pub(super) async fn run_single(
        self: &Arc<Self>,
        cmd: &Cmd,
        class: Classified,
        mut target: Target,
        deadline: Instant,
    ) -> Result<Value> {
        let what = Name(cmd);
        let mut hops = Hops::new(self.max_redirects);
        let mut transient = 0u32;
        let mut ask: Option<NodeConnection> = None;
        let mut avoid_replicas = false;
        // primary_preferred: the primary failed this read, a replica takes it.
        let mut primary_failed = false;
        loop {
            if self.is_closed() {
                return Err(Error::closing());
            }
            let asking = ask.take();
            let (conn, on_primary) = match &asking {
                Some(c) => (c.clone(), true),
                None => {
                    let topology = self.topology.load();
                    match target {
                        Target::Slot { slot, read } if read && primary_failed && !avoid_replicas => {
                            match topology.shard(slot).and_then(routing::replica_after_primary_failed) {
                                Some(replica) => (replica.conn.clone(), false),
                                None => self.pick(&topology, slot, read)?,
                            }
                        }
                        Target::Slot { slot, read } => self.pick(&topology, slot, read && !avoid_replicas)?,
                        Target::AnyPrimary => (self.random_primary(&topology)?, true),
                    }
                }
            };
            let result = match &asking {
                Some(c) => send_asking(c, cmd, deadline).await,
                None => conn.send_in_request(cmd, deadline, class.blocking).await,
            };
            let reply = match result {
                Ok(v) => v,
                // A connection retired by a refresh after this request chose
                // it: nothing was sent; choose again from the new topology.
                Err(e) if e.kind() == ErrorKind::Closing && !self.is_closed() && Instant::now() < deadline => {
                    transient += 1;
                    if transient > 3 {
                        return Err(Error::connection_unsent(format!("{what}: {} was retired", conn.address())));
                    }
                    crate::telemetry::notes::retry("the connection was retired; chosen again");
                    continue;
                }
                Err(e) => {
                    if e.kind() == ErrorKind::Connection {
                        if on_primary {
                            self.refresh.request();
                            let read = matches!(target, Target::Slot { read: true, .. });
                            if read && self.read_from == crate::config::ReadFrom::PrimaryPreferred && !primary_failed {
                                primary_failed = true;
                                crate::telemetry::notes::retry("the primary is unreachable; a replica answers");
                                continue;
                            }
                            // The primary cannot be reached: wait, parked, for
                            // the topology to name one that can (or for it to
                            // come back), then send again if that is safe.
                            if !self.fail_fast && may_retry(class.retry, &e) && Instant::now() < deadline {
                                let slot = match target {
                                    Target::Slot { slot, .. } => Some(slot),
                                    Target::AnyPrimary => None,
                                };
                                let parked = self.parking.park(&conn.address().to_string(), e.message());
                                self.wait_for_primary(slot, &conn, deadline).await;
                                if Instant::now() < deadline {
                                    parked.resume();
                                    crate::telemetry::notes::retry("sent again after waiting for a reachable primary");
                                    continue;
                                }
                                return Err(crate::request::waited_too_long(&e));
                            }
                        } else if may_retry(class.retry, &e) && Instant::now() < deadline {
                            // A replica failed a read: the primary answers it.
                            avoid_replicas = true;
                            crate::telemetry::notes::retry("the replica's link failed; the primary answers");
                            continue;
                        }
                    }
                    return Err(e);
                }
            };
            let Some(redirect) = parse(&reply) else { return Ok(reply) };
            match redirect {
                Redirect::Moved { slot, to } => {
                    hops.take(what, &reply)?;
                    let Some(addr) = self.redirect_address(&to, conn.address()) else { return Ok(reply) };
                    self.apply_moved(slot, &addr);
                    self.refresh.request();
                    target = match target {
                        Target::Slot { read, .. } => Target::Slot { slot, read },
                        Target::AnyPrimary => Target::Slot { slot, read: false },
                    };
                }
                Redirect::Ask { to, .. } => {
                    hops.take(what, &reply)?;
                    let Some(addr) = self.redirect_address(&to, conn.address()) else { return Ok(reply) };
                    ask = Some(self.primary_conn(&addr));
                    self.refresh.request();
                }
                Redirect::ReadOnly if !class.readonly => {
                    // The node we believed primary was demoted.
                    hops.take(what, &reply)?;
                    self.wait_for_refresh(deadline).await;
                }
                Redirect::ReadOnly => return Ok(reply),
                // A replica still loading its data: the primary answers.
                Redirect::Loading if !on_primary && !avoid_replicas => avoid_replicas = true,
                Redirect::TryAgain | Redirect::ClusterDown | Redirect::Loading => {
                    transient += 1;
                    let delay = backoff(transient);
                    if Instant::now() + delay >= deadline {
                        return transient_error(what, reply, transient - 1);
                    }
                    if redirect == Redirect::ClusterDown {
                        self.refresh.request();
                    }
                    crate::telemetry::notes::retry("TRYAGAIN, CLUSTERDOWN or LOADING");
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> Value {
        Value::ServerError(bytes::Bytes::from(text.to_string()))
    }

    #[test]
    fn reads_redirects() {
        assert_eq!(parse(&err("MOVED 3999 127.0.0.1:6381")), Some(Redirect::Moved { slot: 3999, to: "127.0.0.1:6381".into() }));
        assert_eq!(parse(&err("ASK 1 :7002")), Some(Redirect::Ask { slot: 1, to: ":7002".into() }));
        assert_eq!(parse(&err("TRYAGAIN Multiple keys request during rehashing of slot")), Some(Redirect::TryAgain));
        assert_eq!(parse(&err("CLUSTERDOWN The cluster is down")), Some(Redirect::ClusterDown));
        assert_eq!(parse(&err("LOADING Redis is loading the dataset in memory")), Some(Redirect::Loading));
        assert_eq!(parse(&err("READONLY You can't write against a read only replica.")), Some(Redirect::ReadOnly));
        assert_eq!(parse(&err("MOVED nonsense")), None);
        assert_eq!(parse(&err("ERR wrong")), None);
        assert_eq!(parse(&Value::Integer(1)), None);
    }

    #[test]
    fn backoff_is_short_and_bounded() {
        for n in 1..20 {
            let d = backoff(n);
            assert!(d >= Duration::from_millis(8) && d <= Duration::from_millis(192), "{n}: {d:?}");
        }
    }

    #[test]
    fn hops_name_the_last_redirect() {
        let mut hops = Hops::new(2);
        assert!(hops.take("GET", &err("MOVED 1 a:1")).is_ok());
        assert!(hops.take("GET", &err("ASK 1 b:2")).is_ok());
        let e = hops.take("GET", &err("MOVED 1 c:3")).expect_err("third is over the limit");
        assert_eq!(e.kind(), ErrorKind::Cluster);
        assert!(e.message().contains("GET: gave up after 2 redirects") && e.message().contains("MOVED 1 c:3"), "{e}");
    }
}
