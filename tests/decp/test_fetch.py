import http.server
import json
import threading
from functools import partial

import pytest
from django.core.management import call_command

from apure.decp.fetch import download

from .conftest import marche, query, write_2022


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with HTTP Range support (enough for resumed downloads)."""

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802
        path = self.translate_path(self.path)
        try:
            data = open(path, "rb").read()  # noqa: SIM115
        except OSError:
            self.send_error(404)
            return
        start = 0
        header = self.headers.get("Range")
        if header:
            start = int(header.split("=")[1].split("-")[0])
            if start >= len(data):
                self.send_error(416)
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        self.wfile.write(data[start:])


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(RangeHandler, directory=str(root))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_downloads_imports_and_skips_unchanged(analytics, settings, server, capsys):
    root, base = server
    write_2022(root / "decp-2025.json", [marche(id="F1"), marche(id="F2")])
    settings.DECP_SOURCES = [f"{base}/decp-2025.json"]
    settings.DECP_DOWNLOAD_DIR = analytics.parent / "downloads"
    call_command("decp_fetch", "--json")
    first = json.loads(capsys.readouterr().out)
    assert first["downloads"][0]["status"] == "ok"
    assert first["contracts"] == 2
    call_command("decp_fetch", "--json")
    second = json.loads(capsys.readouterr().out)
    assert second["status"] == "unchanged"  # same checksum: not imported again
    assert query("SELECT count(*) FROM contracts")[0][0] == 2


def test_interrupted_download_resumes_with_range(server, tmp_path):
    root, base = server
    payload = json.dumps({"marches": [marche(objet="é" * 5000)]}).encode()
    (root / "big.json").write_bytes(payload)
    target = tmp_path / "dl"
    target.mkdir()
    # A previous run stopped half-way: its partial file is resumed, not restarted.
    import hashlib

    slug = hashlib.sha256(f"{base}/big.json".encode()).hexdigest()[:12]
    (target / f".{slug}.part").write_bytes(payload[:3000])
    path, checksum = download(f"{base}/big.json", target)
    assert path.read_bytes() == payload
    assert checksum == hashlib.sha256(payload).hexdigest()


def test_fetch_reports_unreachable_source(analytics, settings, capsys):
    settings.DECP_SOURCES = ["http://127.0.0.1:9/absent.json"]
    settings.DECP_DOWNLOAD_DIR = analytics.parent / "downloads"
    with pytest.raises(SystemExit):
        call_command("decp_fetch")
    assert "ÉCHEC" in capsys.readouterr().out
