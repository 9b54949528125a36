//! Multi-key commands whose keys span slots: MGET, MSET, DEL, UNLINK,
//! EXISTS and TOUCH are split into one command per slot, sent as one
//! pipeline per node, all nodes in parallel (redirected parts are sent
//! again on their own), and put back together in argument order:
//! MGET's values in key order, the counts of DEL/UNLINK/EXISTS/TOUCH summed,
//! MSET's OK once every part said OK. Such a split is not atomic: a part
//! that fails leaves the others applied, and the error says so.

use std::collections::HashMap;
use std::sync::Arc;

use bytes::Bytes;
use tokio::time::Instant;

use super::Inner;
use crate::deployment::{BoxFuture, Route};
use crate::engine::convert::key_slot;
use crate::error::{Error, Result};
use crate::protocol::{Cmd, Value};

/// How the parts' replies combine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Merge {
    /// MGET: one value per key, in key order.
    Values,
    /// DEL, UNLINK, EXISTS, TOUCH: the sum of the counts.
    Sum,
    /// MSET: key-value pairs; OK when every part is OK.
    Pairs,
}

/// The commands split across slots, by their command-table name.
pub(super) fn splittable(name: &str) -> Option<Merge> {
    match name {
        "mget" => Some(Merge::Values),
        "del" | "unlink" | "exists" | "touch" => Some(Merge::Sum),
        "mset" => Some(Merge::Pairs),
        _ => None,
    }
}

/// One part: the sub-command for one slot and where its keys came from.
struct Part {
    slot: u16,
    args: Vec<Bytes>,
    /// Index of each of its keys among the original command's keys.
    keys: Vec<usize>,
}

fn split(cmd: &Cmd, merge: Merge) -> Vec<Part> {
    let args = cmd.args();
    let name = args[0].clone();
    let width = if merge == Merge::Pairs { 2 } else { 1 };
    let mut parts: Vec<Part> = Vec::new();
    let mut by_slot: HashMap<u16, usize> = HashMap::new();
    for (k, item) in args[1..].chunks(width).enumerate() {
        let slot = key_slot(&item[0]);
        let index = *by_slot.entry(slot).or_insert_with(|| {
            parts.push(Part { slot, args: vec![name.clone()], keys: Vec::new() });
            parts.len() - 1
        });
        parts[index].args.extend_from_slice(item);
        parts[index].keys.push(k);
    }
    parts
}

impl Inner {
    /// Runs a splittable multi-key command whose keys span slots. (Boxed:
    /// the pipeline it uses may run single commands, which may split again.)
    pub(super) fn run_multikey<'a>(
        self: &'a Arc<Self>,
        cmd: &'a Cmd,
        merge: Merge,
        read: bool,
        deadline: Instant,
    ) -> BoxFuture<'a, Result<Value>> {
        Box::pin(self.multikey(cmd, merge, read, deadline))
    }

    async fn multikey(self: &Arc<Self>, cmd: &Cmd, merge: Merge, read: bool, deadline: Instant) -> Result<Value> {
        let what = cmd.name_upper();
        if merge == Merge::Pairs && !(cmd.args().len() - 1).is_multiple_of(2) {
            return Err(Error::response(format!("ERR wrong number of arguments for '{}' command", what.to_lowercase())));
        }
        let parts = split(cmd, merge);
        let total_keys: usize = parts.iter().map(|p| p.keys.len()).sum();
        let mut layout = Vec::with_capacity(parts.len());
        let mut cmds = Vec::with_capacity(parts.len());
        for part in parts {
            layout.push((part.slot, part.keys));
            cmds.push(Cmd::from_args(part.args));
        }
        let route = if read { Route::Auto } else { Route::Primary };
        let replies = match self.run_pipeline(&cmds, &route, deadline).await {
            Ok(Value::Array(replies)) if replies.len() == layout.len() => replies,
            Ok(other) => return Err(Error::connection(format!("{what}: unexpected reply shape {other:?}"))),
            Err(e) => return Err(Error::new(e.kind(), format!("{what} (split per slot): {}", e.message()))),
        };
        let parts_total = layout.len();
        let fail = |slot: u16, e: Error| -> Error {
            let partial = if merge == Merge::Values || parts_total < 2 {
                String::new()
            } else {
                " (the command was split per slot; parts for other slots may have been applied)".to_string()
            };
            Error::new(e.kind(), format!("{what} (keys in slot {slot}): {}{partial}", e.message()))
        };
        let mut values = vec![Value::Nil; if merge == Merge::Values { total_keys } else { 0 }];
        let mut sum = 0i64;
        for ((slot, keys), reply) in layout.into_iter().zip(replies) {
            let value = reply.into_result().map_err(|e| fail(slot, e))?;
            match merge {
                Merge::Values => {
                    let items = match value {
                        Value::Array(items) if items.len() == keys.len() => items,
                        other => return Err(fail(slot, Error::response(format!("unexpected reply {other:?}")))),
                    };
                    for (k, v) in keys.into_iter().zip(items) {
                        values[k] = v;
                    }
                }
                Merge::Sum => match value.as_int() {
                    Some(n) => sum += n,
                    None => return Err(fail(slot, Error::response(format!("unexpected reply {value:?}")))),
                },
                Merge::Pairs if value.is_ok() => {}
                Merge::Pairs => return Err(fail(slot, Error::response(format!("unexpected reply {value:?}")))),
            }
        }
        Ok(match merge {
            Merge::Values => Value::Array(values),
            Merge::Sum => Value::Integer(sum),
            Merge::Pairs => Value::SimpleString(Bytes::from_static(b"OK")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(parts: &[&str]) -> Cmd {
        parts.iter().map(|p| Bytes::from(p.to_string())).collect()
    }

    #[test]
    fn splits_per_slot_in_order() {
        let parts = split(&cmd(&["MSET", "{a}1", "x", "{b}1", "y", "{a}2", "z"]), Merge::Pairs);
        assert_eq!(parts.len(), 2);
        assert_eq!(Cmd::from_args(parts[0].args.clone()), cmd(&["MSET", "{a}1", "x", "{a}2", "z"]));
        assert_eq!(parts[0].keys, vec![0, 2]);
        assert_eq!(Cmd::from_args(parts[1].args.clone()), cmd(&["MSET", "{b}1", "y"]));
        assert_eq!(parts[1].keys, vec![1]);
        let parts = split(&cmd(&["DEL", "{a}1", "{b}1", "{a}2"]), Merge::Sum);
        assert_eq!(Cmd::from_args(parts[0].args.clone()), cmd(&["DEL", "{a}1", "{a}2"]));
        assert_eq!(parts[0].slot, key_slot(b"a"));
    }
}
