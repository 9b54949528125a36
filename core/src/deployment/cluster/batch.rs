//! Batches on a cluster. Pipelined (not atomic): each command goes with the
//! others bound for the same node in one write per node, all nodes in
//! parallel; replies are put back in command order, and commands the
//! cluster redirected (MOVED, ASK, TRYAGAIN, ...) are sent again one by one
//! in their original order. A command that needs its own path (a multi-key
//! command split over slots, a fan-out) is a barrier between the commands
//! before and after it, so per key the batch's order always holds. A transaction (atomic) runs MULTI ... EXEC on
//! the primary of its one slot; when the cluster refuses it at queue time
//! (MOVED/ASK make EXEC abort, so nothing ran) it is retried whole on the
//! new owner, within max_redirects and the deadline.

use std::sync::Arc;

use tokio::task::JoinSet;
use tokio::time::Instant;

use super::redirects::{self, backoff, send_asking_many, transient_error, Hops, Redirect, Target};
use super::routing::{cross_slot, plan, Plan};
use super::Inner;
use crate::command_table::RequestPolicy;
use crate::config::NodeAddress;
use crate::connection::NodeConnection;
use crate::deployment::replica_set::exec_reply;
use crate::deployment::Route;
use crate::error::{Error, Result};
use crate::protocol::{Cmd, Value};
use crate::request::{classify, may_retry, Classified};

/// Where one command of a pipeline goes.
enum Place {
    /// With the other commands for this node.
    Node(NodeConnection, bool),
    /// Through the whole single-command path (fan-out, split multi-key).
    Alone,
    /// Already answered (a cross-slot command that cannot be split).
    Done(Value),
}

impl Inner {
    pub(super) async fn run_batch(
        self: &Arc<Self>,
        cmds: &[Cmd],
        atomic: bool,
        route: &Route,
        deadline: Instant,
    ) -> Result<Value> {
        if cmds.is_empty() {
            return Err(Error::config("batch: no commands"));
        }
        if let Some(i) = cmds.iter().position(|c| c.is_empty()) {
            return Err(Error::config(format!("batch.commands[{i}]: empty command")));
        }
        if matches!(route, Route::AllNodes | Route::AllPrimaries) {
            return Err(Error::config(
                "route: a batch goes to one node per command; all_nodes / all_primaries routes are for single commands",
            ));
        }
        if atomic {
            self.run_transaction(cmds, route, deadline).await
        } else {
            self.run_pipeline(cmds, route, deadline).await
        }
    }

    /// Commands pipelined per node; the replies in command order.
    pub(super) async fn run_pipeline(self: &Arc<Self>, cmds: &[Cmd], route: &Route, deadline: Instant) -> Result<Value> {
        if let Route::Address(a) = route {
            return self.node_by_address(a)?.send_many(cmds, deadline).await;
        }
        let classes: Vec<Classified> = cmds.iter().map(classify).collect();
        let reads = classes.iter().all(|c| c.readonly);
        let plans: Vec<Plan> = cmds.iter().zip(&classes).map(|(cmd, class)| plan(cmd, class.spec)).collect();
        // WAIT and WAITAOF count what the server acknowledged of the writes
        // made on their own connection. When every keyed command of the
        // batch names one slot, they go with those commands to its primary
        // (the whole group then runs on one dedicated connection), so
        // `SET {k}..` then `WAIT 1 100` confirms that write; elsewhere they
        // follow their request policy (all shards).
        let mut slots = plans.iter().filter_map(|p| if let Plan::Slot(s) = p { Some(*s) } else { None });
        let one_slot = slots.next().filter(|&first| slots.all(|s| s == first));
        let topology = self.topology.load_full();
        let mut any_primary: Option<NodeConnection> = None;
        let mut writer: Option<NodeConnection> = None;
        if let (Some(slot), Route::Auto) = (one_slot, route) {
            if plans.iter().all(|p| !matches!(p, Plan::CrossSlot(_))) && cmds.iter().any(acknowledges_writes) {
                writer = Some(self.pick(&topology, slot, false)?.0);
            }
        }
        let mut places = Vec::with_capacity(cmds.len());
        for ((cmd, class), planned) in cmds.iter().zip(&classes).zip(plans) {
            let with_writes = writer.as_ref().filter(|_| acknowledges_writes(cmd));
            let place = match (route, with_writes) {
                (Route::Slot { slot, replica_ok }, _) => {
                    let (conn, primary) = self.pick(&topology, *slot, *replica_ok && reads)?;
                    Place::Node(conn, primary)
                }
                (Route::Random, _) => {
                    let conn = match &any_primary {
                        Some(c) => c.clone(),
                        None => any_primary.insert(self.random_primary(&topology)?).clone(),
                    };
                    Place::Node(conn, true)
                }
                (_, Some(conn)) => Place::Node(conn.clone(), true),
                _ => match planned {
                    Plan::Slot(slot) => {
                        let (conn, primary) = self.pick(&topology, slot, reads && *route == Route::Auto)?;
                        Place::Node(conn, primary)
                    }
                    Plan::Keyless
                        if class.spec.is_some_and(|s| s.request != RequestPolicy::Default && s.request != RequestPolicy::MultiShard) =>
                    {
                        Place::Alone
                    }
                    Plan::Keyless => {
                        let conn = match &any_primary {
                            Some(c) => c.clone(),
                            None => any_primary.insert(self.random_primary(&topology)?).clone(),
                        };
                        Place::Node(conn, true)
                    }
                    Plan::CrossSlot(slots) => match class.spec.and_then(|s| super::multikey::splittable(s.name)) {
                        Some(_) => Place::Alone,
                        None => Place::Done(Value::ServerError(cross_slot(&cmd.name_upper(), &slots).message().to_string().into())),
                    },
                },
            };
            places.push(place);
        }
        drop(topology);

        // Commands that take their own path (a split multi-key command, a
        // fan-out) are barriers: what comes before them in the batch has
        // run when they start, what comes after waits for them.
        let mut results: Vec<Option<Value>> = vec![None; cmds.len()];
        let mut segment: Vec<(usize, NodeConnection, bool)> = Vec::new();
        for (i, place) in places.into_iter().enumerate() {
            match place {
                Place::Done(v) => results[i] = Some(v),
                Place::Node(conn, primary) => segment.push((i, conn, primary)),
                Place::Alone => {
                    let members = std::mem::take(&mut segment);
                    self.run_segment(cmds, &classes, members, route, reads, deadline, &mut results).await?;
                    let route = if *route == Route::Primary { Route::Primary } else { Route::Auto };
                    let reply = self
                        .run(&cmds[i], &route, deadline)
                        .await
                        .map_err(|e| e.context(format!("batch.commands[{i}] {}", cmds[i].name_upper())))?;
                    results[i] = Some(reply);
                }
            }
        }
        self.run_segment(cmds, &classes, segment, route, reads, deadline, &mut results).await?;
        Ok(Value::Array(results.into_iter().map(|r| r.unwrap_or(Value::Nil)).collect()))
    }

