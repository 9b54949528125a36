"""The command specification (proto/commands.json) as the generators read
it: which commands get a method generated in each language (those whose
arguments are plain: required keys, strings and numbers, the last possibly
repeated, with no method written by hand) and their parameters.

Used by python/codegen/generate.py (Python) and scripts/gen_commands.py
(Node and Java); the specification itself is written by
scripts/gen_command_table.py.
"""

from __future__ import annotations

import json
import keyword
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Set

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "proto" / "commands.json"

#: The plain argument types, by COMMAND DOCS type.
PLAIN_TYPES = ("key", "string", "pattern", "integer", "unix-time", "double")
#: Names a parameter may not take in any of the languages.
RESERVED = set(keyword.kwlist) | {"self", "default", "function", "var", "let", "new", "delete", "in", "class"}


class Param(NamedTuple):
    name: str
    type: str  # one of PLAIN_TYPES
    multiple: bool


class Plain(NamedTuple):
    command: str  # "object|encoding"
    words: List[str]  # ["OBJECT", "ENCODING"]
    method: str  # the language's method name
    summary: str
    servers: List[str]
    params: List[Param]


def load() -> Dict[str, dict]:
    return json.loads(SPEC.read_text())["commands"]


def is_plain(args: list) -> bool:
    for i, a in enumerate(args):
        flags = a.get("flags", [])
        if a["type"] not in PLAIN_TYPES or a.get("token") or "optional" in flags:
            return False
        if "multiple" in flags and i != len(args) - 1:
            return False
    return True


def param_name(raw: str, camel: bool, seen: Set[str]) -> str:
    words = raw.replace("-", "_").split("_")
    name = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:]) if camel else "_".join(words)
    while name in RESERVED or name in seen:
        name += "_"
    seen.add(name)
    return name


def plain_commands(language: str, written: Set[str]) -> Iterator[Plain]:
    """The specification's plain commands whose `language` method is not in
    `written` (compared without regard to case), in name order."""
    lowered = {w.lower() for w in written}
    for name, entry in sorted(load().items()):
        method = entry.get("methods", {}).get(language)
        if not method or method.lower() in lowered or not is_plain(entry["arguments"]):
            continue
        seen: Set[str] = set()
        params = [
            Param(param_name(a["name"], language != "python", seen), a["type"], "multiple" in a.get("flags", []))
            for a in entry["arguments"]
        ]
        yield Plain(name, [w.upper() for w in name.split("|")], method, entry["summary"], entry["servers"], params)


def servers_text(servers: List[str]) -> str:
    return " and ".join({"redis": "Redis", "valkey": "Valkey"}[s] for s in servers)
