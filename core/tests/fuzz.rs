//! Fuzzing on stable Rust: a bounded, mutation-based driver over the
//! targets in fuzz_targets/ (the RESP reader split any way, CommandRequest
//! and ClientConfig bytes from the shims). It starts from the committed
//! corpus (core/fuzz/corpus/<target>/), mutates (bit flips, RESP and
//! protobuf tokens, splices, interesting numbers), and fails on a panic, a
//! case slower than 2 s (a hang) or one allocating over 256 MiB. Each target
//! runs for HAVEN_FUZZ_SECS seconds (default 3) or HAVEN_FUZZ_CASES cases;
//! HAVEN_FUZZ_SEED repeats a run (the seed is printed). A failing input is
//! written to target/fuzz-failures/ and added to the corpus by hand once
//! fixed. Needs no server.

mod fuzz_targets;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use haven_core::proto;
use prost::Message;

// ---- allocation accounting --------------------------------------------

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const MAX_CASE_ALLOC: usize = 256 << 20;
const MAX_CASE_TIME: Duration = Duration::from_secs(2);
const MAX_INPUT: usize = 64 * 1024;
/// The RESP target decodes its input again for every piece of up to 8
/// bytes, and an incomplete frame is rescanned from its start on every
/// read (quadratic in a frame that arrives in many small pieces): inputs
/// stay small enough for that to be quick in a debug build.
const MAX_RESP_INPUT: usize = 8 * 1024;

// ---- a small deterministic generator ------------------------------------

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

const TOKENS: &[&[u8]] = &[
    b"\r\n", b"*", b"$", b"%", b"~", b">", b"|", b"=", b"!", b"(", b",", b"#", b"_", b"+", b"-", b":", b"-1", b"0",
    b"1", b"2", b"3", b"-2", b"9000000000", b"9223372036854775807", b"-9223372036854775808", b"18446744073709551616",
    b"536870913", b"*1\r\n", b"%1\r\n", b"|1\r\n", b">2\r\n", b"$0\r\n\r\n", b"_\r\n", b"inf", b"nan", b"txt:",
    b"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", b"\xff\xff\xff\xff\x0f", b"\x22\x00", b"\x0a\x7f", b"\x08\x01",
];

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = data.len();
        match rng.below(9) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = rng.next() as u8;
            }
            2 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                let at = rng.below(len + 1);
                data.splice(at..at, t.iter().copied());
            }
            3 if len > 1 => {
                let a = rng.below(len);
                let b = (a + 1 + rng.below(16)).min(len);
                data.drain(a..b);
            }
            4 if len > 1 => {
                // Repeat a piece (nesting, floods).
                let a = rng.below(len);
                let b = (a + 1 + rng.below(32)).min(len);
                let piece = data[a..b].to_vec();
                let most = if rng.chance(8) { 2000 } else { 8 };
                let times = 1 + rng.below(most);
                for _ in 0..times {
                    data.splice(b..b, piece.iter().copied());
                }
            }
            5 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let at = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&other[from..]);
            }
            6 if len > 0 => data.truncate(rng.below(len)),
            7 => {
                // Replace a run of digits with an interesting number.
                if let Some(i) = (0..len).map(|k| (rng.below(len.max(1)) + k) % len.max(1)).find(|&i| data.get(i).is_some_and(u8::is_ascii_digit)) {
                    let mut j = i;
                    while j < data.len() && data[j].is_ascii_digit() {
                        j += 1;
                    }
                    let t = TOKENS[16 + rng.below(10)];
                    data.splice(i..j, t.iter().copied());
                }
            }
            _ => {
                let at = rng.below(len + 1);
                let n = 1 + rng.below(8);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                data.splice(at..at, bytes);
            }
        }
    }
    data.truncate(MAX_INPUT);
    data
}

