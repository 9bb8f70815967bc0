"""A minimal Language Server Protocol client over stdio: enough of it to drive the pinned
`yaml-language-server` (tools/lsp/package.json) the way an editor does: initialize with a
workspace folder, answer the server's workspace/configuration requests with `yaml.*`
settings (the `yaml.schemas` a user puts in .vscode/settings.json), open documents, collect
the diagnostics it publishes and ask for completions."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "lsp"
SERVER = TOOLS / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def missing() -> str | None:
    """Why the server cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not SERVER.exists():
        return f"the pinned yaml-language-server is not installed: npm ci --prefix {TOOLS}"
    return None


class LspError(RuntimeError):
    pass


class Client:
    """One server process; `close()` ends it."""

    def __init__(self, root: Path, settings: dict[str, Any]) -> None:
        self.root = root
        self.settings = settings
        self.proc = subprocess.Popen(
            ["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, env={**os.environ, "NODE_NO_WARNINGS": "1"})
        self._next = 0
        self._replies: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._lock = threading.Lock()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._published = threading.Condition()
        self._versions: dict[str, int] = {}
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": root.as_uri(),
            "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
            "capabilities": {
                "workspace": {"configuration": True, "workspaceFolders": True},
                "textDocument": {
                    "publishDiagnostics": {"relatedInformation": False},
                    "completion": {"completionItem": {
                        "snippetSupport": True,
                        "documentationFormat": ["markdown", "plaintext"]}},
                    "hover": {"contentFormat": ["markdown", "plaintext"]}}},
        })
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    # --- the wire --------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
            message = json.loads(out.read(length))
            self._handle(message)

    def _handle(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request from the server
            self._send({"id": message["id"], "result": self._answer(message)})
        elif "id" in message:
            with self._lock:
                box = self._replies.get(message["id"])
            if box is not None:
                box.put(message)
        elif message.get("method") == "textDocument/publishDiagnostics":
            params = message["params"]
            with self._published:
                self.diagnostics[params["uri"]] = params["diagnostics"]
                self._published.notify_all()

    def _answer(self, message: dict[str, Any]) -> Any:
        if message["method"] == "workspace/configuration":
            return [self.settings.get(item.get("section", ""), None)
                    for item in message["params"]["items"]]
        return None

    def request(self, method: str, params: Any, timeout: float = 20) -> Any:
        with self._lock:
            self._next += 1
            ident = self._next
            box: queue.Queue[dict[str, Any]] = queue.Queue()
            self._replies[ident] = box
        self._send({"id": ident, "method": method, "params": params})
        try:
            reply = box.get(timeout=timeout)
        except queue.Empty:
            raise LspError(f"{method}: no answer in {timeout} s") from None
        if "error" in reply:
            raise LspError(f"{method}: {reply['error']}")
        return reply.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    # --- documents -------------------------------------------------------------------

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        text = path.read_text(encoding="utf-8") if text is None else text
        with self._published:
            self.diagnostics.pop(uri, None)
        version = self._versions[uri] = self._versions.get(uri, 0) + 1
        if version == 1:
            self.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "yaml", "version": version, "text": text}})
        else:
            self.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}]})
        return uri

    def close_document(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def wait_diagnostics(self, uri: str, timeout: float = 20) -> list[dict[str, Any]]:
        end = time.monotonic() + timeout
        with self._published:
            while uri not in self.diagnostics:
                left = end - time.monotonic()
                if left <= 0:
                    raise LspError(f"no diagnostics published for {uri} in {timeout} s")
                self._published.wait(left)
            return self.diagnostics[uri]

    def complete(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
        if isinstance(result, dict):
            return list(result.get("items", []))
        return list(result or [])

    def hover(self, uri: str, line: int, character: int) -> Any:
        return self.request("textDocument/hover", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character}})

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=5)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()
            self.proc.wait()
