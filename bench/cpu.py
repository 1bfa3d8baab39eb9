"""Where a request's cost goes on the whole machine: the CPU time of every process during a measurement, by role.

Benchmark 1 compares throughputs on two shared cores, so its ratio follows the inverse ratio of what one request
costs the whole machine: the server, and beside it PostgreSQL, the worker ingesting the devices' answers, the
simulated devices, the broker and the load generator. `CpuMeter` reads each process's user + system time from
`/proc/<pid>/stat` when a measurement starts and ends and sums the difference by role: a process belongs to the
role of the nearest ancestor (itself included) named in `roles`; a PostgreSQL backend to `postgresql for
<role>`, the role of the process at the other end of its loopback connection (`/proc/net/tcp` and the
processes' socket descriptors), or `postgresql` (its background processes, or a client of no role); Mosquitto to
`broker`; anything else on the machine to `other`. A process that ended during the measurement is not counted
(none of the measured ones does: the servers' and the worker's database connections are persistent).
Beside them, the kernel's count (`/proc/stat`) of the CPUs' busy time (`machine`, which the roles' total should
match) and of the time the hypervisor gave to other guests (`steal`: the host's noise, when it reports it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
POSTGRES_PORT = 5432
PREFIX = "cpu_"  # of the figures a benchmark records (`CpuMeter.figures`)


@dataclass(frozen=True)
class ProcessTime:
    parent: int
    name: str
    started: int  # clock ticks after boot: with the pid, the process (a pid may be reused; a name may change)
    seconds: float


def _processes() -> Iterator[Path]:
    """`/proc/<pid>` of every process."""
    return (entry for entry in Path("/proc").iterdir() if entry.name.isdigit())


def process_times() -> dict[int, ProcessTime]:
    """Every process's parent, name, start and CPU seconds so far (user + system, all its threads)."""
    times: dict[int, ProcessTime] = {}
    for entry in _processes():
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
    stolen by the hypervisor for other guests."""
    with open("/proc/stat") as handle:
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in handle.readline().split()[1:9])
    return (user + nice + system + irq + softirq) / TICKS_PER_SECOND, steal / TICKS_PER_SECOND


def _socket_owners() -> dict[int, int]:
    """Socket inode -> the pid holding it."""
    owners: dict[int, int] = {}
    for entry in _processes():
        try:
            descriptors = list((entry / "fd").iterdir())
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                target = os.readlink(descriptor)
            except OSError:
                continue
            if target.startswith("socket:["):
                owners[int(target[8:-1])] = int(entry.name)
    return owners


def backend_clients() -> dict[int, int]:
    """PostgreSQL backend pid -> the pid of its client, for the connections over TCP to port 5432."""
    ends: dict[tuple[str, str], int] = {}  # (local, remote) address -> socket inode
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            ends[(parts[1], parts[2])] = int(parts[9])
    owners = _socket_owners()
    clients: dict[int, int] = {}
    for (local, remote), inode in ends.items():
        if int(local.rsplit(":", 1)[1], 16) != POSTGRES_PORT or inode not in owners:
            continue
        peer = ends.get((remote, local))
        if peer is not None and peer in owners:
            clients[owners[inode]] = owners[peer]
    return clients


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
        clients = backend_clients()
        seconds: dict[str, float] = {}
        for pid, now in after.items():
            before = self._before.get(pid)
            spent = now.seconds - (before.seconds if before is not None and before.started == now.started else 0.0)
            role = _role(pid, after, by_pid, clients)
            seconds[role] = seconds.get(role, 0.0) + spent
        seconds["machine"] = busy - self._machine_before[0]
        seconds["steal"] = stolen - self._machine_before[1]
        self.seconds = seconds

    def per_request_ms(self, requests: int) -> dict[str, float]:
        """Milliseconds of CPU per request for each role (every role, zero when idle) and their `total`; then
        the kernel's own count of the CPUs' busy time (`machine`, which `total` should match) and `steal`."""
        roles = [*self.roles, *(f"postgresql for {role}" for role in self.roles), "postgresql", "broker", "other"]
        out = {role: 1000 * self.seconds.get(role, 0.0) / max(requests, 1) for role in roles}
        out["total"] = sum(out.values())
        for kernel in ("machine", "steal"):
            out[kernel] = 1000 * self.seconds.get(kernel, 0.0) / max(requests, 1)
        return out

    def figures(self, requests: int) -> dict[str, float]:
        """`per_request_ms` keyed `cpu_<role>`, to sit beside a measurement's other figures."""
        return {f"{PREFIX}{role}": ms for role, ms in self.per_request_ms(requests).items()}


def cpu_rows(benchmark: str, label: str, measured: Mapping[str, Any],
             baseline: Mapping[str, Any]) -> list[tuple[str, str, Any, Any, Any]]:
    """The table's rows of `measured`'s `cpu_<role>` figures (over repeats), each beside `baseline`'s."""
    return [(benchmark, f"{label}: {key[len(PREFIX):]} (bench.cpu)", figures, baseline.get(key, ""), "")
            for key, figures in measured.items() if key.startswith(PREFIX)]


def _role(pid: int, times: Mapping[int, ProcessTime], by_pid: Mapping[int, str], clients: Mapping[int, int]) -> str:
    name = times[pid].name
    if name == "mosquitto":
        return "broker"
    if name == "postgres":
        client = clients.get(pid)
        role = _role(client, times, by_pid, {}) if client is not None and client in times else ""
        return f"postgresql for {role}" if role in by_pid.values() else "postgresql"
    seen = 0
    while pid in times and seen < 64:  # up the parents: a gunicorn worker counts as its server
        if pid in by_pid:
            return by_pid[pid]
        pid, seen = times[pid].parent, seen + 1
    return "other"
