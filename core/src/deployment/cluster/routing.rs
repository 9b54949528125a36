//! Where a command goes in a cluster: its keys (fixed positions from the
//! command table; the movable-key forms — EVAL/FCALL numkeys, XREAD STREAMS,
//! ZUNIONSTORE-style numkeys, SORT ... STORE — worked out here), their hash
//! slot, and which node of the slot's shard serves it under the read
//! strategy.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use bytes::Bytes;

use super::topology::{Node, Shard, Topology};
use super::Inner;
use crate::command_table::{flags, CommandSpec};
use crate::config::ReadFrom;
use crate::connection::NodeConnection;
use crate::engine::convert::key_slot;
use crate::error::{Error, Result};
use crate::protocol::Cmd;

/// What a command's keys say about where it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Plan {
    /// No keys: the command's request policy (or any primary) decides.
    Keyless,
    /// Every key hashes to this slot.
    Slot(u16),
    /// Keys in several slots (sorted, distinct).
    CrossSlot(Vec<u16>),
}

/// The argument positions that hold keys.
pub(crate) fn key_positions(args: &[Bytes], spec: Option<&CommandSpec>) -> Vec<usize> {
    let Some(spec) = spec else { return Vec::new() };
    if spec.flags & flags::MOVABLEKEYS != 0 {
        if let Some(keys) = movable_keys(spec.name, args) {
            return keys;
        }
    }
    fixed_keys(args, spec)
}

fn fixed_keys(args: &[Bytes], spec: &CommandSpec) -> Vec<usize> {
    if spec.first_key <= 0 {
        return Vec::new();
    }
    let len = args.len() as i64;
    let last = if spec.last_key < 0 { len + spec.last_key as i64 } else { spec.last_key as i64 };
    let step = spec.step.max(1) as usize;
    (spec.first_key as i64..=last.min(len - 1)).step_by(step).map(|i| i as usize).collect()
}

/// Keys of commands whose key positions depend on their arguments. `None`
/// when the arguments are malformed: the server will say what is wrong.
fn movable_keys(name: &str, args: &[Bytes]) -> Option<Vec<usize>> {
    match name {
        "eval" | "eval_ro" | "evalsha" | "evalsha_ro" | "fcall" | "fcall_ro" => numkeys_at(args, 2),
        "zunion" | "zinter" | "zdiff" | "zintercard" | "sintercard" | "lmpop" | "zmpop" => numkeys_at(args, 1),
        "blmpop" | "bzmpop" => numkeys_at(args, 2),
        "zunionstore" | "zinterstore" | "zdiffstore" => {
            let mut keys = vec![1];
            keys.extend(numkeys_at(args, 2)?);
            Some(keys)
        }
        "xread" | "xreadgroup" => {
            let at = args.iter().position(|a| a.eq_ignore_ascii_case(b"STREAMS"))?;
            let rest = args.len() - at - 1;
            (rest > 0 && rest.is_multiple_of(2)).then(|| (at + 1..at + 1 + rest / 2).collect())
        }
        "sort" | "sort_ro" | "georadius" | "georadiusbymember" => {
            let mut keys = vec![1];
            for (i, a) in args.iter().enumerate().skip(2) {
                let store = a.eq_ignore_ascii_case(b"STORE") || a.eq_ignore_ascii_case(b"STOREDIST");
                if store && i + 1 < args.len() {
                    keys.push(i + 1);
                }
            }
            (args.len() > 1).then_some(keys)
        }
        // MSETEX numkeys key value [key value ...] [options] (Valkey 9).
        "msetex" => {
            let n: usize = std::str::from_utf8(args.get(1)?).ok()?.parse().ok()?;
            (2 + 2 * n <= args.len()).then(|| (0..n).map(|i| 2 + 2 * i).collect())
        }
        "migrate" => match args.get(3) {
            Some(k) if !k.is_empty() => Some(vec![3]),
            _ => {
                let at = args.iter().position(|a| a.eq_ignore_ascii_case(b"KEYS"))?;
                Some((at + 1..args.len()).collect())
            }
        },
        _ => None,
    }
}

fn numkeys_at(args: &[Bytes], at: usize) -> Option<Vec<usize>> {
    let n: usize = std::str::from_utf8(args.get(at)?).ok()?.parse().ok()?;
    let first = at + 1;
    (first + n <= args.len()).then(|| (first..first + n).collect())
}

/// The slots of the keys at `positions`, in argument order.
pub(super) fn slots_at(args: &[Bytes], positions: &[usize]) -> Vec<u16> {
    positions.iter().filter_map(|&i| args.get(i)).map(|k| key_slot(k)).collect()
}

