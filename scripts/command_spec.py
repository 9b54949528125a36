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
from typing import Dict, Iterator, List, NamedTuple, Optional, Set, Tuple

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "proto" / "commands.json"

#: The plain argument types, by COMMAND DOCS type.
PLAIN_TYPES = ("key", "string", "pattern", "integer", "unix-time", "double")
#: Names a parameter may not take in any of the languages.
RESERVED = set(keyword.kwlist) | {"self", "default", "function", "var", "let", "new", "delete", "in", "class"}


class Param(NamedTuple):
    name: str
    kind: str  # "value", "flag" (optional pure token), "choice" (one of pure tokens), "tuples" (repeated block)
    type: str  # for "value": one of PLAIN_TYPES
    multiple: bool
    optional: bool  # may be left out (a language default of None / unset)
    token: str  # the token before a value or a choice, the flag's words ("NO ONE"); "" for none
    choices: List[str]  # for "choice": the tokens
    multiple_token: bool  # the token comes before each of the values (or tuples)
    counted: bool = False  # the number of values (tuples) goes before them (numkeys)
    members: Tuple[Tuple[str, str], ...] = ()  # for "tuples": each member's (name, type)
    prefix: Tuple[str, ...] = ()  # words before the token when given (the token of a flattened block)
    gate: str = ""  # given only together with this earlier parameter (an optional block's first member)
    with_gate: bool = False  # and then required with it
    group: str = ""  # alternatives of one choice: at most one of the group (exactly one when group_required)
    group_required: bool = False
    top: int = -1  # the index of the command's argument it comes from


class Plain(NamedTuple):
    command: str  # "object|encoding"
    words: List[str]  # ["OBJECT", "ENCODING"]
    method: str  # the language's method name
    summary: str
    servers: List[str]
    params: List[Param]
    synopsis: str  # the arguments as the documentation writes them
    arguments: list  # COMMAND DOCS arguments


def load() -> Dict[str, dict]:
    return json.loads(SPEC.read_text())["commands"]


class Unsupported(Exception):
    """The arguments need hand-written code (a repeated choice, a repeated
    block holding more than values, ...)."""


def _is_count(a: dict, following: Optional[dict]) -> bool:
    """numkeys, numfields, ...: the number of the repeated argument after it."""
    return (a["type"] == "integer" and a["name"].startswith("num") and not a.get("token")
            and "optional" not in a.get("flags", []) and following is not None
            and "multiple" in following.get("flags", []))


