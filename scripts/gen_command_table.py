#!/usr/bin/env python3
"""Writes core/src/command_table_data.rs from the COMMAND output of both
servers haven is tested against, Redis 7.0 and Valkey 9.1, merged, and the
command specification proto/commands.json from their COMMAND DOCS.

Usage: scripts/gen_command_table.py [--redis PORT] [--valkey PORT] [--out PATH] [--spec PATH]

Without a PORT, the script starts a throwaway server of its own on a free
loopback port (Debian's redis-server; Valkey from scripts/install-valkey.sh,
installed on first use) and stops it afterwards. --out - prints the table.

The table records, for every command and subcommand: arity, the flags the
engine routes by (readonly, write, blocking, movablekeys, ...), the legacy key
positions (first, last, step) and the request/response policy tips cluster
routing uses. Merge rule: the union of both servers' commands; a command both
know takes Valkey's entry (the newer server: e.g. WAIT is flagged blocking
there, BLPOP is allowed in scripts). Commands only one server knows are marked
in a trailing comment. Regenerate when supporting a newer server.

The specification lists every command and subcommand either server has
(Valkey's docs where both do): group, since, summary, arguments as COMMAND
DOCS gives them, which servers have it, and the method name each language
gives it (Python as redis-py; Node and Java as GLIDE and Lettuce), or the
API that stands for it instead ("api": pipelines and sessions for MULTI,
the pub/sub API for SUBSCRIBE, the configuration for AUTH and SELECT, ...).
The languages' parity tests check their methods against it.
"""
import argparse
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "core" / "src" / "command_table_data.rs"
SPEC = ROOT / "proto" / "commands.json"

# Commands a typed method does not stand for: the API that does instead.
API = {
    "multi": "pipelines and sessions", "exec": "pipelines and sessions", "discard": "pipelines and sessions",
    "watch": "sessions", "unwatch": "sessions",
    "subscribe": "pub/sub", "unsubscribe": "pub/sub", "psubscribe": "pub/sub", "punsubscribe": "pub/sub",
    "ssubscribe": "pub/sub", "sunsubscribe": "pub/sub",
    "auth": "configuration (credentials)", "hello": "configuration (protocol)", "select": "configuration (database)",
    "quit": "close()", "reset": "the engine (connection state)", "readonly": "the engine (read_from)",
    "readwrite": "the engine (read_from)", "asking": "the engine (redirects)",
    "client|setname": "configuration (client_name)", "client|setinfo": "the engine (handshake)",
    "client|tracking": "configuration (cache)", "client|caching": "configuration (cache)",
    "client|trackinginfo": "configuration (cache)", "client|getredir": "configuration (cache)",
    "client|reply": "the engine (replies)",
    "monitor": "none (a replication stream, not a request)", "sync": "none (replication)",
    "psync": "none (replication)", "replconf": "none (replication)", "failover": "none (server admin tool)",
    "debug": "none (server testing)", "pfdebug": "none (server testing)", "pfselftest": "none (server testing)",
    "restore-asking": "none (cluster internals)",
}
# Method names that differ from the rule (lower case, "|" -> "_" in Python;
# camelCase in Node and Java).
PYTHON_NAMES = {"del": "delete"}
CAMEL_NAMES = {"fcall_ro": "fcallReadonly", "eval_ro": "evalReadonly", "evalsha_ro": "evalshaReadonly",
               "georadius_ro": "georadiusReadonly", "georadiusbymember_ro": "georadiusbymemberReadonly",
               "sort_ro": "sortReadonly", "bitfield_ro": "bitfieldReadonly"}

FLAGS = ["readonly", "write", "blocking", "movablekeys", "pubsub", "admin",
         "noscript", "loading", "stale", "fast", "no_multi", "denyoom"]
REQUEST = {"": "Default", "all_shards": "AllShards", "all_nodes": "AllNodes",
           "multi_shard": "MultiShard", "special": "Special"}
RESPONSE = {"": "Default", "one_succeeded": "OneSucceeded", "all_succeeded": "AllSucceeded",
            "agg_logical_and": "AggLogicalAnd", "agg_logical_or": "AggLogicalOr",
            "agg_min": "AggMin", "agg_max": "AggMax", "agg_sum": "AggSum", "special": "Special"}


