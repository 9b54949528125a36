//! Which endpoint takes traffic, and when that changes. The active endpoint
//! is the eligible (healthy, circuit closed) endpoint with the highest weight
//! (ties: the one configured first).
//!
//! - Failover: the active endpoint stops being eligible (its circuit opened
//!   on live traffic, or its health checks turned it unhealthy) -> the best
//!   eligible endpoint takes traffic at once.
//! - No eligible endpoint: NO_HEALTHY_ENDPOINT, requests fail fast with
//!   NoHealthyEndpointError; probing goes on, and the first endpoint to
//!   become eligible takes traffic again by itself.
//! - Failback: an endpoint weighing more than the active one and eligible
//!   without a break for `failback_grace` takes traffic back. Any relapse
//!   restarts its clock, so a flapping endpoint never gets traffic back.
//! - Manual: `failover_to` (health-checked unless forced) pins the choice:
//!   no failback until the pinned endpoint fails.
//!
//! A ticker (every `TICK`) moves open circuits to half-open and probes them,
//! keeps each endpoint's "eligible since" clock and decides failback. It is
//! off the request path.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Weak};
use std::time::Duration;

use tokio::time::Instant;

use super::{ActiveChange, Endpoint, Inner};
use crate::error::{Error, ErrorKind, Result};
use crate::proto::EventKind;
use crate::protocol::{Cmd, Value};

/// How often the policy looks at circuits and failback clocks.
pub const TICK: Duration = Duration::from_millis(50);

/// The eligible endpoint with the highest weight (earliest on a tie).
pub fn best(list: &[Arc<Endpoint>]) -> Option<Arc<Endpoint>> {
    list.iter().filter(|e| e.eligible()).fold(None, |best: Option<&Arc<Endpoint>>, e| match best {
        Some(b) if b.weight() > e.weight() || (b.weight() == e.weight() && b.order < e.order) => Some(b),
        _ => Some(e),
    })
    .cloned()
}

pub(super) async fn tick(weak: Weak<Inner>) {
    let mut ticks = tokio::time::interval(TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let Some(inner) = weak.upgrade() else { return };
        if inner.closed.load(Ordering::Acquire) {
            return;
        }
        let now = Instant::now();
        for ep in inner.endpoints.load().iter() {
            if ep.breaker.try_half_open() {
                ep.events.emit(EventKind::CircuitHalfOpen, "", "probing after half_open_after_ms");
                tokio::spawn(half_open_probe(Arc::downgrade(&inner), ep.clone()));
            }
            let mut since = ep.eligible_since.lock();
            match (ep.eligible(), *since) {
                (true, None) => *since = Some(now),
                (false, Some(_)) => *since = None,
                _ => {}
            }
        }
        inner.reselect("periodic check");
    }
}

/// One PING through the endpoint's own deployment: closes the circuit on
/// success, re-opens it on failure.
async fn half_open_probe(weak: Weak<Inner>, ep: Arc<Endpoint>) {
    let timeout = ep.health.timeout;
    let deadline = Instant::now() + timeout;
    let outcome = match tokio::time::timeout_at(deadline, ep.deployment.execute(&Cmd::new("PING"), &ep.probe_route, deadline)).await {
        Ok(Ok(Value::ServerError(e))) => Err(String::from_utf8_lossy(&e).into_owned()),
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no PONG within {} ms", timeout.as_millis())),
    };
    let Some(inner) = weak.upgrade() else { return };
    match outcome {
        Ok(()) => {
            if ep.breaker.record(false).is_some() {
                ep.events.emit(EventKind::CircuitClosed, "", "half-open probe succeeded");
                inner.reselect("a circuit closed");
            }
        }
        Err(e) => {
            ep.set_last_error(e.clone());
            if ep.breaker.reopen(format!("half-open probe failed: {e}")).is_some() {
                ep.events.emit(EventKind::CircuitOpened, "", &format!("half-open probe failed: {e}"));
            }
        }
    }
}

