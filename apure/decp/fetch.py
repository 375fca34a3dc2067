"""Download the national DECP files (settings.DECP_SOURCES) and import them.

Downloads stream to disk with the standard library; an interrupted download resumes with an
HTTP Range request; a file whose checksum did not change is not imported again (the import
ledger knows its sha256).
"""

import hashlib
import re
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class FetchError(Exception):
    pass


def _name_for(url: str, response) -> str:
    disposition = response.headers.get("Content-Disposition") or ""
    match = re.search(r'filename="?([^";]+)"?', disposition)
    name = match.group(1) if match else url.rstrip("/").rsplit("/", 1)[-1]
    return _UNSAFE.sub("_", name) or "decp.json"


def download(url: str, directory: Path, timeout: float = 60) -> tuple[Path, str]:
    """Download url into directory (resuming a partial file); returns (path, sha256)."""
    directory.mkdir(parents=True, exist_ok=True)
    slug = hashlib.sha256(url.encode()).hexdigest()[:12]
    partial = directory / f".{slug}.part"
    offset = partial.stat().st_size if partial.exists() else 0
    request = urllib.request.Request(url, headers={"User-Agent": "apure-decp-fetch"})  # noqa: S310
    if offset:
        request.add_header("Range", f"bytes={offset}-")
    try:
        response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310
    except urllib.error.HTTPError as error:
        if error.code == 416 and offset:  # the partial file is already complete
            response = None
        else:
            raise FetchError(f"{url}\u00a0: erreur HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise FetchError(f"{url}\u00a0: téléchargement impossible ({error})") from error
    name = None
    if response is not None:
        with response:
            name = _name_for(url, response)
            resumed = response.status == 206
            mode = "ab" if resumed else "wb"
            with open(partial, mode) as handle:
                try:
                    while chunk := response.read(CHUNK):
                        handle.write(chunk)
                except (OSError, TimeoutError) as error:
                    raise FetchError(
                        f"{url}\u00a0: téléchargement interrompu, "
                        "il reprendra au prochain lancement"
                    ) from error
    digest = hashlib.sha256()
    with open(partial, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    final = directory / f"{slug}-{name or 'decp.json'}"
    partial.replace(final)
    return final, digest.hexdigest()


def fetch_all(urls=None, directory: Path | None = None) -> tuple[list[dict], list[Path]]:
    """Download every source; returns (per-source reports, downloaded paths)."""
    urls = list(urls if urls is not None else settings.DECP_SOURCES)
    directory = Path(directory or settings.DECP_DOWNLOAD_DIR)
    reports, paths = [], []
    for url in urls:
        try:
            path, checksum = download(url, directory)
        except FetchError as error:
            reports.append({"url": url, "status": "error", "error": str(error)})
            continue
        reports.append({"url": url, "status": "ok", "path": str(path), "sha256": checksum})
        paths.append(path)
    return reports, paths