/// A random, valid RESP value (then mutated), so the driver reaches deep
/// into well-formed replies as well as garbage.
fn gen_resp(rng: &mut Rng, out: &mut Vec<u8>, depth: usize, resp3: bool) {
    let kinds = if resp3 { 16 } else { 6 };
    let aggregate = depth < 6;
    match rng.below(kinds) {
        0 => out.extend_from_slice(b"+OK\r\n"),
        1 => out.extend_from_slice(b"-ERR bad\r\n"),
        2 => out.extend_from_slice(format!(":{}\r\n", rng.next() as i64).as_bytes()),
        3 => {
            let n = rng.below(20);
            out.extend_from_slice(format!("${n}\r\n").as_bytes());
            out.extend((0..n).map(|_| b'a' + rng.below(26) as u8));
            out.extend_from_slice(b"\r\n");
        }
        4 => out.extend_from_slice(if resp3 { b"_\r\n" } else { b"$-1\r\n" }),
        5 | 10 | 11 | 12 | 13 if aggregate => {
            let n = rng.below(5);
            let prefix = match rng.below(5) {
                0 if resp3 => "%",
                1 if resp3 => "~",
                2 if resp3 => ">",
                3 if resp3 => "|",
                _ => "*",
            };
            out.extend_from_slice(format!("{prefix}{n}\r\n").as_bytes());
            let items = if prefix == "%" || prefix == "|" { n * 2 } else { n };
            for _ in 0..items {
                gen_resp(rng, out, depth + 1, resp3);
            }
            if prefix == "|" {
                gen_resp(rng, out, depth + 1, resp3);
            }
        }
        6 => out.extend_from_slice(format!(",{}\r\n", (rng.next() as i32) as f64 / 7.0).as_bytes()),
        7 => out.extend_from_slice(if rng.chance(2) { b"#t\r\n" } else { b"#f\r\n" }),
        8 => out.extend_from_slice(b"(3492890328409238509324850943850943825024385\r\n"),
        9 => out.extend_from_slice(b"=15\r\ntxt:Some string\r\n"),
        14 => out.extend_from_slice(b"!21\r\nSYNTAX invalid syntax\r\n"),
        _ => out.extend_from_slice(b":0\r\n"),
    }
}

// ---- corpus and driver ---------------------------------------------------

fn corpus_dir(target: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target)
}

fn load_corpus(target: &str) -> Vec<Vec<u8>> {
    let mut files: Vec<_> = std::fs::read_dir(corpus_dir(target))
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Runs one input; the failure, if any, described.
fn run_case(target: &str, f: fn(&[u8]), input: &[u8], seed: u64) -> Result<(), String> {
    if std::env::var_os("HAVEN_FUZZ_TRACE").is_some() {
        // A crash that aborts (a stack overflow) leaves its input here.
        let _ = std::fs::write(std::env::temp_dir().join(format!("haven-fuzz-last-{target}")), input);
    }
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let outcome = std::panic::catch_unwind(|| f(input));
    let took = start.elapsed();
    let allocated = PEAK.load(Ordering::Relaxed).saturating_sub(base);
    let problem = match outcome {
        Err(_) => Some("panicked".to_string()),
        Ok(()) if took > MAX_CASE_TIME => Some(format!("took {took:?}")),
        Ok(()) if allocated > MAX_CASE_ALLOC => Some(format!("allocated {} MiB", allocated >> 20)),
        Ok(()) => None,
    };
    if let Some(problem) = problem {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-failures");
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{target}-{seed}-{:016x}", fnv(input)));
        let _ = std::fs::write(&path, input);
        return Err(format!(
            "fuzz target {target} {problem} on a {}-byte input (seed {seed}, saved to {}): {:?}",
            input.len(),
            path.display(),
            String::from_utf8_lossy(&input[..input.len().min(200)])
        ));
    }
    Ok(())
}

fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

fn fuzz(target: &str, f: fn(&[u8])) {
    let corpus = load_corpus(target);
    assert!(!corpus.is_empty(), "no corpus in {}", corpus_dir(target).display());
    let seed = env_u64("HAVEN_FUZZ_SEED")
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64));
    eprintln!(
        "fuzz {target}: seed {seed}, {} s, {} corpus inputs",
        env_u64("HAVEN_FUZZ_SECS").unwrap_or(3),
        corpus.len()
    );
    // Quiet while running: a caught panic is reported by run_case. The
    // hook is put back before failing (it cannot be changed while panicking).
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = fuzz_loop(target, f, &corpus, seed);
    std::panic::set_hook(hook);
    match outcome {
        Ok(cases) => eprintln!("fuzz {target}: {cases} cases, no failure"),
        Err(problem) => panic!("{problem}"),
    }
}

