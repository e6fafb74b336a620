#!/usr/bin/env python3
"""Pushes with the real Python client (prometheus_client: Debian's python3-prometheus-client).

Usage: python_client.py ADDRESS STEP
  STEP push     push_to_gateway (PUT): a gauge and a counter, grouping key with a '/' and an empty value
  STEP pushadd  pushadd_to_gateway (POST): one more gauge in the same group
  STEP delete   delete_from_gateway (DELETE) of the group
Exit 0 when the client reported success; the Java test checks what the gateway then holds.
"""
import sys

from prometheus_client import CollectorRegistry, Counter, Gauge
from prometheus_client.exposition import delete_from_gateway, push_to_gateway, pushadd_to_gateway

GROUPING = {"instance": "db/1", "shard": ""}


def main():
    address, step = sys.argv[1], sys.argv[2]
    registry = CollectorRegistry()
    if step == "push":
        g = Gauge("job_last_success_unixtime", "Last time the batch job succeeded.", registry=registry)
        g.set(1234)
        c = Counter("rows", "Rows processed.", ["table"], registry=registry)
        c.labels("a b").inc(3)
        push_to_gateway(address, job="batch", registry=registry, grouping_key=GROUPING)
    elif step == "pushadd":
        g = Gauge("extra", "Added later.", registry=registry)
        g.set(5)
        pushadd_to_gateway(address, job="batch", registry=registry, grouping_key=GROUPING)
    elif step == "delete":
        delete_from_gateway(address, job="batch", grouping_key=GROUPING)
    else:
        raise SystemExit("unknown step " + step)


if __name__ == "__main__":
    main()
