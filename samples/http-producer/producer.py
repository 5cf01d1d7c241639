#!/usr/bin/env python3
"""Enqueue a Stem task over the HTTP API, wait for its result and print it.

Standard library only. Usage:

    STEM_URL=http://localhost:8080 STEM_TOKEN=<token> python3 producer.py invoice.total '{"net": 100, "tax": 19}'

Prints the final task record as JSON and exits 0 on SUCCESS, 1 on any other final state,
2 when the API refused the request (its problem detail is printed on stderr).
"""
import json
import os
import sys
import time
import urllib.error
import urllib.request

BASE = os.environ.get("STEM_URL", "http://localhost:8080").rstrip("/") + "/stem/api"
TOKEN = os.environ.get("STEM_TOKEN", "")
TERMINAL = {"SUCCESS", "FAILURE", "REVOKED", "EXPIRED"}


def call(method, path, body=None):
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + TOKEN)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def enqueue(task, args, queue=None):
    body = {"task": task, "args": args}
    if queue:
        body["queue"] = queue
    return call("POST", "/tasks", body)["id"]


def wait_for(task_id, timeout_s=60):
    deadline = time.monotonic() + timeout_s
    while True:
        status = call("GET", f"/tasks/{task_id}?waitMs=10000")
        if status["state"] in TERMINAL or time.monotonic() > deadline:
            return status


def main():
    task = sys.argv[1] if len(sys.argv) > 1 else "invoice.total"
    args = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    try:
        task_id = enqueue(task, args)
        print(f"enqueued {task} as {task_id}", file=sys.stderr)
        status = wait_for(task_id)
    except urllib.error.HTTPError as error:
        print(f"refused: HTTP {error.code}: {error.read().decode('utf-8')}", file=sys.stderr)
        return 2
    print(json.dumps(status, indent=2))
    return 0 if status["state"] == "SUCCESS" else 1


if __name__ == "__main__":
    sys.exit(main())
