"""HTTP load with wrk (Debian's package; `make bench` installs it), so figures compare with
other sites measured the usual way. One Lua script serves every use: a list of paths taken in
turn, optional headers (a session cookie), and a word that must never be in a response body."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

LUA = r"""
local paths = {PATHS}
local headers = {HEADERS}
local forbidden = {FORBIDDEN}
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  leaks = 0
  counter = id
end

function request()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  return wrk.format("GET", path, headers)
end

function response(status, hdrs, body)
  if forbidden ~= "" and body and string.find(body, forbidden, 1, true) then leaks = leaks + 1 end
end

function done(summary, latency, requests)
  local leaked = 0
  for _, thread in ipairs(threads) do
    leaked = leaked + thread:get("leaks")
  end
  -- errors: sockets that failed, and answers of 400 or more
  io.write(string.format(
    "WRK-JSON {\"requests\": %d, \"seconds\": %f, \"errors\": %d, \"leaks\": %d, \"p50\": %f, \"p99\": %f, \"max\": %f}\n",
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    leaked, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def available():
    return shutil.which("wrk") is not None


def _lua_list(values):
    return "{" + ", ".join(json.dumps(v) for v in values) + "}"


def run(port, paths, seconds=10, connections=16, threads=2, headers=None, forbidden=""):
    """wrk against 127.0.0.1:port; returns req/s, latency percentiles and maximum (ms), errors
    (socket errors and 4xx/5xx answers) and how many bodies held the forbidden word."""
    if not available():
        raise RuntimeError("wrk is not installed: run `make bench`, which installs it")
    header_table = (
        "{"
        + ", ".join(f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in (headers or {}).items())
        + "}"
    )
    script = (
        LUA.replace("{PATHS}", _lua_list(paths))
        .replace("{HEADERS}", header_table)
        .replace("{FORBIDDEN}", json.dumps(forbidden))
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        result = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-s",
                handle.name,
                f"http://127.0.0.1:{port}{paths[0]}",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)
    line = next(x for x in result.stdout.splitlines() if x.startswith("WRK-JSON "))
    figures = json.loads(line[len("WRK-JSON ") :])
    figures["rps"] = figures["requests"] / figures["seconds"] if figures["seconds"] else 0.0
    return figures
