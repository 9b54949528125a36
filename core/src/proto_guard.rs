//! A non-recursive check of protobuf bytes from outside (the shims'
//! CommandRequest and ClientConfig) before prost decodes them. prost decodes
//! nested messages and skips unknown groups by recursion, and the workspace
//! turns its recursion limit off (engine replies nest deeper than its 100),
//! so a message nested 100,000 levels deep, a few hundred KB, would overflow
//! the decoding thread's stack: a crash, not an error. This walks the wire
//! format with an explicit stack along the message-typed fields of
//! haven.proto and refuses nesting past what any valid input needs.
//! Malformed input is left to prost to name.
//!
//! Keep `children` in step with proto/haven.proto: a message-typed field
//! missing there is not walked (its unknown groups go unchecked).

use crate::error::{Error, Result};

/// Nested unknown groups refused beyond this (prost's own default limit).
pub const MAX_GROUP_DEPTH: usize = 100;
/// ClientConfigs nested through multi_endpoint.endpoints.config (a valid
/// configuration needs 2).
pub const MAX_CONFIG_NESTING: usize = 8;

/// The messages of haven.proto that come from outside, and those inside them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    CommandRequest,
    Command,
    Batch,
    Route,
    ClientConfig,
    MapEntry,
    ConnectionSettings,
    ClientCache,
    Deployment,
    SentinelDeployment,
    ClusterDeployment,
    MultiEndpoint,
    Endpoint,
    Leaf,
}

/// The message type of a length-delimited field, when it is a message.
fn children(kind: Kind, field: u64) -> Option<Kind> {
    use Kind::*;
    Some(match (kind, field) {
        (CommandRequest, 2) => Command,
        (CommandRequest, 3) => Batch,
        (CommandRequest, 4) => Route,
        (Batch, 1) => Command,
        (ClientConfig, 1) => Deployment,
        (ClientConfig, 2) => ClusterDeployment,
        (ClientConfig, 3) => SentinelDeployment,
        (ClientConfig, 4) => MultiEndpoint,
        (ClientConfig, 13) => MapEntry,
        (ClientConfig, 16) => ConnectionSettings,
        (ClientConfig, 17) => ClientCache,
        (ConnectionSettings, 2 | 3 | 4) => Leaf,
        (ClusterDeployment, 3) => MapEntry,
        (SentinelDeployment, 3 | 4) => Leaf,
        (MultiEndpoint, 1) => Endpoint,
        (MultiEndpoint, 2 | 3) => Leaf,
        (Endpoint, 3) => ClientConfig,
        (Endpoint, 4) => Leaf,
        _ => return None,
    })
}

/// Refuses `bytes` as a `kind` message if it nests unknown groups deeper
/// than `MAX_GROUP_DEPTH` or ClientConfigs deeper than `MAX_CONFIG_NESTING`.
///
/// Walks the bytes once, front to back, as prost does: a nested message is
/// decoded from the whole remaining input and only checked against its
/// declared length when it ends, so a field inside may run past its
/// parent's end (and nest deeper) before prost notices. The walk follows
/// prost, not the declared lengths.
pub fn check(bytes: &[u8], kind: Kind) -> Result<()> {
    let what = match kind {
        Kind::ClientConfig => "config: ClientConfig",
        Kind::Endpoint => "endpoint: Endpoint",
        _ => "request: CommandRequest",
    };
    #[derive(Clone, Copy)]
    struct Open {
        kind: Kind,
        /// Where the message ends (an offset in `bytes`).
        end: usize,
        /// ClientConfigs open, this one included.
        configs: usize,
        /// Unknown groups open in this message.
        groups: usize,
    }
    // On the stack, not the heap (this runs on every request): messages
    // nest at most 3 levels per ClientConfig (ClientConfig, MultiEndpoint,
    // Endpoint) plus a leaf, and ClientConfigs at most MAX_CONFIG_NESTING.
    const MAX_OPEN: usize = 3 * MAX_CONFIG_NESTING + 4;
    let mut stack = [Open { kind, end: bytes.len(), configs: 1, groups: 0 }; MAX_OPEN];
    let mut depth = 1;
    let mut buf = bytes;
    loop {
        let pos = bytes.len() - buf.len();
        if depth == 0 {
            return Ok(());
        }
        let top = &mut stack[depth - 1];
        if top.groups == 0 && pos >= top.end {
            if pos > top.end {
                return Ok(()); // prost: delimited length exceeded
            }
            depth -= 1;
            continue;
        }
        let Some(key) = read_varint(&mut buf) else { return Ok(()) };
        let field = key >> 3;
        match key & 7 {
            0 => {
                if read_varint(&mut buf).is_none() {
                    return Ok(());
                }
            }
            1 if buf.len() >= 8 => buf = &buf[8..],
            5 if buf.len() >= 4 => buf = &buf[4..],
            2 => {
                let Some(len) = read_varint(&mut buf) else { return Ok(()) };
                if len > buf.len() as u64 {
                    return Ok(()); // prost: buffer underflow
                }
                let len = len as usize;
                let child = if top.groups > 0 { None } else { children(top.kind, field) };
                match child {
                    // Skipped whole (bytes, strings, packed scalars, fields
                    // inside a group).
                    None => buf = &buf[len..],
                    Some(child) => {
                        let configs = top.configs + usize::from(child == Kind::ClientConfig);
                        if configs > MAX_CONFIG_NESTING {
                            return Err(Error::config(format!(
                                "{what} messages nest deeper than {MAX_CONFIG_NESTING} levels (multi_endpoint.endpoints.config); refused"
                            )));
                        }
                        if depth == MAX_OPEN {
                            return Err(Error::config(format!(
                                "{what} messages nest deeper than {MAX_OPEN} levels; refused"
                            )));
                        }
                        let end = bytes.len() - buf.len() + len;
                        stack[depth] = Open { kind: child, end, configs, groups: 0 };
                        depth += 1;
                    }
                }
            }
            3 => {
                top.groups += 1;
                if top.groups > MAX_GROUP_DEPTH {
                    return Err(Error::config(format!(
                        "{what}: unknown groups nest deeper than {MAX_GROUP_DEPTH} levels; refused"
                    )));
                }
            }
            4 if top.groups > 0 => top.groups -= 1,
            _ => return Ok(()),
        }
    }
}

fn read_varint(buf: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for i in 0..10 {
        let (&b, rest) = buf.split_first()?;
        *buf = rest;
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_groups_are_refused_shallow_ones_pass() {
        let deep: Vec<u8> = [0xa3u8, 0x06].repeat(100_000);
        let err = check(&deep, Kind::CommandRequest).expect_err("too deep");
        assert!(err.message().contains("groups nest deeper"), "{err}");
        let mut ok: Vec<u8> = [0xa3u8, 0x06].repeat(50);
        ok.extend([0xa4u8, 0x06].repeat(50));
        check(&ok, Kind::CommandRequest).expect("50 levels are prost's business");
    }
}
