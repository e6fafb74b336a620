#!/usr/bin/env python3
"""Writes the worlds the fake OpenStack serves (testdata/openstack/payloads/*.json).

Values are invented: documentation address ranges, made-up ids. Shapes follow Nova's and
Keystone's API references and the mocks of Prometheus's discovery/openstack/mock_test.go.
Standard library only. Usage: python3 testdata/openstack/gen/make_payloads.py
"""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "payloads"
PROJECT = "fcad67a6189847c4aecfa3c81a05783b"
CPU = ('{"vendor": "Intel", "model": "IvyBridge", "arch": "x86_64", "features": ["pge"],'
       ' "topology": {"cores": 6, "cells": 2, "threads": 2, "sockets": 1}}')


def endpoint(iface, region, url, eid):
    return {"id": eid, "interface": iface, "region": region, "region_id": region, "url": url}


def catalog(compute_endpoints):
    return [
        {"type": "identity", "name": "keystone", "id": "id-keystone",
         "endpoints": [endpoint("public", "RegionOne", "http://127.0.0.1:PORT/identity/v3/", "e-k1")]},
        {"type": "compute", "name": "nova", "id": "id-nova", "endpoints": compute_endpoints},
    ]


STD_CATALOG = catalog([
    endpoint("public", "RegionOne", "http://127.0.0.1:PORT/compute/v2.1", "e-c1"),
    endpoint("internal", "RegionOne", "http://127.0.0.1:PORT/compute/v2.1", "e-c2"),
    endpoint("admin", "RegionOne", "http://127.0.0.1:PORT/compute/v2.1", "e-c3"),
])


def server(sid, name, addresses, *, status="ACTIVE", tenant=PROJECT, user="9349aff8be7545ac9d2f1d00999a23cd",
           flavor=None, metadata=None, extra=None):
    s = {
        "id": sid, "name": name, "status": status, "tenant_id": tenant, "user_id": user,
        "updated": "2014-09-25T13:04:49Z", "created": "2014-09-25T13:04:41Z",
        "hostId": "bd8c3f67ef2d2b8f2ec2d35a0d5c2c3b2f2e41a3dd28c0ea1c3c7d27",
        "image": {"id": "f90f6034-2570-4974-8351-6b49732ef2eb", "links": []},
        "flavor": flavor if flavor is not None else {"id": "1", "links": []},
        "addresses": addresses, "metadata": metadata if metadata is not None else {},
        "links": [], "key_name": None, "accessIPv4": "", "accessIPv6": "", "progress": 0,
        "OS-EXT-STS:vm_state": "active", "security_groups": [{"name": "default"}],
    }
    if extra:
        s.update(extra)
    return s


def addr(ip, kind="fixed", version=4, mac="fa:16:3e:00:00:01"):
    return {"version": version, "addr": ip, "OS-EXT-IPS:type": kind, "OS-EXT-IPS-MAC:mac_addr": mac}


def fip(fid, ip, fixed, instance, pool="public"):
    return {"id": fid, "ip": ip, "fixed_ip": fixed, "instance_id": instance, "pool": pool}


def hypervisor(hid, host, ip, *, status="enabled", state="up", htype="QEMU", extra=None):
    h = {"id": hid, "hypervisor_hostname": host, "host_ip": ip, "status": status, "state": state,
         "hypervisor_type": htype, "hypervisor_version": 2003000, "cpu_info": CPU,
         "service": {"host": host, "disabled_reason": None, "id": 16}, "vcpus": 24,
         "vcpus_used": 2, "memory_mb": 96484, "memory_mb_used": 2560, "local_gb": 399,
         "local_gb_used": 20, "free_disk_gb": 379, "free_ram_mb": 93924, "disk_available_least": 384,
         "current_workload": 0, "running_vms": 1}
    if extra:
        h.update(extra)
    return h


S1 = "ef079b0c-e610-4dfb-b1aa-b49f07ac48e5"
S2 = "9e5476bd-a4ec-4653-a343-eb2e6a6b2c1b"
S3 = "87caf8ed-d92a-41f6-9dcd-d1399e39899f"
S4 = "2b7bbf5c-42f9-4b46-8e14-1d9a1b4c2b61"