fn fuzz_loop(target: &str, f: fn(&[u8]), corpus: &[Vec<u8>], seed: u64) -> Result<u64, String> {
    let secs = env_u64("HAVEN_FUZZ_SECS").unwrap_or(3);
    let max_cases = env_u64("HAVEN_FUZZ_CASES").unwrap_or(u64::MAX);
    for input in corpus {
        run_case(target, f, input, seed)?;
    }
    let mut rng = Rng(seed);
    let until = Instant::now() + Duration::from_secs(secs);
    let mut cases = 0u64;
    let mut found: Vec<Vec<u8>> = corpus.to_vec();
    while cases < max_cases && Instant::now() < until {
        let input = if target == "resp" && rng.chance(3) {
            let mut out = vec![rng.next() as u8, rng.next() as u8];
            let resp3 = out[0] & 1 == 0;
            for _ in 0..1 + rng.below(4) {
                gen_resp(&mut rng, &mut out, 0, resp3);
            }
            if rng.chance(2) {
                out = mutate(&mut rng, &out, &found);
            }
            out
        } else {
            let base = &found[rng.below(found.len())];
            mutate(&mut rng, base, &found)
        };
        let mut input = input;
        if target == "resp" {
            input.truncate(MAX_RESP_INPUT);
        }
        run_case(target, f, &input, seed)?;
        // Keep some mutants as parents (a poor man's corpus growth).
        if rng.chance(64) && found.len() < 4096 {
            found.push(input);
        }
        cases += 1;
    }
    Ok(cases)
}

// Panic hooks are process-wide: the targets run one after another.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[test]
fn fuzz_resp_reader() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    // Replies are decoded on engine worker threads: give the target their
    // stack (a test thread's 2 MiB is less than a 512-deep reply of maps
    // and attributes needs in a debug build).
    std::thread::Builder::new()
        .stack_size(haven_core::runtime::WORKER_STACK_SIZE)
        .spawn(|| fuzz("resp", fuzz_targets::resp))
        .expect("a thread for the RESP target")
        .join()
        .unwrap_or_else(|e| std::panic::resume_unwind(e));
}

#[test]
fn fuzz_command_request() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    fuzz("command_request", fuzz_targets::command_request);
}

#[test]
fn fuzz_client_config() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    fuzz("client_config", fuzz_targets::client_config);
}

// ---- specific inputs -------------------------------------------------------

/// ClientConfig -> multi_endpoint -> endpoints -> config -> ... `levels` deep.
fn nested_config(levels: usize) -> Vec<u8> {
    fn len_field(field: u32, body: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(body.len() + 12);
        prost::encoding::encode_key(field, prost::encoding::WireType::LengthDelimited, &mut out);
        prost::encoding::encode_varint(body.len() as u64, &mut out);
        out.extend_from_slice(body);
        out
    }
    let mut config: Vec<u8> = Vec::new();
    for _ in 0..levels {
        let endpoint = len_field(3, &config);
        let multi = len_field(1, &endpoint);
        config = len_field(4, &multi);
    }
    config
}

#[test]
fn a_deeply_nested_client_config_is_refused_not_a_stack_overflow() {
    // On the test thread (2 MiB stack): prost alone would overflow it.
    let deep = nested_config(100_000);
    let err = haven_core::config::decode_client_config(&deep).expect_err("too deep");
    assert_eq!(err.kind(), haven_core::ErrorKind::Config);
    assert!(err.message().contains("nest deeper"), "{err}");
    // What a valid configuration needs still decodes.
    let shallow = nested_config(2);
    let config = haven_core::config::decode_client_config(&shallow).expect("2 levels decode");
    assert!(matches!(config.deployment, Some(proto::client_config::Deployment::MultiEndpoint(_))));
}

