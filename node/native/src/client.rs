//! `NativeClient`: one engine client as node/src/client.ts sees it. Requests
//! come in as (id, arguments); the id is the JS side's key for its Promise.
//! Replies go back in batches through `completion`. Engine errors reach JS as
//! Errors whose message starts with `HAVEN<kind>:` (kind = proto ErrorKind),
//! which the JS side turns into the matching error class.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use napi::threadsafe_function::ThreadSafeCallContext;
use napi::{Env, JsFunction, JsObject, JsUnknown};
use tokio::sync::watch;

use haven_core::engine::convert::error_kind_to_proto;
use haven_core::proto::command_request::Body;
use haven_core::{proto, runtime, Client, NodeRole};

use crate::completion::{submitter, BatchFn, Completions, Outbox};
use crate::{config, convert, events, health, pubsub};

/// An engine error as a JS Error the JS side maps onto its classes.
pub fn engine_error(e: &haven_core::Error) -> napi::Error {
    kind_error(error_kind_to_proto(e.kind()) as i32, e.message())
}

pub fn kind_error(kind: i32, message: &str) -> napi::Error {
    napi::Error::new(napi::Status::GenericFailure, format!("HAVEN{kind}:{message}"))
}

fn closing(message: &str) -> napi::Error {
    kind_error(proto::ErrorKind::ClosingError as i32, message)
}

/// A node of the deployment, for `client.nodes()`.
#[napi(object)]
pub struct NodeInfo {
    pub address: String,
    pub role: String,
    pub availability_zone: Option<String>,
    pub connected: bool,
    pub connects: f64,
    pub reconnect_attempts: f64,
}

/// Multi-endpoint: one endpoint's state, for `client.endpointHealth()`.
#[napi(object)]
pub struct EndpointHealth {
    pub name: String,
    pub healthy: bool,
    pub last_error: Option<String>,
}

#[napi]
pub struct NativeClient {
    client: Client,
    completions: Arc<Completions>,
    outbox: Arc<Outbox>,
    stop: watch::Sender<bool>,
    closed: AtomicBool,
    events: events::EventSink,
    messages: pubsub::MessageSink,
    health: Arc<health::Registry>,
}

/// Creates the batch callback: on the JS thread, takes the queue and calls
/// `on_batch(ids, kinds, values)` (kind 0: success, else 100 + ErrorKind).
fn batch_tsfn(
    on_batch: &JsFunction,
    completions: Arc<Completions>,
    decode: bool,
) -> napi::Result<BatchFn> {
    let mut spare: Vec<(u32, Vec<u8>)> = Vec::with_capacity(64);
    on_batch.create_threadsafe_function(0, move |ctx: ThreadSafeCallContext<()>| crate::guarded(|| {
        completions.take(&mut spare);
        let env = ctx.env;
        let n = spare.len();
        let mut ids = env.create_array_with_length(n)?;
        let mut kinds = env.create_array_with_length(n)?;
        let mut values = env.create_array_with_length(n)?;
        for (i, (id, bytes)) in spare.drain(..).enumerate() {
            let (kind, value) = match convert::response_to_js(&env, &bytes, decode) {
                Ok(kv) => kv,
                Err(e) => (100, env.create_string(&e.reason)?.into_unknown()),
            };
            let i = i as u32;
            ids.set_element(i, env.create_uint32(id)?)?;
            kinds.set_element(i, env.create_uint32(kind)?)?;
            values.set_element(i, value)?;
        }
        Ok(vec![ids, kinds, values])
    }))
}

/// Connects: a Promise of a NativeClient (rejected with a HAVEN error).
#[napi(catch_unwind)]
pub fn connect(env: Env, config_json: String, decode: bool, on_batch: JsFunction) -> napi::Result<JsObject> {
    let cfg = config::from_json(&config_json)
        .map_err(|m| kind_error(proto::ErrorKind::ConfigError as i32, &m))?;
    let completions = Completions::new();
    let tsfn = batch_tsfn(&on_batch, completions.clone(), decode)?;
    completions.set(tsfn);
    let handle = runtime::handle().map_err(|e| engine_error(&e))?;
    let (deferred, promise) = env.create_deferred()?;
    handle.spawn(async move {
        match Client::connect(cfg).await {
            Ok(client) => {
                let outbox = Outbox::new();
                let (stop, stop_rx) = watch::channel(false);
                tokio::spawn(submitter(client.clone(), outbox.clone(), completions.clone(), stop_rx));
                let native = NativeClient {
                    client,
                    completions,
                    outbox,
                    stop,
                    closed: AtomicBool::new(false),
                    events: events::EventSink::default(),
                    messages: pubsub::MessageSink::default(),
                    health: health::Registry::new(),
                };
                deferred.resolve(move |_env| Ok(native));
            }
            Err(e) => {
                drop(completions.release());
                deferred.reject(engine_error(&e));
            }
        }
    });
    Ok(promise)
}

/// A client dropped (garbage-collected) without `close()` still closes, and
/// lets the event loop exit.
impl Drop for NativeClient {
    fn drop(&mut self) {
        self.release();
    }
}

#[napi]
impl NativeClient {
    fn check_open(&self) -> napi::Result<()> {
        if self.closed.load(Ordering::Acquire) || self.client.is_closed() {
            return Err(closing("the client is closed"));
        }
        Ok(())
    }