impl Inner {
    /// Re-evaluates the active endpoint: failover when it is no longer
    /// eligible, failback when a heavier endpoint has been eligible for the
    /// grace period. `trigger` says what prompted the check.
    pub(super) fn reselect(&self, trigger: &str) {
        if self.closed.load(Ordering::Acquire) {
            return;
        }
        let mut ctl = self.control.lock();
        let list = self.endpoints.load_full();
        let current = self.active();
        let keeps = |c: &Arc<Endpoint>| {
            list.iter().any(|e| Arc::ptr_eq(e, c))
                && (c.eligible()
                    || (ctl.forced.as_deref() == Some(c.name.as_str())
                        && c.breaker.state() == super::CircuitState::Closed))
        };
        match current {
            Some(cur) if keeps(&cur) => {
                if ctl.pinned {
                    return;
                }
                let Some(grace) = self.config.failback_grace else { return };
                let Some(better) = best(&list) else { return };
                if better.weight() <= cur.weight() || Arc::ptr_eq(&better, &cur) {
                    return;
                }
                let ready = better.eligible_since.lock().is_some_and(|t| t.elapsed() >= grace);
                if ready {
                    let reason = format!(
                        "{:?} (weight {}) healthy for {} ms (failback_grace_ms)",
                        better.name,
                        better.weight(),
                        grace.as_millis()
                    );
                    self.switch(Some(&cur), Some(&better), EventKind::Failback, &reason);
                }
            }
            current => match best(&list) {
                Some(next) => {
                    ctl.pinned = false;
                    ctl.forced = None;
                    ctl.none_announced = false;
                    let reason = match &current {
                        Some(cur) => format!("{:?} failed: {trigger}; last error: {}", cur.name, cur.last_error().unwrap_or_default()),
                        None => format!("{:?} is healthy again after no endpoint was ({trigger})", next.name),
                    };
                    self.switch(current.as_ref(), Some(&next), EventKind::Failover, &reason);
                }
                None => {
                    if current.is_some() || !ctl.none_announced {
                        ctl.none_announced = true;
                        ctl.pinned = false;
                        ctl.forced = None;
                        let reason = self.no_healthy_error().message().to_string();
                        self.switch(current.as_ref(), None, EventKind::NoHealthyEndpoint, &reason);
                    }
                }
            },
        }
    }

    /// After a manual change (weights, removal): the best eligible endpoint
    /// takes traffic at once, announced as MANUAL_SWITCH.
    pub(super) fn reselect_manual(&self, reason: &str) {
        let mut ctl = self.control.lock();
        ctl.pinned = false;
        ctl.forced = None;
        let list = self.endpoints.load_full();
        let current = self.active();
        let next = best(&list);
        let same = match (&current, &next) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        if same {
            return;
        }
        match next {
            Some(next) => self.switch(current.as_ref(), Some(&next), EventKind::ManualSwitch, reason),
            None => {
                ctl.none_announced = true;
                let why = format!("{reason}; {}", self.no_healthy_error().message());
                self.switch(current.as_ref(), None, EventKind::NoHealthyEndpoint, &why);
            }
        }
    }

    pub(super) fn manual_switch(&self, name: &str, force: bool) -> Result<()> {
        let mut ctl = self.control.lock();
        let list = self.endpoints.load_full();
        let target = self.find(&list, "failover_to", name)?;
        if !force && !target.eligible() {
            return Err(Error::new(
                ErrorKind::NoHealthyEndpoint,
                format!("failover_to: endpoint {}; pass force=true to switch anyway", target.describe()),
            ));
        }
        if force && target.breaker.force_close() {
            target.events.emit(EventKind::CircuitClosed, "", "closed by a forced failover_to");
        }
        ctl.pinned = true;
        ctl.forced = force.then(|| name.to_string());
        ctl.none_announced = false;
        let current = self.active();
        if current.as_ref().is_some_and(|c| Arc::ptr_eq(c, &target)) {
            return Ok(());
        }
        let reason = if force { "failover_to (forced)" } else { "failover_to" };
        self.switch(current.as_ref(), Some(&target), EventKind::ManualSwitch, reason);
        Ok(())
    }

    /// Makes `to` active, announces it and tells the listeners. Called with
    /// the control lock held.
    fn switch(&self, from: Option<&Arc<Endpoint>>, to: Option<&Arc<Endpoint>>, kind: EventKind, reason: &str) {
        self.set_active(to.cloned());
        let from_name = from.map(|e| e.name.clone());
        let to_name = to.map(|e| e.name.clone());
        let bus = self.events.for_endpoint(to_name.clone().or_else(|| from_name.clone()).unwrap_or_default());
        bus.emit_move(kind, from_name.as_deref().unwrap_or(""), to_name.as_deref().unwrap_or(""), reason);
        let change = ActiveChange { from: from_name, to: to_name, kind, reason: reason.to_string() };
        for listener in self.listeners.read().iter() {
            listener(&change);
        }
    }
}
