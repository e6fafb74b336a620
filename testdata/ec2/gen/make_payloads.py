#!/usr/bin/env python3
"""Writes the EC2 API payloads in testdata/ec2/payloads/ from the table below.

The payloads are what an EC2 endpoint answers (EC2 query protocol, API version 2016-11-15):
DescribeInstances pages and a DescribeAvailabilityZones answer. Their shapes follow the EC2 API
reference (DescribeInstances / DescribeAvailabilityZones response elements); the values are
invented (documentation ranges: 10.0.0.0/8, 192.0.2.0/24, 198.51.100.0/24, 2001:db8::/32,
account 123456789012). The fake endpoints (gen/record.py and the Java Ec2Fake) serve these files
as they are; promtool 2.42 and promsd read the same bytes.

Usage: python3 testdata/ec2/gen/make_payloads.py    (rewrites testdata/ec2/payloads/)
"""
import pathlib
import shutil
import xml.dom.minidom
from xml.sax.saxutils import escape

ROOT = pathlib.Path(__file__).resolve().parent.parent / "payloads"
NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
HEADER = ("<!-- promsd test payload, written by testdata/ec2/gen/make_payloads.py "
          "(case {case}); EC2 API 2016-11-15 shapes, invented values -->\n")

STATE_CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48,
               "stopping": 64, "stopped": 80}

_seq = [0]


def el(name, value):
    if value is None:
        return ""
    return f"<{name}>{escape(str(value))}</{name}>"


def inst(n, state="running", private_ip="auto", private_dns="auto", public_ip=None,
         public_dns="", vpc=None, subnet=None, enis=None, tags=None, az="us-east-1a",
         itype="t3.micro", platform=None, lifecycle=None, arch="x86_64", image="ami-0abc",
         raw_tags=None):
    """One <item> of an instancesSet. enis: list of dicts (subnet, device, ipv6=[(addr, primary)],
    private_ip). Pass None to leave an element out."""
    iid = f"i-{n:017x}"
    if private_ip == "auto":
        private_ip = f"10.0.{n // 250}.{n % 250 + 1}"
    if private_dns == "auto":
        private_dns = f"ip-{private_ip.replace('.', '-')}.ec2.internal" if private_ip else ""
    parts = [
        el("instanceId", iid),
        el("imageId", image),
        f"<instanceState><code>{STATE_CODES.get(state, 0)}</code>{el('name', state)}</instanceState>",
        el("privateDnsName", private_dns),
        el("dnsName", public_dns if public_dns is not None else None),
        "<reason/>",
        el("amiLaunchIndex", 0),
        "<productCodes/>",
        el("instanceType", itype),
        el("launchTime", "2026-11-01T10:00:00.000Z"),
        f"<placement>{el('availabilityZone', az)}<groupName/><tenancy>default</tenancy></placement>",
        el("platform", platform),
        "<monitoring><state>disabled</state></monitoring>",
        el("subnetId", subnet),
        el("vpcId", vpc),
        el("privateIpAddress", private_ip),
        el("ipAddress", public_ip),
        el("architecture", arch),
        el("rootDeviceType", "ebs"),
        el("instanceLifecycle", lifecycle),
    ]
    if tags or raw_tags:
        items = "".join(f"<item>{el('key', k)}{el('value', v)}</item>" for k, v in (tags or []))
        items += raw_tags or ""
        parts.append(f"<tagSet>{items}</tagSet>")
    if enis:
        items = []
        for j, e in enumerate(enis):
            v6 = "".join(
                f"<item>{el('ipv6Address', a)}{el('isPrimaryIpv6', 'true' if p else 'false')}</item>"
                for a, p in e.get("ipv6", []))
            items.append(
                "<item>"
                + el("networkInterfaceId", f"eni-{n:08x}{j:04x}")
                + el("subnetId", e.get("subnet"))
                + el("vpcId", vpc if e.get("subnet") else None)
                + el("status", "in-use")
                + el("privateIpAddress", e.get("private_ip"))
                + f"<attachment>{el('attachmentId', f'eni-attach-{n:06x}{j:02x}')}"
                + f"{el('deviceIndex', e.get('device', j))}<status>attached</status></attachment>"
                + (f"<ipv6AddressesSet>{v6}</ipv6AddressesSet>" if v6 else "<ipv6AddressesSet/>")
                + "</item>")
        parts.append(f"<networkInterfaceSet>{''.join(items)}</networkInterfaceSet>")
    return "<item>" + "".join(parts) + "</item>"


def reservation(instances, owner="123456789012", rid=None):
    _seq[0] += 1
    rid = rid or f"r-{_seq[0]:017x}"
    return ("<item>" + el("reservationId", rid) + el("ownerId", owner)
            + "<groupSet/><instancesSet>" + "".join(instances) + "</instancesSet></item>")


