"""The network's home page (/reseau/) and the site's home (/) on the demo: queries per page,
then wall and process CPU time of N requests through Django's test client (issue 14, item 6).

    APURE_DATA_DIR=/tmp/<name>-data .venv/bin/apure demo
    APURE_DATA_DIR=/tmp/<name>-data .venv/bin/python bench/network_home_bench.py [--before] [-n 200]

`--before` serves /reseau/ with the querysets it had before the fix (no themes prefetched for
events and resources, no author body fetched with resources), for comparison.
"""

import argparse
import os
import resource
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from apure.network import front  # noqa: E402
from apure.network.models import Event, Resource  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", action="store_true")
    parser.add_argument("-n", type=int, default=200)
    args = parser.parse_args()
    paths = ["/reseau/"]
    if args.before:
        front.upcoming_events = lambda n: Event.objects.upcoming()[:n]
        front.latest_resources = lambda n: Resource.objects.published()[:n]
    else:
        paths.append("/")
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    for path in paths:
        client.get(path)
        queries = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(path)
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.n):
            assert client.get(path).status_code == 200
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"{path}: {len(queries)} queries; {args.n} requests: wall {wall:.2f} s "
            f"({1000 * wall / args.n:.1f} ms/req), "
            f"CPU {cpu:.2f} s ({1000 * cpu / args.n:.1f} ms/req)"
        )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
