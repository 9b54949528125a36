//! The cluster's shape: which shard (a primary and its replicas) serves each
//! of the 16384 hash slots. Parses what one node says (CLUSTER SHARDS, or
//! CLUSTER SLOTS on servers without it) into a `View`, tells which view a
//! majority of the answering nodes share, and holds the routing `Topology`
//! the request path reads lock-free (an immutable value behind an ArcSwap,
//! replaced whole, or cloned and patched for one slot on MOVED).

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::NodeAddress;
use crate::connection::NodeConnection;
use crate::deployment::NodeRole;
use crate::protocol::Value;

pub(crate) const SLOT_COUNT: usize = 16384;
const NO_SHARD: u16 = u16::MAX;

/// A node as one answer announces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ViewNode {
    pub id: String,
    /// Where the client reaches it: the announced endpoint after the address map.
    pub addr: NodeAddress,
    /// Neither failed nor loading, as far as the answering node knows.
    pub healthy: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ViewShard {
    /// Inclusive slot ranges, sorted and merged.
    pub ranges: Vec<(u16, u16)>,
    pub primary: ViewNode,
    pub replicas: Vec<ViewNode>,
}

/// One node's answer to "who serves what", normalized so that two answers
/// describing the same layout compare equal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct View {
    pub shards: Vec<ViewShard>,
}

/// How to read an answer: who gave it and how announced nodes are reached.
pub(crate) struct ParseContext<'a> {
    pub answered_by: &'a NodeAddress,
    pub tls: bool,
    pub address_map: &'a HashMap<NodeAddress, NodeAddress>,
}

impl ParseContext<'_> {
    /// The reachable address of an announced endpoint. An empty host means
    /// "the node you asked"; "?" means the node announced no endpoint.
    pub fn reach(&self, host: &str, port: u16) -> Option<NodeAddress> {
        let host = match host {
            "" => self.answered_by.host.clone(),
            "?" => return None,
            h => h.to_string(),
        };
        if port == 0 {
            return None;
        }
        let announced = NodeAddress::new(host, port);
        Some(self.address_map.get(&announced).cloned().unwrap_or(announced))
    }
}

impl View {
    /// Slots covered by some shard.
    pub fn covered(&self) -> usize {
        self.shards.iter().flat_map(|s| &s.ranges).map(|&(a, b)| (b - a) as usize + 1).sum()
    }

    /// Same slots on the same primaries with the same replicas; health,
    /// ids and replication offsets (which differ between answers) aside.
    pub fn same_layout(&self, other: &View) -> bool {
        self.shards.len() == other.shards.len()
            && self.shards.iter().zip(&other.shards).all(|(a, b)| {
                a.ranges == b.ranges
                    && a.primary.addr == b.primary.addr
                    && a.replicas.len() == b.replicas.len()
                    && a.replicas.iter().zip(&b.replicas).all(|(x, y)| x.addr == y.addr)
            })
    }

    /// The primary address of every slot (`None`: uncovered).
    pub fn owners(&self) -> Vec<Option<&NodeAddress>> {
        let mut owners = vec![None; SLOT_COUNT];
        for shard in &self.shards {
            for &(a, b) in &shard.ranges {
                for owner in &mut owners[a as usize..=b as usize] {
                    *owner = Some(&shard.primary.addr);
                }
            }
        }
        owners
    }

    fn normalize(mut self) -> Result<View, String> {
        for shard in &mut self.shards {
            shard.ranges = merge_ranges(std::mem::take(&mut shard.ranges));
            shard.replicas.sort_by(|a, b| a.addr.cmp(&b.addr));
        }
        self.shards.sort_by(|a, b| {
            let first = |s: &ViewShard| s.ranges.first().map_or(u16::MAX, |r| r.0);
            (first(a), &a.primary.addr).cmp(&(first(b), &b.primary.addr))
        });
        let mut claimed: Vec<(u16, u16, &NodeAddress)> =
            self.shards.iter().flat_map(|s| s.ranges.iter().map(move |&(a, b)| (a, b, &s.primary.addr))).collect();
        claimed.sort();
        for pair in claimed.windows(2) {
            if pair[1].0 <= pair[0].1 {
                return Err(format!("slot {} is claimed by both {} and {}", pair[1].0, pair[0].2, pair[1].2));
            }
        }
        Ok(self)
    }
}

