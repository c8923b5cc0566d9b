"""What the benchmark scripts share: the machine, a server of our own, wrk, percentiles.

Every server a script starts here (gunicorn, redis-server) is its own child process, on a
port of its own, and is stopped by its process id when the script ends.
"""

import contextlib
import datetime as dt
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
BENCH_SETTINGS = "config.settings.bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tracker_volume"


def setup_django(settings=BENCH_SETTINGS):
    """Django set up in this process, on the volume database unless DATABASE_URL says else."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django

    django.setup()


def scratch_database(suffix):
    """Create (migrated, empty) the scratch database `<name>_<suffix>` beside the configured
    one: (its name, a DATABASE_URL for child processes). Drop it with
    `connection.creation.destroy_test_db(name, verbosity=0)`."""
    from django.conf import settings
    from django.db import connection

    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = f"{database['NAME']}_{suffix}"
    scratch = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=False, serialize=False
    )
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    database_url = (
        f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
        f"/{scratch}"
    )
    return scratch, database_url


def machine() -> dict:
    """What the figures were measured on."""
    cpu = "?"
    memory = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    info = {
        "date": dt.date.today().isoformat(),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "arch": platform.machine(),
        "python": platform.python_version(),
        # Others may share the machine: the load when the run started says how quiet it was.
        "load_average": " ".join(f"{value:.2f}" for value in os.getloadavg()),
    }
    with contextlib.suppress(Exception):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    return info


def describe_machine(info: dict) -> str:
    return (
        f"{info['date']}: {info['arch']}, {info['cpus']} CPUs (nproc), {info['cpu']}, "
        f"{info['memory']} memory; Python {info['python']}; "
        f"PostgreSQL {info.get('postgresql', '?')}; load average {info['load_average']}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentile(values, fraction):
    """The value below which `fraction` of `values` fall (nearest rank)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary_ms(seconds):
    """p50, p99 and max of durations given in seconds, in milliseconds."""
    return {
        "n": len(seconds),
        "p50_ms": percentile(seconds, 0.50) * 1000,
        "p99_ms": percentile(seconds, 0.99) * 1000,
        "max_ms": max(seconds) * 1000,
        "mean_ms": statistics.fmean(seconds) * 1000,
    }


def timed(action):
    """(seconds, result) of calling `action`."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def wait_until(check, timeout=30.0, interval=0.1, what="the server"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise RuntimeError(f"{what} did not come up within {timeout:g} s")


# --- Servers of our own -------------------------------------------------------------------------


class RedisServer:
    """A redis-server on a port of its own, in memory only; stoppable and restartable."""

    def __init__(self, port: int):
        self.port = port
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.process = subprocess.Popen(
            [
                binary,
                *("--port", str(self.port), "--bind", "127.0.0.1", "--save", ""),
                *("--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.answers, what=f"redis-server on {self.port}")
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def command(self, *args) -> str:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


class Gunicorn:
    """The site under gunicorn (2 sync workers, DEBUG off), on a loopback port of its own."""

    def __init__(self, database_url: str, redis_url: str = "", workers: int = 2, port=None):
        self.port = port or free_port()
        self.workers = workers
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
        }
        self.process = None
        descriptor, self.log = tempfile.mkstemp(prefix="gunicorn-", suffix=".log")
        os.close(descriptor)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi:application",
                *("--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}"),
                *("--timeout", "60", "--log-level", "warning", "--error-logfile", self.log),
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: self.get("/api/v1/")[0] == 200, timeout=60, what="gunicorn")
        return self

    def get(self, path, timeout=30):
        """(status, body, seconds) of one GET."""
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(self.base + path, timeout=timeout) as response:
                body = response.read()
                return response.status, body, time.perf_counter() - start
        except urllib.error.HTTPError as error:
            return error.code, error.read(), time.perf_counter() - start
        except OSError:
            return 0, b"", time.perf_counter() - start

    def drain(self, path="/api/v1/"):
        """Wait for the requests a load generator left queued: one more GET gets through."""
        self.get(path, timeout=300)

    def errors(self) -> str:
        return Path(self.log).read_text(errors="replace")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
        with contextlib.suppress(OSError):
            os.unlink(self.log)


# --- wrk ----------------------------------------------------------------------------------------


@dataclass
class WrkResult:
    requests: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    non_2xx_3xx: int
    socket_errors: int
    output: str

    @property
    def errors(self):
        return self.non_2xx_3xx + self.socket_errors


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def duration_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    percentiles = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)", output, re.M))
    done = re.search(r"(\d+) requests in ([\d.]+)(\w+),", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if not (done and rate and percentiles):
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    seconds = duration_ms(done.group(2) + done.group(3)) / 1000
    return WrkResult(
        requests=int(done.group(1)),
        seconds=seconds,
        requests_per_second=float(rate.group(1)),
        p50_ms=duration_ms(percentiles["50"]),
        p99_ms=duration_ms(percentiles["99"]),
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(map(int, socket_errors.groups())) if socket_errors else 0,
        output=output,
    )


def wrk(url, seconds, connections, threads=2, script=None, timeout="10s") -> WrkResult:
    """Run wrk against `url` for `seconds`; wrk is Debian's package `wrk`."""
    binary = shutil.which("wrk")
    if binary is None:
        raise RuntimeError("wrk is not installed (Debian: apt-get install wrk)")
    command = [binary, "--latency", f"-t{min(threads, connections)}", f"-c{connections}"]
    command += [f"-d{seconds}s", f"--timeout={timeout}"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed: {result.stderr or result.stdout}")
    return parse_wrk(result.stdout)


def lua_rotation(paths, seed=2025) -> str:
    """A wrk script sending GETs to `paths` in a random (seeded) order, which prints how many
    answers of each error status it got."""
    quoted = ",\n".join(f'  "{path}"' for path in paths)
    return f"""
local paths = {{
{quoted}
}}
local threads = {{}}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed({seed} + id)
  failures = {{}}
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
function response(status, headers, body)
  if status >= 400 then
    failures[status] = (failures[status] or 0) + 1
  end
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("failures") or {{}}) do
      io.write(string.format("STATUS %d: %d answers\\n", status, count))
    end
  end
end
"""
