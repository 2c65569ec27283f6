"""Open a page in headless Chromium and report what it shows.

The page is opened from a copy with a probe script in its head: after the load
event it writes, into the DOM that Chromium dumps, every image's decoded size and
every error the page raised (a script error, a resource that failed to load).
The network is cut off: a page that needs it shows the failure.
"""

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser

import pytest

_PROBE = """<script>
window.__errors = [];
window.addEventListener("error", function (event) {
  var target = event.target || {};
  window.__errors.push(String(event.message || target.src || target.href || "error"));
}, true);
window.addEventListener("load", function () {
  var images = Array.prototype.map.call(document.images, function (image) {
    var figure = image.closest("figure");
    return {id: figure ? figure.id : null, complete: image.complete,
            width: image.naturalWidth, height: image.naturalHeight,
            shown: image.getBoundingClientRect().width};
  });
  var probe = document.createElement("pre");
  probe.id = "skser-probe";
  probe.textContent = JSON.stringify({images: images, errors: window.__errors});
  document.body.appendChild(probe);
});
</script>"""

# Flags for a quiet, offline, throw-away browser.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--virtual-time-budget=10000",
]


def chromium():
    """Return Chromium's path; skip without it, except in CI, where it must be."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is not installed; CI must render the report (.ci/run)")
    pytest.skip("chromium not installed (apt-get install chromium); CI runs this")


class _Probe(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside, self.text = False, ""

    def handle_starttag(self, tag, attrs):
        self.inside = self.inside or dict(attrs).get("id") == "skser-probe"

    def handle_endtag(self, tag):
        if tag == "pre":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text += data


def render(page, tmp_path, width=1280):
    """Open ``page`` in Chromium; return (dumped DOM, probe dict, screenshot path)."""
    browser = chromium()
    folder = tmp_path / "browser"
    folder.mkdir(exist_ok=True)
    probed = folder / page.name
    probed.write_text(
        page.read_text(encoding="utf-8").replace("<head>", "<head>" + _PROBE, 1),
        encoding="utf-8",
    )
    common = [browser, *FLAGS, f"--user-data-dir={folder / 'profile'}",
              f"--window-size={width},2000"]  # fmt: skip
    dom = subprocess.run(
        [*common, "--dump-dom", probed.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    screenshot = folder / "screenshot.png"
    subprocess.run(
        [*common, f"--screenshot={screenshot}", page.as_uri()],
        capture_output=True, timeout=120, check=True, cwd=folder,
    )  # fmt: skip
    parser = _Probe()
    parser.feed(dom)
    assert parser.text, f"the probe did not run: the page did not load\n{dom[:500]}"
    return dom, json.loads(parser.text), screenshot
