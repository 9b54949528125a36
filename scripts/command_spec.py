"""The command specification (proto/commands.json) as the generators read
it: which commands get a method generated in each language and their
parameters. A command gets one when no method is written for it by hand
and its arguments are simple: keys, strings and numbers (required, or
optional after a token such as COUNT), the last one possibly repeated;
optional pure tokens (flags such as REPLACE); and choices of pure tokens
(LEFT | RIGHT). Blocks and nested choices are left to hand-written code.

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
    kind: str  # "value", "flag" (optional pure token), "choice" (one of pure tokens)
    type: str  # for "value": one of PLAIN_TYPES
    multiple: bool
    optional: bool
    token: str  # the token before a value or a choice, or the flag's token; "" for none
    choices: List[str]  # for "choice": the tokens
    multiple_token: bool  # the token comes before each of the values


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
    """Simple arguments (see the module's doc): only the last may repeat
    without a token, and no required value may follow an optional one (the
    languages put optional parameters last)."""
    seen_optional = False
    for i, a in enumerate(args):
        flags = a.get("flags", [])
        optional = "optional" in flags
        if a["type"] in PLAIN_TYPES:
            if "multiple" in flags and not a.get("token") and i != len(args) - 1:
                return False
            if not optional and seen_optional:
                return False
        elif a["type"] == "pure-token":
            if not optional:
                return False
        elif a["type"] == "oneof":
            if not all(x["type"] == "pure-token" for x in a["arguments"]) or (not optional and seen_optional):
                return False
        else:
            return False
        seen_optional |= optional
    return True


def param(a: dict, camel: bool, seen: Set[str]) -> Param:
    flags = a.get("flags", [])
    name = param_name(a["name"], camel, seen)
    optional = "optional" in flags
    if a["type"] == "pure-token":
        return Param(name, "flag", "", False, True, a["token"], [], False)
    if a["type"] == "oneof":
        return Param(name, "choice", "", False, optional, a.get("token", ""), [x["token"] for x in a["arguments"]], False)
    return Param(name, "value", a["type"], "multiple" in flags, optional, a.get("token", ""), [],
                 "multiple_token" in flags)


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
        params = [param(a, language != "python", seen) for a in entry["arguments"]]
        yield Plain(name, [w.upper() for w in name.split("|")], method, entry["summary"], entry["servers"], params)


def servers_text(servers: List[str]) -> str:
    return " and ".join({"redis": "Redis", "valkey": "Valkey"}[s] for s in servers)
