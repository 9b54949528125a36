//! Sentinel failover timings, for a SIGKILL of the primary and for SENTINEL
//! FAILOVER: the Sentinels' own failover duration (+sdown, or the FAILOVER
//! command, to the first +switch-master any Sentinel publishes), the time
//! from that +switch-master to the client's first successful write on the new
//! primary, and the client's total write outage. The Sentinels are watched
//! by independent `redis-cli PSUBSCRIBE` processes, not by haven.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use haven_core::{proto, Client};
use parking_lot::Mutex;

use crate::servers::{cli, servers};
use crate::writes::Writers;

const SENTINELS: [u16; 3] = [26420, 26421, 26422];
const MASTER: &str = "havenprimary";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Sigkill,
    ManualFailover,
}

pub struct Timings {
    pub fault: Fault,
    /// Fault (+sdown of the master, or the FAILOVER command) to +switch-master.
    pub sentinel_failover_ms: f64,
    /// +switch-master to the client's first successful write after it.
    pub switch_to_write_ms: f64,
    /// First failed write to the first successful write after the fault.
    pub write_outage_ms: f64,
    pub failed_writes: u64,
    /// Fault to the first successful write on the new primary.
    pub recovery_ms: f64,
    /// Writes that ended more than 20 ms after their deadline.
    pub past_deadline: u64,
    /// Writes per 100 ms: (ms since the fault, ok, failed).
    pub timeline: Vec<(i64, u64, u64)>,
}

fn config() -> proto::ClientConfig {
    proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Sentinel(proto::SentinelDeployment {
            sentinels: SENTINELS.iter().map(|p| format!("127.0.0.1:{p}")).collect(),
            master_name: MASTER.into(),
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// Event lines from every Sentinel with the time they arrived.
struct Watch {
    children: Vec<Child>,
    seen: Arc<Mutex<Vec<(Instant, String, String)>>>,
}

impl Watch {
    fn start() -> Result<Watch, String> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut children = Vec::new();
        for port in SENTINELS {
            let mut child = Command::new("redis-cli")
                .args(["-p", &port.to_string(), "PSUBSCRIBE", "*"])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("redis-cli: {e}"))?;
            let out = child.stdout.take().ok_or("no stdout")?;
            let seen = seen.clone();
            std::thread::spawn(move || {
                // Lines come in fours: pmessage, pattern, channel, data.
                let mut lines = BufReader::new(out).lines();
                while let Some(Ok(line)) = lines.next() {
                    if line == "pmessage" {
                        let _pattern = lines.next();
                        let channel = lines.next().and_then(|l| l.ok()).unwrap_or_default();
                        let data = lines.next().and_then(|l| l.ok()).unwrap_or_default();
                        seen.lock().push((Instant::now(), channel, data));
                    }
                }
            });
            children.push(child);
        }
        Ok(Watch { children, seen })
    }

    fn first(&self, channel: &str, contains: &str, after: Instant) -> Option<Instant> {
        self.seen.lock().iter().filter(|(t, c, d)| *t >= after && c == channel && d.contains(contains)).map(|e| e.0).min()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn primary_port() -> Option<u16> {
    cli(26421, &["SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER]).ok()?.lines().nth(1)?.trim().parse().ok()
}

pub async fn run(fault: Fault) -> Result<Timings, String> {
    let _lock = crate::faultlock::acquire()?;
    servers(&["start", "sentinel"])?;
    let client = Client::connect(config()).await.map_err(|e| e.to_string())?;
    let watch = Watch::start()?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let writers = Writers::start(&client, "bench:sentinel")?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let old = primary_port().ok_or("no primary known to the Sentinels")?;
    let mut fault_at = Instant::now();
    match fault {
        // The kill has happened when the script returns.
        Fault::Sigkill => {
            servers(&["kill-node", &old.to_string()])?;
            fault_at = Instant::now();
        }
        Fault::ManualFailover => {
            let reply = cli(26420, &["SENTINEL", "FAILOVER", MASTER])?;
            if !reply.contains("OK") {
                return Err(format!("SENTINEL FAILOVER refused: {reply}"));
            }
        }
    }
    // Wait for the switch, then a little longer for the client.
    let switch = loop {
        if let Some(t) = watch.first("+switch-master", MASTER, fault_at) {
            break t;
        }
        if fault_at.elapsed() > Duration::from_secs(30) {
            return Err("no +switch-master within 30 s".into());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    let writes = writers.stop().await;
    client.close();
    let start_of_failover = match fault {
        Fault::Sigkill => watch.first("+sdown", &format!("master {MASTER}"), fault_at).unwrap_or(fault_at),
        Fault::ManualFailover => fault_at,
    };
    // After a SIGKILL no write succeeds until the client has moved, so the
    // first success after the fault, minus the switch, is the client's lag
    // (negative: it moved before our watcher read the event). After a manual
    // failover the old primary keeps accepting writes for a while, so take
    // the first success after the switch.
    let first_ok_from = if fault == Fault::Sigkill { fault_at } else { switch };
    let first_ok_after_switch = writes
        .iter()
        .filter(|(t, ok, _)| *ok && *t > first_ok_from && (fault == Fault::ManualFailover || *t > fault_at))
        .map(|w| w.0)
        .min()
        .ok_or("no successful write after the fault")?;
    let first_failure = writes.iter().filter(|(t, ok, _)| !ok && *t >= fault_at).map(|w| w.0).min();
    let outage = match first_failure {
        Some(f) => writes
            .iter()
            .filter(|(t, ok, _)| *ok && *t > f)
            .map(|w| w.0)
            .min()
            .map(|ok| ok.duration_since(f))
            .unwrap_or_default(),
        None => Duration::ZERO,
    };
    drop(watch);
    servers(&["start", "sentinel"])?;
    let timeline = crate::report::timeline(writes.iter().map(|(t, ok, _)| (signed_ms(*t, fault_at) as i64, *ok)), 1000);
    Ok(Timings {
        recovery_ms: signed_ms(first_ok_after_switch, fault_at),
        past_deadline: writes.iter().filter(|w| w.2).count() as u64,
        timeline,
        fault,
        sentinel_failover_ms: switch.duration_since(start_of_failover).as_secs_f64() * 1000.0,
        switch_to_write_ms: signed_ms(first_ok_after_switch, switch),
        write_outage_ms: outage.as_secs_f64() * 1000.0,
        failed_writes: writes.iter().filter(|(t, ok, _)| !ok && *t >= fault_at).count() as u64,
    })
}

fn signed_ms(a: Instant, b: Instant) -> f64 {
    if a >= b {
        a.duration_since(b).as_secs_f64() * 1000.0
    } else {
        -(b.duration_since(a).as_secs_f64() * 1000.0)
    }
}
