//! `Shim`: one Java `HavenClient`'s native side: the engine client (once
//! connected), the completion queue its dispatcher thread drains, the event
//! forwarder, the custom health probes and the cache-aside loaders/writers
//! waiting for a Java answer. Nothing here touches the JVM; `lib.rs` does
//! the JNI.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use parking_lot::Mutex;
use prost::Message;
use tokio::sync::{broadcast, watch};

use haven_core::deployment::BoxFuture;
use haven_core::engine::convert::{decode_request, encode_response};
use haven_core::failover::HealthCallback;
use haven_core::bridge::answers::Answers;
use haven_core::bridge::lone::LoneRequest;
use haven_core::bridge::held::{Held, Holding};
use haven_core::bridge::outbox::{Offered, Outbox};
use haven_core::bridge::reply::{unanswered_response, Filler, ReplySlot};
use haven_core::{runtime, Client, Error, ErrorKind, LoadOptions, Value, WriteMode};

use crate::aside::{credential_provider, Calls, JavaFn};
use crate::queue::{Queue, Tag};

/// The longest a custom health probe waits for Java (the engine's own probe
/// timeout, `timeout_ms`, normally ends it much earlier).
const HEALTH_WAIT_CAP: Duration = Duration::from_secs(30);

/// Custom health probes handed to Java and waiting for its verdict, by
/// probe id (the engine's token registry).
pub type Probes = Answers<bool>;

/// What Java threads hand to the engine through the outbox. Cancels and
/// session releases travel the same way as requests, so they reach the
/// engine after the requests submitted before them (a cancel that overtook
/// its request would find nothing to cancel, and a BLPOP 0 would block on).
pub enum Op {
    /// A serialized CommandRequest, its Response for the dispatcher's queue.
    Request(Vec<u8>),
    /// A serialized CommandRequest of a blocking call, its Response for the
    /// Java thread waiting on the filler's slot (`Shim::call`). Dropped
    /// unsent, the filler answers the call (`unanswered`).
    Call(Vec<u8>, CallFiller),
    /// `Client::cancel` of the request with this id.
    Cancel(u64),
    /// `Client::close_session` of this session.
    CloseSession(u64),
}

/// Hands one op to the engine; a request's Response comes back through
/// `queue`. What the outbox's drain calls for each op; `here`: a request
/// starts on this thread (`Client::submit_here`).
fn send(client: &Client, queue: &Arc<Queue>, op: Op, here: bool) {
    match op {
        Op::Request(request) => {
            let queue = queue.clone();
            client.submit_on(&request, move |bytes| queue.push(Tag::Response, 0, &bytes), here);
        }
        Op::Call(request, filler) => client.submit_on(&request, move |bytes| filler.fill(bytes), here),
        Op::Cancel(id) => client.cancel(id),
        Op::CloseSession(id) => {
            client.close_session(id);
        }
    }
}

/// The Response of a request that never reached the engine, with its id, so
/// its caller still gets one answer (the engine's own decoding, nesting
/// guard included, finds the id).
fn refused(request: &[u8], e: Error) -> Vec<u8> {
    let id = decode_request(request).map_or_else(|(id, _)| id, |r| r.id);
    encode_response(id, Err(e))
}

type CallFiller = Filler<Vec<u8>, fn() -> Vec<u8>>;

/// Where a client's credentials come from.
pub enum Auth {
    /// The config's own username/password (or none).
    Config,
    /// The Java credential provider (asked through `Call` frames), every
    /// `refresh` (None: only when asked) and on `refresh_credentials`.
    Provider { refresh: Option<Duration> },
}

thread_local! {
    /// The shim (by address) whose dispatcher this thread is, from the
    /// moment it returns a batch to Java until it comes back for the next
    /// one: the requests submitted meanwhile come from the batch's
    /// callbacks, and are held for it to start (`Shim::take`). 0 otherwise.
    /// (The dispatcher holds its shim until its thread ends, so the address
    /// names no other shim meanwhile.)
    static DISPATCHING: Cell<usize> = const { Cell::new(0) };
}