#[test]
fn nested_unknown_groups_are_refused_not_a_stack_overflow() {
    // Field 100 as a group, opened 100,000 times: prost skips unknown
    // groups by recursion.
    let deep: Vec<u8> = [0xa3u8, 0x06].repeat(100_000);
    let (id, err) = haven_core::engine::convert::decode_request(&deep).err().expect("too deep");
    assert_eq!((id, err.kind()), (0, haven_core::ErrorKind::Config));
    let err = haven_core::config::decode_client_config(&deep).expect_err("too deep");
    assert!(err.message().contains("groups nest deeper"), "{err}");
    // The same inside a nested message: Batch -> Command, ClientConfig -> connection -> tls.
    let mut command = vec![0x0a, 0x01, b'x'];
    command.extend_from_slice(&deep);
    let mut batch = Vec::new();
    prost::encoding::encode_key(1, prost::encoding::WireType::LengthDelimited, &mut batch);
    prost::encoding::encode_varint(command.len() as u64, &mut batch);
    batch.extend_from_slice(&command);
    let mut request = Vec::new();
    prost::encoding::encode_key(3, prost::encoding::WireType::LengthDelimited, &mut request);
    prost::encoding::encode_varint(batch.len() as u64, &mut request);
    request.extend_from_slice(&batch);
    assert!(haven_core::engine::convert::decode_request(&request).is_err());
    // A command argument that looks like groups is only bytes.
    let get = proto::CommandRequest {
        id: 5,
        body: Some(proto::command_request::Body::Command(proto::Command {
            args: vec![bytes::Bytes::from_static(b"GET"), bytes::Bytes::from(deep.clone())],
        })),
        ..Default::default()
    };
    assert!(haven_core::engine::convert::decode_request(&get.encode_to_vec()).is_ok());
}

#[tokio::test]
async fn connect_bytes_refuses_a_deep_config() {
    let err = haven_core::Client::connect_bytes(&nested_config(50_000)).await.expect_err("too deep");
    assert_eq!(err.kind(), haven_core::ErrorKind::Config, "{err}");
}

