//! The HA events' log lines: every event published on a client's event bus
//! (`events::EventBus::publish`) is also one log line, its level and
//! target chosen by its kind here, in one place. Disconnects, failed
//! reconnects, primary changes, failovers, open circuits, unhealthy
//! endpoints and parked requests are warnings; recoveries are info; a
//! node's first connection is debug (a reconnect is logged at info by the
//! supervisor, which knows the difference). Orphaned replies are logged by
//! the command's name only: the event's reason may quote arguments.

use crate::proto::{Event, EventKind};

use super::{CONNECTION, DEPLOYMENT, FAILOVER, REQUEST};

/// Logs `e` (see the module documentation).
pub(crate) fn event(e: &Event) {
    let Ok(kind) = EventKind::try_from(e.kind) else { return };
    // "endpoint east: " on a multi-endpoint client's events.
    let scope = if e.endpoint.is_empty() { String::new() } else { format!("endpoint {}: ", e.endpoint) };
    let (node, reason, from, to) = (&e.node, &e.reason, &e.from, &e.to);
    match kind {
        EventKind::EventUnspecified => {}
        EventKind::NodeConnected => tracing::debug!(target: CONNECTION, "{scope}connected to {node}"),
        EventKind::NodeDisconnected => tracing::warn!(target: CONNECTION, "{scope}node {node} disconnected: {reason}"),
        EventKind::NodeReconnectFailed if node.is_empty() => {
            tracing::warn!(target: CONNECTION, "{scope}{reason}")
        }
        EventKind::NodeReconnectFailed => tracing::warn!(target: CONNECTION, "{scope}connecting to {node} failed: {reason}"),
        EventKind::PrimaryChanged => {
            tracing::warn!(target: DEPLOYMENT, "{scope}primary changed from {} to {to}: {reason}", or_none(from))
        }
        EventKind::TopologyChanged => tracing::info!(target: DEPLOYMENT, "{scope}topology changed: {reason}"),
        EventKind::Failover => tracing::warn!(target: FAILOVER, "failover from endpoint {} to {}: {reason}", or_none(from), or_none(to)),
        EventKind::Failback => tracing::info!(target: FAILOVER, "failback from endpoint {} to {}: {reason}", or_none(from), or_none(to)),
        EventKind::ManualSwitch => {
            tracing::info!(target: FAILOVER, "switched from endpoint {} to {} by the application: {reason}", or_none(from), or_none(to))
        }
        EventKind::CircuitOpened => tracing::warn!(target: FAILOVER, "{scope}circuit breaker opened: {reason}"),
        EventKind::CircuitHalfOpen => tracing::info!(target: FAILOVER, "{scope}circuit breaker half-open: {reason}"),
        EventKind::CircuitClosed => tracing::info!(target: FAILOVER, "{scope}circuit breaker closed: {reason}"),
        EventKind::EndpointHealthy => tracing::info!(target: FAILOVER, "{scope}healthy: {reason}"),
        EventKind::EndpointUnhealthy => tracing::warn!(target: FAILOVER, "{scope}unhealthy: {reason}"),
        EventKind::NoHealthyEndpoint => tracing::error!(target: FAILOVER, "no healthy endpoint: {reason}"),
        EventKind::OrphanedReply => {
            let command = reason.split([' ', ':', ';']).next().unwrap_or("");
            tracing::warn!(target: CONNECTION, "{scope}node {node} answered a {command} after its caller gave up (deadline or cancel); nobody received the reply")
        }
        EventKind::RequestsParked => tracing::warn!(target: REQUEST, "{scope}requests parked, {node} unreachable: {reason}"),
        EventKind::RequestsResumed => tracing::info!(target: REQUEST, "{scope}parked requests resumed: {reason}"),
    }
}

fn or_none(name: &str) -> &str {
    if name.is_empty() { "(none)" } else { name }
}
