#!/usr/bin/env python3
"""Writes testdata/azure/payloads/<name>.json: the "worlds" the fake Azure serves.

Each world holds what Azure Resource Manager would answer: pages of virtual machines, pages of
scale sets, pages of scale-set VMs per scale set, and network interfaces by id. The shapes follow
the ARM REST reference (compute 2018-10-01 / 2024-03-01, network 2018-10-01 / 2023-05-01); the
values are invented (documentation address ranges, dummy subscription ids).

Usage: python3 testdata/azure/gen/make_payloads.py      (standard library only)
"""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "payloads"
SUB = "11111111-2222-3333-4444-555555555555"


def nic_id(rg, name, sub=SUB):
    return "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/networkInterfaces/%s" % (
        sub, rg, name)


def vmss_nic_id(rg, ss, instance, name, sub=SUB):
    return ("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/virtualMachineScaleSets/"
            "%s/virtualMachines/%s/networkInterfaces/%s" % (sub, rg, ss, instance, name))


def vm(name, rg="rg-web", nics=None, tags=None, os_type="Linux", size="Standard_B2s",
       location="westeurope", computer=None, vm_id=None, drop=()):
    props = {
        "vmId": "0000-%s" % name,
        "hardwareProfile": {"vmSize": size},
        "storageProfile": {"osDisk": {"osType": os_type, "name": name + "-osdisk"}},
        "osProfile": {"computerName": computer if computer is not None else name,
                      "adminUsername": "azureuser"},
        "networkProfile": {"networkInterfaces": [
            {"id": n, "properties": {"primary": i == 0}} for i, n in enumerate(
                nics if nics is not None else [nic_id(rg, name + "-nic")])]},
        "provisioningState": "Succeeded",
    }
    out = {
        "id": vm_id or "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/virtualMachines/%s"
        % (SUB, rg, name),
        "name": name,
        "type": "Microsoft.Compute/virtualMachines",
        "location": location,
        "properties": props,
    }
    if tags is not None:
        out["tags"] = tags
    for d in drop:
        parts = d.split(".")
        target = out
        for p in parts[:-1]:
            target = target[p]
        target.pop(parts[-1], None)
    return out


def ss_vm(ss, instance, rg="rg-scale", tags=None, nics=None, computer=None):
    name = "%s_%s" % (ss, instance)
    out = vm(name, rg=rg, tags=tags, computer=computer or "%s00000%s" % (ss, instance),
             nics=nics if nics is not None else [vmss_nic_id(rg, ss, instance, "nic0")])
    out["id"] = ("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/"
                 "virtualMachineScaleSets/%s/virtualMachines/%s" % (SUB, rg, ss, instance))
    out["instanceId"] = str(instance)
    out["type"] = "Microsoft.Compute/virtualMachineScaleSets/virtualMachines"
    return out


def scale_set(name, rg="rg-scale", location="westeurope"):
    return {"id": "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Compute/virtualMachineScaleSets/%s"
                  % (SUB, rg, name),
            "name": name, "type": "Microsoft.Compute/virtualMachineScaleSets", "location": location,
            "sku": {"name": "Standard_B1s", "capacity": 2}, "properties": {}}


def nic(nid, private=None, public=None, primary=True, configs=None, drop_primary=False):
    if configs is None:
        cfg = {"name": "ipconfig1", "properties": {"privateIPAllocationMethod": "Dynamic"}}
        if private is not None:
            cfg["properties"]["privateIPAddress"] = private
        if public is not None:
            cfg["properties"]["publicIPAddress"] = {
                "id": nid.rsplit("/", 1)[0].replace("networkInterfaces", "publicIPAddresses") + "/pip-"
                + nid.rsplit("/", 1)[1],
                "properties": {"ipAddress": public, "publicIPAllocationMethod": "Static"}}
        configs = [cfg]
    props = {"ipConfigurations": configs, "provisioningState": "Succeeded"}
    if not drop_primary:
        props["primary"] = primary
    return {"id": nid, "name": nid.rsplit("/", 1)[1], "type": "Microsoft.Network/networkInterfaces",
            "location": "westeurope", "properties": props}