/// Writes the seed corpus (run once with --ignored, then commit the files).
#[test]
#[ignore]
fn write_seed_corpus() {
    let write = |target: &str, name: &str, bytes: &[u8]| {
        let dir = corpus_dir(target);
        std::fs::create_dir_all(&dir).expect("corpus dir");
        std::fs::write(dir.join(name), bytes).expect("write seed");
    };
    // RESP: control bytes (protocol/limit, split) then the stream.
    let resp: &[(&str, &[u8])] = &[
        ("simple", b"+OK\r\n-ERR x\r\n:42\r\n$5\r\nhello\r\n"),
        ("nulls", b"$-1\r\n*-1\r\n_\r\n"),
        ("nested", b"*2\r\n*1\r\n:1\r\n%1\r\n+k\r\n~2\r\n:1\r\n:2\r\n"),
        ("resp3_types", b",1.5\r\n,inf\r\n,nan\r\n(123456789012345678901234567890\r\n#t\r\n=8\r\ntxt:abcd\r\n!3\r\nbad\r\n"),
        ("push_and_attr", b">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$1\r\nx\r\n|1\r\n+ttl\r\n:3\r\n:7\r\n"),
        ("hello_map", b"%3\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:3\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"),
        ("cluster_shards", b"*1\r\n%2\r\n$5\r\nslots\r\n*2\r\n:0\r\n:16383\r\n$5\r\nnodes\r\n*1\r\n%2\r\n$4\r\nport\r\n:7000\r\n$2\r\nip\r\n$9\r\n127.0.0.1\r\n"),
        ("huge", b"$9000000000\r\n*9000000000\r\n"),
        ("negative", b"$-5\r\n*-7\r\n%-1\r\n"),
        ("deep", &b"*1\r\n".repeat(600)),
        ("binary", b"$4\r\n\x00\r\n\xff\r\n"),
        // COMMAND INFO's shape: sets of maps holding sets; a map with array keys.
        ("sets_of_aggregates", b"~2\r\n%1\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n*2\r\n:1\r\n:2\r\n%1\r\n*1\r\n+k\r\n~0\r\n"),
        ("attributes_anywhere", b"|1\r\n+a\r\n:1\r\n_\r\n~1\r\n|1\r\n*1\r\n:1\r\n~1\r\n:2\r\n*0\r\n|0\r\n|1\r\n+c\r\n:3\r\n#t\r\n=7\r\nraw:abc\r\n"),
        ("streamed", b"$?\r\n;4\r\nabcd\r\n;0\r\n*?\r\n:1\r\n.\r\n"),
    ];
    for (i, (name, stream)) in resp.iter().enumerate() {
        for (variant, control) in [(0u8, 0u8), (1, 0x80), (2, 7), (3, 0x81)] {
            let mut bytes = vec![control | (if variant & 1 == 1 { 1 } else { 0 }), (i as u8).wrapping_mul(37)];
            if variant >= 2 {
                bytes[0] |= 2;
            }
            bytes.extend_from_slice(stream);
            write("resp", &format!("{name}-{variant}"), &bytes);
        }
    }
    // CommandRequest.
    let cmd = |args: &[&[u8]]| proto::Command { args: args.iter().map(|a| bytes::Bytes::copy_from_slice(a)).collect() };
    let requests = [
        ("get", proto::CommandRequest { id: 1, body: Some(proto::command_request::Body::Command(cmd(&[b"GET", b"k"]))), ..Default::default() }),
        (
            "set_routed",
            proto::CommandRequest {
                id: u64::MAX,
                body: Some(proto::command_request::Body::Command(cmd(&[b"SET", b"k", b"\x00\xff"]))),
                route: Some(proto::Route { target: Some(proto::route::Target::SlotKey(bytes::Bytes::from_static(b"k"))), replica_ok: true }),
                timeout_ms: Some(-1),
                resend_safe: true,
                ..Default::default()
            },
        ),
        (
            "batch",
            proto::CommandRequest {
                id: 7,
                body: Some(proto::command_request::Body::Batch(proto::Batch {
                    commands: vec![cmd(&[b"MULTI"]), cmd(&[b"INCR", b"a"]), cmd(&[b"BLPOP", b"q", b"0"])],
                    atomic: true,
                })),
                route: Some(proto::Route { target: Some(proto::route::Target::Address("127.0.0.1:1".into())), replica_ok: false }),
                session: 3,
                cache: true,
                ..Default::default()
            },
        ),
        ("empty", proto::CommandRequest::default()),
        (
            "slot",
            proto::CommandRequest {
                id: 9,
                body: Some(proto::command_request::Body::Command(cmd(&[b"SUBSCRIBE", b"ch"]))),
                route: Some(proto::Route { target: Some(proto::route::Target::Slot(99_999)), replica_ok: false }),
                timeout_ms: Some(i64::MAX),
                ..Default::default()
            },
        ),
    ];
    for (name, r) in requests {
        write("command_request", name, &r.encode_to_vec());
    }
    // ClientConfig.
    let standalone = proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Standalone(proto::StandaloneDeployment {
            addresses: vec!["127.0.0.1:6379".into(), "[::1]:6380".into()],
            role_check_interval_ms: Some(500),
        })),
        request_timeout_ms: Some(250),
        read_from: "az_affinity".into(),
        client_az: "a".into(),
        connection: Some(proto::ConnectionSettings {
            credentials: Some(proto::Credentials { username: "u".into(), password: Some("p".into()) }),
            tls: Some(proto::Tls { enabled: true, insecure_skip_verify: true, server_name: "x".into(), ..Default::default() }),
            database: 3,
            protocol: 1,
            ..Default::default()
        }),
        cache: Some(proto::ClientCache { max_entries: Some(10), ..Default::default() }),
        ..Default::default()
    };
    let cluster = proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Cluster(proto::ClusterDeployment {
            seeds: vec!["127.0.0.1:7000".into()],
            refresh_interval_ms: Some(0),
            address_map: [("10.0.0.1:7000".to_string(), "127.0.0.1:7000".to_string())].into_iter().collect(),
            max_redirects: Some(-1),
        })),
        inflight_limit: Some(0),
        ..Default::default()
    };
    let sentinel = proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::Sentinel(proto::SentinelDeployment {
            sentinels: vec!["127.0.0.1:26379".into()],
            master_name: "mymaster".into(),
            ..Default::default()
        })),
        ..Default::default()
    };
    let multi = proto::ClientConfig {
        deployment: Some(proto::client_config::Deployment::MultiEndpoint(proto::MultiEndpointDeployment {
            endpoints: vec![
                proto::Endpoint { name: "a".into(), weight: Some(2.0), config: Some(standalone.clone()), health_check: None },
                proto::Endpoint { name: "b".into(), weight: Some(-1.0), config: Some(cluster.clone()), health_check: None },
            ],
            ..Default::default()
        })),
        ..Default::default()
    };
    for (name, c) in [("standalone", &standalone), ("cluster", &cluster), ("sentinel", &sentinel), ("multi", &multi)] {
        write("client_config", name, &c.encode_to_vec());
    }
    write("client_config", "empty", b"");
    write("client_config", "nested_10", &nested_config(10));
}





