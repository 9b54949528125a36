//! Commands sent to every primary or every node, and how their replies
//! combine, from the command table's response policy: AggSum/Min/Max
//! (DBSIZE, WAIT), AggLogicalAnd/Or (SCRIPT EXISTS), AllSucceeded (one reply
//! when every node agrees: PING, FLUSHALL, SCRIPT LOAD, CONFIG SET),
//! OneSucceeded (SCRIPT KILL), arrays concatenated (KEYS), a random key
//! (RANDOMKEY), and otherwise — INFO, or any command sent with an explicit
//! all-nodes route but no fan-out policy — a map of node address to reply.

use std::sync::Arc;

use tokio::task::JoinSet;
use tokio::time::Instant;

use super::topology::Topology;
use super::Inner;
use crate::command_table::{RequestPolicy, ResponsePolicy};
use crate::error::{Error, Result};
use crate::protocol::{Cmd, Value};
use crate::request::Classified;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Fan {
    Primaries,
    AllNodes,
}

impl Inner {
    /// Sends `cmd` to the chosen nodes in parallel and combines the replies.
    pub(super) async fn run_fanout(
        self: &Arc<Self>,
        cmd: &Cmd,
        class: Classified,
        fan: Fan,
        deadline: Instant,
    ) -> Result<Value> {
        let topology = self.topology.load_full();
        let targets = targets(&topology, fan);
        if targets.is_empty() {
            self.refresh.request();
            return Err(Error::cluster(format!("{}: no node is known to send it to", cmd.name_upper())));
        }
        let mut asks = JoinSet::new();
        for (i, conn) in targets.into_iter().enumerate() {
            let cmd = cmd.clone();
            asks.spawn(async move {
                let reply = conn.send(&cmd, deadline, class.blocking).await;
                (i, conn.address().to_string(), reply)
            });
        }
        let mut replies: Vec<(usize, String, Result<Value>)> = Vec::new();
        while let Some(joined) = asks.join_next().await {
            replies.push(joined.map_err(|e| Error::connection(format!("fan-out task failed: {e}")))?);
        }
        replies.sort_by_key(|r| r.0);
        if replies.iter().any(|r| matches!(&r.2, Err(e) if e.kind() == crate::ErrorKind::Connection)) {
            self.refresh.request();
        }
        let replies: Vec<(String, Result<Value>)> = replies.into_iter().map(|(_, a, r)| (a, r)).collect();
        let (request, response, name) = match class.spec {
            Some(s) => (s.request, s.response, s.name),
            None => (RequestPolicy::Default, ResponsePolicy::Default, ""),
        };
        // A command without a fan-out policy, sent everywhere on request:
        // each node's reply, by address.
        if request == RequestPolicy::Default && response == ResponsePolicy::Default {
            return Ok(by_node(replies));
        }
        combine(&cmd.name_upper(), name, response, replies)
    }
}

/// The connections a fan-out goes to: serving primaries, or every healthy node.
fn targets(topology: &Topology, fan: Fan) -> Vec<crate::connection::NodeConnection> {
    match fan {
        Fan::Primaries => topology.serving_primaries().map(|n| n.conn.clone()).collect(),
        Fan::AllNodes => topology
            .nodes()
            .into_iter()
            .filter(|(n, role)| *role == crate::deployment::NodeRole::Primary || n.healthy)
            .map(|(n, _)| n.conn.clone())
            .collect(),
    }
}

/// Each node's reply under its address; failures become error values.
fn by_node(replies: Vec<(String, Result<Value>)>) -> Value {
    Value::Map(
        replies
            .into_iter()
            .map(|(addr, r)| {
                let v = r.unwrap_or_else(|e| Value::ServerError(e.to_string().into()));
                (Value::BulkString(addr.into()), v)
            })
            .collect(),
    )
}

/// Combines fan-out replies by the command's response policy.
pub(super) fn combine(
    what: &str,
    name: &str,
    policy: ResponsePolicy,
    replies: Vec<(String, Result<Value>)>,
) -> Result<Value> {
    let failed = |addr: &str, e: Error| Error::new(e.kind(), format!("{what} on {addr}: {}", e.message()));
    match policy {
        // Valkey tags RANDOMKEY "special": its rule is one key of any node.
        ResponsePolicy::Special if name != "randomkey" => Ok(by_node(replies)),
        ResponsePolicy::OneSucceeded => {
            let mut first_error = None;
            for (addr, r) in replies {
                match r.and_then(Value::into_result) {
                    Ok(v) => return Ok(v),
                    Err(e) => {
                        first_error.get_or_insert_with(|| failed(&addr, e));
                    }
                }
            }
            Err(first_error.unwrap_or_else(|| Error::cluster(format!("{what}: no node answered"))))
        }
        _ => {
            let mut values = Vec::with_capacity(replies.len());
            for (addr, r) in replies {
                values.push((addr.clone(), r.and_then(Value::into_result).map_err(|e| failed(&addr, e))?));
            }
            aggregate(what, name, policy, values)
        }
    }
}

