//! The write load the Sentinel and multi-endpoint failover scenarios
//! measure: four tasks on haven's engine runtime, each sending one SET at a
//! time until stopped, recording when every write ended, whether it
//! succeeded and whether it ended past its deadline.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::{Client, Cmd};
use parking_lot::Mutex;
use tokio::task::JoinHandle;

/// haven's default request deadline plus 20 ms of slack.
const DEADLINE: Duration = Duration::from_millis(250 + 20);

/// One write: when it ended, whether it succeeded, whether it took longer
/// than the deadline (+20 ms).
pub type Sample = (Instant, bool, bool);

pub struct Writers {
    stop: Arc<AtomicBool>,
    samples: Arc<Mutex<Vec<Sample>>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Writers {
    /// Starts the writers on keys `<prefix>:<worker>:<0..100>`.
    pub fn start(client: &Client, prefix: &str) -> Result<Writers, String> {
        let samples = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let engine = haven_core::runtime::handle().map_err(|e| e.to_string())?;
        let mut tasks = Vec::new();
        for w in 0..4 {
            let (client, samples, stop, prefix) = (client.clone(), samples.clone(), stop.clone(), prefix.to_string());
            tasks.push(engine.spawn(async move {
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let t = Instant::now();
                    let ok = client.send(Cmd::new("SET").arg(format!("{prefix}:{w}:{}", n % 100)).arg("v")).await.is_ok();
                    let late = t.elapsed() > DEADLINE;
                    samples.lock().push((Instant::now(), ok, late));
                    if !ok {
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                }
            }));
        }
        Ok(Writers { stop, samples, tasks })
    }

    /// Stops the writers and returns every write they made, in order of ending.
    pub async fn stop(self) -> Vec<Sample> {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.tasks {
            let _ = t.await;
        }
        std::mem::take(&mut *self.samples.lock())
    }
}
