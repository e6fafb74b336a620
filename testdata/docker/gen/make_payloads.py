#!/usr/bin/env python3
"""Writes the Engine API payloads under testdata/docker/payloads/ from the tables below.

Each folder is what one fake daemon serves: containers.json and networks.json (docker_sd) or
nodes.json, services.json, tasks.json and networks.json (dockerswarm_sd), in the shapes a Docker
20.10 daemon answers at API 1.41 (values invented: documentation address ranges, ids derived from
names). Rerun after changing a table, then rerun record.py.

Usage: python3 testdata/docker/gen/make_payloads.py
"""
import hashlib
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "payloads"


def hid(name, n=64):
    return hashlib.sha256(name.encode()).hexdigest()[:n]


def sid(name):
    """A 25-character swarm object id."""
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    h = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    out = []
    for _ in range(25):
        h, r = divmod(h, len(alphabet))
        out.append(alphabet[r])
    return "".join(out)


# ---------------------------------------------------------------- docker


def network(name, driver="bridge", scope="local", internal=False, ingress=False, labels=None,
            subnet=None, ipv6=False):
    cfg = []
    if subnet:
        cfg.append({"Subnet": subnet, "Gateway": subnet.rsplit(".", 1)[0] + ".1"
                    if "." in subnet else subnet.split("/")[0] + "1"})
    return {"Name": name, "Id": hid("net:" + name), "Created": "2024-03-01T10:00:00.000000000Z",
            "Scope": scope, "Driver": driver, "EnableIPv6": ipv6,
            "IPAM": {"Driver": "default", "Options": None, "Config": cfg},
            "Internal": internal, "Attachable": False, "Ingress": ingress,
            "ConfigFrom": {"Network": ""}, "ConfigOnly": False, "Containers": {},
            "Options": {}, "Labels": labels if labels is not None else {}}


def endpoint(net, ip="", ipv6="", network_id=None):
    nid = network_id if network_id is not None else hid("net:" + net)
    gateway = ip.rsplit(".", 1)[0] + ".1" if ip else ""
    return {"IPAMConfig": None, "Links": None, "Aliases": None, "NetworkID": nid,
            "EndpointID": hid("ep:" + net + ip + ipv6) if nid else "",
            "Gateway": gateway, "IPAddress": ip, "IPPrefixLen": 16 if ip else 0,
            "IPv6Gateway": "2001:db8:1::1" if ipv6 else "", "GlobalIPv6Address": ipv6,
            "GlobalIPv6PrefixLen": 64 if ipv6 else 0,
            "MacAddress": "02:42:ac:11:00:%02x" % (int(hid(net + ip, 2), 16)) if ip else "",
            "DriverOpts": None}


def port(private, proto="tcp", public=None, ip=None):
    p = {"PrivatePort": private, "Type": proto}
    if public is not None:
        p = {"IP": ip, "PrivatePort": private, "PublicPort": public, "Type": proto}
    return p


def container(name, image="nginx:1.25", ports=None, labels=None, mode="bridge", networks=None,
              names=None, state="running"):
    return {"Id": hid("ctr:" + name), "Names": names if names is not None else ["/" + name],
            "Image": image, "ImageID": "sha256:" + hid("img:" + image),
            "Command": "/docker-entrypoint.sh", "Created": 1709287200, "Ports": ports,
            "Labels": labels, "State": state, "Status": "Up 2 hours",
            "HostConfig": {"NetworkMode": mode},
            "NetworkSettings": {"Networks": networks if networks is not None else {}},
            "Mounts": []}


COMPOSE = {"com.docker.compose.project": "app", "com.docker.compose.version": "2.24.6"}

BASIC_NETWORKS = [
    network("bridge", subnet="172.17.0.0/16"),
    network("host", driver="host"),
    network("none", driver="null"),
    network("app_default", subnet="172.18.0.0/16",
            labels={"com.docker.compose.network": "default", "com.docker.compose.project": "app"}),
    network("backend", internal=True, subnet="172.19.0.0/16",
            labels={"com.example.tier": "db", "owner-team": "storage"}),
]