/// Combines replies that all succeeded.
fn aggregate(what: &str, name: &str, policy: ResponsePolicy, values: Vec<(String, Value)>) -> Result<Value> {
    let unexpected =
        |addr: &str, v: &Value| Error::response(format!("{what} on {addr}: unexpected reply {v:?} for its response policy"));
    match policy {
        ResponsePolicy::AggSum | ResponsePolicy::AggMin | ResponsePolicy::AggMax => {
            let mut acc: Option<i64> = None;
            for (addr, v) in &values {
                let n = v.as_int().ok_or_else(|| unexpected(addr, v))?;
                acc = Some(match (acc, policy) {
                    (None, _) => n,
                    (Some(a), ResponsePolicy::AggSum) => a.saturating_add(n),
                    (Some(a), ResponsePolicy::AggMin) => a.min(n),
                    (Some(a), _) => a.max(n),
                });
            }
            Ok(Value::Integer(acc.unwrap_or(0)))
        }
        ResponsePolicy::AggLogicalAnd | ResponsePolicy::AggLogicalOr => {
            let and = policy == ResponsePolicy::AggLogicalAnd;
            let mut acc: Option<Vec<bool>> = None;
            let mut scalar = false;
            for (addr, v) in &values {
                let bits: Vec<bool> = match v.as_slice() {
                    Some(items) => items.iter().map(|i| i.as_int().map(|n| n != 0).ok_or_else(|| unexpected(addr, v))).collect::<Result<_>>()?,
                    None => {
                        scalar = true;
                        vec![v.as_int().map(|n| n != 0).ok_or_else(|| unexpected(addr, v))?]
                    }
                };
                acc = Some(match acc {
                    None => bits,
                    Some(a) if a.len() == bits.len() => {
                        a.iter().zip(&bits).map(|(&x, &y)| if and { x && y } else { x || y }).collect()
                    }
                    Some(_) => return Err(unexpected(addr, v)),
                });
            }
            let bits = acc.unwrap_or_default();
            let ints = |b: &bool| Value::Integer(*b as i64);
            Ok(match (scalar, bits.first()) {
                (true, Some(b)) => ints(b),
                _ => Value::Array(bits.iter().map(ints).collect()),
            })
        }
        ResponsePolicy::AllSucceeded => {
            let Some((_, first)) = values.first() else { return Ok(Value::Nil) };
            if let Some((addr, other)) = values.iter().find(|(_, v)| v != first) {
                return Err(Error::cluster(format!(
                    "{what}: the nodes disagree: {} answered {first:?} but {addr} answered {other:?}",
                    values[0].0
                )));
            }
            Ok(first.clone())
        }
        _ if name == "randomkey" => {
            let keys: Vec<Value> = values.into_iter().map(|(_, v)| v).filter(|v| *v != Value::Nil).collect();
            Ok(match keys.len() {
                0 => Value::Nil,
                n => keys[rand::random_range(0..n)].clone(),
            })
        }
        // Default: arrays concatenate (KEYS, SLOWLOG GET); anything else
        // stays per node.
        _ if values.iter().all(|(_, v)| v.as_slice().is_some()) => {
            Ok(Value::Array(values.into_iter().flat_map(|(_, v)| v.as_slice().map(<[Value]>::to_vec).unwrap_or_default()).collect()))
        }
        _ => Ok(by_node(values.into_iter().map(|(a, v)| (a, Ok(v))).collect())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(addr: &str, v: Value) -> (String, Result<Value>) {
        (addr.to_string(), Ok(v))
    }

    #[test]
    fn combines_by_policy() {
        let sum = combine("DBSIZE", "dbsize", ResponsePolicy::AggSum, vec![ok("a", Value::Integer(2)), ok("b", Value::Integer(3))]);
        assert_eq!(sum.expect("sum"), Value::Integer(5));
        let min = combine("WAIT", "wait", ResponsePolicy::AggMin, vec![ok("a", Value::Integer(2)), ok("b", Value::Integer(1))]);
        assert_eq!(min.expect("min"), Value::Integer(1));
        let pong = Value::SimpleString("PONG".into());
        assert_eq!(combine("PING", "ping", ResponsePolicy::AllSucceeded, vec![ok("a", pong.clone()), ok("b", pong.clone())]).expect("ping"), pong);
        let e = combine("PING", "ping", ResponsePolicy::AllSucceeded, vec![ok("a", pong), ok("b", Value::SimpleString("x".into()))])
            .expect_err("disagreement");
        assert!(e.message().contains("disagree"), "{e}");
        let exists = combine(
            "SCRIPT",
            "script|exists",
            ResponsePolicy::AggLogicalAnd,
            vec![
                ok("a", Value::Array(vec![Value::Integer(1), Value::Integer(1)])),
                ok("b", Value::Array(vec![Value::Integer(1), Value::Integer(0)])),
            ],
        );
        assert_eq!(exists.expect("and"), Value::Array(vec![Value::Integer(1), Value::Integer(0)]));
        let keys = combine(
            "KEYS",
            "keys",
            ResponsePolicy::Default,
            vec![ok("a", Value::Array(vec![Value::Integer(1)])), ok("b", Value::Array(vec![Value::Integer(2)]))],
        );
        assert_eq!(keys.expect("keys"), Value::Array(vec![Value::Integer(1), Value::Integer(2)]));
        let info = combine("INFO", "info", ResponsePolicy::Special, vec![ok("a", Value::Integer(1))]).expect("info");
        assert!(matches!(info, Value::Map(ref m) if m.len() == 1));
    }

    #[test]
    fn a_failed_node_is_named() {
        let replies = vec![ok("a", Value::Integer(1)), ("b:1".to_string(), Err(Error::timeout("late")))];
        let e = combine("DBSIZE", "dbsize", ResponsePolicy::AggSum, replies).expect_err("one failed");
        assert_eq!(e.kind(), crate::ErrorKind::Timeout);
        assert!(e.message().contains("DBSIZE on b:1"), "{e}");
        let replies = vec![("a".to_string(), Ok(Value::ServerError("NOTBUSY".into()))), ok("b", Value::SimpleString("OK".into()))];
        assert!(combine("SCRIPT", "script|kill", ResponsePolicy::OneSucceeded, replies).is_ok());
    }
}
