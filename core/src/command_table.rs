//! What the engine knows about each command, generated from the server's
//! COMMAND output (see `command_table_data.rs`): whether it reads or writes,
//! blocks, where its keys are, and how a cluster fans it out and aggregates.

#[path = "command_table_data.rs"]
mod data;

use bytes::Bytes;

/// Command flags, as bits.
pub mod flags {
    pub const READONLY: u32 = 1 << 0;
    pub const WRITE: u32 = 1 << 1;
    pub const BLOCKING: u32 = 1 << 2;
    pub const MOVABLEKEYS: u32 = 1 << 3;
    pub const PUBSUB: u32 = 1 << 4;
    pub const ADMIN: u32 = 1 << 5;
    pub const NOSCRIPT: u32 = 1 << 6;
    pub const LOADING: u32 = 1 << 7;
    pub const STALE: u32 = 1 << 8;
    pub const FAST: u32 = 1 << 9;
    pub const NO_MULTI: u32 = 1 << 10;
    pub const DENYOOM: u32 = 1 << 11;
    /// Has subcommands (CLIENT, CONFIG, ...): look up `name|sub`.
    pub const CONTAINER: u32 = 1 << 12;
}

/// How a cluster sends a key-less command (the server's request_policy tip).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestPolicy {
    Default,
    AllShards,
    AllNodes,
    MultiShard,
    Special,
}

/// How a cluster combines the replies of a fanned-out command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponsePolicy {
    Default,
    OneSucceeded,
    AllSucceeded,
    AggLogicalAnd,
    AggLogicalOr,
    AggMin,
    AggMax,
    AggSum,
    Special,
}

/// One command or subcommand.
#[derive(Debug)]
pub struct CommandSpec {
    pub name: &'static str,
    pub arity: i32,
    pub flags: u32,
    pub first_key: i32,
    pub last_key: i32,
    pub step: i32,
    pub request: RequestPolicy,
    pub response: ResponsePolicy,
}

impl CommandSpec {
    pub fn is_readonly(&self) -> bool {
        self.flags & flags::READONLY != 0
    }
    pub fn is_write(&self) -> bool {
        self.flags & flags::WRITE != 0
    }
    /// Commands that legitimately hold a reply back (BLPOP, WAIT, ...).
    pub fn is_blocking(&self) -> bool {
        self.flags & flags::BLOCKING != 0 || matches!(self.name, "wait" | "waitaof")
    }
}

/// Looks a command up by its arguments (name, and subcommand for containers):
/// the generated table first, then what servers told the engine about the
/// commands the table lacks (see `learn`).
pub fn lookup(args: &[Bytes]) -> Option<&'static CommandSpec> {
    let name = args.first()?;
    let Some(spec) = find(name, None) else { return learnt(name) };
    if spec.flags & flags::CONTAINER != 0 {
        if let Some(sub) = args.get(1) {
            return find(name, Some(sub)).or(Some(spec));
        }
    }
    Some(spec)
}

/// Commands the generated table lacks (module commands, newer servers'),
/// as the server described them (`COMMAND INFO`), or `None` when it does
/// not know them either. Bounded: a client sending endless made-up names
/// stops being remembered after `LEARNT_MAX`.
static LEARNT: once_cell::sync::Lazy<parking_lot::RwLock<std::collections::HashMap<Vec<u8>, Option<&'static CommandSpec>>>> =
    once_cell::sync::Lazy::new(Default::default);
const LEARNT_MAX: usize = 1024;

/// Fork support (runtime::prepare_fork): LEARNT is process-wide, so it is
/// held across `fork()` and released after it in parent and child alike;
/// the child never inherits it locked by a thread it does not have.
pub(crate) fn lock_for_fork() {
    use parking_lot::lock_api::RawRwLock as _;
    // SAFETY: the raw lock is only locked here and unlocked by
    // `unlock_after_fork`; no guard is made for it.
    unsafe { LEARNT.raw() }.lock_exclusive();
}

