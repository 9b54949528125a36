//! Machine-readable results: when `HAVEN_BENCH_JSON=<file>` is set, every
//! measured point is appended to that file as one JSON object per line
//! (the format of the benchmark report, benches/report/run.py). The human
//! tables on stdout are unchanged.

use std::fmt::Write as _;
use std::io::Write as _;

use crate::load::Figures;

/// A JSON value, enough for the report's flat records.
pub enum V<'a> {
    S(&'a str),
    N(f64),
    I(u64),
    /// [[ms since the fault, successes, failures], ...]
    Timeline(&'a [(i64, u64, u64)]),
}

fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The record as one JSON line (NaN and infinities become null).
pub fn line(fields: &[(&str, V)]) -> String {
    let mut out = String::from("{");
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(&mut out, k);
        out.push(':');
        match v {
            V::S(s) => string(&mut out, s),
            V::N(n) if n.is_finite() => {
                let _ = write!(out, "{n:.3}");
            }
            V::N(_) => out.push_str("null"),
            V::I(n) => {
                let _ = write!(out, "{n}");
            }
            V::Timeline(t) => {
                out.push('[');
                for (j, (ms, ok, failed)) in t.iter().enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    let _ = write!(out, "[{ms},{ok},{failed}]");
                }
                out.push(']');
            }
        }
    }
    out.push('}');
    out
}

/// Appends the record to `$HAVEN_BENCH_JSON` when it is set. A file that
/// cannot be written is reported on stderr, not fatal: the tables still print.
pub fn emit(fields: &[(&str, V)]) {
    let Ok(path) = std::env::var("HAVEN_BENCH_JSON") else { return };
    if path.is_empty() {
        return;
    }
    let text = line(fields) + "\n";
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    if let Err(e) = written {
        eprintln!("haven-bench: cannot append to HAVEN_BENCH_JSON={path}: {e}");
    }
}

/// One throughput point.
pub fn throughput(deployment: &str, client: &str, mode: &str, concurrency: usize, f: &Figures, seconds: f64) {
    emit(&[
        ("kind", V::S("throughput")),
        ("language", V::S("rust")),
        ("deployment", V::S(deployment)),
        ("client", V::S(client)),
        ("mode", V::S(mode)),
        ("concurrency", V::I(concurrency as u64)),
        ("ops_per_sec", V::N(f.ops_per_sec)),
        ("p50_us", V::N(f.p50_us)),
        ("p99_us", V::N(f.p99_us)),
        ("errors", V::I(f.errors)),
        ("seconds", V::N(seconds)),
    ]);
}

/// One fault: recovery time, failed and late requests, and the 100 ms timeline.
pub fn failover(fault: &str, recovery_ms: f64, failed: u64, past_deadline: u64, timeline: &[(i64, u64, u64)]) {
    emit(&[
        ("kind", V::S("failover")),
        ("language", V::S("rust")),
        ("client", V::S("haven")),
        ("fault", V::S(fault)),
        ("recovery_ms", V::N(recovery_ms)),
        ("failed", V::I(failed)),
        ("past_deadline", V::I(past_deadline)),
        ("timeline", V::Timeline(timeline)),
    ]);
}

/// Any other figure.
pub fn figure(name: &str, value: f64, unit: &str) {
    emit(&[
        ("kind", V::S("figure")),
        ("language", V::S("rust")),
        ("name", V::S(name)),
        ("value", V::N(value)),
        ("unit", V::S(unit)),
    ]);
}

/// Buckets `(ms since the fault, ok)` samples into 100 ms steps, from
/// `before_ms` before the fault to the last sample.
pub fn timeline(samples: impl Iterator<Item = (i64, bool)>, before_ms: i64) -> Vec<(i64, u64, u64)> {
    let mut buckets: std::collections::BTreeMap<i64, (u64, u64)> = Default::default();
    for (ms, ok) in samples {
        if ms < -before_ms {
            continue;
        }
        let b = buckets.entry(ms.div_euclid(100) * 100).or_default();
        if ok {
            b.0 += 1;
        } else {
            b.1 += 1;
        }
    }
    // Empty buckets are part of the story (an outage): fill the gaps.
    let (Some(&first), Some(&last)) = (buckets.keys().next(), buckets.keys().next_back()) else { return Vec::new() };
    (first..=last).step_by(100).map(|ms| (ms, buckets.get(&ms).map_or(0, |b| b.0), buckets.get(&ms).map_or(0, |b| b.1))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_json() {
        let t = [(-100, 5, 0), (0, 1, 2)];
        let l = line(&[("a", V::S("x\"y")), ("n", V::N(f64::NAN)), ("i", V::I(3)), ("t", V::Timeline(&t))]);
        assert_eq!(l, r#"{"a":"x\"y","n":null,"i":3,"t":[[-100,5,0],[0,1,2]]}"#);
    }

    #[test]
    fn timeline_fills_gaps() {
        let s = [(-150i64, true), (-20, true), (250, false), (260, true)];
        let t = timeline(s.into_iter(), 1000);
        assert_eq!(t, vec![(-200, 1, 0), (-100, 1, 0), (0, 0, 0), (100, 0, 0), (200, 1, 1)]);
    }
}
