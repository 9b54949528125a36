//! Engine events (`proto::Event`) on their way to JS: an engine task reads the
//! client's broadcast stream and calls a thread-safe function per event
//! (non-blocking; events are rare). The function is unref'd: listening for
//! events alone does not keep the process alive.

use napi::threadsafe_function::{ErrorStrategy, ThreadSafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, JsFunction};
use parking_lot::Mutex;
use tokio::sync::{broadcast, watch};

use haven_core::{proto, runtime, Client};

use crate::client::engine_error;

type EventFn = ThreadsafeFunction<proto::Event, ErrorStrategy::Fatal>;

/// The camelCase name of an event kind: "failover", "nodeDisconnected", ...
pub fn kind_name(kind: i32) -> String {
    let snake = proto::EventKind::try_from(kind)
        .map(|k| k.as_str_name().to_ascii_lowercase())
        .unwrap_or_else(|_| format!("unknown_{kind}"));
    camel_case(&snake)
}

/// "request_timeout_ms" -> "requestTimeoutMs".
pub fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Default)]
pub struct EventSink {
    tsfn: Mutex<Option<EventFn>>,
}

impl EventSink {
    pub fn start(
        &self,
        env: &Env,
        callback: &JsFunction,
        client: &Client,
        stop: watch::Receiver<bool>,
    ) -> napi::Result<()> {
        let mut slot = self.tsfn.lock();
        if slot.is_some() {
            return Ok(());
        }
        let mut tsfn: EventFn = callback.create_threadsafe_function(0, |ctx: ThreadSafeCallContext<proto::Event>| crate::guarded(|| {
            let e = ctx.value;
            let env = ctx.env;
            let mut obj = env.create_object()?;
            obj.set_named_property("kind", env.create_string_from_std(kind_name(e.kind))?)?;
            obj.set_named_property("endpoint", env.create_string_from_std(e.endpoint)?)?;
            obj.set_named_property("node", env.create_string_from_std(e.node)?)?;
            obj.set_named_property("reason", env.create_string_from_std(e.reason)?)?;
            obj.set_named_property("timeUnixMs", env.create_double(e.time_unix_ms as f64)?)?;
            obj.set_named_property("from", env.create_string_from_std(e.from)?)?;
            obj.set_named_property("to", env.create_string_from_std(e.to)?)?;
            Ok(vec![obj])
        }))?;
        tsfn.unref(env)?;
        let handle = runtime::handle().map_err(|e| engine_error(&e))?;
        handle.spawn(forward(client.events(), stop, tsfn.clone()));
        *slot = Some(tsfn);
        Ok(())
    }

    pub fn release(&self) {
        drop(self.tsfn.lock().take());
    }
}

async fn forward(events: broadcast::Receiver<proto::Event>, stop: watch::Receiver<bool>, tsfn: EventFn) {
    haven_core::events::forward(events, stop, |event| {
        tsfn.call(event, ThreadsafeFunctionCallMode::NonBlocking) != napi::Status::Closing
    })
    .await
}