    /// Queues one command (`args`: strings and Buffers, name first).
    #[napi(catch_unwind)]
    pub fn submit(
        &self,
        id: u32,
        args: JsObject,
        timeout_ms: Option<i64>,
        route: Option<String>,
    ) -> napi::Result<()> {
        self.check_open()?;
        let cmd = convert::command(&args, "args")?;
        let route = convert::route(route)?;
        let request = convert::encode_request(id, Body::Command(cmd), route, timeout_ms);
        self.outbox.push(id, request);
        Ok(())
    }

    /// Queues a batch: an array of commands; `atomic`: MULTI/EXEC.
    #[napi(catch_unwind)]
    pub fn batch(
        &self,
        id: u32,
        commands: JsObject,
        atomic: bool,
        timeout_ms: Option<i64>,
    ) -> napi::Result<()> {
        self.check_open()?;
        if !commands.is_array()? {
            return Err(convert::type_error("commands: expected an array of commands".into()));
        }
        let len = commands.get_array_length()?;
        let mut out = Vec::with_capacity(len as usize);
        for i in 0..len {
            let c = commands.get_element::<JsUnknown>(i)?;
            if c.get_type()? != napi::ValueType::Object {
                return Err(convert::type_error(format!("commands[{i}]: expected an array of arguments")));
            }
            // SAFETY: the value was just checked to be an object.
            let c: JsObject = unsafe { c.cast() };
            out.push(convert::command(&c, &format!("commands[{i}]"))?);
        }
        let body = Body::Batch(proto::Batch { commands: out, atomic });
        self.outbox.push(id, convert::encode_request(id, body, None, timeout_ms));
        Ok(())
    }

    /// Closes the engine client: requests in flight end with ClosingError
    /// (delivered as usual), later ones fail at once.
    #[napi(catch_unwind)]
    pub fn close(&self) {
        if !self.closed.swap(true, Ordering::AcqRel) {
            self.client.close();
            self.stop.send_replace(true);
        }
    }

    /// After `close` and once every reply arrived: drops the thread-safe
    /// functions so the event loop can exit.
    #[napi(catch_unwind)]
    pub fn release(&self) {
        self.close();
        drop(self.completions.release());
        self.events.release();
        self.messages.release();
        self.health.release();
    }

    #[napi(catch_unwind)]
    pub fn in_flight(&self) -> u32 {
        self.client.in_flight() as u32
    }

    /// Delivers engine events to `callback(event)` (from now on).
    #[napi(catch_unwind)]
    pub fn start_events(&self, env: Env, callback: JsFunction) -> napi::Result<()> {
        self.check_open()?;
        self.events.start(&env, &callback, &self.client, self.stop.subscribe())
    }

    /// Delivers pub/sub messages to `callback(kind, channel, payload, pattern)`.
    #[napi(catch_unwind)]
    pub fn start_messages(&self, env: Env, callback: JsFunction, decode: bool) -> napi::Result<()> {
        self.check_open()?;
        self.messages.start(&env, &callback, &self.client, decode)
    }

    /// SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE and their UN- forms: a Promise.
    #[napi(catch_unwind)]
    pub fn pubsub(&self, env: Env, kind: String, names: Vec<String>, subscribe: bool) -> napi::Result<JsObject> {
        self.check_open()?;
        pubsub::call(&env, &self.client, &kind, names, subscribe)
    }

    /// Registers an async JS health check for endpoint `name`: the engine
    /// calls `probe(token, endpoint)`; JS answers with `healthAnswer`.
    #[napi(catch_unwind)]
    pub fn set_health_check(&self, env: Env, name: String, probe: JsFunction) -> napi::Result<()> {
        self.check_open()?;
        let callback = self.health.callback(&env, &probe)?;
        self.client.set_health_check(&name, callback).map_err(|e| engine_error(&e))
    }

    #[napi(catch_unwind)]
    pub fn health_answer(&self, token: u32, healthy: bool) {
        self.health.answer(token, healthy);
    }

    #[napi(catch_unwind)]
    pub fn failover_to(&self, name: String, force: bool) -> napi::Result<()> {
        self.check_open()?;
        self.client.failover_to(&name, force).map_err(|e| engine_error(&e))
    }

    #[napi(catch_unwind)]
    pub fn set_weight(&self, name: String, weight: f64) -> napi::Result<()> {
        self.check_open()?;
        self.client.set_weight(&name, weight).map_err(|e| engine_error(&e))
    }

    #[napi(catch_unwind)]
    pub fn active_endpoint(&self) -> napi::Result<String> {
        self.client.active_endpoint().map_err(|e| engine_error(&e))
    }

    #[napi(catch_unwind)]
    pub fn endpoint_health(&self) -> napi::Result<Vec<EndpointHealth>> {
        Ok(self
            .client
            .endpoint_health()
            .map_err(|e| engine_error(&e))?
            .into_iter()
            .map(|(name, healthy, last_error)| EndpointHealth { name, healthy, last_error })
            .collect())
    }

    #[napi(catch_unwind)]
    pub fn nodes(&self) -> Vec<NodeInfo> {
        self.client
            .nodes()
            .into_iter()
            .map(|n| NodeInfo {
                role: match n.role {
                    NodeRole::Primary => "primary",
                    NodeRole::Replica => "replica",
                    NodeRole::Unknown => "unknown",
                }
                .to_string(),
                address: n.address,
                availability_zone: n.availability_zone,
                connected: n.stats.connected,
                connects: n.stats.connects as f64,
                reconnect_attempts: n.stats.reconnect_attempts as f64,
            })
            .collect()
    }
}