/// See `lock_for_fork`.
pub(crate) fn unlock_after_fork() {
    // SAFETY: locked exclusively by `lock_for_fork` on this thread.
    unsafe { LEARNT.force_unlock_write() };
}

fn learnt(name: &[u8]) -> Option<&'static CommandSpec> {
    let key = name.to_ascii_lowercase();
    LEARNT.read().get(&key).copied().flatten()
}

/// Whether the engine should ask a server about this command once: neither
/// the table nor an earlier answer knows it.
pub fn unknown(args: &[Bytes]) -> bool {
    let Some(name) = args.first() else { return false };
    if find(name, None).is_some() {
        return false;
    }
    let key = name.to_ascii_lowercase();
    let learnt = LEARNT.read();
    !learnt.contains_key(&key) && learnt.len() < LEARNT_MAX
}

/// Remembers what a server's `COMMAND INFO <name>` said: its arity, flags,
/// key positions and cluster tips, so the command routes by key, reads
/// from replicas when read-only, and invalidates the client-side cache.
pub fn learn(name: &[u8], info: &crate::protocol::Value) {
    use crate::protocol::Value;
    let key = name.to_ascii_lowercase();
    let entry = info.as_slice().and_then(|v| v.first()).and_then(|e| e.as_slice());
    let spec = entry.and_then(|e| {
        let int = |i: usize| e.get(i).and_then(Value::as_int);
        let mut flags_bits = 0;
        for f in e.get(2).and_then(Value::as_slice).unwrap_or(&[]) {
            flags_bits |= match f.as_str().unwrap_or("").replace('-', "_").as_str() {
                "readonly" => flags::READONLY,
                "write" => flags::WRITE,
                "blocking" => flags::BLOCKING,
                "movablekeys" => flags::MOVABLEKEYS,
                "pubsub" => flags::PUBSUB,
                "admin" => flags::ADMIN,
                "noscript" => flags::NOSCRIPT,
                "loading" => flags::LOADING,
                "stale" => flags::STALE,
                "fast" => flags::FAST,
                "no_multi" => flags::NO_MULTI,
                "denyoom" => flags::DENYOOM,
                _ => 0,
            };
        }
        let (mut request, mut response) = (RequestPolicy::Default, ResponsePolicy::Default);
        for tip in e.get(7).and_then(Value::as_slice).unwrap_or(&[]) {
            match tip.as_str().unwrap_or("") {
                "request_policy:all_shards" => request = RequestPolicy::AllShards,
                "request_policy:all_nodes" => request = RequestPolicy::AllNodes,
                "request_policy:multi_shard" => request = RequestPolicy::MultiShard,
                "request_policy:special" => request = RequestPolicy::Special,
                "response_policy:one_succeeded" => response = ResponsePolicy::OneSucceeded,
                "response_policy:all_succeeded" => response = ResponsePolicy::AllSucceeded,
                "response_policy:agg_logical_and" => response = ResponsePolicy::AggLogicalAnd,
                "response_policy:agg_logical_or" => response = ResponsePolicy::AggLogicalOr,
                "response_policy:agg_min" => response = ResponsePolicy::AggMin,
                "response_policy:agg_max" => response = ResponsePolicy::AggMax,
                "response_policy:agg_sum" => response = ResponsePolicy::AggSum,
                "response_policy:special" => response = ResponsePolicy::Special,
                _ => {}
            }
        }
        if flags_bits & flags::BLOCKING != 0 {
            LEARNT_BLOCKING.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        let name: &'static str = Box::leak(String::from_utf8_lossy(&key).into_owned().into_boxed_str());
        let spec = CommandSpec {
            name,
            arity: int(1)? as i32,
            flags: flags_bits,
            first_key: int(3).unwrap_or(0) as i32,
            last_key: int(4).unwrap_or(0) as i32,
            step: int(5).unwrap_or(0) as i32,
            request,
            response,
        };
        Some(&*Box::leak(Box::new(spec)))
    });
    let mut learnt = LEARNT.write();
    if learnt.len() < LEARNT_MAX {
        learnt.entry(key).or_insert(spec);
    }
}

/// Whether any command learnt from a server blocks (then `may_block` must
/// look every name up).
static LEARNT_BLOCKING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `blocks`, from the arguments alone, cheaply for the common case: every
/// blocking command of the generated table starts with B, W or X, so other
/// names are looked up only once a server taught the engine a blocking
/// command of its own.
pub fn may_block(args: &[Bytes]) -> bool {
    args.first().is_some_and(|name| may_block_name(name)) && blocks(args, lookup(args))
}

/// The cheap first half of `may_block`: false means the command named
/// `name` cannot block, without a look-up (for shims that have only the
/// name in hand yet).
pub fn may_block_name(name: &[u8]) -> bool {
    matches!(name.first().map(u8::to_ascii_uppercase), Some(b'B' | b'W' | b'X'))
        || LEARNT_BLOCKING.load(std::sync::atomic::Ordering::Relaxed)
}

/// Whether the command can hold its connection waiting on the server (and
/// so needs a dedicated connection): BLPOP and the other B* commands, WAIT,
/// WAITAOF, anything the table flags as blocking; XREAD and XREADGROUP only
/// with BLOCK.
pub fn blocks(args: &[Bytes], spec: Option<&CommandSpec>) -> bool {
    let Some(spec) = spec else { return false };
    if !spec.is_blocking() {
        return false;
    }
    match spec.name {
        "xread" | "xreadgroup" => stream_block_ms(args).is_some(),
        _ => true,
    }
}

/// How long a blocking command may wait on the server, read from its own
/// arguments: `Some(ZERO)` means forever; `None` when the command has no
/// timeout argument the engine knows (or it is malformed: the server will
/// say so).
pub fn blocking_timeout(args: &[Bytes], spec: Option<&CommandSpec>) -> Option<std::time::Duration> {
    let secs = |arg: Option<&Bytes>| {
        let v: f64 = std::str::from_utf8(arg?).ok()?.trim().parse().ok()?;
        (v.is_finite() && v >= 0.0).then(|| std::time::Duration::from_secs_f64(v))
    };
    let millis = |arg: Option<&Bytes>| {
        let v: u64 = std::str::from_utf8(arg?).ok()?.trim().parse().ok()?;
        Some(std::time::Duration::from_millis(v))
    };
    match spec?.name {
        "blpop" | "brpop" | "bzpopmin" | "bzpopmax" | "brpoplpush" | "blmove" => secs(args.last()),
        "blmpop" | "bzmpop" => secs(args.get(1)),
        "xread" | "xreadgroup" => millis(stream_block_ms(args)),
        "wait" => millis(args.get(2)),
        "waitaof" => millis(args.get(3)),
        _ => None,
    }
}

/// The argument after BLOCK in XREAD / XREADGROUP (before STREAMS).
fn stream_block_ms(args: &[Bytes]) -> Option<&Bytes> {
    let options = args.iter().skip(1).take_while(|a| !a.eq_ignore_ascii_case(b"STREAMS"));
    let mut options = options.peekable();
    while let Some(a) = options.next() {
        if a.eq_ignore_ascii_case(b"BLOCK") {
            return options.next();
        }
    }
    None
}

fn find(name: &[u8], sub: Option<&[u8]>) -> Option<&'static CommandSpec> {
    let mut key = [0u8; 64];
    let total = name.len() + sub.map_or(0, |s| s.len() + 1);
    if total > key.len() {
        return None;
    }
    key[..name.len()].copy_from_slice(name);
    if let Some(sub) = sub {
        key[name.len()] = b'|';
        key[name.len() + 1..total].copy_from_slice(sub);
    }
    let key = &mut key[..total];
    key.make_ascii_lowercase();
    data::COMMANDS
        .binary_search_by(|spec| spec.name.as_bytes().cmp(key))
        .ok()
        .map(|i| &data::COMMANDS[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(parts: &[&'static str]) -> Vec<Bytes> {
        parts.iter().map(|p| Bytes::from_static(p.as_bytes())).collect()
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(data::COMMANDS.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn finds_commands_and_subcommands() {
        assert!(lookup(&args(&["get", "k"])).expect("get").is_readonly());
        assert!(lookup(&args(&["SET", "k", "v"])).expect("set").is_write());
        assert!(lookup(&args(&["BLPOP", "k", "0"])).expect("blpop").is_blocking());
        assert_eq!(lookup(&args(&["client", "SETNAME", "x"])).expect("client").name, "client|setname");
        assert_eq!(lookup(&args(&["dbsize"])).expect("dbsize").response, ResponsePolicy::AggSum);
        assert!(lookup(&args(&["nosuchcommand"])).is_none());
    }

    #[test]
    fn commands_the_table_lacks_are_learnt_from_command_info() {
        use crate::protocol::Value;
        let bulk = |s: &str| Value::BulkString(Bytes::from(s.to_string()));
        let name = "haven.test.mget";
        let a = args(&["HAVEN.TEST.MGET", "k1", "k2"]);
        assert!(lookup(&a).is_none());
        assert!(unknown(&a));
        let info = Value::Array(vec![Value::Array(vec![
            bulk(name),
            Value::Integer(-2),
            Value::Set(vec![Value::SimpleString("readonly".into()), Value::SimpleString("fast".into())]),
            Value::Integer(1),
            Value::Integer(-1),
            Value::Integer(1),
            Value::Array(vec![]),
            Value::Array(vec![bulk("request_policy:multi_shard")]),
        ])]);
        learn(b"HAVEN.TEST.MGET", &info);
        let spec = lookup(&a).expect("learnt");
        assert!(spec.is_readonly() && !spec.is_write());
        assert_eq!((spec.first_key, spec.last_key, spec.step), (1, -1, 1));
        assert_eq!(spec.request, RequestPolicy::MultiShard);
        assert!(!unknown(&a));
        // A server that does not know it either: asked once, remembered as unknown.
        let b = args(&["haven.test.nothing"]);
        learn(b"haven.test.nothing", &Value::Array(vec![Value::Nil]));
        assert!(lookup(&b).is_none() && !unknown(&b));
    }

    #[test]
    fn blocking_commands_and_their_server_timeouts() {
        use std::time::Duration;
        let check = |parts: &[&'static str]| {
            let a = args(parts);
            let spec = lookup(&a);
            (blocks(&a, spec), blocking_timeout(&a, spec))
        };
        assert_eq!(check(&["BLPOP", "a", "b", "1.5"]), (true, Some(Duration::from_millis(1500))));
        assert_eq!(check(&["blmpop", "0", "1", "q", "LEFT"]), (true, Some(Duration::ZERO)));
        assert_eq!(check(&["BLMOVE", "a", "b", "LEFT", "RIGHT", "2"]), (true, Some(Duration::from_secs(2))));
        assert_eq!(check(&["XREAD", "COUNT", "1", "BLOCK", "250", "STREAMS", "s", "$"]), (true, Some(Duration::from_millis(250))));
        assert_eq!(check(&["XREADGROUP", "GROUP", "g", "c", "STREAMS", "BLOCK", ">"]), (false, None));
        assert_eq!(check(&["WAIT", "1", "100"]), (true, Some(Duration::from_millis(100))));
        assert_eq!(check(&["GET", "k"]), (false, None));
        assert_eq!(check(&["BLPOP", "q", "soon"]), (true, None));
        assert!(may_block(&args(&["blpop", "q", "0"])) && may_block(&args(&["WAIT", "1", "0"])));
        assert!(!may_block(&args(&["GET", "k"])) && !may_block(&args(&["XADD", "s", "*", "f", "v"])));
    }
}
