#!/usr/bin/env python3
"""Writes the licenses of the Rust crates a haven artifact bundles.

    third_party_licenses.py PACKAGE [PACKAGE...] > THIRD_PARTY_LICENSES

Walks `cargo metadata`'s resolved graph from the given workspace packages
(normal dependencies only, for x86_64 Linux: what the native library links)
and prints, for every crate outside the workspace, its name, version,
declared license and the text of its LICENSE*/COPYING*/NOTICE* files from
cargo's registry checkout. protobuf-java (Java) is listed too: the JAR
depends on it, it does not bundle it.
"""
import json
import os
import subprocess
import sys

LICENSE_PREFIXES = ("license", "licence", "copying", "notice", "unlicense")


def main() -> None:
    roots = sys.argv[1:]
    if not roots:
        sys.exit(__doc__)
    here = os.path.dirname(os.path.abspath(__file__))
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1", "--locked",
         "--filter-platform", "x86_64-unknown-linux-gnu"],
        cwd=os.path.join(here, "..", "..")))
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    members = set(meta["workspace_members"])
    by_name = {packages[m]["name"]: m for m in members}
    todo = [by_name[r] for r in roots]
    seen = set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        # Proc-macro crates (and what only they use) run at build time; they
        # are not in the library.
        if any("proc-macro" in t["kind"] for t in packages[pid]["targets"]):
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            if any(k["kind"] in (None, "normal") for k in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    out = sys.stdout
    out.write("Third-party software bundled in this haven artifact\n")
    out.write("====================================================\n\n")
    out.write("haven itself is licensed under the Apache License 2.0 (LICENSE).\n")
    out.write("Its native library statically links the Rust crates below.\n\n")
    crates = sorted((packages[p] for p in seen if p not in members),
                    key=lambda p: (p["name"], p["version"]))
    for p in crates:
        out.write(f"- {p['name']} {p['version']}: {p.get('license') or 'see below'}\n")
    for p in crates:
        out.write("\n" + "=" * 78 + "\n")
        out.write(f"{p['name']} {p['version']} ({p.get('license') or 'license file'})\n")
        if p.get("repository"):
            out.write(f"{p['repository']}\n")
        out.write("=" * 78 + "\n")
        root = os.path.dirname(p["manifest_path"])
        files = sorted(f for f in os.listdir(root)
                       if f.lower().startswith(LICENSE_PREFIXES) and os.path.isfile(os.path.join(root, f)))
        if p.get("license_file") and os.path.basename(p["license_file"]) not in files:
            files.append(os.path.relpath(os.path.join(root, p["license_file"]), root))
        if not files:
            out.write(f"(no license file shipped in the crate; license: {p.get('license')})\n")
        for f in files:
            with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                out.write(f"\n--- {f} ---\n\n{fh.read().rstrip()}\n")


if __name__ == "__main__":
    main()
