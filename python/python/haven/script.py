"""Lua scripts run by SHA1: ``client.register_script(source)`` returns a
script object; calling it runs EVALSHA, and when the server does not know
the script (NOSCRIPT: never loaded, or SCRIPT FLUSH since) it loads it with
SCRIPT LOAD and runs it again. Passing a pipeline as ``client`` queues the
EVALSHA there; the pipeline loads its scripts before executing.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any, Awaitable, Optional, Sequence, Tuple, Union, overload

from . import _replies as r
from .exceptions import ResponseError
from .pipeline import AsyncPipeline, Pipeline, _PipelineBase

if TYPE_CHECKING:
    from ._types import EncodableT, KeyT
    from .client import Client
    from .sync import SyncClient

__all__ = ["AsyncScript", "Script"]


class _ScriptBase:
    def __init__(self, script: Union[str, bytes]) -> None:
        if isinstance(script, str):
            encoded = script.encode("utf-8")
        elif isinstance(script, bytes):
            encoded = script
        else:
            raise TypeError(f"script: expected the Lua source as str or bytes, got {type(script).__name__}")
        #: The Lua source.
        self.script: Union[str, bytes] = script
        #: Its SHA1, as the server names it.
        self.sha: str = hashlib.sha1(encoded).hexdigest()

    @staticmethod
    def _args(keys: Sequence["KeyT"], args: Sequence["EncodableT"]) -> Tuple[Any, ...]:
        if isinstance(keys, (str, bytes)) or isinstance(args, (str, bytes)):
            raise TypeError("keys and args: expected lists (a single str would be split into characters)")
        keys = list(keys)
        return (len(keys), *keys, *args)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} sha={self.sha}>"


class AsyncScript(_ScriptBase):
    """A Lua script of :class:`haven.Client`: ``await script(keys=[...], args=[...])``."""

    def __init__(self, client: "Client", script: Union[str, bytes]) -> None:
        super().__init__(script)
        self._client = client

    @overload
    def __call__(
        self, keys: Sequence["KeyT"] = ..., args: Sequence["EncodableT"] = ..., client: None = ...
    ) -> Awaitable[Any]: ...

    @overload
    def __call__(
        self, keys: Sequence["KeyT"] = ..., args: Sequence["EncodableT"] = ..., client: "Client" = ...
    ) -> Awaitable[Any]: ...

    @overload
    def __call__(
        self, keys: Sequence["KeyT"] = ..., args: Sequence["EncodableT"] = ..., client: AsyncPipeline = ...
    ) -> AsyncPipeline: ...

    def __call__(
        self,
        keys: Sequence["KeyT"] = (),
        args: Sequence["EncodableT"] = (),
        client: Optional[Union["Client", AsyncPipeline]] = None,
    ) -> Any:
        """Runs the script with ``keys`` and ``args`` (on ``client`` if given)."""
        call_args = self._args(keys, args)
        target = client if client is not None else self._client
        if isinstance(target, _PipelineBase):
            target._add_script(self)
            return target.evalsha(self.sha, *call_args)
        return self._run(target, call_args)

    async def _run(self, client: "Client", call_args: Tuple[Any, ...]) -> Any:
        try:
            return await client.evalsha(self.sha, *call_args)
        except ResponseError as e:
            if not r.is_noscript(e):
                raise
        await client.script_load(self.script)
        return await client.evalsha(self.sha, *call_args)


class Script(_ScriptBase):
    """A Lua script of :class:`haven.SyncClient`: ``script(keys=[...], args=[...])``."""

    def __init__(self, client: "SyncClient", script: Union[str, bytes]) -> None:
        super().__init__(script)
        self._client = client

    @overload
    def __call__(
        self, keys: Sequence["KeyT"] = ..., args: Sequence["EncodableT"] = ..., client: None = ...
    ) -> Any: ...

    @overload
    def __call__(
        self, keys: Sequence["KeyT"] = ..., args: Sequence["EncodableT"] = ..., client: "SyncClient" = ...
    ) -> Any: ...

    @overload
    def __call__(
        self, keys: Sequence["KeyT"] = ..., args: Sequence["EncodableT"] = ..., client: Pipeline = ...
    ) -> Pipeline: ...

    def __call__(
        self,
        keys: Sequence["KeyT"] = (),
        args: Sequence["EncodableT"] = (),
        client: Optional[Union["SyncClient", Pipeline]] = None,
    ) -> Any:
        """Runs the script with ``keys`` and ``args`` (on ``client`` if given)."""
        call_args = self._args(keys, args)
        target = client if client is not None else self._client
        if isinstance(target, _PipelineBase):
            target._add_script(self)
            return target.evalsha(self.sha, *call_args)
        try:
            return target.evalsha(self.sha, *call_args)
        except ResponseError as e:
            if not r.is_noscript(e):
                raise
        target.script_load(self.script)
        return target.evalsha(self.sha, *call_args)
