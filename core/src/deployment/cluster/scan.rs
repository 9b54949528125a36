//! Cluster-wide SCAN: walks the keyspace one primary at a time with a
//! cursor that records which slots are done and how far the current node's
//! own SCAN has got.
//!
//! A pass takes the primary that serves the lowest slot not yet done and
//! claims every not-done slot that primary serves (per the client's slot
//! map); it runs SCAN on that node to the end, returning only keys of
//! claimed slots. When the node's SCAN ends, the node is asked which slots
//! it serves now, and only claimed slots it still serves are marked done;
//! the others (moved away meanwhile) are scanned again where they went.
//! A pass whose node stopped being a primary (failover) starts over on the
//! slots' new owner.
//!
//! Guarantee: every key that exists, unmodified in its slot, from the
//! first call to the last is returned at least once, across failovers and
//! completed slot migrations. A key is returned once, except when its
//! slot was scanned again (it moved, or its node failed over during its
//! pass) or the node's own SCAN repeated it (the server's table was
//! resized). Not covered: a slot caught mid-migration (MIGRATING) while
//! its pass runs may miss keys that moved to the target before the node's
//! SCAN reached them. Each call is one SCAN (plus, when a node's SCAN ends,
//! one CLUSTER SHARDS) within the request deadline; on an error the same
//! cursor can be used again.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use tokio::time::Instant;

use super::topology::{self, ParseContext, SLOT_COUNT};
use super::Inner;
use crate::config::NodeAddress;
use crate::engine::convert::key_slot;
use crate::error::{Error, Result};
use crate::protocol::{Cmd, Value};

const WORDS: usize = SLOT_COUNT / 64;

/// A set of hash slots.
#[derive(Clone, PartialEq, Eq)]
struct Slots(Box<[u64; WORDS]>);

impl Slots {
    fn empty() -> Self {
        Slots(Box::new([0; WORDS]))
    }
    fn contains(&self, slot: u16) -> bool {
        self.0[slot as usize / 64] & (1 << (slot % 64)) != 0
    }
    fn insert(&mut self, slot: u16) {
        self.0[slot as usize / 64] |= 1 << (slot % 64);
    }
    fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }
    fn first_missing(&self) -> Option<u16> {
        self.0.iter().enumerate().find(|(_, &w)| w != u64::MAX).map(|(i, w)| (i * 64) as u16 + w.trailing_ones() as u16)
    }
}

/// The pass over one primary.
#[derive(Clone, PartialEq, Eq)]
struct Pass {
    node: NodeAddress,
    /// The node's SCAN cursor; `None` once its SCAN has ended.
    cursor: Option<Bytes>,
    slots: Slots,
}

/// Where a cluster-wide SCAN stands. Start with `ClusterScanCursor::new()`
/// and pass each returned cursor to the next call until `is_finished()`.
#[derive(Clone, PartialEq, Eq)]
pub struct ClusterScanCursor {
    done: Slots,
    pass: Option<Pass>,
}

impl Default for ClusterScanCursor {
    fn default() -> Self {
        ClusterScanCursor { done: Slots::empty(), pass: None }
    }
}

impl ClusterScanCursor {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every slot has been scanned.
    pub fn is_finished(&self) -> bool {
        self.pass.is_none() && self.done.len() == SLOT_COUNT
    }

    /// Slots scanned so far (0..=16384).
    pub fn slots_done(&self) -> usize {
        self.done.len()
    }
}

impl fmt::Debug for ClusterScanCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ClusterScanCursor");
        d.field("slots_done", &self.done.len());
        if let Some(p) = &self.pass {
            d.field("node", &p.node.to_string()).field("node_cursor", &p.cursor).field("pass_slots", &p.slots.len());
        }
        d.finish()
    }
}

/// SCAN's filters, passed to every node.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    /// MATCH pattern.
    pub pattern: Option<Bytes>,
    /// COUNT hint per node call.
    pub count: Option<u64>,
    /// TYPE filter (string, list, hash, ...).
    pub object_type: Option<Bytes>,
}

