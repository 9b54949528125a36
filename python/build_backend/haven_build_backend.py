"""PEP 517 backend of haven's Python package: maturin's, with release defaults.

`pip wheel ./python`, `pip install ./python` (or the sdist) and
`python -m build` come here. It hands everything to maturin's backend and,
for wheels, first adds to maturin's arguments (unless MATURIN_PEP517_ARGS is
already set, which then wins):

    --zig --compatibility manylinux2014 --strip

so the wheel is a stripped release build tagged manylinux_2_17: it links
against glibc 2.17's symbols through zig (the `ziglang` wheel, a build
requirement via maturin[zig]) and installs on RHEL 7/8, Amazon Linux 2,
Ubuntu 18.04+, Debian 10+. `HAVEN_NATIVE_ONLY=1` builds for this machine's
glibc instead (no zig; the tag follows what the library needs).
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile

import maturin
from maturin import *  # noqa: F401,F403  (the PEP 517 hooks this module does not change)

_RELEASE_ARGS = "--zig --compatibility manylinux2014 --strip"


def _zig_on_path() -> None:
    """maturin runs `zig`; in pip's isolated build environment the ziglang
    wheel provides it only as `python -m ziglang`, so put a `zig` shim on PATH."""
    if shutil.which("zig"):
        return
    shim_dir = tempfile.mkdtemp(prefix="haven-zig-")
    shim = os.path.join(shim_dir, "zig")
    with open(shim, "w") as f:
        f.write(f'#!/bin/sh\nexec "{sys.executable}" -m ziglang "$@"\n')
    os.chmod(shim, os.stat(shim).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    os.environ["PATH"] = shim_dir + os.pathsep + os.environ.get("PATH", "")


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    if not os.environ.get("MATURIN_PEP517_ARGS") and os.environ.get("HAVEN_NATIVE_ONLY") != "1":
        os.environ["MATURIN_PEP517_ARGS"] = _RELEASE_ARGS
        _zig_on_path()
    return maturin.build_wheel(wheel_directory, config_settings, metadata_directory)
