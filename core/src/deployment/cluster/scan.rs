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
//! slots' new owner. A claimed slot the node is migrating away when its
//! SCAN ends gets a follow-up pass on the migration's target, for the keys
//! that moved there before the node's SCAN reached them (a key still on the
//! node was seen by its pass; one that moved stays on the target).
//!
//! Guarantee: every key that exists, unmodified in its slot, from the
//! first call to the last is returned at least once, across failovers and
//! slot migrations, completed or in progress. A key is returned once,
//! except when its slot was scanned again (it moved, was migrating, or its
//! node failed over during its pass) or the node's own SCAN repeated it
//! (the server's table was resized). Each call is one SCAN (plus, when a node's SCAN ends,
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

    /// "0-5460,10923-16383": the set as ranges ("" when empty).
    fn to_ranges(&self) -> String {
        let mut out = String::new();
        let mut slot = 0usize;
        while slot < SLOT_COUNT {
            if !self.contains(slot as u16) {
                slot += 1;
                continue;
            }
            let start = slot;
            while slot + 1 < SLOT_COUNT && self.contains(slot as u16 + 1) {
                slot += 1;
            }
            if !out.is_empty() {
                out.push(',');
            }
            if start == slot {
                out.push_str(&start.to_string());
            } else {
                out.push_str(&format!("{start}-{slot}"));
            }
            slot += 1;
        }
        out
    }

    fn from_ranges(text: &str) -> Option<Slots> {
        let mut slots = Slots::empty();
        for range in text.split(',').filter(|r| !r.is_empty()) {
            let (a, b) = range.split_once('-').unwrap_or((range, range));
            let (a, b): (u16, u16) = (a.parse().ok()?, b.parse().ok()?);
            if a > b || b as usize >= SLOT_COUNT {
                return None;
            }
            for slot in a..=b {
                slots.insert(slot);
            }
        }
        Some(slots)
    }
}

/// The pass over one primary.
#[derive(Clone, PartialEq, Eq)]
struct Pass {
    node: NodeAddress,
    /// The node's SCAN cursor; `None` once its SCAN has ended.
    cursor: Option<Bytes>,
    slots: Slots,
    /// A follow-up pass on a migration's target: its slots are done when
    /// its SCAN ends (their owner's pass already saw the keys that stayed).
    follow_up: bool,
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

    /// The cursor as SCAN's cursor argument: "0" at the start and once
    /// finished (as a server's SCAN), otherwise
    /// `hc1:<done slots>[/<node>/<node cursor or *>/<pass slots>[/f]]`, slots
    /// as ranges: short, printable, and the same in every language.
    pub fn to_text(&self) -> String {
        if self.is_finished() || (self.pass.is_none() && self.done.len() == 0) {
            return "0".into();
        }
        let mut out = format!("{CURSOR_PREFIX}{}", self.done.to_ranges());
        if let Some(p) = &self.pass {
            let node_cursor = p.cursor.as_ref().map_or("*".into(), |c| String::from_utf8_lossy(c).into_owned());
            out.push_str(&format!("/{}/{node_cursor}/{}", p.node, p.slots.to_ranges()));
            if p.follow_up {
                out.push_str("/f");
            }
        }
        out
    }

    /// Reads a cursor `to_text` wrote ("0": a new scan).
    pub fn from_text(text: &str) -> Result<ClusterScanCursor> {
        let bad = || {
            Error::response(format!(
                "ERR invalid cursor {text:?}: a cluster SCAN takes 0 or a cursor a cluster SCAN of haven returned"
            ))
        };
        if text == "0" {
            return Ok(ClusterScanCursor::new());
        }
        let body = text.strip_prefix(CURSOR_PREFIX).ok_or_else(bad)?;
        let mut parts = body.split('/');
        let done = Slots::from_ranges(parts.next().unwrap_or_default()).ok_or_else(bad)?;
        let pass = match (parts.next(), parts.next(), parts.next(), parts.next(), parts.next()) {
            (None, ..) => None,
            (Some(node), Some(node_cursor), Some(slots), follow_up @ (None | Some("f")), None) => Some(Pass {
                node: NodeAddress::parse("cursor", node).map_err(|_| bad())?,
                cursor: match node_cursor {
                    "*" => None,
                    c if !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()) => Some(Bytes::from(c.to_string())),
                    _ => return Err(bad()),
                },
                slots: Slots::from_ranges(slots).ok_or_else(bad)?,
                follow_up: follow_up.is_some(),
            }),
            _ => return Err(bad()),
        };
        Ok(ClusterScanCursor { done, pass })
    }
}

