"""Gunicorn settings for apure (docs/PRODUCTION.md explains each choice).

Sized for 2 cores: pages mostly wait on the databases (DuckDB queries release the GIL), so a
few processes with a few threads each serve more than many single-threaded processes, and
keep the memory of DuckDB's per-process read-only connection to a few copies."""

import os

wsgi_app = "config.wsgi:application"
# nginx forwards to this address only (the site is never exposed without the proxy).
bind = os.environ.get("APURE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("APURE_WORKERS", "3"))
worker_class = "gthread"
threads = int(os.environ.get("APURE_THREADS", "4"))
# The heaviest pages (exports of the observatory) take seconds, never a minute.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle each process now and then: bounds the memory a long-lived process accumulates.
# Not too often: a new process boots Django and starts with cold caches, and at 1000 requests
# each process restarted every half-minute under load (bench/RESULTS.md, « Charge »).
max_requests = 10000
max_requests_jitter = 1000
# X-Forwarded-Proto is believed from nginx on this machine only.
forwarded_allow_ips = "127.0.0.1,::1"
# Logs on stdout/stderr: systemd hands them to journald.
accesslog = "-"
errorlog = "-"
