"""The load benchmark: ``make bench`` (see the README's *Benchmark*).

It prepares a database filled by :mod:`bench.generate` (PostgreSQL when ``BENCH_DATABASE_URL``
is set, otherwise a SQLite file in ``bench/results/``), starts the platform under gunicorn with
production settings, and drives each key page with wrk: first as fast as it goes (the page's
capacity), then at half that rate (the latency people notice on a busy day). It prints a table
and writes it with a description of the machine to ``bench/results/<time>-<database>.json``.

    .venv/bin/python -m bench.run [--scale 0.02] [--duration 8] [--connections 8]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

# wrk reports through this script: one JSON line after the run, with the percentiles wrk
# measured itself; ``delay`` paces each connection for the run at half capacity; the write mix
# posts supports, withdrawals and comments in turn.
LUA = r"""
local pause = 0
local mode = "get"
local projects = {}
local counter = 0
local cookie, token = "", ""

init = function(args)
  pause = tonumber(args[1] or "0")
  mode = args[2] or "get"
  if mode == "write" then
    cookie, token = args[3], args[4]
    for id in string.gmatch(args[5], "%d+") do table.insert(projects, id) end
  end
end

delay = function()
  return pause
end

request = function()
  if mode ~= "write" then
    return wrk.format("GET")
  end
  counter = counter + 1
  local id = projects[(counter % #projects) + 1]
  local headers = {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }
  local step = counter % 3
  if step == 0 then
    return wrk.format("POST", "/projects/" .. id .. "/support", headers, "csrf_token=" .. token)
  elseif step == 1 then
    return wrk.format("POST", "/projects/" .. id .. "/support/withdraw", headers,
                      "csrf_token=" .. token)
  end
  return wrk.format("POST", "/projects/" .. id .. "/comments", headers,
                    "csrf_token=" .. token .. "&body=Gemessen+mit+wrk+" .. counter)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
"""


@dataclass
class Target:
    name: str
    path: str
    write: bool = False


@dataclass
class Measure:
    name: str
    path: str
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    requests: int
    queries: int | None
    half_load_rps: float = 0.0
    half_load_p95_ms: float = 0.0
    half_load_p99_ms: float = 0.0
    ratio_to_baseline: float = 0.0


@dataclass
class Run:
    started_at: str
    database: str
    scale: float
    sizes: dict[str, int]
    machine: dict[str, Any]
    settings: dict[str, Any]
    pages: list[Measure] = field(default_factory=list)
    worker_rss_mb: list[float] = field(default_factory=list)
    total_requests: int = 0


# --- the machine -------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        first = Path("/proc/meminfo").read_text().splitlines()[0]
        memory = f"{int(first.split()[1]) // 1024} MiB"
    except (OSError, IndexError, ValueError):
        pass
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "system": platform.platform(),
        "python": platform.python_version(),
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "",
        "commit": commit.stdout.strip(),
    }


# --- the database ------------------------------------------------------------------------------


def prepare_database(url: str, scale: float, seed: int) -> dict[str, Any]:
    """Fill the database unless it holds a generated city already; return what the benchmark
    needs to know about it (sizes, the project with most comments, a citizen's account)."""
    from bench import generate

    sizes = generate.Sizes().scaled(scale)
    summary = generate.existing_summary(url)
    if summary is None:
        print(f"Generating a city at scale {scale} into {redact(url)} …", flush=True)
        summary = generate.generate(url, sizes, seed=seed)
    else:
        print(f"Using the city already in {redact(url)}.", flush=True)
    return {
        "sizes": summary.counts,
        "hot_project_id": summary.hot_project_id,
        "citizen_email": summary.citizen_email,
        "password": summary.password,
        "project_ids": summary.sample_project_ids,
    }


def redact(url: str) -> str:
    return re.sub(r"//[^@/]*@", "//…@", url)


# --- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, workers: int, instance: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "CIVIC_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": url,
        "CIVIC_INSTANCE_DIR": str(instance),
        "UPLOAD_DIR": str(instance / "uploads"),
        "MAIL_BACKEND": "file",
        "MAIL_DIR": str(instance / "mail"),
        "BASE_URL": base,
        "SESSION_COOKIE_SECURE": "false",
        "HSTS": "false",
        # Every request comes from this one address: limits per address would measure
        # themselves. The limits' own cost is tested elsewhere.
        "RATELIMIT_ENABLED": "false",
        "QUERY_COUNT_HEADER": "true",
        "BENCH_BASELINE_ROUTE": "true",
    }
    log = open(instance / "gunicorn.log", "wb")  # noqa: SIM115 - the server owns it
    # The statistics are counted ahead, as the cron job of a production setup does.
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "civic", "refresh-cache"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        check=True,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "2048",
            "--access-logfile",
            "-",
            "--access-logformat",
            "",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start:\n" + (instance / "gunicorn.log").read_text())


def worker_rss_mb(server: subprocess.Popen[bytes]) -> list[float]:
    children = subprocess.run(
        ["pgrep", "-P", str(server.pid)],
        capture_output=True,
        text=True,
    ).stdout.split()
    sizes = []
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        if found:
            sizes.append(round(int(found.group(1)) / 1024, 1))
    return sizes


# --- finding the pages -------------------------------------------------------------------------


def fetch(base: str, path: str, opener: Any = None) -> tuple[str, int | None]:
    opener = opener or urllib.request.build_opener()
    with opener.open(base + path, timeout=60) as response:
        count = response.headers.get("X-Query-Count")
        return response.read().decode(), int(count) if count is not None else None


def deep_page(base: str, pages: int) -> str:
    """The project list after following "next" ``pages`` times."""
    path = "/projects"
    for _ in range(pages):
        html, _ = fetch(base, path)
        found = re.search(r'<a href="([^"]+)" rel="next">', html)
        if not found:
            break
        path = found.group(1).replace("&amp;", "&")
    return path


def filtered_list(base: str) -> str:
    html, _ = fetch(base, "/projects")
    district = re.findall(r'<option value="([a-z0-9-]+)"', html.split('id="f-district"', 1)[1])
    topic = re.findall(r'<option value="([a-z0-9-]+)"', html.split('id="f-topic"', 1)[1])
    query = {"phase": "development", "district": district[1], "topic": topic[1], "needs": "1"}
    return "/projects?" + urllib.parse.urlencode(query)


def sign_in(base: str, email: str, password: str) -> tuple[str, str]:
    """A signed-in session of a citizen: its cookie and a CSRF token for the write mix."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html, _ = fetch(base, "/login", opener)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    if token is None:
        token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert token, "no CSRF token on the sign-in page"
    data = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "email": email, "password": password}
    ).encode()
    opener.open(base + "/login", data=data, timeout=30).read()
    html, _ = fetch(base, "/", opener)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    assert "civic_session" in cookie and token, "signing in for the write mix failed"
    return cookie, token.group(1)


# --- wrk ---------------------------------------------------------------------------------------


def wrk(
    base: str,
    target: Target,
    seconds: int,
    connections: int,
    threads: int,
    pause_ms: int = 0,
    write_args: list[str] | None = None,
    script: Path | None = None,
) -> dict[str, Any]:
    args = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        base + target.path,
        "--",
        str(pause_ms),
        "write" if target.write else "get",
        *(write_args or []),
    ]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("WRK "))
    return json.loads(line[4:])


def measure(
    base: str,
    target: Target,
    queries: int | None,
    options: argparse.Namespace,
    script: Path,
    write_args: list[str] | None,
) -> Measure:
    common = {"script": script, "write_args": write_args, "threads": options.threads}
    wrk(base, target, 2, options.connections, **common)  # warm up
    full = wrk(base, target, options.duration, options.connections, **common)
    seconds = full["duration_us"] / 1e6
    rps = full["requests"] / seconds if seconds else 0.0
    # Half the capacity: fewer connections, each pausing so that together they ask for half.
    connections = max(2, options.connections // 2)
    target_rps = max(rps / 2, 1.0)
    pause = max(0, int(connections * 1000 / target_rps - full["mean_us"] / 1000))
    half = wrk(base, target, options.duration, connections, pause_ms=pause, **common)
    half_seconds = half["duration_us"] / 1e6
    return Measure(
        name=target.name,
        path=target.path,
        rps=round(rps, 1),
        p50_ms=round(full["p50_us"] / 1000, 1),
        p95_ms=round(full["p95_us"] / 1000, 1),
        p99_ms=round(full["p99_us"] / 1000, 1),
        errors=full["errors"] + half["errors"],
        requests=full["requests"] + half["requests"],
        queries=queries,
        half_load_rps=round(half["requests"] / half_seconds, 1) if half_seconds else 0.0,
        half_load_p95_ms=round(half["p95_us"] / 1000, 1),
        half_load_p99_ms=round(half["p99_us"] / 1000, 1),
    )


# --- the table ---------------------------------------------------------------------------------


def table(run: Run) -> str:
    head = (
        f"{'page':<24} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} "
        f"{'queries':>7} {'÷ base':>7} {'½ load req/s':>13} {'½ p95 ms':>9}"
    )
    lines = [head, "-" * len(head)]
    for m in run.pages:
        lines.append(
            f"{m.name:<24} {m.rps:>8.1f} {m.p50_ms:>8.1f} {m.p95_ms:>8.1f} {m.p99_ms:>8.1f} "
            f"{m.errors:>7} {('-' if m.queries is None else m.queries):>7} "
            f"{m.ratio_to_baseline:>7.2f} {m.half_load_rps:>13.1f} {m.half_load_p95_ms:>9.1f}"
        )
    lines.append("")
    lines.append(
        f"{run.total_requests} requests; gunicorn workers afterwards: "
        + ", ".join(f"{size} MB" for size in run.worker_rss_mb)
        + " resident"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", 0.02)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_SECONDS", 8)))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    parser.add_argument("--deep", type=int, default=25, help="how many pages deep to go")
    options = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")

    RESULTS.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("BENCH_DATABASE_URL") or (
        f"sqlite:///{RESULTS / f'city-{options.scale:g}-{options.seed}.sqlite'}"
    )
    database = "postgresql" if url.startswith("postgres") else "sqlite"
    city = prepare_database(url, options.scale, options.seed)
    run = Run(
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        database=database,
        scale=options.scale,
        sizes=city["sizes"],
        machine=machine(),
        settings={
            "workers": options.workers,
            "connections": options.connections,
            "threads": options.threads,
            "seconds": options.duration,
        },
    )
    instance = Path(tempfile.mkdtemp(prefix="civic-bench-"))
    server, base = start_server(url, options.workers, instance)
    try:
        targets = [
            Target("baseline", "/_bench/baseline"),
            Target("home", "/"),
            Target("projects", "/projects"),
            Target(f"projects, page {options.deep + 1}", deep_page(base, options.deep)),
            Target("projects, filtered", filtered_list(base)),
            Target("search", "/projects?q=Radweg+Garten"),
            Target("project, most comments", f"/projects/{city['hot_project_id']}"),
            Target("fund", "/fund"),
            Target("api projects", "/api/v1/projects"),
            Target("write mix", "/", write=True),
        ]
        cookie, token = sign_in(base, city["citizen_email"], city["password"])
        write_args = [cookie, token, ",".join(str(i) for i in city["project_ids"])]
        script = instance / "bench.lua"
        script.write_text(LUA)
        for target in targets:
            queries = None if target.write else fetch(base, target.path)[1]
            print(f"  {target.name} …", flush=True)
            run.pages.append(
                measure(
                    base, target, queries, options, script, write_args if target.write else None
                )
            )
        baseline = run.pages[0].rps or 1.0
        for m in run.pages:
            m.ratio_to_baseline = round(m.rps / baseline, 2)
        run.total_requests = sum(m.requests for m in run.pages)
        run.worker_rss_mb = worker_rss_mb(server)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print()
    print(table(run))
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"{stamp}-{database}.json"
    path.write_text(json.dumps(asdict(run), indent=2, ensure_ascii=False) + "\n")
    print(f"\nResults written to {path.relative_to(ROOT)}")
    shutil.rmtree(instance, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
