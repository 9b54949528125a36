#!/usr/bin/env python3
"""A small OTLP receiver for haven's telemetry tests: OTLP/HTTP (protobuf)
or, with ``grpc=True`` (``--grpc``), OTLP/gRPC (the collector's
TraceService and MetricsService Export methods, served by ``grpcio``).

Decodes /v1/traces and /v1/metrics posts (or gRPC exports) with the
``opentelemetry-proto`` package and keeps one summary per export: ``{"signal": "traces", "spans":
[{"name", "kind", "attributes", "events", "status"}], "raw": ...}`` or
``{"signal": "metrics", "metrics": [{"name", "points": [{"attributes",
"value"|"count"}]}], "raw": ...}`` (``raw``: the body as latin-1 text, to
search for what must never be exported).

In Python: ``with Receiver() as r: ... r.endpoint ... r.summaries()``.
As a process (Node and Java suites): ``python otlp_receiver.py OUT.jsonl
[--grpc]`` prints ``http://127.0.0.1:PORT`` on its first line, then appends
each summary to OUT.jsonl as one JSON line, until killed.
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional

from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2


def _value(v: Any) -> Any:
    kind = v.WhichOneof("value")
    return getattr(v, kind) if kind else None


def _attributes(attrs: Any) -> Dict[str, Any]:
    return {a.key: _value(a.value) for a in attrs}


def decode_traces(body: bytes) -> Dict[str, Any]:
    req = trace_service_pb2.ExportTraceServiceRequest.FromString(body)
    spans = []
    for rs in req.resource_spans:
        resource = _attributes(rs.resource.attributes)
        for ss in rs.scope_spans:
            for s in ss.spans:
                spans.append({
                    "name": s.name,
                    "kind": s.kind,
                    "attributes": _attributes(s.attributes),
                    "events": [{"name": e.name, "attributes": _attributes(e.attributes)} for e in s.events],
                    "status": s.status.code,
                    "duration_ns": s.end_time_unix_nano - s.start_time_unix_nano,
                    "resource": resource,
                })
    return {"signal": "traces", "spans": spans}


def decode_metrics(body: bytes) -> Dict[str, Any]:
    req = metrics_service_pb2.ExportMetricsServiceRequest.FromString(body)
    out = []
    for rm in req.resource_metrics:
        for sm in rm.scope_metrics:
            for m in sm.metrics:
                data = m.WhichOneof("data")
                points = []
                for p in getattr(m, data).data_points if data else []:
                    point: Dict[str, Any] = {"attributes": _attributes(p.attributes)}
                    if data == "histogram":
                        point["count"] = p.count
                        point["sum"] = p.sum
                    else:
                        point["value"] = p.as_int if p.WhichOneof("value") == "as_int" else p.as_double
                    points.append(point)
                out.append({"name": m.name, "type": data, "unit": m.unit, "points": points})
    return {"signal": "metrics", "metrics": out}


class Receiver:
    """An OTLP/HTTP receiver on a loopback port, in a thread."""

    def __init__(self, out: Optional[str] = None, grpc: bool = False) -> None:
        self._lock = threading.Lock()
        self._got: List[Dict[str, Any]] = []
        self._out = out
        self._grpc = None
        if grpc:
            self._serve_grpc()
            return
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    if self.path == "/v1/traces":
                        summary = decode_traces(body)
                    elif self.path == "/v1/metrics":
                        summary = decode_metrics(body)
                    else:
                        summary = {"signal": "unknown", "path": self.path}
                    summary["raw"] = body.decode("latin-1")
                    summary["content_type"] = self.headers.get("Content-Type", "")
                    receiver._add(summary)
                    self.send_response(200)
                except Exception as e:  # a body that does not decode
                    receiver._add({"signal": "error", "path": self.path, "error": repr(e)})
                    self.send_response(400)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def _serve_grpc(self) -> None:
        import grpc
        from concurrent import futures

        receiver = self

        def export(decode: Any, response: Any, signal: str) -> Any:
            def handle(body: bytes, context: Any) -> bytes:
                try:
                    summary = decode(body)
                except Exception as e:  # a message that does not decode
                    receiver._add({"signal": "error", "path": signal, "error": repr(e)})
                    context.abort(grpc.StatusCode.INVALID_ARGUMENT, repr(e))
                summary["raw"] = body.decode("latin-1")
                summary["content_type"] = "application/grpc"
                receiver._add(summary)
                return response.SerializeToString()

            # Raw bytes in and out: the summary decodes them itself.
            return grpc.unary_unary_rpc_method_handler(handle)

        handlers = [
            grpc.method_handlers_generic_handler(
                "opentelemetry.proto.collector.trace.v1.TraceService",
                {"Export": export(decode_traces, trace_service_pb2.ExportTraceServiceResponse(), "traces")},
            ),
            grpc.method_handlers_generic_handler(
                "opentelemetry.proto.collector.metrics.v1.MetricsService",
                {"Export": export(decode_metrics, metrics_service_pb2.ExportMetricsServiceResponse(), "metrics")},
            ),
        ]
        self._grpc = grpc.server(futures.ThreadPoolExecutor(max_workers=4), handlers=handlers)
        port = self._grpc.add_insecure_port("127.0.0.1:0")
        self.endpoint = f"http://127.0.0.1:{port}"

    def _add(self, summary: Dict[str, Any]) -> None:
        with self._lock:
            self._got.append(summary)
            if self._out:
                with open(self._out, "a") as f:
                    f.write(json.dumps(summary) + "\n")

    def summaries(self) -> List[Dict[str, Any]]:
        with self._lock:
            return list(self._got)

    def spans(self) -> List[Dict[str, Any]]:
        return [s for x in self.summaries() if x["signal"] == "traces" for s in x["spans"]]

    def metrics(self) -> List[Dict[str, Any]]:
        return [m for x in self.summaries() if x["signal"] == "metrics" for m in x["metrics"]]

    def __enter__(self) -> "Receiver":
        if self._grpc is not None:
            self._grpc.start()
        else:
            self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._grpc is not None:
            self._grpc.stop(grace=None)
            return
        self._server.shutdown()
        self._server.server_close()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--grpc"]
    r = Receiver(out=args[0] if args else None, grpc="--grpc" in sys.argv[1:])
    with r:
        print(r.endpoint, flush=True)
        threading.Event().wait()
