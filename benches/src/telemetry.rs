//! The cost of telemetry: throughput at 100 callers with OpenTelemetry on
//! (1% of commands traced, every request's duration in the histogram, the
//! other metrics observed, exported every second to an OTLP/HTTP sink in
//! the process) beside telemetry off. Telemetry is process-wide and cannot
//! be turned off again, so each round is a child process of this binary
//! (`--telemetry-round on|off`); rounds alternate off, on, off, on, ... and
//! the figure is the median of the on/off ratios of adjacent pairs, printed
//! with their spread and the machine's load. On a shared machine the
//! throughput of a round swings with the neighbours' load, so each round
//! also reports the CPU time its process spent per request (user + system,
//! from /proc/self/stat): the steadier measure of what telemetry costs.
//! Besides the median, the geometric mean of the pair ratios is printed
//! with its 95% confidence interval (Student's t over the log ratios): the
//! 3% goal counts as shown only when the interval's lower end is >= 0.97,
//! so enough pairs (`--pairs N`) turn a noisy machine's spread into proof.
//!
//! Where even that is too noisy, `instructions` counts the CPU work instead
//! of timing it: each round runs under callgrind (instructions are counted,
//! whatever the neighbours do), for a short and a long run, and the
//! difference divided by the difference in requests is the marginal cost
//! of one request, setup excluded. On/off of that is what telemetry costs
//! the client's CPU per request; at 100 callers the client is CPU-bound,
//! so throughput drops by about as much. Conservative: the exporters' work
//! per second of wall time is counted against far fewer requests than at
//! full speed (callgrind runs the client ~25x slower).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use crate::load::{self, Figures, Target};
use crate::report;

pub const CALLERS: usize = 100;

/// An OTLP/HTTP receiver that answers 200 and discards what it gets.
fn sink() -> Result<String, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':') {
                    if k.eq_ignore_ascii_case("content-length") {
                        length = v.trim().parse().unwrap_or(0);
                    }
                }
            }
            let _ = std::io::copy(&mut reader.by_ref().take(length as u64), &mut std::io::sink());
            let _ = reader.get_mut().write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    Ok(format!("http://{addr}"))
}

/// CPU time (user + system) this process has used, in µs.
fn cpu_us() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which ends with ')'): utime is the
    // 12th, stime the 13th, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<f64> = rest.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    match (f.get(11), f.get(12)) {
        (Some(u), Some(s)) => (u + s) * 10_000.0,
        _ => f64::NAN,
    }
}

/// One round in this process: prints `ops_per_sec p50_us p99_us errors
/// cpu_us_per_op`.
pub async fn round(on: bool, port: u16, secs: Duration) -> Result<(), String> {
    if on {
        haven_core::telemetry::init(haven_core::telemetry::TelemetryConfig {
            endpoint: Some(sink()?),
            protocol: None,
            sample_percentage: 1.0,
            flush_interval_ms: 1000,
            service_name: Some("haven-bench".into()),
        })
        .map_err(|e| e.to_string())?;
    }
    let before = cpu_us();
    let f = load::run(Target::Haven, port, CALLERS, secs).await?;
    let per_op = (cpu_us() - before) / (f.ops_per_sec * secs.as_secs_f64());
    println!("{} {} {} {} {}", f.ops_per_sec, f.p50_us, f.p99_us, f.errors, per_op);
    Ok(())
}

fn child(on: bool, port: u16, secs: Duration) -> Result<(Figures, f64), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .args(["--telemetry-round", if on { "on" } else { "off" }, "--port", &port.to_string()])
        .arg("--seconds")
        .arg(secs.as_secs_f64().to_string())
        .env_remove("HAVEN_BENCH_JSON")
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let n: Vec<f64> = text.lines().last().unwrap_or("").split_whitespace().filter_map(|x| x.parse().ok()).collect();
    match (out.status.success(), n.as_slice()) {
        (true, [ops, p50, p99, errors, cpu]) => {
            Ok((Figures { ops_per_sec: *ops, p50_us: *p50, p99_us: *p99, errors: *errors as u64 }, *cpu))
        }
        _ => Err(format!("telemetry round failed: {text} {}", String::from_utf8_lossy(&out.stderr))),
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")).unwrap_or_default()
}

