//! Pub/sub for JS: (un)subscribe calls as Promises, and messages delivered to
//! a JS callback through an unref'd thread-safe function (one call per
//! message, non-blocking; the engine's bounded buffer drops the oldest when
//! JS falls behind).

use napi::threadsafe_function::{ErrorStrategy, ThreadSafeCallContext, ThreadsafeFunction, ThreadsafeFunctionCallMode};
use napi::{Env, JsFunction, JsObject, JsUnknown};
use parking_lot::Mutex;

use haven_core::{runtime, Client, MessageKind, PubSubMessage};

use crate::client::{engine_error, kind_error};

type MessageFn = ThreadsafeFunction<PubSubMessage, ErrorStrategy::Fatal>;

#[derive(Default)]
pub struct MessageSink {
    state: Mutex<Option<(MessageFn, haven_core::engine::MessageListener)>>,
}

fn bytes_js(env: &Env, b: &[u8], decode: bool) -> napi::Result<JsUnknown> {
    if decode {
        Ok(env.create_string(&String::from_utf8_lossy(b))?.into_unknown())
    } else {
        Ok(env.create_buffer_with_data(b.to_vec())?.into_raw().into_unknown())
    }
}

impl MessageSink {
    pub fn start(&self, env: &Env, callback: &JsFunction, client: &Client, decode: bool) -> napi::Result<()> {
        let mut slot = self.state.lock();
        if slot.is_some() {
            return Ok(());
        }
        let mut tsfn: MessageFn = callback.create_threadsafe_function(0, move |ctx: ThreadSafeCallContext<PubSubMessage>| crate::guarded(|| {
            let m = ctx.value;
            let env = ctx.env;
            let kind = match m.kind {
                MessageKind::Message => "message",
                MessageKind::PMessage => "pmessage",
                MessageKind::SMessage => "smessage",
            };
            let pattern = match &m.pattern {
                Some(p) => bytes_js(&env, p, decode)?,
                None => env.get_null()?.into_unknown(),
            };
            Ok(vec![
                env.create_string(kind)?.into_unknown(),
                bytes_js(&env, &m.channel, decode)?,
                bytes_js(&env, &m.payload, decode)?,
                pattern,
            ])
        }))?;
        tsfn.unref(env)?;
        let sender = tsfn.clone();
        let listener = client
            .on_message(move |m| {
                let _ = sender.call(m, ThreadsafeFunctionCallMode::NonBlocking);
            })
            .map_err(|e| engine_error(&e))?;
        *slot = Some((tsfn, listener));
        Ok(())
    }

    pub fn release(&self) {
        if let Some((tsfn, listener)) = self.state.lock().take() {
            listener.stop();
            drop(tsfn);
        }
    }
}

/// kind: "channel" | "pattern" | "shard".
pub fn call(env: &Env, client: &Client, kind: &str, names: Vec<String>, subscribe: bool) -> napi::Result<JsObject> {
    let which = match kind {
        "channel" | "pattern" | "shard" => kind.to_string(),
        other => return Err(kind_error(8, &format!("pubsub kind: unknown {other:?}"))),
    };
    let client = client.clone();
    let handle = runtime::handle().map_err(|e| engine_error(&e))?;
    let (deferred, promise) = env.create_deferred()?;
    handle.spawn(async move {
        let names: Vec<bytes::Bytes> = names.into_iter().map(|n| bytes::Bytes::from(n.into_bytes())).collect();
        let r = match (which.as_str(), subscribe) {
            ("channel", true) => client.subscribe(names).await,
            ("channel", false) => client.unsubscribe(names).await,
            ("pattern", true) => client.psubscribe(names).await,
            ("pattern", false) => client.punsubscribe(names).await,
            ("shard", true) => client.ssubscribe(names).await,
            _ => client.sunsubscribe(names).await,
        };
        match r {
            Ok(()) => deferred.resolve(|env| env.get_undefined()),
            Err(e) => deferred.reject(engine_error(&e)),
        }
    });
    Ok(promise)
}
