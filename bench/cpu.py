"""Where a request's cost goes on the whole machine: the CPU time of every process during a measurement, by role.

Benchmark 1 compares throughputs on two shared cores, so its ratio is the inverse ratio of what one request
costs the whole machine: the server, and beside it PostgreSQL, the worker ingesting the devices' answers, the
simulated devices, the broker and the load generator. `CpuMeter` reads each process's user + system time from
`/proc/<pid>/stat` when a measurement starts and ends and sums the difference by role: a process belongs to the
role of the nearest ancestor (itself included) named in `roles`, PostgreSQL's and Mosquitto's processes to
their own roles, anything else on the machine to `other`. A process that ended during the measurement is not
counted (none of the measured ones does). Beside them, the kernel's count (`/proc/stat`) of the CPUs' busy time
(`machine`, which the roles' total should match) and of the time the hypervisor gave to other guests (`steal`,
the host's noise: the cores this machine was promised but did not get).
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
    started: int  # clock ticks after boot: with the pid, the process (a pid may be reused; a name may change)
    seconds: float


def process_times() -> dict[int, ProcessTime]:
    """Every process's parent, name, start and CPU seconds so far (user + system, all its threads)."""
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
        ticks = int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15); starttime is field 22
        times[int(entry.name)] = ProcessTime(int(fields[1]), name, int(fields[19]), ticks / TICKS_PER_SECOND)
    return times


def machine_times() -> tuple[float, float]:
    """The kernel's count since boot, all CPUs: seconds busy (user, nice, system, irq, softirq) and seconds
    stolen by the hypervisor for other guests (`steal`: the host's noise)."""
    with open("/proc/stat") as handle:
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in handle.readline().split()[1:9])
    return (user + nice + system + irq + softirq) / TICKS_PER_SECOND, steal / TICKS_PER_SECOND


@dataclass
class CpuMeter:
    """`with CpuMeter({"server": pid, ...}) as meter:` then `meter.seconds` by role."""

    roles: Mapping[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    _before: dict[int, ProcessTime] = field(default_factory=dict)

    _machine_before: tuple[float, float] = (0.0, 0.0)

    def __enter__(self) -> CpuMeter:
        self._before = process_times()
        self._machine_before = machine_times()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        after = process_times()
        busy, stolen = machine_times()
        by_pid = {pid: role for role, pid in self.roles.items()}
        seconds: dict[str, float] = {}
        for pid, now in after.items():
            before = self._before.get(pid)
            spent = now.seconds - (before.seconds if before is not None and before.started == now.started else 0.0)
            role = _role(pid, after, by_pid)
            seconds[role] = seconds.get(role, 0.0) + spent
        seconds["machine"] = busy - self._machine_before[0]
        seconds["steal"] = stolen - self._machine_before[1]
        self.seconds = seconds

    def per_request_ms(self, requests: int) -> dict[str, float]:
        """Milliseconds of CPU per request for each role (every role, zero when idle) and their `total`; then
        the kernel's own count of the CPUs' busy time (`machine`, which `total` should match) and `steal`."""
        roles = [*self.roles, *BY_NAME.values(), "other"]
        out = {role: 1000 * self.seconds.get(role, 0.0) / max(requests, 1) for role in roles}
        out["total"] = sum(out.values())
        for kernel in ("machine", "steal"):
            out[kernel] = 1000 * self.seconds.get(kernel, 0.0) / max(requests, 1)
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