fn merge_ranges(mut ranges: Vec<(u16, u16)>) -> Vec<(u16, u16)> {
    ranges.sort_unstable();
    let mut out: Vec<(u16, u16)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if a as u32 <= last.1 as u32 + 1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// A reply as it goes into an error message: its Debug form, cut short
/// without formatting the rest (a hostile node's reply may be hundreds of
/// MiB).
fn brief(v: &Value) -> String {
    struct Capped(String);
    impl std::fmt::Write for Capped {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            const MAX: usize = 200;
            for c in s.chars() {
                if self.0.len() >= MAX {
                    self.0.push_str("...");
                    return Err(std::fmt::Error);
                }
                self.0.push(c);
            }
            Ok(())
        }
    }
    let mut out = Capped(String::new());
    let _ = std::fmt::write(&mut out, format_args!("{v:?}"));
    out.0
}

fn slot_number(v: &Value) -> Result<u16, String> {
    match v.as_int() {
        Some(n) if (0..SLOT_COUNT as i64).contains(&n) => Ok(n as u16),
        _ => Err(format!("{} is not a slot number", brief(v))),
    }
}

/// Parses a CLUSTER SHARDS reply (RESP3 maps or RESP2 flat arrays).
pub(crate) fn parse_shards(reply: &Value, ctx: &ParseContext<'_>) -> Result<View, String> {
    let shards = reply.as_slice().ok_or_else(|| format!("CLUSTER SHARDS: expected an array, got {}", brief(reply)))?;
    let mut view = View::default();
    for (i, shard) in shards.iter().enumerate() {
        let fields = shard.to_pairs().ok_or_else(|| format!("CLUSTER SHARDS: shard {i} is not a map"))?;
        let mut ranges = Vec::new();
        let mut nodes: &[Value] = &[];
        for (k, v) in fields {
            match k.as_str() {
                Some("slots") => {
                    let items = v.as_slice().ok_or_else(|| format!("CLUSTER SHARDS: shard {i}: slots is not an array"))?;
                    if items.len() % 2 != 0 {
                        return Err(format!("CLUSTER SHARDS: shard {i}: odd number of slot bounds"));
                    }
                    for pair in items.chunks(2) {
                        let (a, b) = (slot_number(&pair[0])?, slot_number(&pair[1])?);
                        if a > b {
                            return Err(format!("CLUSTER SHARDS: shard {i}: slot range {a}-{b} is reversed"));
                        }
                        ranges.push((a, b));
                    }
                }
                Some("nodes") => {
                    nodes = v.as_slice().ok_or_else(|| format!("CLUSTER SHARDS: shard {i}: nodes is not an array"))?
                }
                _ => {}
            }
        }
        let mut primary = None;
        let mut replicas = Vec::new();
        for node in nodes {
            let fields = node.to_pairs().ok_or_else(|| format!("CLUSTER SHARDS: shard {i}: a node is not a map"))?;
            let (mut id, mut ip, mut endpoint, mut role, mut health) = ("", "", None, "", "online");
            let (mut port, mut tls_port) = (None, None);
            for (k, v) in fields {
                match k.as_str() {
                    Some("id") => id = v.as_str().unwrap_or(""),
                    Some("ip") => ip = v.as_str().unwrap_or(""),
                    Some("endpoint") => endpoint = v.as_str(),
                    Some("port") => port = v.as_int(),
                    Some("tls-port") => tls_port = v.as_int(),
                    Some("role") => role = v.as_str().unwrap_or(""),
                    Some("health") => health = v.as_str().unwrap_or(""),
                    _ => {}
                }
            }
            let port = if ctx.tls { tls_port.or(port) } else { port.or(tls_port) };
            let port = port.filter(|p| (1..=65535).contains(p)).unwrap_or(0) as u16;
            let host = match endpoint {
                Some(e) if !e.is_empty() && e != "?" => e,
                // No usable endpoint announced: the IP, else the node asked.
                _ if !ip.is_empty() => ip,
                Some(e) => e,
                None => "",
            };
            let Some(addr) = ctx.reach(host, port) else { continue };
            let node = ViewNode { id: id.to_string(), addr, healthy: health == "online" };
            match role {
                // Valkey lists a failed-over primary in its old shard, still
                // "master" until it returns as a replica: the online one
                // serves the shard, wherever either stands in the list.
                "master" => {
                    if primary.as_ref().is_none_or(|p: &ViewNode| !p.healthy && node.healthy) {
                        primary = Some(node);
                    }
                }
                _ => replicas.push(node),
            }
        }
        match primary {
            Some(primary) => view.shards.push(ViewShard { ranges, primary, replicas }),
            None if ranges.is_empty() => {}
            None => return Err(format!("CLUSTER SHARDS: shard {i} serves slots but names no reachable primary")),
        }
    }
    view.normalize()
}

