"""Generates python/haven/_commands.py from commands_template.py: the typed
commands are written once and come out as three classes whose return types
fit their client (async: Awaitable[X]; sync: X; pipeline: the pipeline).

Commands of the specification (proto/commands.json) that the template does
not write and whose arguments are plain (required keys, strings and
numbers, the last one possibly repeated) get a method generated from it,
returning the server's reply as it comes; the template holds the ones whose
options or replies need a hand.

    python codegen/generate.py          # write the file
    python codegen/generate.py --check  # exit 1 if the file is stale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "commands_template.py"
sys.path.insert(0, str(HERE.parents[1] / "scripts"))
import command_spec  # noqa: E402

TYPES = {"key": "KeyT", "string": "EncodableT", "pattern": "EncodableT", "integer": "int", "unix-time": "int",
         "double": "float"}


def _tuple_type(p: command_spec.Param) -> str:
    inner = f"Tuple[{', '.join(TYPES[t] for _, t in p.members)}]"
    if len(p.members) == 2:
        return f"Union[Mapping[{TYPES[p.members[0][1]]}, {TYPES[p.members[1][1]]}], Sequence[{inner}]]"
    return f"Sequence[{inner}]"


def _given(p: command_spec.Param) -> str:
    return p.name if p.kind == "flag" else f"{p.name} is not None"


def _push(method: str, p: command_spec.Param) -> str:
    """The statements adding a given parameter to args (indented 8)."""
    head = [repr(w) for w in p.prefix]
    token = [repr(p.token)] if p.token and p.kind not in ("flag",) and not p.multiple_token else []
    if p.kind == "flag":
        return f"        args += [{', '.join(head + [repr(w) for w in p.token.split()])}]\n"
    if p.kind == "choice":
        allowed = repr(tuple(p.choices))
        return (f"        if str({p.name}).upper() not in {allowed}:\n"
                f"            raise ValueError(f\"{method}: {p.name} must be one of {', '.join(p.choices)}, got {{{p.name}!r}}\")\n"
                f"        args += [{', '.join(head + [p.name])}]\n")
    if p.kind == "tuples":
        n = len(p.members)
        names = ", ".join(m for m, _ in p.members)
        out = (f"        _{p.name} = list({p.name}.items()) if isinstance({p.name}, Mapping) else [tuple(t) for t in {p.name}]\n"
               f"        if [t for t in _{p.name} if len(t) != {n}]:\n"
               f"            raise ValueError(\"{method}: each of {p.name} is ({names})\")\n")
        if not p.optional:
            out += f"        if not _{p.name}:\n            raise ValueError(\"{method}: give at least one of {p.name}\")\n"
        words = head + token + ([f"len(_{p.name})"] if p.counted else [])
        if words:
            out += f"        args += [{', '.join(words)}]\n"
        each = f"[{p.token!r}, *t]" if p.multiple_token else "t"
        return out + f"        for t in _{p.name}:\n            args += {each}\n"
    if not p.multiple:
        return f"        args += [{', '.join(head + token + [p.name])}]\n"
    out = f"        _{p.name} = list({p.name})\n"
    if not p.optional:
        out += f"        if not _{p.name}:\n            raise ValueError(\"{method}: give at least one {p.name}\")\n"
    if p.multiple_token:
        return out + (f"        args += [{', '.join(head)}]\n" if head else "") + \
            f"        for v in _{p.name}:\n            args += [{p.token!r}, v]\n"
    words = head + token + ([f"len(_{p.name})"] if p.counted else [])
    return out + f"        args += [{', '.join(words + ['*_' + p.name])}]\n"


def _indent(statements: str) -> str:
    """Statements one level deeper (under an if / else)."""
    return "".join("    " + line + "\n" for line in statements.rstrip("\n").split("\n"))


def generated_methods(written: set) -> str:
    """The R[...] methods of the specification's commands the template
    lacks: required arguments positional, the others keyword-only; an
    optional block's members are given together (its first one, the gate,
    before the rest), a choice's alternatives exclude each other."""
    out = ["\n    # ------------------------------------ generated from the specification --\n"]
    for c in command_spec.plain_commands("python", written):
        positional = command_spec.positional(c.params)
        keywords = [p for p in c.params if p not in positional]
        sig = []
        for i, p in enumerate(positional):
            if p.kind == "choice":
                sig.append(f"{p.name}: str")
            elif p.kind == "tuples":
                sig.append(f"{p.name}: {_tuple_type(p)}")
            elif p.multiple and i == len(positional) - 1:
                sig.append(f"*{p.name}: {TYPES[p.type]}")
            elif p.multiple:
                sig.append(f"{p.name}: Sequence[{TYPES[p.type]}]")
            else:
                sig.append(f"{p.name}: {TYPES[p.type]}")
        if keywords and not (sig and sig[-1].startswith("*")):
            sig.append("*")
        for p in keywords:
            if p.kind == "flag":
                sig.append(f"{p.name}: bool = False")
            elif p.kind == "choice":
                sig.append(f"{p.name}: Optional[str] = None")
            elif p.kind == "tuples":
                sig.append(f"{p.name}: Optional[{_tuple_type(p)}] = None")
            elif p.multiple:
                sig.append(f"{p.name}: Optional[Sequence[{TYPES[p.type]}]] = None")
            else:
                sig.append(f"{p.name}: Optional[{TYPES[p.type]}] = None")
        body = []
        for members in command_spec.exclusive_groups(c.params):
            pairs = ", ".join(f"({m.name!r}, {_given(m)})" for m in members)
            names = ", ".join(m.name for m in members)
            body.append(f"        _given = [n for n, g in ({pairs},) if g]\n"
                        f"        if len(_given) > 1:\n"
                        f"            raise ValueError(f\"{c.method}: {{', '.join(_given)}} exclude each other\")\n")
            if members[0].group_required:
                body.append(f"        if not _given:\n            raise ValueError(\"{c.method}: give one of {names}\")\n")
        for p, g in command_spec.gated(c.params):
            body.append(f"        if {_given(p)} and not ({_given(g)}):\n"
                        f"            raise ValueError(\"{c.method}: {p.name} needs {g.name}\")\n")
            if p.with_gate:
                body.append(f"        if ({_given(g)}) and not ({_given(p)}):\n"
                            f"            raise ValueError(\"{c.method}: {g.name} needs {p.name}\")\n")
        for p in c.params:
            push = _push(c.method, p)
            if p in positional:
                body.append(push)
            elif p.counted and p.kind == "value":
                # the count goes out even when there is nothing to count (EVAL_RO script 0)
                body.append(f"        if {p.name} is None:\n            args += [{', '.join([repr(w) for w in p.prefix] + ['0'])}]\n"
                            f"        else:\n" + _indent(push))
            else:
                body.append(f"        if {_given(p)}:\n" + _indent(push))
        summary = c.summary.replace('"""', "'").replace("\\", "\\\\")
        out.append(
            f"\n    def {c.method}({', '.join(['self'] + sig)}) -> R[Any]:\n"
            f'        """{" ".join(c.words)} {c.synopsis}: {summary} ({command_spec.servers_text(c.servers)}; the reply as the server sends it.)"""\n'
            f"        args: List[Any] = [{', '.join(repr(w) for w in c.words)}]\n"
            + "".join(body)
            + "        return self._exec(args)\n"
        )
    return "".join(out)