const CURSOR_PREFIX: &str = "hc1:";

impl ScanOptions {
    /// SCAN's arguments after the cursor: MATCH, COUNT and TYPE.
    pub fn from_args(args: &[Bytes]) -> Result<ScanOptions> {
        let mut options = ScanOptions::default();
        let mut it = args.iter();
        while let Some(name) = it.next() {
            let value = it.next().ok_or_else(|| Error::response("ERR syntax error"))?;
            match name.to_ascii_uppercase().as_slice() {
                b"MATCH" => options.pattern = Some(value.clone()),
                b"COUNT" => {
                    let n = std::str::from_utf8(value).ok().and_then(|v| v.parse::<u64>().ok()).filter(|&n| n > 0);
                    options.count = Some(n.ok_or_else(|| Error::response("ERR value is not an integer or out of range"))?);
                }
                b"TYPE" => options.object_type = Some(value.clone()),
                _ => return Err(Error::response("ERR syntax error")),
            }
        }
        Ok(options)
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
    /// SCAN sent to the cluster as a whole (no address route): one step of
    /// the cluster-wide scan, with its cursor as text (see
    /// `ClusterScanCursor::to_text`) and SCAN's reply shape, so every
    /// language's SCAN loop walks the whole cluster.
    pub(super) async fn scan_command(self: &Arc<Self>, cmd: &Cmd, deadline: Instant) -> Result<Value> {
        let args = cmd.args();
        let cursor_arg = args.get(1).ok_or_else(|| Error::response("ERR wrong number of arguments for 'scan' command"))?;
        let cursor = ClusterScanCursor::from_text(&String::from_utf8_lossy(cursor_arg))?;
        let options = ScanOptions::from_args(&args[2..])?;
        let (next, keys) = self.scan_step(&cursor, &options, deadline).await?;
        Ok(Value::Array(vec![
            Value::BulkString(Bytes::from(next.to_text())),
            Value::Array(keys.into_iter().map(Value::BulkString).collect()),
        ]))
    }

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
                Pass { node: topology.shards()[index].primary.addr.clone(), cursor: Some(Bytes::from_static(b"0")), slots, follow_up: false }
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
        if pass.follow_up {
            for slot in 0..SLOT_COUNT as u16 {
                if pass.slots.contains(slot) {
                    next.done.insert(slot);
                }
            }
            return Ok((next, keys));
        }
        // The node's SCAN ended: keep the slots it still serves; those it
        // is migrating away get a follow-up pass on the target.
        let served = self.slots_served_by(&conn, &pass.node, deadline).await;
        let migrating = match &served {
            Ok(_) => self.slots_migrating_from(&conn, deadline).await,
            Err(_) => Ok(Vec::new()),
        };
        match (served, migrating) {
            (Ok(served), Ok(migrating)) => {
                let mut lost = false;
                let mut follow_up: Option<(NodeAddress, Slots)> = None;
                for slot in 0..SLOT_COUNT as u16 {
                    if !pass.slots.contains(slot) {
                        continue;
                    }
                    if !served.contains(slot) {
                        lost = true;
                        continue;
                    }
                    match migrating.iter().find(|(s, _)| *s == slot) {
                        None => next.done.insert(slot),
                        // One follow-up at a time; other targets' slots
                        // are scanned again from their owner.
                        Some((_, target)) => match &mut follow_up {
                            None => {
                                let mut slots = Slots::empty();
                                slots.insert(slot);
                                follow_up = Some((target.clone(), slots));
                            }
                            Some((t, slots)) if t == target => slots.insert(slot),
                            Some(_) => {}
                        },
                    }
                }
                if let Some((node, slots)) = follow_up {
                    next.pass = Some(Pass { node, cursor: Some(Bytes::from_static(b"0")), slots, follow_up: true });
                }
                if lost {
                    self.refresh.request();
                }
            }
            // Confirm on the next call; the keys found are returned now.
            _ => next.pass = Some(pass),
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

impl Inner {
    /// The slots the node `conn` reaches is migrating away, each with its
    /// target's address, from the node's own CLUSTER NODES line
    /// (`[slot->-target-id]`). A target the reply does not place is left
    /// out (its slot stays not done: its owner's pass runs again).
    async fn slots_migrating_from(
        &self,
        conn: &crate::connection::NodeConnection,
        deadline: Instant,
    ) -> Result<Vec<(u16, NodeAddress)>> {
        let reply = conn.send(&Cmd::new("CLUSTER").arg("NODES"), deadline, false).await?;
        let text = match &reply {
            Value::ServerError(e) => return Err(Error::response(format!("cluster scan: CLUSTER NODES: {}", String::from_utf8_lossy(e)))),
            v => v.as_bytes().map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default(),
        };
        Ok(migrating_slots(&text)
            .into_iter()
            .filter_map(|(slot, address)| {
                let announced = NodeAddress::parse("cluster nodes", &address).ok()?;
                Some((slot, self.address_map.get(&announced).cloned().unwrap_or(announced)))
            })
            .collect())
    }
}

/// From CLUSTER NODES text: the `myself` node's migrating slots and their
/// targets' "ip:port".
fn migrating_slots(text: &str) -> Vec<(u16, String)> {
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split_whitespace().collect()).collect();
    let address_of = |id: &str| {
        lines.iter().find(|f| f.first() == Some(&id)).and_then(|f| f.get(1)).map(|a| {
            // ip:port@cport[,hostname]
            a.split(['@', ',']).next().unwrap_or_default().to_string()
        })
    };
    let Some(me) = lines.iter().find(|f| f.get(2).is_some_and(|flags| flags.split(',').any(|x| x == "myself"))) else {
        return Vec::new();
    };
    me.iter()
        .skip(8)
        .filter_map(|entry| {
            let inner = entry.strip_prefix('[')?.strip_suffix(']')?;
            let (slot, target) = inner.split_once("->-")?;
            Some((slot.parse().ok()?, address_of(target)?))
        })
        .collect()
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
    fn cursors_round_trip_as_text() {
        assert_eq!(ClusterScanCursor::new().to_text(), "0");
        let mut done = Slots::empty();
        for slot in (0..5461).chain([9000]) {
            done.insert(slot);
        }
        let mut slots = Slots::empty();
        for slot in 5461..10923 {
            slots.insert(slot);
        }
        let pass = Pass { node: NodeAddress::new("::1", 7001), cursor: Some("1234".into()), slots, follow_up: true };
        let c = ClusterScanCursor { done, pass: Some(pass) };
        let text = c.to_text();
        assert_eq!(text, "hc1:0-5460,9000/[::1]:7001/1234/5461-10922/f");
        assert_eq!(ClusterScanCursor::from_text(&text).expect("valid"), c);
        for bad in ["1", "hc1:x", "hc1:0-99999", "hc1:5-1", "hc1:0/h:1/x/0", "hc1:0/h:1/1", "hc1:0/h:1/1/0/g", "hc2:0"] {
            let e = ClusterScanCursor::from_text(bad).expect_err(bad);
            assert!(e.message().contains("invalid cursor"), "{bad}: {e}");
        }
    }

    #[test]
    fn finds_migrating_slots_in_cluster_nodes() {
        let text = "\
a1 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-5460 [77->-b2] [80-<-c3]
b2 127.0.0.1:7001@17001,host-b master - 0 0 2 connected 5461-10922
c3 127.0.0.1:7002@17002 master - 0 0 3 connected 10923-16383
";
        assert_eq!(migrating_slots(text), vec![(77, "127.0.0.1:7001".to_string())]);
        assert!(migrating_slots("garbage").is_empty());
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