pub struct Shim {
    client: OnceLock<Client>,
    /// Requests from Java threads on their way to the engine, in batches.
    outbox: Arc<Outbox<Op>>,
    /// Requests the dispatcher's callbacks submitted while it ran them, for
    /// it to start together when it comes back (`take`).
    held: Held<Vec<u8>>,
    pub queue: Arc<Queue>,
    probes: Arc<Probes>,
    calls: Arc<Calls>,
    closed: AtomicBool,
    /// Turns true on close: stops the event forwarder.
    stop: watch::Sender<bool>,
    /// The dispatcher's batch buffer, kept between polls for its capacity.
    spare: Mutex<Vec<u8>>,
    /// Forwards pub/sub messages as `Message` frames once Java listens.
    messages: Mutex<Option<haven_core::engine::MessageListener>>,
}

impl Shim {
    pub fn new() -> Shim {
        Shim {
            client: OnceLock::new(),
            outbox: Outbox::new(),
            held: Held::default(),
            queue: Arc::new(Queue::default()),
            probes: Probes::new(),
            calls: Calls::new(),
            closed: AtomicBool::new(false),
            stop: watch::channel(false).0,
            spare: Mutex::new(Vec::new()),
            messages: Mutex::new(None),
        }
    }

    pub fn take_spare(&self) -> Vec<u8> {
        std::mem::take(&mut *self.spare.lock())
    }

    pub fn put_spare(&self, buf: Vec<u8>) {
        *self.spare.lock() = buf;
    }

    pub fn probes(&self) -> &Probes {
        &self.probes
    }

    pub fn calls(&self) -> &Calls {
        &self.calls
    }

    /// The connected, open client.
    pub fn client(&self) -> Result<&Client, Error> {
        if self.closed.load(Ordering::Acquire) {
            return Err(Error::closing());
        }
        self.client.get().ok_or_else(|| Error::new(ErrorKind::Closing, "the client is not connected"))
    }

    /// Connects in the background; the outcome arrives as a `Connected`
    /// frame with id `id`.
    pub fn connect(self: &Arc<Self>, config: Vec<u8>, id: u64, auth: Auth) {
        let handle = match runtime::handle() {
            Ok(h) => h,
            Err(e) => return self.queue.push(Tag::Connected, id, &encode_response(id, Err(e))),
        };
        let shim = self.clone();
        handle.spawn(async move {
            let connected = match auth {
                Auth::Config => Client::connect_bytes(&config).await,
                Auth::Provider { refresh } => match haven_core::config::decode_client_config(&config) {
                    Ok(config) => {
                        let provider = credential_provider(&shim.queue, &shim.calls);
                        Client::connect_with_credentials(config, provider, refresh).await
                    }
                    Err(e) => Err(e),
                },
            };
            let result = match connected {
                Ok(client) if shim.closed.load(Ordering::Acquire) => {
                    client.close();
                    Err(Error::new(ErrorKind::Closing, "the client was closed while connecting"))
                }
                Ok(client) => match shim.client.set(client.clone()) {
                    Ok(()) => {
                        let (outbox, queue, stop) = (shim.outbox.clone(), shim.queue.clone(), shim.stop.subscribe());
                        let drained = client.clone();
                        tokio::spawn(async move { outbox.drain(stop, |op| send(&drained, &queue, op, false)).await });
                        shim.forward_events(client.events());
                        Ok(Value::Nil)
                    }
                    Err(extra) => {
                        extra.close();
                        Err(Error::config("connect: this client is already connected"))
                    }
                },
                Err(e) => Err(e),
            };
            shim.queue.push(Tag::Connected, id, &encode_response(id, result));
        });
    }

    /// The dispatcher's wait for its next batch of frames (see
    /// `Queue::take`). First it starts the requests the callbacks of the
    /// last batch submitted, together (`start_held`); from the moment it
    /// returns a batch until it comes back, this thread's requests are held
    /// for that.
    pub fn take(&self, timeout: Duration, into: &mut Vec<u8>) -> bool {
        DISPATCHING.with(|d| d.set(0));
        self.start_held(true);
        let taken = self.queue.take(timeout, into);
        self.held.begin();
        DISPATCHING.with(|d| d.set(self as *const Shim as usize));
        taken
    }