def cli(port, *args, json_out=False):
    cmd = ["redis-cli", "-h", "127.0.0.1", "-p", str(port)] + (["--json"] if json_out else []) + list(args)
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=30).stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway(binary):
    """A server of `binary` on a free port, no persistence; yields the port."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="haven-gen-") as d:
        proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no", "--dir", d, "--daemonize", "no"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 10
            while True:
                try:
                    if cli(port, "PING").strip() == "PONG":
                        break
                except subprocess.CalledProcessError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    sys.exit(f"gen_command_table: {binary} did not start on port {port}")
                time.sleep(0.05)
            yield port
        finally:
            proc.terminate()
            proc.wait(10)


def valkey_binary():
    out = subprocess.run(["bash", str(ROOT / "scripts" / "install-valkey.sh")], check=True,
                         capture_output=True, text=True).stdout
    return next(l.split(" ", 1)[1] for l in out.splitlines() if l.startswith("valkey-server "))


def server_info(port):
    """('Redis' | 'Valkey', version) of the server on port."""
    fields = dict(l.split(":", 1) for l in cli(port, "INFO", "server").splitlines() if ":" in l)
    if "valkey_version" in fields:  # Valkey also reports redis_version:7.2.4 for compatibility
        return "Valkey", fields["valkey_version"].strip()
    return "Redis", fields["redis_version"].strip()


def entries(cmds):
    for c in cmds:
        name, arity, flags, first, last, step, _acl, tips = c[:8]
        subs = c[9] if len(c) > 9 else []
        req = resp = ""
        for t in tips:
            if t.startswith("request_policy:"):
                req = t.split(":", 1)[1]
            if t.startswith("response_policy:"):
                resp = t.split(":", 1)[1]
        yield name.lower(), (arity, flags, first, last, step, req, resp, bool(subs))
        yield from entries(subs)


def table(port):
    return server_info(port), dict(entries(json.loads(cli(port, "COMMAND", json_out=True))))


def docs(port):
    """name -> COMMAND DOCS entry, subcommands flattened as "parent|sub"."""
    out = {}

    def walk(entries):
        for name, doc in entries.items():
            subs = doc.pop("subcommands", None) or {}
            doc.pop("history", None)
            doc.pop("doc_flags", None) if not doc.get("doc_flags") else None
            out[name.lower()] = doc
            walk(subs)

    walk(json.loads(cli(port, "COMMAND", "DOCS", json_out=True)))
    return out


# Java only: Object.wait(long, int) would win overload resolution over a
# wait(long, long) for int arguments (Lettuce's name).
JAVA_NAMES = {"wait": "waitForReplication"}


def method_names(name):
    words = name.replace("-", "_").split("|")
    python = PYTHON_NAMES.get(name, "_".join(words))
    camel = CAMEL_NAMES.get(name) or words[0] + "".join(
        w[:1].upper() + w[1:] for w in "_".join(words[1:]).split("_") if w
    )
    camel = camel.replace("-", "")
    if "_" in camel:
        head, *rest = camel.split("_")
        camel = head + "".join(w[:1].upper() + w[1:] for w in rest)
    return {"python": python, "node": camel, "java": JAVA_NAMES.get(name, camel)}


def render_spec(redis, valkey):
    (r_name, r_version), r_docs = redis
    (v_name, v_version), v_docs = valkey
    merged = {**r_docs, **v_docs}
    commands = {}
    for name in sorted(merged):
        doc = merged[name]
        if name.endswith("|help") or doc.get("group") == "module":
            continue
        entry = {
            "group": doc.get("group", ""),
            "since": doc.get("since", ""),
            "summary": doc.get("summary", ""),
            "servers": [s for s, d in (("redis", r_docs), ("valkey", v_docs)) if name in d],
            "arguments": doc.get("arguments", []),
        }
        container = any(k.startswith(name + "|") for k in merged)
        if name in API:
            entry["api"] = API[name]
        elif container:
            entry["api"] = "its subcommands"
        else:
            entry["methods"] = method_names(name)
        commands[name] = entry
    spec = {
        "generated_by": "scripts/gen_command_table.py",
        "servers": {"redis": r_version, "valkey": v_version},
        "commands": commands,
    }
    return json.dumps(spec, indent=1, sort_keys=True) + "\n"


def render(redis, valkey):
    (r_name, r_version), r_rows = redis
    (v_name, v_version), v_rows = valkey
    if (r_name, v_name) != ("Redis", "Valkey"):
        sys.exit(f"gen_command_table: expected a Redis and a Valkey server, got {r_name} and {v_name}")
    merged = {**r_rows, **v_rows}  # Valkey's entry wins
    lines = [
        "// @generated by scripts/gen_command_table.py from the COMMAND output of",
        f"// Redis {r_version} and Valkey {v_version}, merged: every command either server",
        "// knows; Valkey's entry where both do. Do not edit by hand; regenerate instead.",
        "",
        "use super::{flags::*, CommandSpec, RequestPolicy as Q, ResponsePolicy as R};",
        "",
        "pub(super) static COMMANDS: &[CommandSpec] = &[",
    ]
    for name in sorted(merged, key=lambda n: n.encode()):  # byte order: the engine binary-searches
        arity, flags, first, last, step, req, resp, container = merged[name]
        bits = [f.upper() for f in FLAGS if f in [x.replace("-", "_") for x in flags]]
        if container:
            bits.append("CONTAINER")
        bits = " | ".join(bits) or "0"
        only = ""
        if name not in r_rows:
            only = f" // Valkey {v_version} only"
        elif name not in v_rows:
            only = f" // Redis {r_version} only"
        lines.append(f"    CommandSpec {{ name: {json.dumps(name)}, arity: {arity}, flags: {bits}, "
                     f"first_key: {first}, last_key: {last}, step: {step}, "
                     f"request: Q::{REQUEST[req]}, response: R::{RESPONSE[resp]} }},{only}")
    lines.append("];")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--redis", type=int, help="port of a running Redis 7.0 (default: start one)")
    ap.add_argument("--valkey", type=int, help="port of a running Valkey 9.1 (default: start one)")
    ap.add_argument("--out", default=str(OUT), help=f"output file, - for stdout (default {OUT.relative_to(ROOT)})")
    ap.add_argument("--spec", default=str(SPEC), help=f"specification file (default {SPEC.relative_to(ROOT)})")
    args = ap.parse_args()
    with contextlib.ExitStack() as stack:
        rport = args.redis or stack.enter_context(throwaway(os.environ.get("HAVEN_REDIS_SERVER", "redis-server")))
        vport = args.valkey or stack.enter_context(throwaway(valkey_binary()))
        text = render(table(rport), table(vport))
        spec = render_spec((server_info(rport), docs(rport)), (server_info(vport), docs(vport)))
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text)
        print(f"gen_command_table: wrote {args.out}", file=sys.stderr)
    Path(args.spec).write_text(spec)
    print(f"gen_command_table: wrote {args.spec}", file=sys.stderr)


if __name__ == "__main__":
    main()