def basic():
    return {
        "project_id": PROJECT,
        "catalog": STD_CATALOG,
        "floating_ips": [
            fip(1, "198.51.100.10", "10.0.0.31", S1),
            fip(2, "198.51.100.11", "10.0.0.32", S2),
            fip(3, "198.51.100.12", None, None),  # not associated: skipped
        ],
        "servers": [[
            server(S1, "web-1", {"private": [addr("10.0.0.31"), addr("198.51.100.10", "floating")]},
                   metadata={"env": "prod", "team.name": "core", "a-b": "c"}),
            server(S2, "web-2", {"private": [addr("10.0.0.32")], "lan2": [addr("192.0.2.7")]},
                   status="SHUTOFF", flavor={"id": "m1.small", "links": []}),
            server(S3, "no-addresses", {}),
            server(S4, "v6", {"v6net": [addr("2001:db8::5", version=6)]},
                   metadata={"prometheus_io_scrape": "true"}),
        ]],
        "hypervisors": [
            hypervisor(1, "nc14.cloud.com", "172.16.70.14"),
            hypervisor(721, "cc13.cloud.com", "172.16.70.13", status="disabled", state="down",
                       htype="ironic"),
            hypervisor("c48f6247-abe4-4a24-824e-ea39e108874f", "nc15.cloud.com", "2001:db8::14",
                       extra={"cpu_info": {"vendor": "AMD", "arch": "x86_64", "model": "EPYC",
                                           "features": [], "topology": {"sockets": 1, "cores": 8, "threads": 2}},
                              "hypervisor_version": 6.0e6}),
        ],
    }


def paging():
    pages = []
    n = 0
    for p in range(3):
        page = []
        for i in range(3 if p < 2 else 2):
            n += 1
            page.append(server("00000000-0000-4000-8000-%012d" % n, "vm-%d" % n,
                               {"private": [addr("10.1.0.%d" % n)]},
                               tenant=PROJECT if n % 2 else "other-project"))
        pages.append(page)
    return {"project_id": PROJECT, "catalog": STD_CATALOG, "floating_ips": [],
            "servers": pages, "hypervisors": []}


def regions():
    cat = catalog([
        endpoint("public", "RegionOne", "http://127.0.0.1:PORT/nowhere-one", "e-r1"),
        endpoint("public", "RegionTwo", "http://127.0.0.1:PORT/compute/v2.1", "e-r2"),
        endpoint("internal", "RegionTwo", "http://127.0.0.1:PORT/nowhere-internal", "e-r3"),
    ])
    w = basic()
    w["catalog"] = cat
    return w


def no_compute():
    w = basic()
    w["catalog"] = [c for c in STD_CATALOG if c["type"] != "compute"]
    return w


def odd_servers():
    return {"project_id": PROJECT, "catalog": STD_CATALOG, "floating_ips": [
        fip("f-1", "203.0.113.5", "10.2.0.1", "odd-1"),
        fip("f-2", "203.0.113.6", "10.2.0.9", "odd-1"),  # fixed IP the server lacks
    ], "servers": [[
        server("odd-1", "two-in-pool", {"net-a": [addr("10.2.0.1"), addr("10.2.0.2")],
                                        "net-b": []}, metadata={}),
        server("odd-2", "flavor-without-id", {"net-a": [addr("10.2.0.3")]},
               flavor={"original_name": "m1.tiny", "vcpus": 1}),
        server("odd-3", "no-user", {"net-a": [addr("10.2.0.4")]}, user="",
               extra={"image": ""}),
        server("odd-4", "same-ip-as-floating", {"net-a": [addr("203.0.113.6")]}),
    ]], "hypervisors": []}


def bad_hypervisor():
    w = basic()
    h = hypervisor(5, "bad.cloud.com", "172.16.70.99")
    del h["cpu_info"]
    w["hypervisors"] = [w["hypervisors"][0], h]
    return w


def empty():
    return {"project_id": PROJECT, "catalog": STD_CATALOG, "floating_ips": [],
            "servers": [[]], "hypervisors": []}


def keystone_v2():
    w = basic()
    w["versions"] = [
        {"id": "v2.0", "status": "stable",
         "links": [{"rel": "self", "href": "http://127.0.0.1:PORT/identity/v2.0/"}]},
        {"id": "v3.14", "status": "experimental",
         "links": [{"rel": "self", "href": "http://127.0.0.1:PORT/identity/v3/"}]}]
    w["catalog_v2"] = [
        {"type": "compute", "name": "nova", "endpoints": [
            {"region": "RegionOne", "publicURL": "http://127.0.0.1:PORT/compute/v2.1",
             "internalURL": "http://127.0.0.1:PORT/compute/v2.1",
             "adminURL": "http://127.0.0.1:PORT/nowhere-admin"}]}]
    return w


def duplicate_endpoints():
    w = basic()
    w["catalog"] = catalog([
        endpoint("public", "RegionOne", "http://127.0.0.1:PORT/compute/v2.1", "e-d1"),
        endpoint("public", "RegionOne", "http://127.0.0.1:PORT/nowhere-second", "e-d2"),
    ])
    return w


def wrong_secret():
    w = basic()
    w["secrets"] = ["the-only-accepted-secret"]
    return w


