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
    synopsis = c.synopsis.replace("*/", "* /")
    return f"{' '.join(c.words)} {synopsis}: {summary} ({command_spec.servers_text(c.servers)}; the reply as the server sends it.)"


def node_given(p: command_spec.Param, where: str) -> str:
    return f"!!{where}" if p.kind == "flag" else f"{where} !== undefined"


def node_push(p: command_spec.Param, where: str) -> str:
    """The statements adding a given parameter to `a` (indented 4)."""
    head = [f'"{w}"' for w in p.prefix]
    token = [f'"{p.token}"'] if p.token and p.kind != "flag" and not p.multiple_token else []
    if p.kind == "flag":
        return f"    a.push({', '.join(head + [f'{chr(34)}{w}{chr(34)}' for w in p.token.split()])});\n"
    if p.kind == "choice":
        return f'    a.push({", ".join(head + [f"toArg({where}, {chr(34)}{p.name}{chr(34)})"])});\n'
    if p.kind == "tuples":
        v = f"_{p.name}"
        out = f'    const {v} = tuples({where}, {len(p.members)}, "{p.name}");\n'
        words = head + token + ([f"String({v}.length)"] if p.counted else [])
        if words:
            out += f"    a.push({', '.join(words)});\n"
        each = f'"{p.token}", ...t' if p.multiple_token else "...t"
        return out + f"    for (const t of {v}) a.push({each});\n"
    if not p.multiple:
        return f'    a.push({", ".join(head + token + [f"toArg({where}, {chr(34)}{p.name}{chr(34)})"])});\n'
    v = f"_{p.name}"
    out = f'    const {v} = keys({where}, "{p.name}");\n'
    if p.multiple_token:
        return out + (f"    a.push({', '.join(head)});\n" if head else "") + f'    for (const x of {v}) a.push("{p.token}", x);\n'
    words = head + token + ([f"String({v}.length)"] if p.counted else [])
    return out + f"    a.push({', '.join(words + ['...' + v])});\n"


def indent(text: str) -> str:
    return "".join("  " + line + "\n" for line in text.rstrip("\n").split("\n"))


def node_block(written: set) -> str:
    """Required arguments positional, the others in an options object; an
    optional block's members are given together (its first one, the gate,
    before the rest), a choice's alternatives exclude each other."""
    out = []
    for c in command_spec.plain_commands("node", written):
        positional = command_spec.positional(c.params)
        params, opts, body = [], [], []
        for p in c.params:
            if p.kind == "flag":
                t = "boolean"
            elif p.kind == "choice":
                t = " | ".join(f'"{x}"' for x in p.choices)
            elif p.kind == "tuples":
                t = "Record<string, Arg> | [Arg, Arg][]" if len(p.members) == 2 else f"[{', '.join(['Arg'] * len(p.members))}][]"
            elif p.multiple:
                t = "Arg | Arg[]"
            else:
                t = "Arg"
            if p in positional:
                params.append(f"{p.name}: {t}")
            else:
                opts.append(f"{p.name}?: {t}")
        for members in command_spec.exclusive_groups(c.params):
            pairs = ", ".join(f'["{m.name}", {node_given(m, "opts." + m.name)}]' for m in members)
            body.append(f"    const given{len(body)} = ([{pairs}] as [string, boolean][]).filter((x) => x[1]).map((x) => x[0]);\n"
                        f'    if (given{len(body)}.length > 1) throw new TypeError(`opts: ${{given{len(body)}.join(", ")}} exclude each other`);\n')
            if members[0].group_required:
                names = ", ".join(m.name for m in members)
                body[-1] += f'    if (given{len(body) - 1}.length === 0) throw new TypeError("opts: give one of {names}");\n'
        for p, g in command_spec.gated(c.params):
            gw = g.name if g in positional else f"opts.{g.name}"
            body.append(f'    if ({node_given(p, "opts." + p.name)} && !({node_given(g, gw)})) throw new TypeError("opts.{p.name}: needs {g.name}");\n')
            if p.with_gate:
                body.append(f'    if (({node_given(g, gw)}) && !({node_given(p, "opts." + p.name)})) throw new TypeError("opts.{g.name}: needs {p.name}");\n')
        for p in c.params:
            if p in positional:
                body.append(node_push(p, p.name))
            elif p.counted and p.kind == "value":
                body.append(f"    if (opts.{p.name} === undefined) a.push({', '.join([f'{chr(34)}{w}{chr(34)}' for w in p.prefix] + [chr(34) + '0' + chr(34)])});\n"
                            f"    else {{\n" + indent(node_push(p, "opts." + p.name)) + "    }\n")
            else:
                push = node_push(p, "opts." + p.name)
                if push.count("\n") == 1:
                    body.append(f"    if ({node_given(p, 'opts.' + p.name)}) {push.strip()}\n")
                else:
                    body.append(f"    if ({node_given(p, 'opts.' + p.name)}) {{\n" + indent(push) + "    }\n")
        if opts:
            required = any(p.group_required for p in c.params)
            params.append(f"opts: {{ {'; '.join(opts)} }}" + ("" if required else " = {}"))
            body.insert(0, '    if (typeof opts !== "object" || opts === null) throw new TypeError("opts: expected an options object");\n')
        words = ", ".join(f'"{w}"' for w in c.words)
        out.append(
            f"  /** {doc(c)} */\n  {c.method}({', '.join(params)}): Result<M, {node_reply_type(c.command)}> {{\n"
            f"    const a: (string | Buffer)[] = [{words}];\n" + "".join(body) + "    return this.send(a);\n  }\n"
        )
    return "".join(out)


