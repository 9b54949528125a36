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
//! `children` names the message-typed fields by the keys generated from
//! proto/haven.proto (a renamed or removed field does not compile); a test
//! walks the contract's descriptors and fails on a message-typed field
//! `children` does not walk.

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

/// The message type of a length-delimited field (by its wire key), when it
/// is a message. The keys are generated from the contract (`proto::keys`).
fn children(kind: Kind, key: u64) -> Option<Kind> {
    use crate::proto::keys::{
        batch, client_config as config, cluster_deployment as cluster, command_request as request,
        connection_settings as connection, endpoint, multi_endpoint_deployment as multi,
        sentinel_deployment as sentinel,
    };
    use Kind::*;
    Some(match (kind, key) {
        (CommandRequest, request::COMMAND) => Command,
        (CommandRequest, request::BATCH) => Batch,
        (CommandRequest, request::ROUTE) => Route,
        (Batch, batch::COMMANDS) => Command,
        (ClientConfig, config::STANDALONE) => Deployment,
        (ClientConfig, config::CLUSTER) => ClusterDeployment,
        (ClientConfig, config::SENTINEL) => SentinelDeployment,
        (ClientConfig, config::MULTI_ENDPOINT) => MultiEndpoint,
        (ClientConfig, config::NODE_AZ) => MapEntry,
        (ClientConfig, config::CONNECTION) => ConnectionSettings,
        (ClientConfig, config::CACHE) => ClientCache,
        (ConnectionSettings, connection::RECONNECT | connection::CREDENTIALS | connection::TLS) => Leaf,
        (ClusterDeployment, cluster::ADDRESS_MAP) => MapEntry,
        (SentinelDeployment, sentinel::SENTINEL_CREDENTIALS | sentinel::SENTINEL_TLS) => Leaf,
        (MultiEndpoint, multi::ENDPOINTS) => Endpoint,
        (MultiEndpoint, multi::CIRCUIT_BREAKER | multi::HEALTH_CHECK) => Leaf,
        (Endpoint, endpoint::CONFIG) => ClientConfig,
        (Endpoint, endpoint::HEALTH_CHECK) => Leaf,
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
                let child = if top.groups > 0 { None } else { children(top.kind, key) };
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

    /// Every message-typed field of the messages that come from outside is
    /// walked as its type, by the contract itself (the descriptor set the
    /// build compiled): a field added to haven.proto but not to `children`
    /// fails here.
    #[test]
    fn every_message_field_of_the_contract_is_walked() {
        use prost::Message;
        use prost_types::field_descriptor_proto::Type;
        use prost_types::{DescriptorProto, FileDescriptorSet};
        let bin = include_bytes!(concat!(env!("OUT_DIR"), "/haven.descriptors.bin"));
        let set = FileDescriptorSet::decode(bin.as_slice()).expect("the build's descriptor set");
        let messages: Vec<&DescriptorProto> = set.file.iter().flat_map(|f| &f.message_type).collect();
        let find = |name: &str| -> &DescriptorProto {
            let short = name.rsplit('.').next().unwrap_or(name);
            messages.iter().find(|m| m.name() == short).copied().unwrap_or_else(|| panic!("no message {name}"))
        };
        let kind_of = |name: &str| -> Option<Kind> {
            Some(match name {
                "CommandRequest" => Kind::CommandRequest,
                "Command" => Kind::Command,
                "Batch" => Kind::Batch,
                "Route" => Kind::Route,
                "ClientConfig" => Kind::ClientConfig,
                "ConnectionSettings" => Kind::ConnectionSettings,
                "ClientCache" => Kind::ClientCache,
                "StandaloneDeployment" => Kind::Deployment,
                "SentinelDeployment" => Kind::SentinelDeployment,
                "ClusterDeployment" => Kind::ClusterDeployment,
                "MultiEndpointDeployment" => Kind::MultiEndpoint,
                "Endpoint" => Kind::Endpoint,
                _ => return None,
            })
        };
        let mut walked = 0;
        for root in ["CommandRequest", "ClientConfig"] {
            let mut todo = vec![root.to_string()];
            let mut seen = std::collections::HashSet::new();
            while let Some(name) = todo.pop() {
                if !seen.insert(name.clone()) {
                    continue;
                }
                let message = find(&name);
                let kind = kind_of(message.name()).unwrap_or_else(|| panic!("{name} has no Kind"));
                for field in message.field.iter().filter(|f| f.r#type() == Type::Message) {
                    let key = (u64::from(field.number() as u32) << 3) | 2;
                    let type_name = field.type_name().rsplit('.').next().unwrap_or_default();
                    let nested_map = message.nested_type.iter().any(|n| {
                        n.name() == type_name && n.options.as_ref().and_then(|o| o.map_entry).unwrap_or(false)
                    });
                    let expected = if nested_map {
                        Kind::MapEntry
                    } else if let Some(k) = kind_of(type_name) {
                        todo.push(type_name.to_string());
                        k
                    } else {
                        let leaf = find(type_name);
                        assert!(
                            leaf.field.iter().all(|f| f.r#type() != Type::Message),
                            "{type_name} (field {}.{}) has message fields: give it a Kind",
                            message.name(),
                            field.name()
                        );
                        Kind::Leaf
                    };
                    assert_eq!(children(kind, key), Some(expected), "{}.{}", message.name(), field.name());
                    walked += 1;
                }
            }
        }
        assert!(walked >= 18, "{walked} message fields walked");
    }
}