def page(reservations, next_token=None):
    return (f'<DescribeInstancesResponse xmlns="{NS}">'
            "<requestId>8f7724cf-496f-496e-8fe3-example</requestId>"
            "<reservationSet>" + "".join(reservations) + "</reservationSet>"
            + el("nextToken", next_token) + "</DescribeInstancesResponse>")


def zones(pairs):
    items = "".join(
        f"<item>{el('zoneName', z)}{el('zoneId', i)}<zoneState>available</zoneState>"
        f"<regionName>us-east-1</regionName></item>" for z, i in pairs)
    return (f'<DescribeAvailabilityZonesResponse xmlns="{NS}">'
            "<requestId>e0e1a2b3-0000-4000-8000-example</requestId>"
            f"<availabilityZoneInfo>{items}</availabilityZoneInfo>"
            "</DescribeAvailabilityZonesResponse>")


DEFAULT_ZONES = [("us-east-1a", "use1-az6"), ("us-east-1b", "use1-az1"),
                 ("us-east-1c", "use1-az2"), ("us-east-1d", "use1-az4")]

VPC = "vpc-0a1b2c3d"
SA, SB, SC = "subnet-0aaa1111", "subnet-0bbb2222", "subnet-0ccc3333"


def cases():
    c = {}
    c["no-vpc"] = [page([reservation([
        inst(1, public_ip="198.51.100.1", public_dns="ec2-198-51-100-1.compute-1.amazonaws.com",
             tags=[("Name", "classic")]),
        inst(2, az="us-east-1b", itype="m1.small")])])]
    c["ipv4"] = [page([reservation([
        inst(3, vpc=VPC, subnet=SA, enis=[{"subnet": SA, "private_ip": "10.0.0.4"}],
             tags=[("Name", "web-1"), ("env", "prod")])])])]
    c["ipv6"] = [page([reservation([
        inst(4, vpc=VPC, subnet=SA, enis=[{"subnet": SA, "ipv6": [
            ("2001:db8:1::1", False), ("2001:db8:1::2", True)]}]),
        inst(5, vpc=VPC, subnet=SB, az="us-east-1b", enis=[
            {"subnet": SB, "device": 0, "ipv6": [("2001:db8:2::1", False)]},
            {"subnet": SB, "device": 1, "ipv6": [("2001:db8:2::2", False), ("2001:db8:2::3", False)]}])])])]
    c["ipv6-only"] = [page([reservation([
        inst(6, private_ip=None, private_dns="i-0000000000000006.ec2.internal", vpc=VPC, subnet=SA,
             enis=[{"subnet": SA, "ipv6": [("2001:db8:6::1", True)]}]),
        inst(7, vpc=VPC, subnet=SA, enis=[{"subnet": SA, "private_ip": "10.0.0.8"}])])])]
    c["several-enis"] = [page([reservation([
        inst(8, vpc=VPC, subnet=SB, enis=[
            {"subnet": SB, "device": 0, "ipv6": [("2001:db8:b::1", True), ("2001:db8:b::2", False)]},
            {"subnet": SA, "device": 2, "ipv6": [("2001:db8:a::1", False)]},
            {"subnet": SB, "device": 1, "ipv6": [("2001:db8:b::3", True)]},
            {"subnet": None, "device": 3, "ipv6": [("2001:db8:f::1", True)]},
            {"subnet": SC, "device": 5, "ipv6": [("2001:db8:c::1", True)]}])])])]
    c["public-private"] = [page([reservation([
        inst(9, vpc=VPC, subnet=SA, public_ip="198.51.100.9",
             public_dns="ec2-198-51-100-9.compute-1.amazonaws.com", enis=[{"subnet": SA}]),
        inst(10, vpc=VPC, subnet=SA, public_ip="198.51.100.10", public_dns="",
             enis=[{"subnet": SA}]),
        inst(11, vpc=VPC, subnet=SA, private_dns="", enis=[{"subnet": SA}]),
        inst(12, vpc=VPC, subnet=SA, private_dns=None, enis=[{"subnet": SA}])])])]
    c["tags-odd-keys"] = [page([reservation([
        inst(13, tags=[
            ("Name", "odd"), ("aws:autoscaling:groupName", "asg-1"), ("k8s.io/role/node", "1"),
            ("with space", "v s"), ("dash-key", "d"), ("1leading", "digit"),
            ("ünïcödé", "u"), ("emoji🚀", "rocket"), ("a&b<c>", "amp"), ("UPPER_lower", "mixed"),
            ("empty-value", ""), ("dup.key", "first"), ("dup_key", "second"),
            ("value-chars", "a,b;c=d \"q\" ✓")],
             raw_tags="<item><key>no-value</key></item><item><value>no-key</value></item>")])])]
    c["states"] = [page([reservation([
        inst(14, state="pending"), inst(15, state="running"), inst(16, state="shutting-down"),
        inst(17, state="stopping"), inst(18, state="stopped"),
        inst(19, state="terminated", private_ip=None, private_dns=""),
        inst(20, state="terminated")])])]
    pages = []
    for k in range(3):
        insts = [inst(100 + k * 3 + j) for j in range(3)]
        if k == 2:
            insts.append(inst(100))  # the first instance again, on the last page
        pages.append(page([reservation(insts)], next_token=f"page-{k + 2}-token" if k < 2 else None))
    c["pagination"] = pages
    c["pagination-empty-pages"] = [
        page([], next_token="tok-2"),
        page([reservation([inst(120)])], next_token="tok-3"),
        page([], next_token="tok-4"),
        page([reservation([inst(121), inst(122)])], next_token="")]
    c["filters"] = [page([reservation([
        inst(30, state="running", tags=[("env", "prod"), ("team", "a")]),
        inst(31, state="stopped", tags=[("env", "prod")]),
        inst(32, state="running", tags=[("env", "production"), ("team", "b")]),
        inst(33, state="running", tags=[("env", "dev")]),
        inst(34, state="running", az="us-east-1b", tags=[("env", "prod-eu")], itype="m5.large")])])]
    c["platform-lifecycle-arch"] = [page([reservation([
        inst(40, platform="windows", lifecycle="spot", arch="x86_64", itype="m5.xlarge"),
        inst(41, lifecycle="scheduled", arch="arm64", itype="m6g.medium"),
        inst(42, lifecycle="capacity-block", arch="x86_64_mac", itype="mac2.metal"),
        inst(43, arch="i386", itype="t1.micro"),
        inst(44, platform="", lifecycle="", arch="", itype="z9.hypothetical"),
        inst(45, arch=None, itype="t4g.nano")])])]
    c["owner-id"] = [page([
        reservation([inst(50)], owner="123456789012"),
        reservation([inst(51), inst(52)], owner="210987654321"),
        reservation([inst(53)], owner=None),
        reservation([inst(54)], owner="")])]
    c["port"] = [page([reservation([inst(60)])])]
    c["az-unknown-zone"] = [page([reservation([inst(61, az="us-east-1z"), inst(62, az="us-east-1c")])])]
    c["az-describe-fails"] = [page([reservation([inst(63)])])]
    c["describe-instances-fails"] = [page([reservation([inst(64)])])]
    c["empty"] = [page([])]
    c["vpc-eni-without-subnet"] = [page([reservation([
        inst(70, vpc=VPC, subnet=SA, enis=[{"subnet": None, "ipv6": [("2001:db8:70::1", True)]}]),
        inst(71, vpc=VPC, subnet=SA)])])]
    c["ipv6-primary-positions"] = [page([reservation([
        inst(80, vpc=VPC, subnet=SA, enis=[
            {"subnet": SA, "device": 3, "ipv6": [("2001:db8:2::3:1", True)]},
            {"subnet": SA, "device": 1, "ipv6": [("2001:db8:2::2:1", False), ("2001:db8:2::2:2", True)]}]),
        inst(81, vpc=VPC, subnet=SA, enis=[
            {"subnet": SA, "device": 0, "ipv6": [("2001:db8:81::1", False), ("2001:db8:81::2", False)]}])])])]
    c["no-vpc-with-ipv6-eni"] = [page([reservation([
        inst(90, enis=[{"subnet": SA, "ipv6": [("2001:db8:90::1", True)]}]),
        inst(91, private_ip=None, private_dns="", enis=[{"subnet": SA, "ipv6": [("2001:db8:91::1", True)]}])])])]
    c["ipv6-only-no-primary"] = [page([reservation([
        inst(92, private_ip=None, private_dns="", vpc=VPC, subnet=SA, enis=[
            {"subnet": SA, "device": 0, "ipv6": [("2001:db8:92::a", False), ("2001:db8:92::b", False)]}]),
        inst(93, private_ip=None, private_dns="", vpc=VPC, subnet=SA, enis=[{"subnet": SA}])])])]
    c["many-reservations"] = [page([reservation([inst(200 + 5 * r + j, az=f"us-east-1{'abcd'[j % 4]}")
                                                 for j in range(5)]) for r in range(4)])]
    return c


def pretty(xml_text):
    """Indents the document so that a reader can follow it (the SDKs ignore the whitespace)."""
    doc = xml.dom.minidom.parseString(xml_text.encode("utf-8"))
    body = doc.documentElement.toprettyxml(indent="  ")
    return "\n".join(line for line in body.splitlines() if line.strip()) + "\n"


def main():
    if ROOT.exists():
        shutil.rmtree(ROOT)
    ROOT.mkdir(parents=True)
    (ROOT / "availability-zones.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + HEADER.format(case="shared")
        + pretty(zones(DEFAULT_ZONES)), encoding="utf-8")
    for name, pages in cases().items():
        d = ROOT / name
        d.mkdir()
        for i, p in enumerate(pages, 1):
            (d / f"instances-{i}.xml").write_text(
                '<?xml version="1.0" encoding="UTF-8"?>\n' + HEADER.format(case=name) + pretty(p),
                encoding="utf-8")
    print(f"wrote {len(cases())} payload folders under {ROOT}")


if __name__ == "__main__":
    main()