    /// Runs commands bound for known nodes: one pipeline per node, all
    /// nodes in parallel, then the redirected ones again one at a time in
    /// their order. Per node (so per key) the batch order holds.
    #[allow(clippy::too_many_arguments)]
    async fn run_segment(
        self: &Arc<Self>,
        cmds: &[Cmd],
        classes: &[Classified],
        members: Vec<(usize, NodeConnection, bool)>,
        route: &Route,
        reads: bool,
        deadline: Instant,
        results: &mut [Option<Value>],
    ) -> Result<()> {
        if members.is_empty() {
            return Ok(());
        }
        // One group per node (and per kind: primary, or replica for reads).
        let mut groups: Vec<(NodeConnection, bool, Vec<usize>)> = Vec::new();
        for (i, conn, primary) in members {
            match groups.iter_mut().find(|(c, p, _)| *p == primary && c.address() == conn.address()) {
                Some((_, _, list)) => list.push(i),
                None => groups.push((conn, primary, vec![i])),
            }
        }
        let mut tasks = JoinSet::new();
        for (g, (conn, _, list)) in groups.iter().enumerate() {
            let conn = conn.clone();
            let batch: Vec<Cmd> = list.iter().map(|&i| cmds[i].clone()).collect();
            tasks.spawn(async move { (g, conn.send_many(&batch, deadline).await) });
        }
        let mut again: Vec<usize> = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            let (g, outcome) = joined.map_err(|e| Error::connection(format!("batch: a task failed: {e}")))?;
            let (conn, _, list) = &groups[g];
            match outcome {
                Ok(Value::Array(replies)) if replies.len() == list.len() => {
                    for (&i, reply) in list.iter().zip(replies) {
                        match redirects::parse(&reply) {
                            Some(Redirect::Moved { slot, to }) => {
                                if let Some(addr) = self.redirect_address(&to, conn.address()) {
                                    self.apply_moved(slot, &addr);
                                }
                                self.refresh.request();
                                again.push(i);
                            }
                            Some(_) => again.push(i),
                            None => results[i] = Some(reply),
                        }
                    }
                }
                Ok(other) => {
                    return Err(Error::connection(format!("batch: unexpected reply shape from {}: {other:?}", conn.address())))
                }
                Err(e) => {
                    self.refresh.request();
                    if list.iter().all(|&i| may_retry(classes[i].retry, &e)) && Instant::now() < deadline {
                        again.extend(list.iter().copied());
                    } else {
                        let mut shown: Vec<String> = list.iter().take(8).map(|i| i.to_string()).collect();
                        if list.len() > 8 {
                            shown.push(format!("and {} more", list.len() - 8));
                        }
                        return Err(e.context(format!(
                            "batch: commands [{}] on {} (commands for other nodes may have run)",
                            shown.join(", "),
                            conn.address()
                        )));
                    }
                }
            }
        }
        again.sort_unstable();
        for i in again {
            let target = match route {
                Route::Slot { slot, replica_ok } => Target::Slot { slot: *slot, read: *replica_ok && reads },
                _ => match plan(&cmds[i], classes[i].spec) {
                    Plan::Slot(slot) => Target::Slot { slot, read: reads && *route == Route::Auto },
                    _ => Target::AnyPrimary,
                },
            };
            let reply = self
                .run_single(&cmds[i], classes[i], target, deadline)
                .await
                .map_err(|e| e.context(format!("batch.commands[{i}] {}", cmds[i].name_upper())))?;
            results[i] = Some(reply);
        }
        Ok(())
    }

    async fn run_transaction(self: &Arc<Self>, cmds: &[Cmd], route: &Route, deadline: Instant) -> Result<Value> {
        let mut slots = Vec::new();
        for cmd in cmds {
            match plan(cmd, classify(cmd).spec) {
                Plan::Keyless => {}
                Plan::Slot(s) => slots.push(s),
                Plan::CrossSlot(s) => slots.extend(s),
            }
        }
        slots.sort_unstable();
        slots.dedup();
        if slots.len() > 1 {
            return Err(cross_slot("transaction", &slots));
        }
        let fixed = match route {
            Route::Address(a) => Some(self.node_by_address(a)?),
            _ => None,
        };
        let mut slot = match route {
            Route::Slot { slot, .. } => Some(*slot),
            _ => slots.first().copied(),
        };
        let what = "transaction (MULTI ... EXEC)";
        let mut wrapped = Vec::with_capacity(cmds.len() + 2);
        wrapped.push(Cmd::new("MULTI"));
        wrapped.extend(cmds.iter().cloned());
        wrapped.push(Cmd::new("EXEC"));
        let mut hops = Hops::new(self.max_redirects);
        let mut transient = 0u32;
        let mut ask: Option<NodeConnection> = None;
        let mut any_primary: Option<NodeConnection> = None;
        loop {
            let asking = ask.take();
            let conn = match (&asking, &fixed, slot) {
                (Some(c), _, _) => c.clone(),
                (None, Some(c), _) => c.clone(),
                (None, None, Some(s)) => self.pick(&self.topology.load_full(), s, false)?.0,
                (None, None, None) => match &any_primary {
                    Some(c) => c.clone(),
                    None => any_primary.insert(self.random_primary(&self.topology.load_full())?).clone(),
                },
            };
            let sent = match &asking {
                Some(c) => send_asking_many(c, &wrapped, deadline).await,
                None => conn.send_many(&wrapped, deadline).await,
            };
            let replies = match sent {
                Ok(v) => v,
                Err(e) => {
                    if e.kind() == crate::ErrorKind::Connection {
                        self.refresh.request();
                    }
                    return Err(e.context(what));
                }
            };
            let Value::Array(items) = &replies else { return exec_reply(replies) };
            // EXEC ran unless it answered with an error (EXECABORT, or the
            // redirect itself): only then is a retry safe.
            let executed = !matches!(items.last(), Some(Value::ServerError(_)));
            let redirect = if executed {
                None
            } else {
                items.iter().skip(1).find_map(|r| redirects::parse(r).map(|d| (d, r.clone())))
            };
            let Some((redirect, reply)) = redirect else { return exec_reply(replies) };
            if fixed.is_some() {
                return exec_reply(replies);
            }
            match redirect {
                Redirect::Moved { slot: s, to } => {
                    hops.take(what, &reply)?;
                    if let Some(addr) = self.redirect_address(&to, conn.address()) {
                        self.apply_moved(s, &addr);
                    }
                    self.refresh.request();
                    slot = Some(s);
                }
                Redirect::Ask { to, .. } => {
                    hops.take(what, &reply)?;
                    match self.redirect_address(&to, conn.address()) {
                        Some(addr) => ask = Some(self.primary_conn(&addr)),
                        None => return exec_reply(replies),
                    }
                }
                Redirect::ReadOnly => {
                    hops.take(what, &reply)?;
                    self.wait_for_refresh(deadline).await;
                }
                Redirect::TryAgain | Redirect::ClusterDown | Redirect::Loading => {
                    transient += 1;
                    let delay = backoff(transient);
                    if Instant::now() + delay >= deadline {
                        transient_error(what, reply, transient - 1)?;
                        return exec_reply(replies);
                    }
                    tokio::time::sleep(delay).await;
                }
            }
        }
    }

    /// The connection of the node at a "host:port" route.
    pub(super) fn node_by_address(&self, text: &str) -> Result<NodeConnection> {
        let wanted = NodeAddress::parse("route.address", text)?;
        let topology = self.topology.load_full();
        let nodes = topology.nodes();
        if let Some((node, _)) = nodes.iter().find(|(n, _)| n.addr == wanted) {
            return Ok(node.conn.clone());
        }
        let known: Vec<String> = nodes.iter().map(|(n, _)| n.addr.to_string()).collect();
        Err(Error::config(format!(
            "route.address: {wanted} is not a node of this cluster (known nodes: {})",
            known.join(", ")
        )))
    }
}

/// WAIT / WAITAOF: about the writes of the connection they run on.
fn acknowledges_writes(cmd: &Cmd) -> bool {
    cmd.args().first().is_some_and(|n| n.eq_ignore_ascii_case(b"WAIT") || n.eq_ignore_ascii_case(b"WAITAOF"))
}