def nics_of(*items):
    return {n["id"]: n for n in items}


WORLDS = {}

# One VM with tags, a public IP (served only when expanded, as ARM does), a Windows VM without tags.
WORLDS["basic"] = {
    "vms": [[
        vm("web-1", tags={"env": "prod", "team.name": "sre", "Cost-Center": "42"}),
        vm("win-1", os_type="Windows", size="Standard_D2s_v3", location="northeurope"),
    ]],
    "scale_sets": [[]],
    "nics": nics_of(nic(nic_id("rg-web", "web-1-nic"), "10.0.1.4", public="203.0.113.10"),
                    nic(nic_id("rg-web", "win-1-nic"), "10.0.1.5")),
}

# The same, but the fake always includes public IP properties (as if ARM expanded them).
WORLDS["public-ip-always"] = dict(WORLDS["basic"], always_expand=True)

# Scale sets: resource group in mixed case, two instances, tags on one.
WORLDS["scale-sets"] = {
    "vms": [[vm("solo", rg="RG-Mixed", nics=[nic_id("RG-Mixed", "solo-nic")])]],
    "scale_sets": [[scale_set("pool", rg="RG-Scale")]],
    "scale_set_vms": {"RG-Scale/pool": [[
        ss_vm("pool", 0, rg="RG-Scale", tags={"role": "worker"}),
        ss_vm("pool", 1, rg="RG-Scale"),
    ]]},
    "nics": nics_of(nic(nic_id("RG-Mixed", "solo-nic"), "10.1.0.4"),
                    nic(vmss_nic_id("RG-Scale", "pool", 0, "nic0"), "10.2.0.4", public="198.51.100.7"),
                    nic(vmss_nic_id("RG-Scale", "pool", 1, "nic0"), "10.2.0.5")),
}

# Paging through nextLink, with an empty page in the middle and the scale-set VMs over two pages.
WORLDS["paging"] = {
    "vms": [[vm("p-1"), vm("p-2")], [], [vm("p-3")], [vm("p-4"), vm("p-5")]],
    "scale_sets": [[], [scale_set("ss")]],
    "scale_set_vms": {"rg-scale/ss": [[ss_vm("ss", 0)], [ss_vm("ss", 1)]]},
    "nics": nics_of(*[nic(nic_id("rg-web", "p-%d-nic" % i), "10.3.0.%d" % i) for i in range(1, 6)],
                    nic(vmss_nic_id("rg-scale", "ss", 0, "nic0"), "10.3.1.10"),
                    nic(vmss_nic_id("rg-scale", "ss", 1, "nic0"), "10.3.1.11")),
}

# VMs in two resource groups (for resource_group filtering).
WORLDS["two-groups"] = {
    "vms": [[vm("a-1", rg="rg-a"), vm("b-1", rg="rg-b"), vm("a-2", rg="RG-A")]],
    "scale_sets": [[scale_set("ssa", rg="rg-a"), scale_set("ssb", rg="rg-b")]],
    "scale_set_vms": {"rg-a/ssa": [[ss_vm("ssa", 0, rg="rg-a")]],
                      "rg-b/ssb": [[ss_vm("ssb", 0, rg="rg-b")]]},
    "nics": nics_of(nic(nic_id("rg-a", "a-1-nic"), "10.4.0.1"), nic(nic_id("rg-b", "b-1-nic"), "10.4.0.2"),
                    nic(nic_id("RG-A", "a-2-nic"), "10.4.0.3"),
                    nic(vmss_nic_id("rg-a", "ssa", 0, "nic0"), "10.4.1.1"),
                    nic(vmss_nic_id("rg-b", "ssb", 0, "nic0"), "10.4.1.2")),
}