    /// Whether this thread is this shim's dispatcher running Java's
    /// callbacks (see `DISPATCHING`).
    fn dispatching_here(&self) -> bool {
        DISPATCHING.with(|d| d.get()) == self as *const Shim as usize
    }

    /// Starts the requests the dispatcher's callbacks submitted, together,
    /// on this thread (`Held::start`), where the outbox would wake an
    /// engine thread to send them: with 10 callers chained on their
    /// replies, one thread hop fewer per round trip. `end`: the callbacks
    /// have run (holding stops until the next batch).
    fn start_held(&self, end: bool) {
        match self.client() {
            Ok(client) => {
                let start = |request| send(client, &self.queue, Op::Request(request), false);
                if end {
                    // With nothing else in flight, the dispatcher would only
                    // sleep until an engine thread woke it with the replies:
                    // it polls for them a moment in `take` first.
                    self.queue.hand_batch(self.held.end(start, client));
                } else {
                    self.held.start(start)
                }
            }
            Err(e) => {
                for request in self.held.take() {
                    self.queue.push(Tag::Response, 0, &refused(&request, e.clone()));
                }
            }
        }
    }

    /// Hands a serialized CommandRequest to the engine; its Response comes
    /// back through the queue. From the dispatcher's callbacks it is held
    /// until the dispatcher comes back for its next batch (`take`), unless
    /// it is a lone caller's.
    pub fn submit(&self, request: &[u8]) {
        let client = match self.client() {
            Ok(client) => client,
            Err(e) => return self.queue.push(Tag::Response, 0, &refused(request, e)),
        };
        let request = request.to_vec();
        let request = if self.dispatching_here() {
            // (A lone caller's request comes back: it takes its own path at
            // once, written from here, the reply read here.)
            match self.held.hold(request, client) {
                Holding::Held => return,
                Holding::Back(request) => request,
                Holding::Spilled(requests) => {
                    for request in requests {
                        self.offer(client, Op::Request(request));
                    }
                    return;
                }
            }
        } else {
            request
        };
        self.offer(client, Op::Request(request));
    }

    /// A blocking call (`HavenBlockingClient`): hands a serialized
    /// CommandRequest to the engine like `submit`, then waits on this Java
    /// thread (in native code: the JVM is not involved) for its Response,
    /// which the engine thread that ends the request hands over directly;
    /// the dispatcher is not woken for it. The engine ends every request by
    /// its deadline, so this returns. A lone caller (its request started
    /// here) polls briefly before sleeping (`ReplySlot::submitted`).
    pub fn call(&self, request: &[u8]) -> Vec<u8> {
        self.start_held_first();
        let client = match self.client() {
            Ok(client) => client,
            Err(e) => return refused(request, e),
        };
        ReplySlot::submitted(unanswered_response as fn() -> Vec<u8>, |filler| {
            self.offer(client, Op::Call(request.to_vec(), filler))
        })
        .wait()
    }

    /// Hands `op` to the engine through the outbox, or on this thread when
    /// the client is idle (then true: the caller is alone).
    fn offer(&self, client: &Client, op: Op) -> bool {
        match self.outbox.offer(op, || client.is_idle()) {
            Offered::Queued => false,
            // Nothing to batch with: started on this Java thread, so an
            // idle connection is written without waking an engine one.
            Offered::StartHere(op) => {
                let call = matches!(op, Op::Call(..));
                send(client, &self.queue, op, true);
                if !call {
                    // Its Response comes through the queue: the dispatcher
                    // polling there does the engine's part for it meanwhile
                    // (a blocking call's own thread does, in `call`).
                    self.queue.hand_lone(LoneRequest::take());
                }
                true
            }
            Offered::Finished(op) => {
                send(client, &self.queue, op, false);
                false
            }
        }
    }

    /// On the dispatcher running callbacks, starts the requests held so far
    /// before anything else this thread hands over: they stay ahead of it
    /// (a cancel behind its request, a blocking call behind the writes
    /// before it).
    fn start_held_first(&self) {
        if self.dispatching_here() {
            self.start_held(false);
        }
    }