/// Where a command's keys put it.
pub(super) fn plan(cmd: &Cmd, spec: Option<&CommandSpec>) -> Plan {
    let positions = key_positions(cmd.args(), spec);
    let slots = slots_at(cmd.args(), &positions);
    let Some(&first) = slots.first() else { return Plan::Keyless };
    if slots.iter().all(|&s| s == first) {
        return Plan::Slot(first);
    }
    let mut distinct = slots;
    distinct.sort_unstable();
    distinct.dedup();
    Plan::CrossSlot(distinct)
}

/// The CROSSSLOT error for keys that cannot be served by one node.
pub(super) fn cross_slot(what: &str, slots: &[u16]) -> Error {
    let shown: Vec<String> = slots.iter().take(8).map(|s| s.to_string()).collect();
    let more = if slots.len() > 8 { format!(" and {} more", slots.len() - 8) } else { String::new() };
    Error::cluster(format!(
        "CROSSSLOT {what}: keys hash to different slots ({}{more}); in a cluster it must run on one node, so give its keys a common {{hash tag}}",
        shown.join(", ")
    ))
}

impl Inner {
    /// The node that serves `slot`: its primary, or for a read a replica
    /// chosen by the read strategy. Returns the connection and whether it
    /// is the primary's.
    pub(super) fn pick(&self, topology: &Topology, slot: u16, read: bool) -> Result<(NodeConnection, bool)> {
        let Some(shard) = topology.shard(slot) else {
            self.refresh.request();
            return Err(Error::cluster(format!(
                "slot {slot} is not served by any known primary (CLUSTERDOWN?); the topology is being refreshed"
            )));
        };
        // Primary, and primary_preferred while the primary is up (the common
        // case): no replica list to build.
        if !read
            || self.read_from == ReadFrom::Primary
            || (self.read_from == ReadFrom::PrimaryPreferred && !shard.primary.conn.is_down())
        {
            return Ok((shard.primary.conn.clone(), true));
        }
        match self.pick_replica(shard) {
            Some(node) => Ok((node.conn.clone(), Arc::ptr_eq(node, &shard.primary))),
            None => Ok((shard.primary.conn.clone(), true)),
        }
    }