BASIC = [
    container("app-web-1",
              ports=[port(80), port(443, public=8443, ip="0.0.0.0"),
                     port(443, public=8443, ip="::"), port(53, "udp")],
              labels=dict(COMPOSE, **{"com.docker.compose.service": "web",
                                      "prometheus-job": "nginx", "prometheus.io/port": "80"}),
              mode="app_default",
              networks={"app_default": endpoint("app_default", "172.18.0.2")}),
    container("app-db-1", image="postgres:16", ports=[],
              labels=dict(COMPOSE, **{"com.docker.compose.service": "db"}), mode="backend",
              networks={"backend": endpoint("backend", "172.19.0.3")}),
    container("node-exporter", image="prom/node-exporter:v1.7.0", ports=[],
              labels={"prometheus-job": "node"}, mode="host",
              networks={"host": endpoint("host")}),
    container("dns", image="coredns/coredns:1.11.1", ports=[port(53, "udp"), port(53, "sctp")],
              labels={}, networks={"bridge": endpoint("bridge", "172.17.0.5")}),
    container("sidecar-none", image="busybox", ports=None, labels=None, mode="none",
              networks={"none": endpoint("none")}),
    container("unnamed", names=[], ports=[port(9000)],
              networks={"bridge": endpoint("bridge", "172.17.0.9")}),
    container("orphan", ports=[port(8080)], labels={"a": "b"},
              networks={"gone": endpoint("gone", "172.30.0.2",
                                         network_id=hid("net:gone"))}),
    container("odd-labels", ports=[port(9090)],
              labels={"9lives": "cat", "ünïcode.key": "v", "UPPER-case": "X", "empty": "",
                      "": "no name", "x/y z": "spaces"},
              networks={"bridge": endpoint("bridge", "172.17.0.7")}),
    container("exited", state="exited", ports=[], labels={"prometheus-job": "batch"},
              networks={"bridge": endpoint("bridge", "")}),
]

CONTAINER_MODE_NETWORKS = [network("app_default", subnet="172.18.0.0/16")]
CONTAINER_MODE = [
    container("app", ports=[port(8080)], mode="app_default",
              networks={"app_default": endpoint("app_default", "172.18.0.10")}),
    container("app-sidecar", image="envoyproxy/envoy:v1.29", ports=[port(9901)],
              labels={"role": "sidecar"}, mode="container:" + hid("ctr:app"), networks={}),
    container("app-debug", image="busybox", ports=[], mode="container:" + hid("ctr:app-sidecar"),
              networks={}),
    container("dangling", image="busybox", ports=[port(7000)],
              mode="container:" + hid("ctr:missing"), networks={}),
    container("self-loop", image="busybox", ports=[], mode="container:" + hid("ctr:self-loop"),
              networks={}),
]

IPV6_NETWORKS = [network("v6net", subnet="172.20.0.0/16", ipv6=True)]
IPV6 = [
    container("v6only", image="prom/node-exporter:v1.7.0",
              ports=[port(9100), port(9100, public=19100, ip="::")], mode="v6net",
              networks={"v6net": endpoint("v6net", "", "2001:db8:1::5")}),
    container("dual", ports=[port(80)], mode="v6net",
              networks={"v6net": endpoint("v6net", "172.20.0.6", "2001:db8:1::6")}),
    container("v6-noport", ports=[], mode="v6net",
              networks={"v6net": endpoint("v6net", "", "2001:db8:1::7")}),
]

MULTI_NETWORKS = [network("front", subnet="172.21.0.0/16"),
                  network("back", subnet="172.22.0.0/16", internal=True),
                  network("monitoring", subnet="172.23.0.0/16",
                          labels={"prometheus.scrape": "true"})]