/// Alternating rounds, then the table and the JSON figures.
pub fn compare(port: u16, pairs: usize, secs: Duration) -> Result<(), String> {
    println!("\n## Telemetry on (1% traced, metrics on) vs off, {CALLERS} callers\n");
    println!("Load average before: {}. {pairs} pairs of {} s rounds, alternating.\n", load_average(), secs.as_secs_f64());
    println!("| pair | off ops/s | on ops/s | on/off | off p99 µs | on p99 µs | off CPU µs/op | on CPU µs/op | CPU on/off |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let (mut ratios, mut offs, mut ons, mut cpu_ratios) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..pairs {
        // Alternate which goes first, so a drifting machine favours neither.
        let (off, on) = if i % 2 == 0 {
            let off = child(false, port, secs)?;
            (off, child(true, port, secs)?)
        } else {
            let on = child(true, port, secs)?;
            (child(false, port, secs)?, on)
        };
        let ((off, off_cpu), (on, on_cpu)) = (off, on);
        let ratio = on.ops_per_sec / off.ops_per_sec;
        let cpu_ratio = on_cpu / off_cpu;
        println!(
            "| {} | {:.0} | {:.0} | {:.3} | {:.1} | {:.1} | {:.2} | {:.2} | {:.3} |",
            i + 1,
            off.ops_per_sec,
            on.ops_per_sec,
            ratio,
            off.p99_us,
            on.p99_us,
            off_cpu,
            on_cpu,
            cpu_ratio
        );
        cpu_ratios.push(cpu_ratio);
        report::throughput("standalone", "haven (telemetry off)", "async", CALLERS, &off, secs.as_secs_f64());
        report::throughput("standalone", "haven (telemetry 1% traced + metrics)", "async", CALLERS, &on, secs.as_secs_f64());
        ratios.push(ratio);
        offs.push(off.ops_per_sec);
        ons.push(on.ops_per_sec);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            f64::NAN
        } else if v.len() % 2 == 1 {
            v[v.len() / 2]
        } else {
            (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
        }
    };
    let m = median(&mut ratios);
    let (lo, hi) = (ratios.first().copied().unwrap_or(f64::NAN), ratios.last().copied().unwrap_or(f64::NAN));
    println!(
        "\nMedian on/off {:.3} ({:+.1}%), spread of the pairs {:.3} .. {:.3}; median off {:.0} ops/s, on {:.0} ops/s. \
         Goal: within 3% (>= 0.970): {}. Load average after: {}.\n",
        m,
        (m - 1.0) * 100.0,
        lo,
        hi,
        median(&mut offs),
        median(&mut ons),
        if m >= 0.97 { "met" } else { "NOT met" },
        load_average()
    );
    report::figure("telemetry on/off throughput ratio at 100 callers (median of pairs)", m, "ratio");
    let (gm, ci_lo, ci_hi) = mean_ratio_interval(&ratios);
    println!(
        "Geometric mean on/off {:.3} ({:+.1}%), 95% confidence interval {:.3} .. {:.3} over {} pairs. \
         Within 3% shown (interval's lower end >= 0.970): {}.\n",
        gm,
        (gm - 1.0) * 100.0,
        ci_lo,
        ci_hi,
        ratios.len(),
        if ci_lo >= 0.97 { "yes" } else { "no" }
    );
    report::figure("telemetry on/off throughput ratio, geometric mean", gm, "ratio");
    report::figure("telemetry on/off throughput ratio, 95% interval low", ci_lo, "ratio");
    report::figure("telemetry on/off throughput ratio, 95% interval high", ci_hi, "ratio");
    let (cpu_gm, cpu_lo, cpu_hi) = mean_ratio_interval(&cpu_ratios);
    let cpu = median(&mut cpu_ratios);
    println!(
        "CPU per request, on/off: median {:.3} ({:+.1}%), pairs {:.3} .. {:.3} (where the client's CPU is the bottleneck, \
         1/{:.3} = {:.3} is the throughput ratio to expect).\n",
        cpu,
        (cpu - 1.0) * 100.0,
        cpu_ratios.first().copied().unwrap_or(f64::NAN),
        cpu_ratios.last().copied().unwrap_or(f64::NAN),
        cpu,
        1.0 / cpu
    );
    println!(
        "CPU per request, on/off: geometric mean {:.3}, 95% confidence interval {:.3} .. {:.3}.\n",
        cpu_gm, cpu_lo, cpu_hi
    );
    report::figure("telemetry on/off CPU per request at 100 callers (median of pairs)", cpu, "ratio");
    report::figure("telemetry on/off ratio, lowest pair", lo, "ratio");
    report::figure("telemetry on/off ratio, highest pair", hi, "ratio");
    Ok(())
}

/// Geometric mean of ratios with its two-sided 95% confidence interval:
/// Student's t over the logs (ratios of adjacent rounds are close to
/// log-normal; a pair's noise is symmetric in log space).
fn mean_ratio_interval(ratios: &[f64]) -> (f64, f64, f64) {
    let logs: Vec<f64> = ratios.iter().filter(|r| r.is_finite() && **r > 0.0).map(|r| r.ln()).collect();
    let n = logs.len();
    if n < 2 {
        let g = logs.first().map(|l| l.exp()).unwrap_or(f64::NAN);
        return (g, f64::NAN, f64::NAN);
    }
    let mean = logs.iter().sum::<f64>() / n as f64;
    let var = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let half = t95(n - 1) * (var / n as f64).sqrt();
    (mean.exp(), (mean - half).exp(), (mean + half).exp())
}