/// Parses a CLUSTER SLOTS reply: [start, end, primary, replicas...] entries,
/// each node as [host, port, id, ...].
pub(crate) fn parse_slots(reply: &Value, ctx: &ParseContext<'_>) -> Result<View, String> {
    let entries = reply.as_slice().ok_or_else(|| format!("CLUSTER SLOTS: expected an array, got {}", brief(reply)))?;
    let mut view = View::default();
    for (i, entry) in entries.iter().enumerate() {
        let items = entry.as_slice().ok_or_else(|| format!("CLUSTER SLOTS: entry {i} is not an array"))?;
        if items.len() < 3 {
            return Err(format!("CLUSTER SLOTS: entry {i} has no primary"));
        }
        let (a, b) = (slot_number(&items[0])?, slot_number(&items[1])?);
        let mut nodes = Vec::new();
        for node in &items[2..] {
            let parts = node.as_slice().ok_or_else(|| format!("CLUSTER SLOTS: entry {i}: a node is not an array"))?;
            let host = parts.first().and_then(Value::as_str).unwrap_or("?");
            let port = parts.get(1).and_then(Value::as_int).filter(|p| (1..=65535).contains(p)).unwrap_or(0) as u16;
            let id = parts.get(2).and_then(Value::as_str).unwrap_or("");
            // CLUSTER SLOTS leaves out failed replicas.
            nodes.push(ctx.reach(host, port).map(|addr| ViewNode { id: id.to_string(), addr, healthy: true }));
        }
        let Some(Some(primary)) = nodes.first().cloned() else {
            return Err(format!("CLUSTER SLOTS: slots {a}-{b} name no reachable primary"));
        };
        let replicas: Vec<ViewNode> = nodes.into_iter().skip(1).flatten().collect();
        match view.shards.iter_mut().find(|s| s.primary.addr == primary.addr) {
            Some(shard) => {
                shard.ranges.push((a, b));
                for r in replicas {
                    if !shard.replicas.iter().any(|x| x.addr == r.addr) {
                        shard.replicas.push(r);
                    }
                }
            }
            None => view.shards.push(ViewShard { ranges: vec![(a, b)], primary, replicas }),
        }
    }
    view.normalize()
}

/// The index of the view that more than half of the answers share.
pub(crate) fn majority(views: &[View]) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (i, v) in views.iter().enumerate() {
        let votes = views.iter().filter(|w| w.same_layout(v)).count();
        if !matches!(best, Some((_, b)) if votes <= b) {
            best = Some((i, votes));
        }
    }
    best.filter(|&(_, votes)| votes * 2 > views.len()).map(|(i, _)| i)
}

/// The view with the most votes, then the most slots covered: only used
/// when the client knows no topology at all and the answers disagree.
pub(crate) fn plurality(views: &[View]) -> Option<usize> {
    (0..views.len()).max_by_key(|&i| (views.iter().filter(|w| w.same_layout(&views[i])).count(), views[i].covered()))
}

/// A node the request path can send to.
pub(crate) struct Node {
    pub addr: NodeAddress,
    pub conn: NodeConnection,
    /// Neither failed nor loading when last seen (replicas serve reads only then).
    pub healthy: bool,
}

#[derive(Clone)]
pub(crate) struct Shard {
    pub primary: Arc<Node>,
    pub replicas: Vec<Arc<Node>>,
}

/// What the request path routes by: slot -> shard, immutable once published.
pub(crate) struct Topology {
    slots: Box<[u16]>,
    shards: Vec<Shard>,
    /// Indices of the shards serving at least one slot.
    serving: Vec<usize>,
}

impl Topology {
    pub fn empty() -> Self {
        Topology { slots: vec![NO_SHARD; SLOT_COUNT].into_boxed_slice(), shards: Vec::new(), serving: Vec::new() }
    }

    /// Shards with the slot ranges each serves.
    pub fn new(shards: Vec<(Shard, Vec<(u16, u16)>)>) -> Self {
        let mut slots = vec![NO_SHARD; SLOT_COUNT].into_boxed_slice();
        let mut list = Vec::with_capacity(shards.len());
        for (i, (shard, ranges)) in shards.into_iter().enumerate() {
            for (a, b) in ranges {
                for slot in &mut slots[a as usize..=b as usize] {
                    *slot = i as u16;
                }
            }
            list.push(shard);
        }
        Self::assemble(slots, list)
    }

    fn assemble(slots: Box<[u16]>, shards: Vec<Shard>) -> Self {
        let mut serves = vec![false; shards.len()];
        for &i in slots.iter() {
            if let Some(s) = serves.get_mut(i as usize) {
                *s = true;
            }
        }
        let serving = (0..shards.len()).filter(|&i| serves[i]).collect();
        Topology { slots, shards, serving }
    }