MULTI = [
    container("api", image="example/api:3", ports=[port(8080), port(9102)], mode="front",
              labels={"prometheus-job": "api"},
              networks={"monitoring": endpoint("monitoring", "172.23.0.2"),
                        "front": endpoint("front", "172.21.0.2"),
                        "back": endpoint("back", "172.22.0.2")}),
    container("worker", image="example/worker:3", ports=[], mode="back",
              networks={"back": endpoint("back", "172.22.0.3"),
                        "monitoring": endpoint("monitoring", "172.23.0.3")}),
]

# ---------------------------------------------------------------- swarm


def swarm_network(name, driver="overlay", ingress=False, labels=None, subnet="10.0.0.0/24"):
    return {"Name": name, "Id": sid("snet:" + name), "Created": "2024-03-01T10:00:00.000000000Z",
            "Scope": "swarm" if driver == "overlay" else "local", "Driver": driver,
            "EnableIPv6": False,
            "IPAM": {"Driver": "default", "Options": None,
                     "Config": [{"Subnet": subnet, "Gateway": subnet.rsplit(".", 1)[0] + ".1"}]},
            "Internal": False, "Attachable": False, "Ingress": ingress,
            "ConfigFrom": {"Network": ""}, "ConfigOnly": False, "Containers": None,
            "Options": {"com.docker.network.driver.overlay.vxlanid_list": "4096"},
            "Labels": labels if labels is not None else {}}