def neutron():
    """3.x: network and load-balancer endpoints, Neutron ports and floating IPs, Octavia."""
    cat = catalog([endpoint("public", "RegionOne", "http://127.0.0.1:PORT/compute/v2.1", "e-c1")])
    cat.append({"type": "network", "name": "neutron", "id": "id-neutron", "endpoints": [
        endpoint("public", "RegionOne", "http://127.0.0.1:PORT/network", "e-n1")]})
    cat.append({"type": "load-balancer", "name": "octavia", "id": "id-octavia", "endpoints": [
        endpoint("public", "RegionOne", "http://127.0.0.1:PORT/load-balancer/v2.0", "e-l1")]})
    return {
        "project_id": PROJECT,
        "catalog": cat,
        "ports": [[{"id": "port-1", "device_id": S1, "fixed_ips": [{"ip_address": "10.0.0.31"}]},
                   {"id": "port-2", "device_id": S2}],
                  [{"id": "port-vip", "device_id": "lb-1"}]],
        "neutron_floating_ips": [
            {"id": "f1", "floating_ip_address": "198.51.100.10", "fixed_ip_address": "10.0.0.31", "port_id": "port-1"},
            {"id": "f2", "floating_ip_address": "198.51.100.11", "fixed_ip_address": "10.0.0.32", "port_id": "port-2"},
            {"id": "f3", "floating_ip_address": "198.51.100.12", "fixed_ip_address": "10.0.0.99", "port_id": "port-gone"},
            {"id": "f4", "floating_ip_address": "198.51.100.13", "fixed_ip_address": None, "port_id": None},
            {"id": "f5", "floating_ip_address": "198.51.100.20", "fixed_ip_address": "10.9.0.5", "port_id": "port-vip"}],
        "servers": [[
            server(S1, "web-1", {"private": [addr("10.0.0.31"), addr("198.51.100.10", "floating")]},
                   flavor={"original_name": "m1.small", "vcpus": 1, "ram": 2048},
                   metadata={"env": "prod"}),
            server(S2, "web-2", {"private": [addr("10.0.0.32")]}, flavor={"id": "2", "links": []},
                   extra={"image": ""}),
            server(S3, "no-flavor", {"private": [addr("10.0.0.33")]}, flavor={"vcpus": 1}),
        ]],
        "hypervisors": [[hypervisor(1, "nc14.cloud.com", "172.16.70.14")],
                        [hypervisor("c48f6247-abe4-4a24-824e-ea39e108874f", "nc15.cloud.com", "172.16.70.15")]],
        "loadbalancers": [
            {"id": "lb-1", "name": "web-lb", "operating_status": "ONLINE", "provisioning_status": "ACTIVE",
             "availability_zone": "az1", "vip_address": "10.9.0.5", "vip_port_id": "port-vip",
             "provider": "amphora", "project_id": PROJECT, "tags": ["a", "b"]},
            {"id": "lb-2", "name": "http-only", "operating_status": "ONLINE", "provisioning_status": "ACTIVE",
             "availability_zone": "", "vip_address": "10.9.0.6", "vip_port_id": "port-x",
             "provider": "ovn", "project_id": PROJECT, "tags": []},
            {"id": "lb-3", "name": "no-listener", "operating_status": "OFFLINE", "provisioning_status": "ACTIVE",
             "availability_zone": "", "vip_address": "2001:db8::9", "vip_port_id": "", "provider": "ovn",
             "project_id": PROJECT, "tags": []},
            {"id": "lb-4", "name": "v6", "operating_status": "ONLINE", "provisioning_status": "PENDING_UPDATE",
             "availability_zone": "az2", "vip_address": "2001:db8::10", "vip_port_id": "",
             "provider": "amphora", "project_id": "other", "tags": None}],
        "listeners": [[
            {"id": "l1", "protocol": "HTTP", "protocol_port": 80, "loadbalancers": [{"id": "lb-1"}]},
            {"id": "l2", "protocol": "PROMETHEUS", "protocol_port": 9100, "loadbalancers": [{"id": "lb-1"}]},
            {"id": "l3", "protocol": "PROMETHEUS", "protocol_port": 9200, "loadbalancers": [{"id": "lb-1"}]},
            {"id": "l4", "protocol": "HTTP", "protocol_port": 8080, "loadbalancers": [{"id": "lb-2"}]}],
            [{"id": "l5", "protocol": "PROMETHEUS", "protocol_port": 8443, "loadbalancers": [{"id": "lb-4"}]}]],
    }


WORLDS = {"neutron": neutron, "keystone-v2": keystone_v2, "duplicate-endpoints": duplicate_endpoints,
          "wrong-secret": wrong_secret, "basic": basic, "paging": paging, "regions": regions, "no-compute": no_compute,
          "odd-servers": odd_servers, "bad-hypervisor": bad_hypervisor, "empty": empty}


def main():
    OUT.mkdir(exist_ok=True)
    for name, make in WORLDS.items():
        (OUT / (name + ".json")).write_text(json.dumps(make(), indent=1) + "\n", encoding="utf-8")
    print("wrote %d worlds to %s" % (len(WORLDS), OUT))


if __name__ == "__main__":
    main()
