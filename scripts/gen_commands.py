#!/usr/bin/env python3
"""Writes the Node and Java methods generated from the command
specification (proto/commands.json): one per plain command (see
scripts/command_spec.py) that the hand-written code of the language does
not have, between the markers in node/src/commands.ts (class Commands) and
java/src/main/java/io/haven/HavenClient.java. Each returns the reply as the
server sends it (Node: the client's decoding, typed by
scripts/reply_types.py; Java: customCommand's text shape). Python's come
from python/codegen/generate.py.

It also writes java/src/main/java/io/haven/HavenBlockingClient.java: every
CompletableFuture method of HavenClient (hand-written and generated) as a
blocking one, for code written against Jedis.

    scripts/gen_commands.py          # rewrite the generated blocks
    scripts/gen_commands.py --check  # exit 1 when a block is stale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import command_spec  # noqa: E402
from reply_types import node_reply_type  # noqa: E402

ROOT = command_spec.ROOT
NODE = ROOT / "node" / "src" / "commands.ts"
JAVA = ROOT / "java" / "src" / "main" / "java" / "io" / "haven" / "HavenClient.java"
BLOCKING = JAVA.with_name("HavenBlockingClient.java")
BEGIN = "--- generated from the specification by scripts/gen_commands.py: do not edit ---"
END = "--- end of the generated methods ---"


def split(text: str, comment: str) -> tuple:
    """(before, generated, after) around the markers."""
    start = text.index(f"{comment} {BEGIN}\n")
    stop = text.index(f"{comment} {END}\n")
    head_end = start + len(f"{comment} {BEGIN}\n")
    return text[:head_end], text[head_end:stop], text[stop:]


def doc(c: command_spec.Plain) -> str:
    summary = c.summary.replace("*/", "* /")
    return f"{' '.join(c.words)}: {summary} ({command_spec.servers_text(c.servers)}; the reply as the server sends it.)"


def node_block(written: set) -> str:
    out = []
    for c in command_spec.plain_commands("node", written):
        params, opts, body = [], [], []
        for p in c.params:
            where = f"opts.{p.name}" if p.optional else p.name
            token = [f'"{p.token}"'] if p.token else []
            if p.kind == "flag":
                opts.append(f"{p.name}?: boolean")
                body.append(f'    if (opts.{p.name}) a.push("{p.token}");\n')
            elif p.kind == "choice":
                union = " | ".join(f'"{t}"' for t in p.choices)
                push = f'a.push({", ".join(token + [f"toArg({where}, {chr(34)}{p.name}{chr(34)})"])})'
                if p.optional:
                    opts.append(f"{p.name}?: {union}")
                    body.append(f"    if ({where} !== undefined) {push};\n")
                else:
                    params.append(f"{p.name}: {union}")
                    body.append(f"    {push};\n")
            elif p.multiple:
                if p.optional:
                    opts.append(f"{p.name}?: Arg | Arg[]")
                    if p.multiple_token:
                        body.append(f'    if ({where} !== undefined) for (const v of keys({where}, "{p.name}")) a.push("{p.token}", v);\n')
                    else:
                        body.append(f'    if ({where} !== undefined) a.push({", ".join(token + [f"...keys({where}, {chr(34)}{p.name}{chr(34)})"])});\n')
                else:
                    params.append(f"{p.name}: Arg | Arg[]")
                    body.append(f'    a.push({", ".join(token + [f"...keys({p.name}, {chr(34)}{p.name}{chr(34)})"])});\n')
            elif p.optional:
                opts.append(f"{p.name}?: Arg")
                body.append(f'    if ({where} !== undefined) a.push({", ".join(token + [f"toArg({where}, {chr(34)}{p.name}{chr(34)})"])});\n')
            else:
                params.append(f"{p.name}: Arg")
                body.append(f'    a.push({", ".join(token + [f"toArg({p.name}, {chr(34)}{p.name}{chr(34)})"])});\n')
        if opts:
            params.append(f"opts: {{ {'; '.join(opts)} }} = {{}}")
        words = ", ".join(f'"{w}"' for w in c.words)
        out.append(
            f"  /** {doc(c)} */\n  {c.method}({', '.join(params)}): Result<M, {node_reply_type(c.command)}> {{\n"
            f"    const a: (string | Buffer)[] = [{words}];\n" + "".join(body) + "    return this.send(a);\n  }\n"
        )
    return "".join(out)


JAVA_TYPES = {"key": "String", "string": "String", "pattern": "String", "integer": "long", "unix-time": "long",
              "double": "double"}


def java_block(written: set) -> str:
    """Required arguments typed; the optional ones (tokens and flags) as
    trailing words, e.g. lpos(key, element, "RANK", "2")."""
    out = []
    for c in command_spec.plain_commands("java", written):
        required = [p for p in c.params if not p.optional]
        optional = [p for p in c.params if p.optional]
        if optional and any(p.multiple for p in required):
            continue  # two varargs cannot meet in one Java signature: left to hand-written code
        params, fixed, rest = [], [f'"{w}"' for w in c.words], None
        for p in required:
            if p.kind == "choice":
                params.append(f"String {p.name}")
                if p.token:
                    fixed.append(f'"{p.token}"')
                fixed.append(p.name)
                continue
            t = JAVA_TYPES[p.type]
            if p.token:
                fixed.append(f'"{p.token}"')
            if p.multiple:
                params.append(f"{t}... {p.name}")
                rest = p.name if t == "String" else f"texts({p.name})"
            else:
                params.append(f"{t} {p.name}")
                fixed.append(p.name if t == "String" else f"String.valueOf({p.name})")
        if optional:
            params.append("String... options")
            rest = "options"
        call = f"new String[] {{{', '.join(fixed)}}}"
        body = f"cmd(TEXT, words({call}, {rest}))" if rest else f"cmd(TEXT, {call})"
        words = " ".join(f"[{p.token or p.name.upper()}{' ...' if p.kind == 'value' else ''}]" if p.token or p.kind != "value" else f"[{p.name}]" for p in optional)
        note = f" Options as words: {words}." if optional else ""
        out.append(f"    /** {doc(c)}{note} */\n    public CompletableFuture<Object> {c.method}({', '.join(params)}) {{ return {body}; }}\n")
    return "".join(out)


BLOCKING_HEAD = """package io.haven;

