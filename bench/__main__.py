"""The benchmark runner: `python -m bench [--smoke] [--only 2,4,5]` (see docs/benchmarks.md).

One fresh PostgreSQL database (`borne_bench`), migrated; data generated in SQL; gunicorn with the
production settings on 127.0.0.1; every benchmark module measures its figure and its baseline; results
as JSON under bench/results/ and a table on stdout.

A benchmark is a module `bench.bN_<name>` with `run(server, sizes, ...) -> dict` and `rows(result)`;
`BENCHMARKS` below lists them. Order of the run: 4, 5 (read-only), 8 (adds finished sessions), then 1, 3
and 6 (their own cabinets), 7 (the front end, on a server of its own), then 2 (adds reservations).
"""

from __future__ import annotations

import argparse
import dataclasses
import signal
import sys
import time
from typing import Any

from bench import (
    b1_kiosk,
    b2_booking,
    b3_telemetry,
    b4_availability,
    b5_supervision,
    b6_ocpp,
    b7_frontend,
    b8_console,
    datagen,
)
from bench.common import (
    FULL,
    RESULTS,
    SMOKE,
    access_tokens,
    bench_env,
    create_database,
    django_setup,
    own_broker,
    print_table,
    running_server,
    vacuum_analyze,
    write_results,
)

BENCHMARKS = {
    "1": "kiosk authentication",
    "2": "booking under contention",
    "3": "telemetry ingestion",
    "4": "availability at scale",
    "5": "supervision",
    "6": "OCPP gateway",
    "7": "web front end",
    "8": "console",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks that everything runs")
    parser.add_argument("--only", default="1,2,3,4,5,6,7,8", help="comma-separated benchmark numbers")
    parser.add_argument("--ocpp-full", action="store_true",
                        help="benchmark 6 at its full size (1,000 chargers) whatever the data size")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop gunicorn on the way out
    sizes = SMOKE if args.smoke else FULL
    if args.ocpp_full:
        sizes = dataclasses.replace(sizes, **{f.name: getattr(FULL, f.name) for f in dataclasses.fields(FULL)
                                              if f.name.startswith("ocpp_")})
    only = set(args.only.split(","))
    started = time.monotonic()
    RESULTS.mkdir(parents=True, exist_ok=True)
    with own_broker() as mqtt_url:
        return run(args, sizes, only, started, bench_env(sizes, mqtt_url))


def run(args: argparse.Namespace, sizes: Any, only: set[str], started: float, env: dict[str, str]) -> int:
    print(f"broker: {env['MQTT_URL']}", flush=True)
    print(f"bench ({sizes.name}): fresh database, migrate", flush=True)
    create_database(env)
    django_setup(env)
    results: dict[str, Any] = {"data_seconds": {}}
    results["data_seconds"].update(datagen.network(sizes))
    results["data_seconds"].update(datagen.devices(sizes))
    staff_token = access_tokens(datagen.users(1, prefix="staff", staff=True))[0]
    user_token = access_tokens(datagen.users(1, prefix="viewer"))[0]
    vacuum_analyze()
    table: list[tuple[str, str, Any, Any, Any]] = []
    with running_server(env) as server:
        print(f"server: gunicorn {server.workers} workers x {server.threads} threads on {server.url}", flush=True)
        if "4" in only:
            print("benchmark 4: availability at scale", flush=True)
            results["4_availability"] = b4_availability.run(server, sizes, user_token)
            table += b4_availability.rows(results["4_availability"])
        if "5" in only:
            print("benchmark 5: supervision", flush=True)
            results["5_supervision"] = b5_supervision.run(server, sizes, staff_token)
            table += b5_supervision.rows(results["5_supervision"])
        if "8" in only:  # after 4 and 5: it adds finished sessions (and one long session's telemetry)
            print("benchmark 8: console", flush=True)
            results["8_console"] = b8_console.run(server, sizes, staff_token)
            table += b8_console.rows(results["8_console"])
        if "1" in only:
            print("benchmark 1: kiosk authentication", flush=True)
            results["1_kiosk"] = b1_kiosk.run(server, sizes, env)
            table += b1_kiosk.rows(results["1_kiosk"])
        if "3" in only:
            print("benchmark 3: telemetry ingestion", flush=True)
            results["3_telemetry"] = b3_telemetry.run(sizes, env)
            table += b3_telemetry.rows(results["3_telemetry"])
        if "6" in only:
            print("benchmark 6: OCPP gateway", flush=True)
            results["6_ocpp"] = b6_ocpp.run(sizes, env)
            table += b6_ocpp.rows(results["6_ocpp"])
        if "7" in only:
            print("benchmark 7: web front end", flush=True)
            results["7_frontend"] = b7_frontend.run(env)
            table += b7_frontend.rows(results["7_frontend"])
        if "2" in only:  # last: it adds reservations
            print("benchmark 2: booking under contention", flush=True)
            results["2_booking"] = b2_booking.run(server, sizes, env)
            table += b2_booking.rows(results["2_booking"])
    path = write_results(sizes, results)
    print()
    print_table(table)
    for key in ("4_availability", "5_supervision", "8_console") if not args.smoke else ():
        items = results.get(key, {})
        for name, item in (items.get("latency", {}) if key == "8_console" else items).items():
            print(f"\n{name}: index use\n  " + "\n  ".join(b4_availability.index_use(item["plans"])))
    print(f"\nresults: {path} ({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