    /// Hands `op` to the engine through the outbox, after what was handed
    /// over before it; once the outbox has closed, sends it directly (a
    /// request then gets ClosingError from the engine).
    fn hand_over(&self, client: &Client, op: Op) {
        if let Err(late) = self.outbox.push(op) {
            send(client, &self.queue, late, false);
        }
    }

    /// Cancels request `id` (a blocking or session command still running;
    /// anything else is left to its deadline), after the requests already
    /// handed over. A client not connected or closed has nothing to cancel.
    pub fn cancel(&self, id: u64) {
        self.start_held_first();
        if let Ok(client) = self.client() {
            self.hand_over(client, Op::Cancel(id));
        }
    }

    /// A new session's id (see `Client::open_session`).
    pub fn open_session(&self) -> Result<u64, Error> {
        self.client()?.open_session()
    }

    /// Releases a session after the requests already handed over have
    /// reached the engine (they run on it first).
    pub fn close_session(&self, id: u64) {
        self.start_held_first();
        if let Ok(client) = self.client() {
            self.hand_over(client, Op::CloseSession(id));
        }
    }

    fn forward_events(&self, events: broadcast::Receiver<haven_core::proto::Event>) {
        let Ok(handle) = runtime::handle() else { return };
        let queue = self.queue.clone();
        handle.spawn(haven_core::events::forward(events, self.stop.subscribe(), move |event| {
            queue.push(Tag::Event, 0, &event.encode_to_vec());
            true
        }));
    }

