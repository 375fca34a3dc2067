"""Visitors of apure for locust: a mix of observatory pages, API calls and network pages.

Run through `bench/load_bench.py` (which starts gunicorn and reads the buyers of the store), or
by hand against a running site:

    LOAD_BUYERS=21590001200011,21620041600013 .venv/bin/locust -f bench/locustfile.py \
        --headless -u 50 -r 10 -t 60s --max-requests 20000 --host http://127.0.0.1:8000

The run stops by itself at `--run-time` or after `--max-requests` requests, whichever comes
first. The weights follow what an observatory visitor mostly does: look at the overview (often
narrowed to a région), open a buyer, browse the contract list, read an indicator; scripts call
the API; members read the news and the calendar.
"""

import json
import os
import random

import gevent
from locust import HttpUser, between, events, task

# Indicators read most often (their codes are the ones of apure.observatory.indicators).
INDICATORS = ["part_sociale", "part_environnementale", "ecart_pnad", "estimation_spaser"]
REGIONS = ["32", "11", "84", "53"]
# Without buyers from the store (LOAD_BUYERS), the buyer pages answer 404 and count as errors:
# a run without them measures nothing useful.
BUYERS = [siret for siret in os.environ.get("LOAD_BUYERS", "").split(",") if siret]


@events.init_command_line_parser.add_listener
def add_arguments(parser):
    parser.add_argument(
        "--max-requests",
        type=int,
        default=0,
        help="stop the run after this many requests (0: only --run-time bounds it)",
    )
    parser.add_argument(
        "--summary-file", default="", help="write the final figures of the run there (JSON)"
    )


@events.request.add_listener
def stop_after_max_requests(context, **kwargs):
    environment = stop_after_max_requests.environment
    limit = environment.parsed_options.max_requests
    if limit and environment.runner.stats.total.num_requests == limit:
        # In its own greenlet: quitting kills every user, including the one running this hook.
        gevent.spawn(environment.runner.quit)


@events.init.add_listener
def remember_environment(environment, **kwargs):
    # The request event does not carry the environment; the init event does, once.
    stop_after_max_requests.environment = environment


@events.quit.add_listener
def write_summary(**kwargs):
    # Written once every user has stopped (the CSV files of locust lag by up to a second).
    environment = stop_after_max_requests.environment
    path = environment.parsed_options.summary_file
    if not path:
        return
    total = environment.runner.stats.total
    summary = {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": total.total_rps,
        "p50": total.get_response_time_percentile(0.50),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "max": total.max_response_time,
    }
    with open(path, "w") as handle:
        json.dump(summary, handle)


class Visitor(HttpUser):
    # Think time between two pages; load_bench.py reports it next to the figures.
    wait_time = between(
        float(os.environ.get("LOAD_WAIT_MIN", "0.2")), float(os.environ.get("LOAD_WAIT_MAX", "0.8"))
    )

    def buyer(self):
        return random.choice(BUYERS) if BUYERS else "00000000000000"

    # Observatory pages.
    @task(2)
    def site_home(self):
        self.client.get("/", name="/")

    @task(4)
    def observatory(self):
        self.client.get("/observatoire/", name="/observatoire/")

    @task(3)
    def observatory_region(self):
        self.client.get(
            f"/observatoire/?region={random.choice(REGIONS)}", name="/observatoire/?region="
        )

    @task(1)
    def region_page(self):
        self.client.get(
            "/observatoire/territoires/region/32/", name="/observatoire/territoires/region/32/"
        )

    @task(3)
    def buyer_page(self):
        self.client.get(
            f"/observatoire/acheteurs/{self.buyer()}/", name="/observatoire/acheteurs/[siret]/"
        )

    @task(3)
    def contract_list(self):
        page = random.randint(1, 20)
        self.client.get(f"/observatoire/marches/?page={page}", name="/observatoire/marches/?page=")

    @task(2)
    def indicator_page(self):
        code = random.choice(INDICATORS)
        self.client.get(
            f"/observatoire/indicateurs/{code}/", name="/observatoire/indicateurs/[code]/"
        )

    # API.
    @task(1)
    def api_indicators(self):
        self.client.get("/api/indicateurs/", name="/api/indicateurs/")

    @task(1)
    def api_indicator(self):
        code = random.choice(INDICATORS)
        self.client.get(
            f"/api/indicateurs/{code}/?region=32", name="/api/indicateurs/[code]/?region=32"
        )

    @task(1)
    def api_contracts(self):
        self.client.get(f"/api/marches/?page={random.randint(1, 20)}", name="/api/marches/?page=")

    @task(1)
    def api_buyer(self):
        self.client.get(f"/api/acheteurs/{self.buyer()}/", name="/api/acheteurs/[siret]/")

    # Network.
    @task(2)
    def network_home(self):
        self.client.get("/reseau/", name="/reseau/")

    @task(1)
    def news(self):
        self.client.get("/reseau/actualites/", name="/reseau/actualites/")

    @task(1)
    def events_list(self):
        self.client.get("/reseau/evenements/", name="/reseau/evenements/")
