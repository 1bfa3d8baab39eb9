"""Where a request's cost goes on the whole machine: the CPU time of every process during a measurement, by role.

Benchmark 1 compares throughputs on two shared cores, so its ratio is the inverse ratio of what one request
costs the whole machine: the server, and beside it PostgreSQL, the worker ingesting the devices' answers, the
simulated devices, the broker and the load generator. `CpuMeter` reads each process's user + system time from
`/proc/<pid>/stat` when a measurement starts and ends and sums the difference by role: a process belongs to the
role of the nearest ancestor (itself included) named in `roles`, PostgreSQL's and Mosquitto's processes to
their own roles, anything else on the machine to `other` (the host's noise as seen from inside).
A process that ended during the measurement is not counted (none of the measured ones does).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
BY_NAME = {"postgres": "postgresql", "mosquitto": "broker"}


@dataclass(frozen=True)
class ProcessTime:
    parent: int
    name: str
    seconds: float


def process_times() -> dict[int, ProcessTime]:
    """Every process's parent, name and CPU seconds so far (user + system, all its threads)."""
    times: dict[int, ProcessTime] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()  # from the 3rd field of proc(5): state, ppid, ...
        ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        times[int(entry.name)] = ProcessTime(int(fields[1]), name, ticks / TICKS_PER_SECOND)
    return times


@dataclass
class CpuMeter:
    """`with CpuMeter({"server": pid, ...}) as meter:` then `meter.seconds` by role."""

    roles: Mapping[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    _before: dict[int, ProcessTime] = field(default_factory=dict)

    def __enter__(self) -> CpuMeter:
        self._before = process_times()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        after = process_times()
        by_pid = {pid: role for role, pid in self.roles.items()}
        seconds: dict[str, float] = {}
        for pid, now in after.items():
            before = self._before.get(pid)
            spent = now.seconds - (before.seconds if before is not None and before.name == now.name else 0.0)
            role = _role(pid, after, by_pid)
            seconds[role] = seconds.get(role, 0.0) + spent
        self.seconds = seconds

    def per_request_ms(self, requests: int) -> dict[str, float]:
        """Milliseconds of CPU per request for each role (every role, zero when idle), and their `total`."""
        roles = [*self.roles, *BY_NAME.values(), "other"]
        out = {role: 1000 * self.seconds.get(role, 0.0) / max(requests, 1) for role in roles}
        out["total"] = sum(out.values())
        return out


def _role(pid: int, times: Mapping[int, ProcessTime], by_pid: Mapping[int, str]) -> str:
    named = BY_NAME.get(times[pid].name)
    if named is not None:
        return named
    seen = 0
    while pid in times and seen < 64:  # up the parents: a gunicorn worker counts as its server
        if pid in by_pid:
            return by_pid[pid]
        pid, seen = times[pid].parent, seen + 1
    return "other"