    /// A node of the shard under the read strategy (the primary included
    /// where the strategy allows it); `None`: the primary.
    fn pick_replica<'a>(&self, shard: &'a Shard) -> Option<&'a Arc<Node>> {
        let up: Vec<&Arc<Node>> = shard.replicas.iter().filter(|r| r.healthy && r.conn.is_connected()).collect();
        match self.read_from {
            ReadFrom::Primary => None,
            ReadFrom::PreferReplica => self.next(&up),
            ReadFrom::AzAffinity => {
                let local: Vec<&Arc<Node>> = up.iter().copied().filter(|n| self.in_client_zone(n)).collect();
                self.next(&local).or_else(|| self.next(&up))
            }
            ReadFrom::AzAffinityReplicasAndPrimary => {
                let mut local: Vec<&Arc<Node>> = up.iter().copied().filter(|n| self.in_client_zone(n)).collect();
                if self.in_client_zone(&shard.primary) {
                    local.push(&shard.primary);
                }
                self.next(&local).or_else(|| self.next(&up))
            }
            ReadFrom::PrimaryPreferred if shard.primary.conn.is_down() => self.next(&up),
            ReadFrom::PrimaryPreferred => None,
        }
    }

    fn next<'a>(&self, candidates: &[&'a Arc<Node>]) -> Option<&'a Arc<Node>> {
        if candidates.is_empty() {
            return None;
        }
        let n = self.round_robin.fetch_add(1, Ordering::Relaxed);
        Some(candidates[n % candidates.len()])
    }

    /// A node's zone: what the server reported, else the configured map.
    pub(super) fn zone_of(&self, node: &Node) -> Option<String> {
        node.conn
            .server_info()
            .and_then(|s| s.availability_zone)
            .or_else(|| self.node_az.get(&node.addr.to_string()).cloned().filter(|z| !z.is_empty()))
    }

    fn in_client_zone(&self, node: &Node) -> bool {
        match (&self.client_az, self.zone_of(node)) {
            (Some(c), Some(z)) => *c == z,
            _ => false,
        }
    }

    /// A primary picked at random, for key-less commands.
    pub(super) fn random_primary(&self, topology: &Topology) -> Result<NodeConnection> {
        let mut primaries = topology.serving_primaries();
        if primaries.len() == 0 {
            self.refresh.request();
            return Err(Error::cluster("no primary is known: the cluster serves no slots (CLUSTERDOWN?)"));
        }
        let pick = rand::random_range(0..primaries.len());
        match primaries.nth(pick) {
            Some(node) => Ok(node.conn.clone()),
            None => Err(Error::cluster("no primary is known: the cluster serves no slots (CLUSTERDOWN?)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command_table::lookup;

    fn cmd(parts: &[&str]) -> Cmd {
        parts.iter().map(|p| Bytes::from(p.to_string())).collect()
    }

    fn keys(parts: &[&str]) -> Vec<String> {
        let c = cmd(parts);
        key_positions(c.args(), lookup(c.args()))
            .into_iter()
            .map(|i| String::from_utf8_lossy(&c.args()[i]).into_owned())
            .collect()
    }

    #[test]
    fn finds_fixed_keys() {
        assert_eq!(keys(&["GET", "a"]), ["a"]);
        assert_eq!(keys(&["MSET", "a", "1", "b", "2"]), ["a", "b"]);
        assert_eq!(keys(&["BLPOP", "a", "b", "0"]), ["a", "b"]);
        assert_eq!(keys(&["OBJECT", "ENCODING", "a"]), ["a"]);
        assert_eq!(keys(&["BITOP", "AND", "d", "a", "b"]), ["d", "a", "b"]);
        assert!(keys(&["PING"]).is_empty());
        assert!(keys(&["NOSUCHCOMMAND", "a"]).is_empty());
    }

    #[test]
    fn finds_movable_keys() {
        assert_eq!(keys(&["EVAL", "return 1", "2", "a", "b", "arg"]), ["a", "b"]);
        assert!(keys(&["EVALSHA", "abc", "0", "x"]).is_empty());
        assert_eq!(keys(&["FCALL_RO", "f", "1", "a", "x"]), ["a"]);
        assert_eq!(keys(&["XREAD", "COUNT", "2", "STREAMS", "s1", "s2", "0", "0"]), ["s1", "s2"]);
        assert_eq!(keys(&["XREADGROUP", "GROUP", "g", "c", "STREAMS", "s1", ">"]), ["s1"]);
        assert_eq!(keys(&["ZUNIONSTORE", "d", "2", "a", "b", "WEIGHTS", "1", "2"]), ["d", "a", "b"]);
        assert_eq!(keys(&["ZINTER", "2", "a", "b"]), ["a", "b"]);
        assert_eq!(keys(&["BLMPOP", "0", "2", "a", "b", "LEFT"]), ["a", "b"]);
        assert_eq!(keys(&["SORT", "a", "LIMIT", "0", "5", "STORE", "d"]), ["a", "d"]);
        assert_eq!(keys(&["MSETEX", "2", "a", "1", "b", "2", "EX", "10"]), ["a", "b"]);
        // Malformed numkeys: left for the server to refuse.
        assert!(keys(&["EVAL", "return 1", "9", "a"]).is_empty());
    }

    #[test]
    fn plans_by_slot() {
        let p = |parts: &[&str]| {
            let c = cmd(parts);
            plan(&c, lookup(c.args()))
        };
        assert_eq!(p(&["PING"]), Plan::Keyless);
        assert_eq!(p(&["GET", "foo"]), Plan::Slot(12182));
        assert_eq!(p(&["MGET", "{u}a", "{u}b"]), Plan::Slot(key_slot(b"u")));
        match p(&["MGET", "foo", "bar"]) {
            Plan::CrossSlot(slots) => assert_eq!(slots, vec![key_slot(b"bar"), key_slot(b"foo")]),
            other => panic!("{other:?}"),
        }
        let err = cross_slot("MSETNX", &[1, 2]);
        assert_eq!(err.kind(), crate::ErrorKind::Cluster);
        assert!(err.message().starts_with("CROSSSLOT MSETNX") && err.message().contains("(1, 2)"), "{err}");
    }
}

/// primary_preferred: the replica a read the primary just failed goes to. A
/// connected one first; else one still connecting (a new client's, or one
/// reconnecting under load): its connect is bounded by the request's
/// deadline, and if it fails the primary's parking path takes the read.
pub(super) fn replica_after_primary_failed(shard: &Shard) -> Option<&Arc<Node>> {
    shard
        .replicas
        .iter()
        .find(|r| r.healthy && r.conn.is_connected())
        .or_else(|| shard.replicas.iter().find(|r| r.healthy && !r.conn.is_down()))
}