    /// The engine callback of "custom" health checks for `name_or_id`: it
    /// queues a `HealthProbe` frame for the Java dispatcher (no Java runs on
    /// an engine thread) and waits for `Probes::answer`; no answer is
    /// "unhealthy" once the engine's probe timeout passes.
    pub fn set_health_check(&self, name_or_id: &str) -> Result<(), Error> {
        let client = self.client()?;
        let queue = Arc::downgrade(&self.queue);
        let probes = Arc::downgrade(&self.probes);
        let key = name_or_id.to_string();
        let check: HealthCallback = Arc::new(move |endpoint: &str| -> BoxFuture<'static, bool> {
            let (Some(queue), Some(probes)) = (queue.upgrade(), probes.upgrade()) else {
                return Box::pin(async { false });
            };
            // Closed: the client is closing, nobody will answer.
            let Some(wait) = probes.wait() else {
                return Box::pin(async { false });
            };
            // "<registered name or id>\0<endpoint>": Java finds the function
            // by the first, and calls it with the second.
            let mut payload = Vec::with_capacity(key.len() + 1 + endpoint.len());
            payload.extend_from_slice(key.as_bytes());
            payload.push(0);
            payload.extend_from_slice(endpoint.as_bytes());
            queue.push(Tag::HealthProbe, wait.token(), &payload);
            // The wait, dropped with the future (answered, timed out),
            // forgets its id.
            Box::pin(async move { matches!(tokio::time::timeout(HEALTH_WAIT_CAP, wait.answer()).await, Ok(Some(true))) })
        });
        client.set_health_check(name_or_id, check)
    }

    /// Runs `fut` on the engine runtime and queues its outcome as the
    /// Response of request `id` (exactly once: a runtime that cannot be
    /// reached answers at once).
    fn spawn_request<Fut>(&self, id: u64, fut: Fut)
    where
        Fut: std::future::Future<Output = Result<Value, Error>> + Send + 'static,
    {
        self.start_held_first();
        let queue = self.queue.clone();
        match runtime::handle() {
            Ok(handle) => {
                handle.spawn(async move {
                    let result = fut.await;
                    queue.push(Tag::Response, 0, &encode_response(id, result));
                });
            }
            Err(e) => queue.push(Tag::Response, 0, &encode_response(id, Err(e))),
        }
    }

    /// Cache-aside: the value of `key`, loaded on a miss by the Java loader
    /// registered under token `id`. The outcome arrives as the Response of
    /// request `id` (a bulk string, or an error).
    pub fn get_or_load(&self, id: u64, key: Vec<u8>, options: LoadOptions) -> Result<(), Error> {
        let loader = JavaFn::new(id, true, &self.queue, &self.calls);
        let client = self.client()?.clone();
        self.spawn_request(id, async move {
            let value = client.get_or_load(key, options, move || loader.call()).await?;
            Ok(Value::BulkString(value))
        });
        Ok(())
    }

    /// Write-through with the Java writer registered under token `id`; the
    /// outcome arrives as the Response of request `id` (OK, or an error).
    pub fn write_through(&self, id: u64, key: Vec<u8>, value: Vec<u8>, ttl: Duration, mode: WriteMode) -> Result<(), Error> {
        let writer = JavaFn::new(id, false, &self.queue, &self.calls);
        let client = self.client()?.clone();
        self.spawn_request(id, async move {
            client
                .write_through(key, value, ttl, mode, move || async move { writer.call().await.map(|_| ()) })
                .await?;
            Ok(Value::SimpleString("OK".into()))
        });
        Ok(())
    }

    /// Asks the credential provider now, as request `id`: its Response is
    /// a boolean (whether the credentials changed) or the error (ConfigError
    /// without a provider; the provider's failure, the credentials unchanged).
    /// Adds a multi-endpoint client's endpoint, as request `id` (a nil
    /// Response once added).
    pub fn add_endpoint(&self, endpoint: haven_core::proto::Endpoint, id: u64) -> Result<(), Error> {
        let client = self.client()?.clone();
        self.spawn_request(id, async move {
            client.add_endpoint(endpoint).await?;
            Ok(Value::Nil)
        });
        Ok(())
    }

    /// Queues every pub/sub message from now on as a `Message` frame (once;
    /// later calls keep the forwarder running).
    pub fn start_messages(&self) -> Result<(), Error> {
        let client = self.client()?;
        let mut slot = self.messages.lock();
        if slot.is_none() {
            let queue = Arc::downgrade(&self.queue);
            *slot = Some(client.on_message_bytes(move |bytes| {
                if let Some(q) = queue.upgrade() {
                    q.push(Tag::Message, 0, &bytes);
                }
            })?);
        }
        Ok(())
    }

    /// SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE (`kind` 0, 1, 2) or their UN-
    /// forms, as request `id` (a nil Response once confirmed).
    pub fn pubsub(&self, kind: i32, names: Vec<Vec<u8>>, subscribe: bool, id: u64) -> Result<(), Error> {
        if !(0..=2).contains(&kind) {
            return Err(Error::config(format!("pubsub kind: unknown {kind}")));
        }
        let client = self.client()?.clone();
        self.spawn_request(id, async move {
            let names: Vec<bytes::Bytes> = names.into_iter().map(bytes::Bytes::from).collect();
            match (kind, subscribe) {
                (0, true) => client.subscribe(names).await?,
                (0, false) => client.unsubscribe(names).await?,
                (1, true) => client.psubscribe(names).await?,
                (1, false) => client.punsubscribe(names).await?,
                (_, true) => client.ssubscribe(names).await?,
                (_, false) => client.sunsubscribe(names).await?,
            }
            Ok(Value::Nil)
        });
        Ok(())
    }

    pub fn refresh_credentials(&self, id: u64) -> Result<(), Error> {
        let client = self.client()?.clone();
        self.spawn_request(id, async move { Ok(Value::Boolean(client.refresh_credentials().await?)) });
        Ok(())
    }

    /// Closes the engine client; requests in flight end with ClosingError
    /// through the queue. The dispatcher's `poll` no longer waits.
    pub fn close(&self) {
        if !self.closed.swap(true, Ordering::AcqRel) {
            if let Some(listener) = self.messages.lock().take() {
                listener.stop();
            }
            if let Some(c) = self.client.get() {
                c.close();
            }
            self.stop.send_replace(true);
            // Probes waiting for Java end now, as unhealthy.
            self.probes.close();
            // So do loaders and writers (their requests end with an error).
            self.calls.close();
            self.queue.close();
        }
    }
}

impl Drop for Shim {
    fn drop(&mut self) {
        self.close();
    }
}