class _Translator:
    """Flattens COMMAND DOCS arguments into parameters: an optional block's
    members become optional parameters given together with its first one
    (the gate), a choice of values becomes one parameter per alternative of
    which at most (or, when required, exactly) one is given, numkeys-like
    counts are computed from the repeated argument after them."""

    def __init__(self, camel: bool) -> None:
        self.camel, self.seen, self.out = camel, set(), []  # type: ignore[var-annotated]
        self.groups = 0

    def name(self, raw: str) -> str:
        return param_name(raw, self.camel, self.seen)

    def args(self, args: list, optional: bool, prefix: Tuple[str, ...], gate: str, with_gate: bool,
             top: bool = False) -> None:
        counted = False
        first = True
        for i, a in enumerate(args):
            following = args[i + 1] if i + 1 < len(args) else None
            if _is_count(a, following):
                counted = True
                continue
            before = len(self.out)
            self.arg(a, optional, prefix if first else (), gate, with_gate, counted, "", False)
            if top:
                self.out[before:] = [p._replace(top=i - (1 if counted else 0)) for p in self.out[before:]]
            counted, first = False, False

    def arg(self, a: dict, optional: bool, prefix: Tuple[str, ...], gate: str, with_gate: bool, counted: bool,
            group: str, group_required: bool) -> None:
        flags = a.get("flags", [])
        own_optional = "optional" in flags
        multiple = "multiple" in flags
        token = a.get("token", "") or ""
        t = a["type"]
        opt = optional or own_optional
        wg = with_gate and not own_optional
        if t in PLAIN_TYPES:
            self.out.append(Param(self.name(a["name"]), "value", t, multiple, opt, token, [],
                                  "multiple_token" in flags, counted, (), prefix, gate, wg, group, group_required))
        elif t == "pure-token":
            if not own_optional and not group:
                raise Unsupported("a required word amid the arguments")
            self.out.append(Param(self.name(flag_name(a)), "flag", "", False, True, token, [], False, False, (),
                                  prefix, gate, wg, group, group_required))
        elif t == "oneof":
            self.oneof(a, opt, prefix, gate, wg, group, group_required)
        elif t == "block":
            self.block(a, opt, own_optional, prefix, gate, wg, counted, group, group_required)
        else:
            raise Unsupported(t)

    def oneof(self, a: dict, optional: bool, prefix, gate, with_gate, group, group_required) -> None:
        if "multiple" in a.get("flags", []) or group:
            raise Unsupported("a repeated or nested choice")
        alts = a["arguments"]
        token = a.get("token", "") or ""
        pfx = tuple(prefix) + ((token,) if token else ())
        if all(x["type"] == "pure-token" for x in alts):
            self.out.append(Param(self.name(a["name"]), "choice", "", False, optional, "", [x["token"] for x in alts],
                                  False, False, (), pfx, gate, with_gate))
            return
        values = [x for x in alts if x["type"] != "pure-token"]
        if len(values) == 1 and values[0]["type"] in PLAIN_TYPES and not values[0].get("token") \
                and not values[0].get("flags") and not any(x.get("token", "").isalpha() for x in alts):
            # (id | $): one value, the special ones ($, "") are values too
            self.out.append(Param(self.name(a["name"]), "value", "string", False, optional, "", [], False, False,
                                  (), pfx, gate, with_gate))
            return
        self.groups += 1
        gid = f"{a['name']}#{self.groups}"
        for x in alts:
            if x["type"] == "pure-token":
                self.out.append(Param(self.name(flag_name(x)), "flag", "", False, True, x["token"], [], False, False,
                                      (), pfx, gate, False, gid, not optional))
            elif x["type"] in PLAIN_TYPES:
                if x.get("flags"):
                    raise Unsupported("a repeated alternative")
                self.out.append(Param(self.name(flag_name(x)), "value", x["type"], False, True, x.get("token", "") or "",
                                      [], False, False, (), pfx, gate, False, gid, not optional))
            elif x["type"] == "block":
                self.block(x, True, True, pfx, gate, False, False, gid, not optional)
            else:
                raise Unsupported("a nested choice")

    def block(self, a: dict, optional: bool, own_optional: bool, prefix, gate, with_gate, counted, group,
              group_required) -> None:
        flags = a.get("flags", [])
        token = a.get("token", "") or ""
        members = a["arguments"]
        if "multiple" in flags:
            if not all(m["type"] in PLAIN_TYPES and not m.get("flags") and not m.get("token") for m in members):
                raise Unsupported("a repeated block of more than values")
            multiple_token = bool(token)
            self.out.append(Param(self.name(a["name"]), "tuples", "", True, optional, token, [], multiple_token,
                                  counted, tuple((self.name(m["name"]), m["type"]) for m in members), prefix,
                                  gate, with_gate, group, group_required))
            return
        pfx = tuple(prefix) + ((token,) if token else ())
        if all(m["type"] == "pure-token" and not m.get("flags") for m in members):
            # {NO ONE}: a flag of several words
            words = " ".join(m["token"] for m in members)
            self.out.append(Param(self.name(a["name"]), "flag", "", False, True, " ".join(pfx + (words,)) if pfx else words,
                                  [], False, False, (), (), gate, False, group, group_required))
            return
        if not (own_optional or group):
            self.args(members, optional, pfx, gate, with_gate)
            return
        # An optional block (or a block alternative): its first member is the gate of the rest.
        first = members[0]
        if first["type"] in PLAIN_TYPES and "optional" not in first.get("flags", []) and not _is_count(
                first, members[1] if len(members) > 1 else None):
            before = len(self.out)
            self.arg(first, True, pfx, gate, False, False, group, group_required)
            gate_name = self.out[before].name
            rest = members[1:]
        elif first["type"] == "pure-token" and "optional" not in first.get("flags", []):
            # {FULL [COUNT count]}: the leading word is the gate
            gate_name = self.name(flag_name(first))
            self.out.append(Param(gate_name, "flag", "", False, True, " ".join(pfx + (first["token"],)), [], False,
                                  False, (), (), gate, False, group, group_required))
            rest = members[1:]
        elif token:
            gate_name = self.name(a["name"])
            self.out.append(Param(gate_name, "flag", "", False, True, " ".join(pfx), [], False, False, (), (), gate,
                                  False, group, group_required))
            rest = members
        else:
            raise Unsupported("an optional block without a leading value or token")
        self.args(rest, True, (), gate_name, True)