impl Inner {
    /// One step of a cluster-wide SCAN: the next cursor and some keys.
    pub(super) async fn scan_step(
        self: &Arc<Self>,
        cursor: &ClusterScanCursor,
        options: &ScanOptions,
        deadline: Instant,
    ) -> Result<(ClusterScanCursor, Vec<Bytes>)> {
        let mut next = cursor.clone();
        let topology = self.topology.load_full();
        // The pass's node is no primary any more (failover): its slots
        // start over on their new owner.
        if next.pass.as_ref().is_some_and(|p| topology.primary(&p.node).is_none()) {
            next.pass = None;
        }
        let mut pass = match next.pass.take() {
            Some(p) => p,
            None => {
                let Some(first) = next.done.first_missing() else { return Ok((next, Vec::new())) };
                let Some(index) = topology.shard_index(first) else {
                    self.refresh.request();
                    return Err(Error::cluster(format!(
                        "cluster scan: slot {first} is not served by any known primary; try again once the topology is refreshed"
                    )));
                };
                let mut slots = Slots::empty();
                for slot in topology.slots_of(index).filter(|&s| !next.done.contains(s)) {
                    slots.insert(slot);
                }
                Pass { node: topology.shards()[index].primary.addr.clone(), cursor: Some(Bytes::from_static(b"0")), slots }
            }
        };
        drop(topology);
        let conn = self.primary_conn(&pass.node);
        let mut keys = Vec::new();
        if let Some(node_cursor) = &pass.cursor {
            let mut scan = Cmd::new("SCAN").arg(node_cursor.clone());
            if let Some(p) = &options.pattern {
                scan = scan.arg("MATCH").arg(p.clone());
            }
            if let Some(c) = options.count {
                scan = scan.arg("COUNT").arg(c.to_string());
            }
            if let Some(t) = &options.object_type {
                scan = scan.arg("TYPE").arg(t.clone());
            }
            let reply = conn.send(&scan, deadline, false).await.map_err(|e| {
                if e.kind() == crate::ErrorKind::Connection {
                    self.refresh.request();
                }
                e.context("cluster scan")
            })?;
            let (node_next, found) = parse_scan(&reply).map_err(|e| Error::response(format!("cluster scan: SCAN on {}: {e}", pass.node)))?;
            keys = found.into_iter().filter(|k| pass.slots.contains(key_slot(k))).collect();
            pass.cursor = (node_next.as_ref() != b"0").then_some(node_next);
        }
        if pass.cursor.is_some() {
            next.pass = Some(pass);
            return Ok((next, keys));
        }
        // The node's SCAN ended: keep the slots it still serves.
        match self.slots_served_by(&conn, &pass.node, deadline).await {
            Ok(served) => {
                let mut lost = false;
                for slot in 0..SLOT_COUNT as u16 {
                    if pass.slots.contains(slot) {
                        if served.contains(slot) {
                            next.done.insert(slot);
                        } else {
                            lost = true;
                        }
                    }
                }
                if lost {
                    self.refresh.request();
                }
            }
            // Confirm on the next call; the keys found are returned now.
            Err(_) => next.pass = Some(pass),
        }
        Ok((next, keys))
    }

    /// The slots a node says it serves as primary now.
    async fn slots_served_by(
        &self,
        conn: &crate::connection::NodeConnection,
        node: &NodeAddress,
        deadline: Instant,
    ) -> Result<Slots> {
        let reply = conn.send(&Cmd::new("CLUSTER").arg("SHARDS"), deadline, false).await?;
        let ctx = ParseContext { answered_by: node, tls: self.tls, address_map: &self.address_map };
        let view = match &reply {
            Value::ServerError(_) => {
                let slots = conn.send(&Cmd::new("CLUSTER").arg("SLOTS"), deadline, false).await?;
                topology::parse_slots(&slots, &ctx)
            }
            v => topology::parse_shards(v, &ctx),
        }
        .map_err(|e| Error::response(format!("cluster scan: {e}")))?;
        let mut served = Slots::empty();
        for shard in view.shards.iter().filter(|s| s.primary.addr == *node) {
            for &(a, b) in &shard.ranges {
                for slot in a..=b {
                    served.insert(slot);
                }
            }
        }
        Ok(served)
    }
}

/// SCAN's reply: [next cursor, [keys...]].
fn parse_scan(reply: &Value) -> std::result::Result<(Bytes, Vec<Bytes>), String> {
    if let Value::ServerError(e) = reply {
        return Err(String::from_utf8_lossy(e).into_owned());
    }
    let parts = reply.as_slice().filter(|p| p.len() == 2).ok_or_else(|| format!("unexpected reply {reply:?}"))?;
    let cursor = parts[0].as_bytes().ok_or_else(|| format!("unexpected cursor {:?}", parts[0]))?;
    let keys = parts[1]
        .as_slice()
        .ok_or_else(|| format!("unexpected key list {:?}", parts[1]))?
        .iter()
        .filter_map(|k| k.as_bytes().map(Bytes::copy_from_slice))
        .collect();
    Ok((Bytes::copy_from_slice(cursor), keys))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_sets() {
        let mut s = Slots::empty();
        assert_eq!(s.first_missing(), Some(0));
        for slot in 0..70 {
            s.insert(slot);
        }
        assert!(s.contains(69) && !s.contains(70));
        assert_eq!(s.first_missing(), Some(70));
        assert_eq!(s.len(), 70);
        for slot in 0..SLOT_COUNT as u16 {
            s.insert(slot);
        }
        assert_eq!(s.first_missing(), None);
        let c = ClusterScanCursor { done: s, pass: None };
        assert!(c.is_finished());
        assert!(!ClusterScanCursor::new().is_finished());
    }

    #[test]
    fn reads_scan_replies() {
        let reply = Value::Array(vec![Value::BulkString("17".into()), Value::Array(vec![Value::BulkString("k".into())])]);
        let (cursor, keys) = parse_scan(&reply).expect("valid");
        assert_eq!(cursor.as_ref(), b"17");
        assert_eq!(keys, vec![Bytes::from_static(b"k")]);
        assert!(parse_scan(&Value::ServerError("ERR x".into())).is_err());
        assert!(parse_scan(&Value::Integer(1)).is_err());
    }
}
