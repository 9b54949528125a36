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

/// Looks a command up by its arguments (name, and subcommand for containers).
pub fn lookup(args: &[Bytes]) -> Option<&'static CommandSpec> {
    let name = args.first()?;
    let spec = find(name, None)?;
    if spec.flags & flags::CONTAINER != 0 {
        if let Some(sub) = args.get(1) {
            return find(name, Some(sub)).or(Some(spec));
        }
    }
    Some(spec)
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
}