JAVA_TYPES = {"key": "String", "string": "String", "pattern": "String", "integer": "long", "unix-time": "long",
              "double": "double"}


JAVA_BOXED = {"long": "Long", "double": "Double", "String": "String"}


def java_value(p: command_spec.Param, name: str) -> str:
    return name if JAVA_TYPES[p.type] == "String" else f"String.valueOf({name})"


STRINGY = ("key", "string", "pattern")


def java_block(written: set) -> str:
    """Required arguments typed, in the order of the command (a repeated one
    last, as Lettuce's blpop(timeout, keys...), when nothing follows it);
    an optional one amid them nullable; the optional ones after the last
    required one (tokens, flags, choices) as trailing words, e.g.
    lpos(key, element, "RANK", "2"). Each command with keys or values has a
    byte[] form too, whose bulk-string replies are byte[]."""
    out = []
    for c in command_spec.plain_commands("java", written):
        for binary in (False, True):
            method = java_method(c, binary)
            if method:
                out.append(method)
    return "".join(out)


def java_method(c: command_spec.Plain, binary: bool) -> str:
    positional = command_spec.positional(c.params)
    # a counted optional argument (EVAL_RO's keys) is typed too: its count goes out even when empty
    typed = positional + [p for p in c.params if p.counted and p not in positional]
    last = max((c.params.index(p) for p in typed), default=-1)
    inline = [p for p in c.params[: last + 1] if p not in typed]
    trailing = c.params[last + 1 :]
    # an optional block or a choice of values amid the required ones: one nullable parameter of words
    as_words = {p.top for p in inline if p.group or p.gate or p.kind == "tuples" or p.multiple or p.prefix}
    if any(p.kind == "tuples" and len(p.members) != 2 for p in positional):
        return ""
    if binary and not any((p.kind == "tuples" and all(m[1] in STRINGY for m in p.members))
                          or (p.kind == "value" and p.type in STRINGY) for p in typed):
        return ""  # no key or value: the String form is the only one

    def jtype(p: command_spec.Param) -> str:
        return "byte[]" if binary and p.type in STRINGY else JAVA_TYPES[p.type]

    multiples = [p for p in positional if p.multiple and p.kind == "value"]
    varargs = multiples[0] if len(multiples) == 1 and not trailing else None
    params, body, notes = [], [], []
    for p in c.params[: last + 1]:
        head = [f'"{w}"' for w in p.prefix] + ([f'"{p.token}"'] if p.token and p.kind != "flag" and not p.multiple_token else [])
        if p in inline and p.top in as_words:
            if p is next(x for x in inline if x.top == p.top):
                name = command_spec.param_name(c.arguments[p.top]["name"], True, {x.name for x in c.params})
                params.append(f"String[] {name}")
                body.append(f"if ({name} != null) a.addAll(Arrays.asList({name}));")
                notes.append(f"{name}: null or the words of {command_spec.synopsis(c.arguments[p.top:p.top + 1])}")
            continue
        if p in inline:
            if p.kind == "flag":
                params.append(f"boolean {p.name}")
                body.append(f'if ({p.name}) a.add("{p.token}");')
            else:
                t = "String" if p.kind == "choice" else JAVA_BOXED.get(jtype(p), jtype(p))
                params.append(f"{t} {p.name}")
                value = p.name if t in ("String", "byte[]") else f"String.valueOf({p.name})"
                adds = "; ".join(f"a.add({w})" for w in head + [value])
                body.append(f"if ({p.name} != null) {{ {adds}; }}")
            continue
        adds = [f"a.add({w});" for w in head]
        if p.kind == "choice":
            params.append(f"String {p.name}")
            adds.append(f"a.add({p.name});")
        elif p.kind == "tuples" and not any(m[1] in STRINGY for m in p.members):  # slot ranges: {start, end}...
            n = len(p.members)
            params.append(f"long[]... {p.name}" if not trailing and p is positional[-1] else f"long[][] {p.name}")
            if p.counted:
                adds.append(f"a.add(String.valueOf({p.name}.length));")
            each = f'a.add("{p.token}"); ' if p.multiple_token else ""
            adds.append(f'for (long[] t : {p.name}) {{ if (t.length != {n}) throw new IllegalArgumentException('
                        f'"{c.method}: each of {p.name} is {{{", ".join(m[0] for m in p.members)}}}"); '
                        f'{each}for (long x : t) a.add(String.valueOf(x)); }}')
        elif p.kind == "tuples":
            t = "byte[]" if binary and all(m[1] in STRINGY for m in p.members) else "String"
            # the byte[] form takes a ByteArrayMap (a Map<byte[], byte[]> would erase to the String form's Map)
            params.append(f"ByteArrayMap<byte[]> {p.name}" if t == "byte[]" else f"Map<String, String> {p.name}")
            if p.counted:
                adds.append(f"a.add(String.valueOf({p.name}.size()));")
            each = f'a.add("{p.token}"); ' if p.multiple_token else ""
            adds.append(f"for (Map.Entry<{t}, {t}> e : {p.name}.entrySet()) {{ {each}a.add(e.getKey()); a.add(e.getValue()); }}")
        elif p.multiple:
            t = jtype(p)
            values = p.name if t in ("String", "byte[]") else f"texts({p.name})"
            each_t = "byte[]" if t == "byte[]" else "String"
            if p.optional:  # counted: null or empty for none
                params.append(f"{t}[] {p.name}")
                adds.append(f"a.add(String.valueOf({p.name} == null ? 0 : {p.name}.length)); "
                            f"if ({p.name} != null) a.addAll(Arrays.asList({values}));")
            else:
                params.append(f"{t}... {p.name}" if p is varargs else f"{t}[] {p.name}")
                if p.counted:
                    adds.append(f"a.add(String.valueOf({p.name}.length));")
                if p.multiple_token:
                    adds.append(f'for ({each_t} v : {values}) {{ a.add("{p.token}"); a.add(v); }}')
                else:
                    adds.append(f"a.addAll(Arrays.asList({values}));")
        else:
            t = jtype(p)
            params.append(f"{t} {p.name}")
            adds.append(f"a.add({p.name if t in ('String', 'byte[]') else f'String.valueOf({p.name})'});")
        body.append(" ".join(adds))
    if varargs is not None:  # varargs last in the signature
        params.append(params.pop([x.split()[-1] for x in params].index(varargs.name)))
    note = "".join(f" {n}." for n in notes)
    if trailing:
        params.append("String... options")
        body.append("a.addAll(Arrays.asList(options));")
        note += f" Options as words: {command_spec.synopsis_of(c, trailing)}."
    words = ", ".join(f'"{w}"' for w in c.words)
    if binary:
        return (f"    /** {' '.join(c.words)}, binary: keys and values as byte[], bulk strings back as byte[]. */\n"
                f"    public CompletableFuture<Object> {c.method}({', '.join(params)}) {{\n"
                f"        List<Object> a = new ArrayList<>(List.of({words}));\n"
                + "".join(f"        {b}\n" for b in body)
                + "        return binaryCommand(a);\n    }\n")
    return (f"    /** {doc(c)}{note} */\n"
            f"    public CompletableFuture<Object> {c.method}({', '.join(params)}) {{\n"
            f"        List<String> a = new ArrayList<>(List.of({words}));\n"
            + "".join(f"        {b}\n" for b in body)
            + "        return cmd(TEXT, a.toArray(new String[0]));\n    }\n")


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
    /**
     * {@code client}'s blocking view: each call waits on this thread for
     * the engine thread that reads its reply (see HavenClient.blockingView).
     */
    private final HavenClient direct;

    private HavenBlockingClient(HavenClient client) {
        this.client = client;
        this.direct = client.blockingView();
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
        call = f"direct.{name}({', '.join(names)})"
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