def node(host, addr, role="worker", availability="active", state="ready", labels=None,
         leader=None, engine_labels=None):
    n = {"ID": sid("node:" + host), "Version": {"Index": 42},
         "CreatedAt": "2024-03-01T10:00:00.000000000Z",
         "UpdatedAt": "2024-03-01T11:00:00.000000000Z",
         "Spec": {"Labels": labels if labels is not None else {}, "Role": role,
                  "Availability": availability},
         "Description": {"Hostname": host,
                         "Platform": {"Architecture": "x86_64", "OS": "linux"},
                         "Resources": {"NanoCPUs": 4000000000, "MemoryBytes": 8350000000},
                         "Engine": {"EngineVersion": "24.0.7",
                                    "Labels": engine_labels or {},
                                    "Plugins": [{"Type": "Network", "Name": "overlay"}]},
                         "TLSInfo": {"TrustRoot": "-----BEGIN CERTIFICATE-----\n...\n",
                                     "CertIssuerSubject": "MBMxETAPBgNVBAMTCHN3YXJtLWNh",
                                     "CertIssuerPublicKey": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQc="}},
         "Status": {"State": state, "Addr": addr}}
    if leader is not None:
        n["ManagerStatus"] = {"Leader": leader, "Reachability": "reachable",
                              "Addr": addr + ":2377"}
    return n


def pconf(target, published, proto="tcp", mode="ingress", name=None):
    p = {"Protocol": proto, "TargetPort": target, "PublishedPort": published, "PublishMode": mode}
    if name:
        p = dict({"Name": name}, **p)
    return p


def service(name, image, mode="replicated", ports=None, vips=None, labels=None,
            container_labels=None, hostname="", update=None, container_spec=True, networks=None):
    task = {"Resources": {"Limits": {}, "Reservations": {}},
            "RestartPolicy": {"Condition": "any", "MaxAttempts": 0},
            "Placement": {}, "ForceUpdate": 0, "Runtime": "container"}
    if container_spec:
        cs = {"Image": image, "Labels": container_labels or {}, "Isolation": "default"}
        if hostname:
            cs["Hostname"] = hostname
        task = dict({"ContainerSpec": cs}, **task)
    else:
        task = dict({"PluginSpec": {"Name": image, "Remote": image}}, **task)
        task["Runtime"] = "plugin"
    if networks:
        task["Networks"] = [{"Target": sid("snet:" + n), "Aliases": [name]} for n in networks]
    spec_mode = {"replicated": {"Replicated": {"Replicas": 2}}, "global": {"Global": {}},
                 "replicated-job": {"ReplicatedJob": {"MaxConcurrent": 1,
                                                      "TotalCompletions": 1}}}[mode]
    endpoint_spec = {"Mode": "vip"}
    if ports:
        endpoint_spec["Ports"] = ports
    s = {"ID": sid("svc:" + name), "Version": {"Index": 100},
         "CreatedAt": "2024-03-01T10:00:00.000000000Z",
         "UpdatedAt": "2024-03-01T11:00:00.000000000Z",
         "Spec": {"Name": name, "Labels": labels if labels is not None else {},
                  "TaskTemplate": task, "Mode": spec_mode, "EndpointSpec": endpoint_spec},
         "Endpoint": {"Spec": endpoint_spec}}
    if ports:
        s["Endpoint"]["Ports"] = ports
    if vips is not None:
        s["Endpoint"]["VirtualIPs"] = [{"NetworkID": sid("snet:" + n), "Addr": a}
                                       for n, a in vips]
    if update:
        s["UpdateStatus"] = {"State": update, "StartedAt": "2024-03-01T11:00:00.000000000Z",
                             "Message": "update " + update}
    return s


def task(service_name, slot, node_host, state="running", desired="running", attachments=None,
         port_status=None, container_labels=None, container=True, image="example/web:1"):
    t = {"ID": sid("task:%s.%s.%s" % (service_name, slot, node_host)), "Version": {"Index": 150},
         "CreatedAt": "2024-03-01T10:00:00.000000000Z",
         "UpdatedAt": "2024-03-01T11:00:00.000000000Z", "Labels": {},
         "Spec": {"ContainerSpec": {"Image": image, "Labels": container_labels or {}},
                  "ForceUpdate": 0},
         "ServiceID": sid("svc:" + service_name), "Slot": slot,
         "NodeID": sid("node:" + node_host),
         "Status": {"Timestamp": "2024-03-01T11:00:00.000000000Z", "State": state,
                    "Message": state},
         "DesiredState": desired}
    if container:
        t["Status"]["ContainerStatus"] = {"ContainerID": hid("ctr:task:%s.%s" % (service_name,
                                                                                  slot)),
                                          "PID": 1234, "ExitCode": 0}
    t["Status"]["PortStatus"] = {"Ports": port_status} if port_status else {}
    if attachments:
        t["NetworksAttachments"] = [{"Network": {"ID": sid("snet:" + n), "Version": {"Index": 6},
                                                 "Spec": {"Name": n, "Labels": {},
                                                          "Scope": "swarm"}},
                                     "Addresses": addrs} for n, addrs in attachments]
    return t


SWARM_NETWORKS = [
    swarm_network("ingress", ingress=True, subnet="10.0.0.0/24"),
    swarm_network("mon_net", labels={"com.docker.stack.namespace": "mon"}, subnet="10.0.1.0/24"),
    network("bridge", subnet="172.17.0.0/16"),
    network("host", driver="host"),
]
SWARM_NODES = [
    node("manager-1", "192.0.2.11", role="manager", leader=True,
         labels={"zone": "a", "com.example.rack": "r1"}),
    node("manager-2", "192.0.2.12", role="manager", leader=False),
    node("worker-1", "192.0.2.21", labels={"zone": "b", "gpu-type": "none"},
         engine_labels={"storage": "ssd"}),
    node("worker-2", "192.0.2.22", availability="drain", state="down"),
]
SWARM_SERVICES = [
    service("mon_web", "example/web:1", ports=[pconf(80, 8080, name="http"),
                                             pconf(53, 5353, proto="udp")],
            vips=[("ingress", "10.0.0.5/24"), ("mon_net", "10.0.1.2/24")],
            labels={"com.docker.stack.namespace": "mon", "prometheus-job": "web"},
            hostname="{{.Node.Hostname}}", networks=["mon_net"]),
    service("mon_node-exporter", "prom/node-exporter:v1.7.0", mode="global",
            ports=[pconf(9100, 9100, mode="host")], vips=[],
            labels={"com.docker.stack.namespace": "mon"}, networks=["mon_net"]),
    service("mon_grafana", "grafana/grafana:10.3.3", vips=[("mon_net", "10.0.1.7/24")],
            labels={"prometheus-job": "grafana"}, update="updating", networks=["mon_net"]),
    service("mon_backup", "example/backup:1", mode="replicated-job", vips=None,
            labels={}),
]
SWARM_TASKS = [
    task("mon_web", 1, "worker-1", attachments=[("ingress", ["10.0.0.6/24"]),
                                               ("mon_net", ["10.0.1.3/24"])],
         container_labels={"com.docker.stack.namespace": "mon", "com.example.tier": "front"}),
    task("mon_web", 2, "manager-1", attachments=[("ingress", ["10.0.0.7/24"]),
                                                ("mon_net", ["10.0.1.4/24"])]),
    task("mon_node-exporter", 0, "worker-1", image="prom/node-exporter:v1.7.0",
         port_status=[pconf(9100, 9100, mode="host")],
         attachments=[("mon_net", ["10.0.1.8/24"])]),
    task("mon_node-exporter", 0, "manager-2", image="prom/node-exporter:v1.7.0",
         port_status=[pconf(9100, 9100, mode="host"), pconf(9101, 9101, proto="udp",
                                                            mode="host")],
         attachments=[("mon_net", ["10.0.1.9/24"])]),
    task("mon_grafana", 1, "worker-2", state="pending", container=False,
         attachments=[("mon_net", ["10.0.1.10/24"])], image="grafana/grafana:10.3.3"),
    task("mon_grafana", 1, "gone-node", state="shutdown", desired="shutdown",
         attachments=[("mon_net", ["10.0.1.11/24"])], image="grafana/grafana:10.3.3"),
]

PLUGIN_SERVICES = [
    service("mon_web", "example/web:1", ports=[pconf(80, 8080, name="http")],
            vips=[("ingress", "10.0.0.5/24")], labels={"prometheus-job": "web"}),
    service("vieux_sshfs", "vieux/sshfs:latest", container_spec=False, vips=[],
            labels={"kind": "plugin"}),
]

BAD_VIP_SERVICES = [
    service("mon_web", "example/web:1", ports=[pconf(80, 8080, name="http")],
            vips=[("ingress", "10.0.0.5")], labels={}),
]


def write(folder, files):
    d = OUT / folder
    d.mkdir(parents=True, exist_ok=True)
    for name, doc in files.items():
        (d / name).write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n",
                              encoding="utf-8")


def main():
    write("basic", {"containers.json": BASIC, "networks.json": BASIC_NETWORKS})
    write("container-mode", {"containers.json": CONTAINER_MODE,
                             "networks.json": CONTAINER_MODE_NETWORKS})
    # Without the container that joins its own network: Prometheus 3.x would loop forever on it.
    write("container-mode-3", {"containers.json": CONTAINER_MODE[:-1],
                               "networks.json": CONTAINER_MODE_NETWORKS})
    write("ipv6", {"containers.json": IPV6, "networks.json": IPV6_NETWORKS})
    write("multi-network", {"containers.json": MULTI, "networks.json": MULTI_NETWORKS})
    write("empty", {"containers.json": [], "networks.json": [network("bridge")]})
    write("swarm", {"nodes.json": SWARM_NODES, "services.json": SWARM_SERVICES,
                    "tasks.json": SWARM_TASKS, "networks.json": SWARM_NETWORKS})
    write("swarm-plugin", {"nodes.json": SWARM_NODES, "services.json": PLUGIN_SERVICES,
                           "tasks.json": [], "networks.json": SWARM_NETWORKS})
    write("swarm-bad-vip", {"nodes.json": SWARM_NODES, "services.json": BAD_VIP_SERVICES,
                            "tasks.json": [], "networks.json": SWARM_NETWORKS})
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
