//! The client-side cache's settings, validated from `proto::ClientCache`
//! with errors that name the field.

use std::collections::HashSet;
use std::time::Duration;

use bytes::Bytes;

use crate::command_table;
use crate::defaults;
use crate::error::{Error, Result};
use crate::proto;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheMode {
    /// The server tracks only the reads haven caches (CLIENT CACHING YES).
    OptIn,
    /// The server reports every change of keys under the prefixes.
    Broadcast,
}

#[derive(Clone, Debug)]
pub struct CacheSettings {
    pub max_entries: usize,
    pub max_bytes: usize,
    pub ttl: Duration,
    pub mode: CacheMode,
    pub prefixes: Vec<Bytes>,
    /// Lower-case command names cached without being asked per request.
    pub commands: HashSet<&'static str>,
    pub serve_stale: Option<Duration>,
}

fn positive(field: &str, value: Option<i64>, default: i64) -> Result<i64> {
    match value {
        None => Ok(default),
        Some(v) if v > 0 => Ok(v),
        Some(v) => Err(Error::config(format!("cache.{field}: must be > 0, got {v}"))),
    }
}

impl CacheSettings {
    pub fn from_proto(c: &proto::ClientCache) -> Result<Self> {
        let mode = if c.mode.is_empty() { defaults::CACHE_MODE } else { c.mode.as_str() };
        let mode = match mode.to_ascii_lowercase().as_str() {
            "optin" => CacheMode::OptIn,
            "bcast" | "broadcast" => CacheMode::Broadcast,
            other => return Err(Error::config(format!("cache.mode: {other:?} (expected \"optin\" or \"bcast\")"))),
        };
        if mode == CacheMode::OptIn && !c.prefixes.is_empty() {
            return Err(Error::config("cache.prefixes: only with mode \"bcast\""));
        }
        let mut commands = HashSet::new();
        for (i, name) in c.commands.iter().enumerate() {
            let spec = command_table::lookup(&[Bytes::copy_from_slice(name.as_bytes())])
                .ok_or_else(|| Error::config(format!("cache.commands[{i}]: {name:?} is not a known command")))?;
            if !spec.is_readonly() || spec.is_blocking() {
                return Err(Error::config(format!("cache.commands[{i}]: {name:?} is not a read-only command")));
            }
            commands.insert(spec.name);
        }
        let serve_stale = match c.serve_stale_ms.unwrap_or(defaults::CACHE_SERVE_STALE_MS) {
            0 => None,
            ms if ms > 0 => Some(Duration::from_millis(ms as u64)),
            ms => return Err(Error::config(format!("cache.serve_stale_ms: must be >= 0, got {ms}"))),
        };
        Ok(CacheSettings {
            max_entries: positive("max_entries", c.max_entries, defaults::CACHE_MAX_ENTRIES)? as usize,
            max_bytes: positive("max_bytes", c.max_bytes, defaults::CACHE_MAX_BYTES)? as usize,
            ttl: Duration::from_millis(positive("ttl_ms", c.ttl_ms, defaults::CACHE_TTL_MS)? as u64),
            mode,
            prefixes: c.prefixes.to_vec(),
            commands,
            serve_stale,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_settings_name_the_field() {
        let bad = |c: proto::ClientCache| CacheSettings::from_proto(&c).expect_err("bad").to_string();
        assert!(bad(proto::ClientCache { max_entries: Some(0), ..Default::default() }).contains("cache.max_entries"));
        assert!(bad(proto::ClientCache { mode: "sometimes".into(), ..Default::default() }).contains("cache.mode"));
        assert!(bad(proto::ClientCache { commands: vec!["SET".into()], ..Default::default() })
            .contains("cache.commands[0]: \"SET\" is not a read-only"));
        assert!(bad(proto::ClientCache { commands: vec!["NOPE".into()], ..Default::default() }).contains("not a known"));
        assert!(bad(proto::ClientCache { prefixes: vec![Bytes::from_static(b"a:")], ..Default::default() })
            .contains("cache.prefixes"));
        let ok = CacheSettings::from_proto(&proto::ClientCache { commands: vec!["get".into()], ..Default::default() })
            .expect("ok");
        assert!(ok.commands.contains("get"));
        assert_eq!((ok.max_entries, ok.ttl, ok.mode), (10_000, Duration::from_secs(60), CacheMode::OptIn));
    }
}