OUTPUT = HERE.parent / "python" / "haven" / "_commands.py"

HEADER = '''# mypy: disable-error-code="no-any-return"
# (each method returns what its client's _exec returns for the command.)
"""The typed command methods shared by haven's clients, in three flavours:
AsyncCommands (haven.Client; each method returns an awaitable), SyncCommands
(haven.SyncClient; each returns the reply) and PipelineCommands (pipelines
and transactions; each queues the command and returns the pipeline).

Generated by python/codegen/generate.py from codegen/commands_template.py:
edit the template, then run the generator.
"""
'''

VARIANTS = [
    ("AsyncCommands", "Commands of haven.Client: each returns an awaitable of the reply.",
     "Callable[..., Awaitable[Any]]", lambda inner: f"Awaitable[{inner}]", False),
    ("SyncCommands", "Commands of haven.SyncClient: each returns the reply.",
     "Callable[..., Any]", lambda inner: inner, False),
    ("PipelineCommands", "Commands of pipelines: each queues the command and returns the pipeline.",
     "Callable[..., Any]", lambda inner: "_P", True),
]


def replace_result(text: str, fn: Callable[[str], str]) -> str:
    """Replaces every R[...] (brackets balanced) with fn(inner)."""
    out = []
    i = 0
    while True:
        j = text.find("R[", i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        if j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
            out.append(text[i : j + 2])
            i = j + 2
            continue
        depth, k = 0, j + 1
        while True:
            if text[k] == "[":
                depth += 1
            elif text[k] == "]":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        out.append(text[i:j])
        out.append(fn(text[j + 2 : k]))
        i = k + 1


def generate() -> str:
    source = TEMPLATE.read_text()
    header = source.split("# --- header (copied as is) ---\n", 1)[1].split("# --- class ---\n", 1)[0]
    body = source.split("class _Commands:\n", 1)[1]
    body = body.rstrip() + "\n" + generated_methods(set(re.findall(r"def (\w+)\(", body)))
    parts = [HEADER, header.strip() + "\n\n__all__ = [\"AsyncCommands\", \"SyncCommands\", \"PipelineCommands\"]\n"]
    for name, doc, exec_type, result, is_pipeline in VARIANTS:
        text = replace_result(body, result)
        if is_pipeline:
            text = re.sub(r"def (\w+)\(self([,)])", r"def \1(self: _P\2", text)
            text = re.sub(r"def (\w+)\(\n(\s+)self,", r"def \1(\n\2self: _P,", text)
        parts.append(f'\n\nclass {name}:\n    """{doc}"""\n\n    _exec: {exec_type}\n{text.rstrip()}\n')
    return "".join(parts)


def main() -> int:
    text = generate()
    if "--check" in sys.argv:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT} is stale: run python codegen/generate.py", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
