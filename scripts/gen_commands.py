#!/usr/bin/env python3
"""Writes the Node and Java methods generated from the command
specification (proto/commands.json): one per plain command (see
scripts/command_spec.py) that the hand-written code of the language does
not have, between the markers in node/src/commands.ts (class Commands) and
java/src/main/java/io/haven/HavenClient.java. Each returns the reply as the
server sends it (Node: the client's decoding; Java: customCommand's text
shape). Python's come from python/codegen/generate.py.

    scripts/gen_commands.py          # rewrite the generated blocks
    scripts/gen_commands.py --check  # exit 1 when a block is stale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import command_spec  # noqa: E402

ROOT = command_spec.ROOT
NODE = ROOT / "node" / "src" / "commands.ts"
JAVA = ROOT / "java" / "src" / "main" / "java" / "io" / "haven" / "HavenClient.java"
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
        params, args = [], [f'"{w}"' for w in c.words]
        for p in c.params:
            if p.multiple:
                params.append(f"{p.name}: Arg | Arg[]")
                args.append(f'...keys({p.name}, "{p.name}")')
            else:
                params.append(f"{p.name}: Arg")
                args.append(f'toArg({p.name}, "{p.name}")')
        out.append(f"  /** {doc(c)} */\n  {c.method}({', '.join(params)}): P {{\n    return this.send([{', '.join(args)}]);\n  }}\n")
    return "".join(out)


JAVA_TYPES = {"key": "String", "string": "String", "pattern": "String", "integer": "long", "unix-time": "long",
              "double": "double"}


def java_block(written: set) -> str:
    out = []
    for c in command_spec.plain_commands("java", written):
        params, fixed, rest = [], [f'"{w}"' for w in c.words], None
        for p in c.params:
            t = JAVA_TYPES[p.type]
            if p.multiple:
                params.append(f"{t}... {p.name}")
                rest = p.name if t == "String" else f"texts({p.name})"
            else:
                params.append(f"{t} {p.name}")
                fixed.append(p.name if t == "String" else f"String.valueOf({p.name})")
        call = f"new String[] {{{', '.join(fixed)}}}"
        body = f"cmd(TEXT, words({call}, {rest}))" if rest else f"cmd(TEXT, {call})"
        out.append(f"    /** {doc(c)} */\n    public CompletableFuture<Object> {c.method}({', '.join(params)}) {{ return {body}; }}\n")
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
    stale = [p for p, old, new in ((NODE, node, new_node), (JAVA, java, new_java)) if old != new]
    if "--check" in sys.argv:
        for p in stale:
            print(f"{p.relative_to(ROOT)} is stale: run scripts/gen_commands.py", file=sys.stderr)
        return 1 if stale else 0
    NODE.write_text(new_node)
    JAVA.write_text(new_java)
    print(f"gen_commands: wrote the generated methods of {NODE.relative_to(ROOT)} and {JAVA.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