    pub fn shards(&self) -> &[Shard] {
        &self.shards
    }

    pub fn shard_index(&self, slot: u16) -> Option<usize> {
        let i = *self.slots.get(slot as usize)?;
        (i != NO_SHARD && (i as usize) < self.shards.len()).then_some(i as usize)
    }

    pub fn shard(&self, slot: u16) -> Option<&Shard> {
        self.shard_index(slot).map(|i| &self.shards[i])
    }

    /// The primary at this address, if it serves any shard.
    pub fn primary(&self, addr: &NodeAddress) -> Option<&Arc<Node>> {
        self.shards.iter().map(|s| &s.primary).find(|p| p.addr == *addr)
    }

    /// Every node once, primaries first, with its role.
    pub fn nodes(&self) -> Vec<(&Arc<Node>, NodeRole)> {
        let mut out: Vec<(&Arc<Node>, NodeRole)> = Vec::new();
        for shard in &self.shards {
            if !out.iter().any(|(n, _)| n.addr == shard.primary.addr) {
                out.push((&shard.primary, NodeRole::Primary));
            }
        }
        for shard in &self.shards {
            for r in &shard.replicas {
                if !out.iter().any(|(n, _)| n.addr == r.addr) {
                    out.push((r, NodeRole::Replica));
                }
            }
        }
        out
    }