# NIC corner cases, one VM each.
WORLDS["nic-corners"] = {
    "vms": [[
        vm("ok"),
        vm("missing-nic"),                                  # 404: skipped with a warning
        vm("deallocated"),                                  # primary absent: skipped
        vm("second-primary", nics=[nic_id("rg-web", "sp-a"), nic_id("rg-web", "sp-b")]),
        vm("two-configs"),                                  # first config's private IP wins
        vm("empty-configs"),                                # primary NIC without configs: skipped
        vm("no-nics", nics=[]),                             # no NIC at all: skipped
        vm("ipv6", nics=[nic_id("rg-web", "v6-nic")]),
    ]],
    "scale_sets": [[]],
    "nics": nics_of(
        nic(nic_id("rg-web", "ok-nic"), "10.5.0.1"),
        nic(nic_id("rg-web", "deallocated-nic"), "10.5.0.3", drop_primary=True),
        nic(nic_id("rg-web", "sp-a"), "10.5.0.41", primary=False),
        nic(nic_id("rg-web", "sp-b"), "10.5.0.42"),
        nic(nic_id("rg-web", "two-configs-nic"), configs=[
            {"name": "a", "properties": {"privateIPAddress": "10.5.0.51"}},
            {"name": "b", "properties": {"privateIPAddress": "10.5.0.52"}}]),
        nic(nic_id("rg-web", "empty-configs-nic"), configs=[]),
        nic(nic_id("rg-web", "v6-nic"), "2001:db8::7"),
    ),
}

# A primary NIC without a private IP: the whole refresh fails.
WORLDS["no-private-ip"] = {
    "vms": [[vm("good"), vm("bad")]],
    "scale_sets": [[]],
    "nics": nics_of(nic(nic_id("rg-web", "good-nic"), "10.6.0.1"),
                    nic(nic_id("rg-web", "bad-nic"), None)),
}

# Sparse VM objects: no tags, no osProfile, no hardwareProfile.
WORLDS["sparse"] = {
    "vms": [[vm("bare", drop=("properties.osProfile", "properties.hardwareProfile")),
             vm("tagless", tags={})]],
    "scale_sets": [[]],
    "nics": nics_of(nic(nic_id("rg-web", "bare-nic"), "10.7.0.1"),
                    nic(nic_id("rg-web", "tagless-nic"), "10.7.0.2")),
}

# A VM whose id does not have the 9 or 11 parts 2.42 requires.
WORLDS["odd-id"] = {
    "vms": [[vm("odd", vm_id="/subscriptions/%s/resourceGroups/rg-web/providers/Microsoft.Compute/"
                             "virtualMachines/odd/extra" % SUB), vm("fine")]],
    "scale_sets": [[]],
    "nics": nics_of(nic(nic_id("rg-web", "odd-nic"), "10.8.0.1"), nic(nic_id("rg-web", "fine-nic"), "10.8.0.2")),
}

# The same VM listed on two pages (promtool prints equal results once).
WORLDS["duplicate"] = {
    "vms": [[vm("dup")], [vm("dup")]],
    "scale_sets": [[]],
    "nics": nics_of(nic(nic_id("rg-web", "dup-nic"), "10.9.0.1")),
}

WORLDS["empty"] = {"vms": [[]], "scale_sets": [[]], "nics": {}}

# Tag keys that need sanitising and tag values that are odd.
WORLDS["tags"] = {
    "vms": [[vm("t", tags={"a-b": "1", "c d": "2", "ü": "3", "_x": "", "9lives": "cat",
                           "k8s.io/role": "node"})]],
    "scale_sets": [[]],
    "nics": nics_of(nic(nic_id("rg-web", "t-nic"), "10.10.0.1")),
}


def main():
    OUT.mkdir(exist_ok=True)
    for name, world in WORLDS.items():
        text = json.dumps(world, indent=1, ensure_ascii=False, sort_keys=False)
        (OUT / (name + ".json")).write_text(text + "\n", encoding="utf-8")
    print("wrote %d worlds to %s" % (len(WORLDS), OUT))


if __name__ == "__main__":
    main()
