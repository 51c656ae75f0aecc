"""A small synchronous client for headless Chromium over the DevTools protocol.

Enough to drive a page like a user: navigate, wait for something to appear, click an
element at its centre with real mouse events, type, and take screenshots. It speaks
CDP through ``websockets`` (a Dagster dependency) to Debian's ``chromium``; nothing is
downloaded.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-dev-shm-usage",
    "--remote-debugging-port=0",
)


class BrowserError(RuntimeError):
    """The browser did not start, or what we waited for never appeared."""


class Chromium:
    """One headless Chromium process with one page; ``close()`` ends the process group."""

    def __init__(self, user_data_dir: Path, width: int = 1400, height: int = 900, timeout: float = 30):
        self.user_data_dir = Path(user_data_dir)
        self.log_path = self.user_data_dir.parent / f"{self.user_data_dir.name}-chromium.log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={self.user_data_dir}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: close() ends every helper process
        )
        self._ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []
        try:
            port = self._devtools_port(timeout)
            self._ws = connect(self._page_socket(port, timeout), max_size=None, open_timeout=timeout)
            self.send("Page.enable")
            self.send("Runtime.enable")
            self.send(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=False,
            )
        except Exception:
            self.close()
            raise

    def _devtools_port(self, timeout: float) -> int:
        marker = self.user_data_dir / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BrowserError(f"{CHROMIUM} exited with {self.process.returncode}; see {self.log_path}")
            if marker.exists() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            time.sleep(0.1)
        raise BrowserError(f"{CHROMIUM} did not open its DevTools port in {timeout} s")

    @staticmethod
    def _page_socket(port: int, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as response:
                pages = [t for t in json.load(response) if t.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
            time.sleep(0.1)
        raise BrowserError("no page target in the browser")

    # --- protocol ------------------------------------------------------------------

    def send(self, method: str, timeout: float = 30, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events arriving meanwhile are kept)."""
        message_id = next(self._ids)
        self._ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError(f"{method}: no answer in {timeout} s")
            message = json.loads(self._ws.recv(timeout=remaining))
            if message.get("id") == message_id:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (promises awaited)."""
        result = self.send("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:80]}...: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    # --- what a user does ------------------------------------------------------------

    def navigate(self, url: str) -> None:
        self.send("Page.navigate", url=url)

    def wait_for(self, expression: str, timeout: float = 30, what: str | None = None) -> Any:
        """Poll a JavaScript expression until it is truthy; its value.

        While a page is loading the expression may throw (no ``document.body`` yet, the
        execution context replaced by a navigation): that counts as "not yet", and the
        last such error is named if the wait times out.
        """
        deadline = time.monotonic() + timeout
        last_error: BrowserError | None = None
        while time.monotonic() < deadline:
            value, error = self._try_evaluate(expression)
            last_error = error or last_error
            if value:
                return value
            time.sleep(0.25)
        detail = f" (last error: {last_error})" if last_error else ""
        raise BrowserError(f"waited {timeout} s for {what or expression}{detail}")

    def _try_evaluate(self, expression: str) -> tuple[Any, BrowserError | None]:
        """``evaluate``, with an exception in the page returned instead of raised."""
        try:
            return self.evaluate(expression), None
        except BrowserError as error:
            return None, error

    def body_text(self) -> str:
        return self.evaluate("document.body ? document.body.innerText : ''") or ""

    def click_at(self, x: float, y: float) -> None:
        """A real left click: mouse moved, pressed and released at (x, y)."""
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        self.send("Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left", clickCount=1)
        self.send("Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left", clickCount=1)

    def click(self, finder: str, timeout: float = 30, what: str | None = None, settle: float = 0.5) -> None:
        """Click the centre of the element a JavaScript expression finds, once it holds still.

        Waits until the element is there, a click at its centre would reach it (no overlay or
        backdrop covers it) and its box has not moved for ``settle`` seconds. A dialog
        scales in when it opens and re-centres as it grows with the data that arrives:
        a click aimed while it moves lands beside the element, on another button or on
        the backdrop (which closes the dialog).
        """
        locate = f"""(() => {{
            const el = {finder};
            if (!el) return null;
            el.scrollIntoView({{block: 'center', inline: 'center'}});
            const r = el.getBoundingClientRect();
            const x = r.x + r.width / 2, y = r.y + r.height / 2;
            const hit = r.width && r.height ? document.elementFromPoint(x, y) : null;
            return hit && el.contains(hit) ? [x, y, r.width, r.height] : null;
        }})()"""
        deadline = time.monotonic() + timeout
        box, box_since, last_error = None, time.monotonic(), None
        while time.monotonic() < deadline:
            found, error = self._try_evaluate(locate)
            last_error = error or last_error
            if found != box:
                box, box_since = found, time.monotonic()
            elif box and time.monotonic() - box_since >= settle:
                self.click_at(box[0], box[1])
                return
            time.sleep(0.1)
        state = f"last seen at {box}" if box else "not found or covered"
        detail = f"; last error: {last_error}" if last_error else ""
        raise BrowserError(
            f"waited {timeout} s for {what or finder} to be clickable and still ({state}{detail})"
        )

    def type_text(self, text: str) -> None:
        """Type into the focused element."""
        self.send("Input.insertText", text=text)

    def key(self, key: str, code: str, key_code: int) -> None:
        """Press and release one key (e.g. Enter, Escape)."""
        common = {"key": key, "code": code, "windowsVirtualKeyCode": key_code}
        self.send("Input.dispatchKeyEvent", type="rawKeyDown", **common)
        self.send("Input.dispatchKeyEvent", type="keyUp", **common)

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        """Close the page's connection and end the browser's whole process group."""
        ws = getattr(self, "_ws", None)
        if ws is not None:
            with contextlib.suppress(Exception):  # closing anyway
                self.send("Browser.close", timeout=5)
            ws.close()
        if self.process.poll() is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # helpers (zygote, GPU, renderers) too
        self.process.wait(timeout=10)
        self._log.close()

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def by_text(selector: str, text: str, within: str = "document") -> str:
    """A JavaScript expression for the innermost ``selector`` element whose text is ``text``.

    Matches the trimmed text exactly or, for ``text`` ending in ``*``, by prefix.
    """
    prefix = text.endswith("*")
    wanted = json.dumps(text.rstrip("*"))
    test = f"t.startsWith({wanted})" if prefix else f"t === {wanted}"
    return (
        f"[...({within}).querySelectorAll({json.dumps(selector)})]"
        f".filter(e => {{ const t = (e.innerText || '').trim(); return {test}; }})"
        f".filter(e => !e.disabled).pop()"
    )