def translate(args: list, camel: bool) -> List[Param]:
    """The parameters of a command's arguments, or Unsupported."""
    t = _Translator(camel)
    t.args(args, False, (), "", False, top=True)
    # a required parameter may not follow an optional one in the languages' signatures, except the
    # positional ones any language can order: keep required (positional) ones first by construction
    return t.out


def positional(params: List[Param]) -> List[Param]:
    """The parameters every call gives (required, outside any choice or block)."""
    return [p for p in params if not (p.optional or p.group or p.gate)]


def exclusive_groups(params: List[Param]) -> List[List[Param]]:
    """The alternatives of each choice of values: at most one given (exactly
    one when `group_required`)."""
    groups: Dict[str, List[Param]] = {}
    for p in params:
        if p.group:
            groups.setdefault(p.group, []).append(p)
    return list(groups.values())


def gated(params: List[Param]) -> Iterator[Tuple[Param, Param]]:
    """(parameter, its gate): the parameter is given only with the gate, and
    when `with_gate`, always with it."""
    by_name = {p.name: p for p in params}
    for p in params:
        if p.gate:
            yield p, by_name[p.gate]


def synopsis(args: list) -> str:
    """The arguments as the documentation writes them: key [COUNT count]."""
    def one(a: dict) -> str:
        t, flags, token = a["type"], a.get("flags", []), a.get("token")
        s = f"{token} " if token else ""
        if t == "block":
            s += " ".join(one(x) for x in a["arguments"])
        elif t == "oneof":
            s += "(" + " | ".join(one(x) for x in a["arguments"]) + ")"
        elif t == "pure-token":
            s = token or ""
        else:
            s += a["name"]
        if "multiple" in flags:
            s += " ..."
        return f"[{s}]" if "optional" in flags else s
    return " ".join(one(a) for a in args)


def flag_name(a: dict) -> str:
    """A flag, or an alternative of a choice, is named after its word (ALPHA:
    alpha, EX seconds: ex, STOREDIST storedistkey: storedist), as users
    know it."""
    token = a.get("token") or ""
    return token.lower() if token.isalpha() else a["name"]


def param_name(raw: str, camel: bool, seen: Set[str]) -> str:
    words = raw.replace("-", "_").split("_")
    name = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:]) if camel else "_".join(words)
    while name in RESERVED or name in seen:
        name += "_"
    seen.add(name)
    return name


def plain_commands(language: str, written: Set[str]) -> Iterator[Plain]:
    """The specification's commands whose `language` method is not in
    `written` (compared without regard to case) and whose arguments
    translate to parameters, in name order."""
    lowered = {w.lower() for w in written}
    for name, entry in sorted(load().items()):
        method = entry.get("methods", {}).get(language)
        if not method or method.lower() in lowered:
            continue
        try:
            params = translate(entry["arguments"], language != "python")
        except Unsupported:
            continue
        yield Plain(name, [w.upper() for w in name.split("|")], method, entry["summary"], entry["servers"], params,
                    synopsis(entry["arguments"]), entry["arguments"])


def synopsis_of(c: Plain, params: List[Param]) -> str:
    """The documentation's synopsis of the arguments these parameters come from (and those after)."""
    return synopsis(c.arguments[min(p.top for p in params):])


def servers_text(servers: List[str]) -> str:
    return " and ".join({"redis": "Redis", "valkey": "Valkey"}[s] for s in servers)