/// Two-sided 95% critical value of Student's t with `df` degrees of freedom.
fn t95(df: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
        2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df - 1],
        31..=60 => 2.00,
        _ => 1.98,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_narrows_with_pairs_and_centres_on_the_geometric_mean() {
        let (g, lo, hi) = mean_ratio_interval(&[0.9, 1.1]);
        assert!((g - (0.99f64).sqrt()).abs() < 1e-9);
        assert!(lo < 0.5 && hi > 1.5, "two pairs: a wide interval ({lo} .. {hi})");
        let many: Vec<f64> = (0..40).map(|i| if i % 2 == 0 { 0.95 } else { 1.05 }).collect();
        let (_, lo, hi) = mean_ratio_interval(&many);
        assert!(lo > 0.97 && hi < 1.03, "forty pairs of +-5%: within 3% ({lo} .. {hi})");
        assert!(mean_ratio_interval(&[1.0]).1.is_nan());
    }
}

/// One round under callgrind: (requests done, instructions counted).
fn counted_round(on: bool, port: u16, secs: f64) -> Result<(f64, f64), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let dir = std::env::temp_dir().join(format!("haven-cg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join(format!("cg.{}.{secs}", if on { "on" } else { "off" }));
    let out = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", file.display()))
        .arg(exe)
        .args(["--telemetry-round", if on { "on" } else { "off" }, "--port", &port.to_string()])
        .args(["--seconds", &secs.to_string()])
        .env_remove("HAVEN_BENCH_JSON")
        .output()
        .map_err(|e| format!("valgrind: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let ops: f64 = text
        .lines()
        .last()
        .and_then(|l| l.split_whitespace().next())
        .and_then(|x| x.parse().ok())
        .ok_or_else(|| format!("callgrind round failed: {text} {}", String::from_utf8_lossy(&out.stderr)))?;
    let counted = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    let instructions: f64 = counted
        .lines()
        .find_map(|l| l.strip_prefix("summary:"))
        .and_then(|n| n.trim().parse().ok())
        .ok_or("callgrind wrote no summary")?;
    Ok((ops * secs, instructions))
}

/// The marginal instructions per request, on and off, in `reps`
/// alternating repetitions; prints the table and the ratio.
pub fn instructions(port: u16, reps: usize) -> Result<(), String> {
    if Command::new("valgrind").arg("--version").output().is_err() {
        println!("\n(telemetry instruction counts skipped: valgrind is not installed)\n");
        return Ok(());
    }
    let (short, long) = (3.0, 9.0);
    println!("\n## Telemetry on vs off: instructions per request (callgrind), {CALLERS} callers\n");
    println!(
        "Marginal cost: (instructions of a {long} s run - of a {short} s run) / (their difference in requests), \
         so process start and telemetry setup cancel out.\n"
    );
    println!("| rep | off instr/request | on instr/request | on/off |");
    println!("|---:|---:|---:|---:|");
    let mut ratios = Vec::new();
    for rep in 0..reps {
        let marginal = |on: bool| -> Result<f64, String> {
            let (r1, i1) = counted_round(on, port, short)?;
            let (r2, i2) = counted_round(on, port, long)?;
            if r2 <= r1 {
                return Err(format!("the long callgrind round did fewer requests ({r2}) than the short one ({r1})"));
            }
            Ok((i2 - i1) / (r2 - r1))
        };
        let (off, on) = if rep % 2 == 0 {
            let off = marginal(false)?;
            (off, marginal(true)?)
        } else {
            let on = marginal(true)?;
            (marginal(false)?, on)
        };
        println!("| {} | {:.0} | {:.0} | {:.4} |", rep + 1, off, on, on / off);
        ratios.push(on / off);
    }
    let (gm, lo, hi) = mean_ratio_interval(&ratios);
    let (min, max) = ratios.iter().fold((f64::MAX, f64::MIN), |(a, b), r| (a.min(*r), b.max(*r)));
    println!(
        "\nInstructions per request on/off: geometric mean {gm:.4} ({:+.2}%), repetitions {min:.4} .. {max:.4}, \
         95% interval {lo:.4} .. {hi:.4}. The client's CPU per request within 3% of off (mean <= 1.031): {}; \
         every repetition within 3%: {}.\n",
        (gm - 1.0) * 100.0,
        if gm <= 1.0 / 0.97 { "yes" } else { "no" },
        if max <= 1.0 / 0.97 { "yes" } else { "no" }
    );
    report::figure("telemetry on/off instructions per request (callgrind, geometric mean)", gm, "ratio");
    report::figure("telemetry on/off instructions per request, highest repetition", max, "ratio");
    Ok(())
}