import java.util.*;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.*;

// Generated by scripts/gen_commands.py from HavenClient.java: do not edit.

/**
 * A blocking haven client for code written against Jedis: every command of
 * {@link HavenClient} with the same name and arguments, returning its reply
 * instead of a CompletableFuture. Thread-safe; one client is meant to be
 * shared by every thread (the requests of all of them share the engine's
 * connections). A failure is thrown as the {@link HavenException} subclass
 * the future would have failed with; every call ends by its request
 * deadline. {@link #async()} gives the CompletableFuture client (events,
 * pub/sub listeners, multi-endpoint controls).
 */
public final class HavenBlockingClient implements AutoCloseable {
    private final HavenClient client;

    private HavenBlockingClient(HavenClient client) {
        this.client = client;
    }

    /** Connects (unless lazyConnect); throws a HavenException when it cannot. */
    public static HavenBlockingClient connect(ClientConfig config) {
        return new HavenBlockingClient(join(HavenClient.connect(config)));
    }

    /** Connects to what a connection URL describes (see {@link HavenClient#connect(String)}). */
    public static HavenBlockingClient connect(String url) {
        return new HavenBlockingClient(join(HavenClient.connect(url)));
    }

    /** The CompletableFuture client underneath (the same connections). */
    public HavenClient async() {
        return client;
    }

    @Override
    public void close() {
        client.close();
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
"""


def split_params(params: str) -> list:
    out, depth, cur = [], 0, ""
    for ch in params:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def blocking_client(java: str) -> str:
    out = [BLOCKING_HEAD]
    signature = re.compile(r"^    public (<\w+> )?CompletableFuture<(.*)> (\w+)\((.*)\)$")
    for line in java.splitlines():
        if not line.startswith("    public ") or " static " in line or ") {" not in line:
            continue
        m = signature.match(line[: line.index(") {") + 1])
        if not m:
            continue
        generic, result, name, params = m.group(1) or "", m.group(2), m.group(3), m.group(4)
        if name.endswith("Async"):
            continue  # an async loader or writer: the blocking client has the plain variant
        names = [p.split()[-1] for p in split_params(params)]
        call = f"client.{name}({', '.join(names)})"
        if result == "Void":
            out.append(f"\n    public {generic}void {name}({params}) {{\n        join({call});\n    }}\n")
        else:
            out.append(f"\n    public {generic}{result} {name}({params}) {{\n        return join({call});\n    }}\n")
    out.append("}\n")
    return "".join(out)


def written_names(text: str, pattern: str) -> set:
    return set(re.findall(pattern, text))


def main() -> int:
    node = NODE.read_text()
    n_before, _, n_after = split(node, "  //")
    node_written = written_names(n_before + n_after, r"\n  (?:async \*?|private |protected )?(\w+)\(")
    node_written |= written_names((ROOT / "node" / "src" / "client.ts").read_text(), r"\n  (?:async \*?|static async )?(\w+)\(")
    new_node = n_before + node_block(node_written) + n_after
    java = JAVA.read_text()
    j_before, _, j_after = split(java, "    //")
    java_written = written_names(j_before + j_after, r"public [\w<>\[\], ?]+ (\w+)\(")
    new_java = j_before + java_block(java_written) + j_after
    blocking = BLOCKING.read_text() if BLOCKING.exists() else ""
    new_blocking = blocking_client(new_java)
    files = ((NODE, node, new_node), (JAVA, java, new_java), (BLOCKING, blocking, new_blocking))
    stale = [p for p, old, new in files if old != new]
    if "--check" in sys.argv:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is stale: run scripts/gen_commands.py", file=sys.stderr)
        return 1 if stale else 0
    for p, _, new in files:
        p.write_text(new)
    print(f"gen_commands: wrote the generated methods of {NODE.relative_to(ROOT)} and {JAVA.relative_to(ROOT)}, "
          f"and {BLOCKING.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