    /// The primaries that serve at least one slot (one per shard).
    pub fn serving_primaries(&self) -> impl ExactSizeIterator<Item = &Arc<Node>> + '_ {
        self.serving.iter().map(|&i| &self.shards[i].primary)
    }

    /// The slots the shard at `index` serves.
    pub fn slots_of(&self, index: usize) -> impl Iterator<Item = u16> + '_ {
        self.slots.iter().enumerate().filter(move |(_, &i)| i as usize == index).map(|(s, _)| s as u16)
    }

    /// A copy with one slot served by `primary` (what a MOVED says).
    pub fn with_slot_moved(&self, slot: u16, primary: Arc<Node>) -> Topology {
        let mut shards = self.shards.clone();
        let index = match shards.iter().position(|s| s.primary.addr == primary.addr) {
            Some(i) => i,
            None => {
                shards.push(Shard { primary, replicas: Vec::new() });
                shards.len() - 1
            }
        };
        let mut slots = self.slots.clone();
        if let Some(s) = slots.get_mut(slot as usize) {
            *s = index as u16;
        }
        Self::assemble(slots, shards)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn s(text: &str) -> Value {
        Value::BulkString(Bytes::from(text.to_string()))
    }

    fn shard_reply(ranges: &[(i64, i64)], nodes: &[(&str, i64, &str, &str)]) -> Value {
        let slots = ranges.iter().flat_map(|&(a, b)| [Value::Integer(a), Value::Integer(b)]).collect();
        let nodes = nodes
            .iter()
            .map(|&(endpoint, port, role, health)| {
                Value::Map(vec![
                    (s("id"), s(&format!("id-{port}"))),
                    (s("port"), Value::Integer(port)),
                    (s("ip"), s("10.0.0.9")),
                    (s("endpoint"), s(endpoint)),
                    (s("role"), s(role)),
                    (s("replication-offset"), Value::Integer(port * 7)),
                    (s("health"), s(health)),
                ])
            })
            .collect();
        Value::Map(vec![(s("slots"), Value::Array(slots)), (s("nodes"), Value::Array(nodes))])
    }

    fn ctx<'a>(asked: &'a NodeAddress, map: &'a HashMap<NodeAddress, NodeAddress>) -> ParseContext<'a> {
        ParseContext { answered_by: asked, tls: false, address_map: map }
    }

    #[test]
    fn a_failed_old_primary_listed_beside_the_new_one_is_not_the_primary() {
        let (asked, map) = (NodeAddress::new("127.0.0.1", 7000), HashMap::new());
        let old = ("127.0.0.1", 7005, "master", "fail");
        let new = ("127.0.0.1", 7000, "master", "online");
        for nodes in [[old, new], [new, old]] {
            let reply = Value::Array(vec![shard_reply(&[(0, 16383)], &nodes)]);
            let view = parse_shards(&reply, &ctx(&asked, &map)).expect("parses");
            assert_eq!(view.shards.len(), 1);
            assert_eq!(view.shards[0].primary.addr, NodeAddress::new("127.0.0.1", 7000), "{nodes:?}");
            assert!(view.shards[0].replicas.is_empty(), "the dead old primary is no replica");
        }
    }

    #[test]
    fn parses_shards_with_endpoints_health_and_address_map() {
        let asked = NodeAddress::new("seed", 7000);
        let mut map = HashMap::new();
        map.insert(NodeAddress::new("10.1.1.1", 7001), NodeAddress::new("127.0.0.1", 17001));
        let reply = Value::Array(vec![
            shard_reply(&[(5461, 10922)], &[("10.1.1.1", 7001, "master", "online"), ("", 7004, "replica", "loading")]),
            shard_reply(&[(0, 100), (101, 5460)], &[("?", 7000, "master", "online"), ("h3", 7003, "replica", "online")]),
            shard_reply(&[], &[("h9", 7009, "master", "online")]),
        ]);
        let view = parse_shards(&reply, &ctx(&asked, &map)).expect("valid");
        assert_eq!(view.shards.len(), 3);
        assert_eq!(view.shards[0].ranges, vec![(0, 5460)], "adjacent ranges merge");
        assert_eq!(view.shards[0].primary.addr, NodeAddress::new("10.0.0.9", 7000), "'?' falls back to the ip");
        assert_eq!(view.shards[1].primary.addr, NodeAddress::new("127.0.0.1", 17001), "address map applied");
        assert_eq!(view.shards[1].replicas[0].addr, NodeAddress::new("10.0.0.9", 7004));
        assert!(!view.shards[1].replicas[0].healthy);
        assert!(view.shards[2].ranges.is_empty(), "a primary without slots is kept");
        assert_eq!(view.covered(), 10923);
    }

    #[test]
    fn parses_slots_and_matches_shards() {
        let asked = NodeAddress::new("127.0.0.1", 7000);
        let map = HashMap::new();
        let node = |host: &str, port: i64| Value::Array(vec![s(host), Value::Integer(port), s(&format!("id-{port}"))]);
        let slots = Value::Array(vec![
            Value::Array(vec![Value::Integer(0), Value::Integer(8000), node("127.0.0.1", 7000), node("", 7003)]),
            Value::Array(vec![Value::Integer(8001), Value::Integer(16383), node("127.0.0.1", 7001)]),
        ]);
        let a = parse_slots(&slots, &ctx(&asked, &map)).expect("valid");
        assert_eq!(a.shards[0].replicas[0].addr, NodeAddress::new("127.0.0.1", 7003), "empty host: the node asked");
        let shards = Value::Array(vec![
            shard_reply(&[(8001, 16383)], &[("127.0.0.1", 7001, "master", "online")]),
            shard_reply(&[(0, 8000)], &[("127.0.0.1", 7000, "master", "online"), ("127.0.0.1", 7003, "replica", "online")]),
        ]);
        let b = parse_shards(&shards, &ctx(&asked, &map)).expect("valid");
        assert!(a.same_layout(&b));
    }

    #[test]
    fn rejects_malformed_answers() {
        let asked = NodeAddress::new("127.0.0.1", 7000);
        let map = HashMap::new();
        let overlap = Value::Array(vec![
            shard_reply(&[(0, 10)], &[("a", 1, "master", "online")]),
            shard_reply(&[(5, 20)], &[("b", 2, "master", "online")]),
        ]);
        let err = parse_shards(&overlap, &ctx(&asked, &map)).expect_err("overlap");
        assert!(err.contains("slot 5 is claimed by both"), "{err}");
        let bad_slot = Value::Array(vec![shard_reply(&[(0, 20000)], &[("a", 1, "master", "online")])]);
        assert!(parse_shards(&bad_slot, &ctx(&asked, &map)).is_err());
        assert!(parse_shards(&Value::Integer(3), &ctx(&asked, &map)).is_err());
        let no_primary = Value::Array(vec![shard_reply(&[(0, 10)], &[("a", 1, "replica", "online")])]);
        assert!(parse_shards(&no_primary, &ctx(&asked, &map)).is_err());
    }

    #[test]
    fn a_minority_view_does_not_win() {
        let asked = NodeAddress::new("127.0.0.1", 7000);
        let map = HashMap::new();
        let view = |owner: i64, health: &str| {
            parse_shards(
                &Value::Array(vec![shard_reply(&[(0, 16383)], &[("127.0.0.1", owner, "master", health)])]),
                &ctx(&asked, &map),
            )
            .expect("valid")
        };
        // Health differs between answers and does not split the vote.
        let views = vec![view(7000, "online"), view(7001, "online"), view(7000, "failed")];
        assert_eq!(majority(&views), Some(0));
        assert_eq!(majority(&views[..2]), None, "one against one is no majority");
        assert_eq!(majority(&[view(7001, "online")]), Some(0));
        assert_eq!(majority(&[]), None);
        assert!(plurality(&views[..2]).is_some());
    }
}
