package io.promsd.sd.docker;

import static io.promsd.sd.docker.GoType.BOOL;
import static io.promsd.sd.docker.GoType.FLOAT32;
import static io.promsd.sd.docker.GoType.INT;
import static io.promsd.sd.docker.GoType.INT64;
import static io.promsd.sd.docker.GoType.STRING;
import static io.promsd.sd.docker.GoType.UINT16;
import static io.promsd.sd.docker.GoType.UINT32;
import static io.promsd.sd.docker.GoType.UINT64;
import static io.promsd.sd.docker.GoType.field;
import static io.promsd.sd.docker.GoType.map;
import static io.promsd.sd.docker.GoType.ptr;
import static io.promsd.sd.docker.GoType.slice;
import static io.promsd.sd.docker.GoType.string;
import static io.promsd.sd.docker.GoType.struct;

import io.promsd.relabel.Compat;
import java.util.List;

/**
 * The Engine API answers Prometheus reads, as the Go types the Docker client decodes them into:
 * Prometheus 2.42 vendors {@code github.com/docker/docker} v20.10.23 ({@code api/types}), 3.x
 * {@code github.com/moby/moby/api} v1.55.0 ({@code api/types/container}, {@code network}, {@code
 * swarm}), whose names and a few field types differ (3.x decodes IP addresses and prefixes as
 * {@code netip} values). The fields Prometheus reads are kept in slots, named by the constants
 * below; the others are type-checked as Go would, to the depth listed here, and dropped. Structs
 * listed without fields ({@code swarm.Resources}, ...) are checked to be objects only.
 */
final class EngineTypes {
  private EngineTypes() {}

  // Slots of a container summary.
  static final int C_ID = 0;
  static final int C_NAMES = 1;
  static final int C_IMAGE = 2;
  static final int C_IMAGE_ID = 3;
  static final int C_PORTS = 4;
  static final int C_LABELS = 5;
  static final int C_HOST_CONFIG = 6; // HC_*
  static final int C_NETWORK_SETTINGS = 7; // NS_*
  static final int HC_NETWORK_MODE = 0;
  static final int NS_NETWORKS = 0; // map of EP_*
  static final int P_IP = 0;
  static final int P_PRIVATE = 1;
  static final int P_PUBLIC = 2;
  static final int P_TYPE = 3;
  static final int EP_NETWORK_ID = 0;
  static final int EP_IP = 1;
  static final int EP_IPV6 = 2;

  // Slots of a network summary.
  static final int N_NAME = 0;
  static final int N_ID = 1;
  static final int N_SCOPE = 2;
  static final int N_INTERNAL = 3;
  static final int N_INGRESS = 4;
  static final int N_LABELS = 5;

  // Slots of a swarm node.
  static final int NODE_ID = 0;
  static final int NODE_SPEC = 1; // NSPEC_*
  static final int NODE_DESCRIPTION = 2; // ND_*
  static final int NODE_STATUS = 3; // NST_*
  static final int NODE_MANAGER = 4; // MS_*
  static final int NSPEC_LABELS = 0;
  static final int NSPEC_ROLE = 1;
  static final int NSPEC_AVAILABILITY = 2;
  static final int ND_HOSTNAME = 0;
  static final int ND_PLATFORM = 1; // PL_*
  static final int ND_ENGINE = 2; // ENG_*
  static final int PL_ARCH = 0;
  static final int PL_OS = 1;
  static final int ENG_VERSION = 0;
  static final int NST_STATE = 0;
  static final int NST_ADDR = 1;
  static final int MS_LEADER = 0;
  static final int MS_REACHABILITY = 1;
  static final int MS_ADDR = 2;

  // Slots of a swarm service.
  static final int S_ID = 0;
  static final int S_SPEC = 1; // SS_*
  static final int S_ENDPOINT = 2; // E_*
  static final int S_UPDATE_STATUS = 3; // US_*
  static final int SS_NAME = 0;
  static final int SS_LABELS = 1;
  static final int SS_TASK_TEMPLATE = 2; // TS_*
  static final int SS_MODE = 3; // MODE_*
  static final int TS_CONTAINER_SPEC = 0; // CS_*
  static final int CS_IMAGE = 0;
  static final int CS_LABELS = 1;
  static final int CS_HOSTNAME = 2;
  static final int MODE_REPLICATED = 0;
  static final int MODE_GLOBAL = 1;
  static final int E_PORTS = 0; // PC_*
  static final int E_VIPS = 1; // VIP_*
  static final int PC_NAME = 0;
  static final int PC_PROTOCOL = 1;
  static final int PC_PUBLISHED = 2;
  static final int PC_PUBLISH_MODE = 3;
  static final int VIP_NETWORK_ID = 0;
  static final int VIP_ADDR = 1;
  static final int US_STATE = 0;

  // Slots of a swarm task.
  static final int T_ID = 0;
  static final int T_SPEC = 1; // TS_*
  static final int T_SERVICE_ID = 2;
  static final int T_SLOT = 3;
  static final int T_NODE_ID = 4;
  static final int T_STATUS = 5; // TST_*
  static final int T_DESIRED_STATE = 6;
  static final int T_ATTACHMENTS = 7; // NA_*
  static final int TST_STATE = 0;
  static final int TST_CONTAINER_STATUS = 1; // CST_*
  static final int TST_PORT_STATUS = 2; // PS_*
  static final int CST_CONTAINER_ID = 0;
  static final int PS_PORTS = 0; // PC_*
  static final int NA_NETWORK = 0; // SN_*
  static final int NA_ADDRESSES = 1;
  static final int SN_ID = 0;

  /** The four lists, for one compat. */
  record Schema(GoType containers, GoType networks, GoType nodes, GoType services, GoType tasks) {}

  static final Schema V2 = schema(false);
  static final Schema V3 = schema(true);

  static Schema of(Compat compat) {
    return compat == Compat.PROMETHEUS_3 ? V3 : V2;
  }

  private static GoType opaque(String name, String shortName) {
    return struct(name, shortName, List.of());
  }

  private static GoType time() {
    return GoType.unchecked("time.Time");
  }

  private static Schema schema(boolean v3) {
    GoType ipAddr = v3 ? GoType.text("netip.Addr", NetAddrs::parseAddr) : STRING;
    GoType ipPrefix = v3 ? GoType.text("netip.Prefix", NetAddrs::parsePrefix) : STRING;
    GoType stringMap = map(STRING);
    GoType strings = slice(STRING);

    // --- containers ---
    GoType port =
        struct(
            v3 ? "container.PortSummary" : "types.Port",
            v3 ? "PortSummary" : "Port",
            List.of(
                field("IP", ipAddr, P_IP),
                field("PrivatePort", UINT16, P_PRIVATE),
                field("PublicPort", UINT16, P_PUBLIC),
                field("Type", STRING, P_TYPE)));
    GoType ipamConfig =
        struct(
            "network.EndpointIPAMConfig",
            "EndpointIPAMConfig",
            List.of(
                field("IPv4Address", ipAddr),
                field("IPv6Address", ipAddr),
                field("LinkLocalIPs", slice(ipAddr))));
    GoType endpoint =
        struct(
            "network.EndpointSettings",
            "EndpointSettings",
            v3
                ? List.of(
                    field("IPAMConfig", ptr(ipamConfig)),
                    field("Links", strings),
                    field("Aliases", strings),
                    field("DriverOpts", stringMap),
                    field("GwPriority", INT),
                    field("NetworkID", STRING, EP_NETWORK_ID),
                    field("EndpointID", STRING),
                    field("Gateway", ipAddr),
                    field("IPAddress", ipAddr, EP_IP),
                    field("MacAddress", GoType.text("network.HardwareAddr", NetAddrs::parseMac)),
                    field("IPPrefixLen", INT),
                    field("IPv6Gateway", ipAddr),
                    field("GlobalIPv6Address", ipAddr, EP_IPV6),
                    field("GlobalIPv6PrefixLen", INT),
                    field("DNSNames", strings))
                : List.of(
                    field("IPAMConfig", ptr(ipamConfig)),
                    field("Links", strings),
                    field("Aliases", strings),
                    field("NetworkID", STRING, EP_NETWORK_ID),
                    field("EndpointID", STRING),
                    field("Gateway", STRING),
                    field("IPAddress", STRING, EP_IP),
                    field("IPPrefixLen", INT),
                    field("IPv6Gateway", STRING),
                    field("GlobalIPv6Address", STRING, EP_IPV6),
                    field("GlobalIPv6PrefixLen", INT),
                    field("MacAddress", STRING),
                    field("DriverOpts", stringMap)));
    GoType networkSettings =
        struct(
            v3 ? "container.NetworkSettingsSummary" : "types.SummaryNetworkSettings",
            v3 ? "NetworkSettingsSummary" : "SummaryNetworkSettings",
            List.of(field("Networks", map(ptr(endpoint)), NS_NETWORKS)));
    GoType hostConfig =
        v3
            ? struct(
                "struct { NetworkMode string \"json:\\\",omitempty\\\"\";"
                    + " Annotations map[string]string \"json:\\\",omitempty\\\"\" }",
                "",
                List.of(
                    field("NetworkMode", STRING, HC_NETWORK_MODE), field("Annotations", stringMap)))
            : struct(
                "struct { NetworkMode string \"json:\\\",omitempty\\\"\" }",
                "",
                List.of(field("NetworkMode", STRING, HC_NETWORK_MODE)));
    GoType container =
        struct(
            v3 ? "container.Summary" : "types.Container",
            v3 ? "Summary" : "Container",
            v3
                ? List.of(
                    field("Id", STRING, C_ID),
                    field("Names", strings, C_NAMES),
                    field("Image", STRING, C_IMAGE),
                    field("ImageID", STRING, C_IMAGE_ID),
                    field("ImageManifestDescriptor", ptr(opaque("v1.Descriptor", "Descriptor"))),
                    field("Command", STRING),
                    field("Created", INT64),
                    field("Ports", slice(port), C_PORTS),
                    field("SizeRw", INT64),
                    field("SizeRootFs", INT64),
                    field("Labels", stringMap, C_LABELS),
                    field("State", string("container.ContainerState")),
                    field("Status", STRING),
                    field("HostConfig", hostConfig, C_HOST_CONFIG),
                    field("Health", ptr(opaque("container.HealthSummary", "HealthSummary"))),
                    field("NetworkSettings", ptr(networkSettings), C_NETWORK_SETTINGS),
                    field("Mounts", slice(opaque("container.MountPoint", "MountPoint"))))
                : List.of(
                    field("Id", STRING, C_ID),
                    field("Names", strings, C_NAMES),
                    field("Image", STRING, C_IMAGE),
                    field("ImageID", STRING, C_IMAGE_ID),
                    field("Command", STRING),
                    field("Created", INT64),
                    field("Ports", slice(port), C_PORTS),
                    field("SizeRw", INT64),
                    field("SizeRootFs", INT64),
                    field("Labels", stringMap, C_LABELS),
                    field("State", STRING),
                    field("Status", STRING),
                    field("HostConfig", hostConfig, C_HOST_CONFIG),
                    field("NetworkSettings", ptr(networkSettings), C_NETWORK_SETTINGS),
                    field("Mounts", slice(opaque("types.MountPoint", "MountPoint")))));

    // --- networks ---
    GoType networkSummary =
        struct(
            v3 ? "network.Summary" : "types.NetworkResource",
            v3 ? "Summary" : "NetworkResource",
            v3
                ? List.of(
                    field("Name", STRING, N_NAME),
                    field("Id", STRING, N_ID),
                    field("Created", time()),
                    field("Scope", STRING, N_SCOPE),
                    field("Driver", STRING),
                    field("EnableIPv4", BOOL),
                    field("EnableIPv6", BOOL),
                    field("IPAM", opaque("network.IPAM", "IPAM")),
                    field("Internal", BOOL, N_INTERNAL),
                    field("Attachable", BOOL),
                    field("Ingress", BOOL, N_INGRESS),
                    field("ConfigFrom", opaque("network.ConfigReference", "ConfigReference")),
                    field("ConfigOnly", BOOL),
                    field("Options", stringMap),
                    field("Labels", stringMap, N_LABELS),
                    field("Peers", slice(opaque("network.PeerInfo", "PeerInfo"))))
                : List.of(
                    field("Name", STRING, N_NAME),
                    field("Id", STRING, N_ID),
                    field("Created", time()),
                    field("Scope", STRING, N_SCOPE),
                    field("Driver", STRING),
                    field("EnableIPv6", BOOL),
                    field("IPAM", opaque("network.IPAM", "IPAM")),
                    field("Internal", BOOL, N_INTERNAL),
                    field("Attachable", BOOL),
                    field("Ingress", BOOL, N_INGRESS),
                    field("ConfigFrom", opaque("network.ConfigReference", "ConfigReference")),
                    field("ConfigOnly", BOOL),
                    field("Containers", map(opaque("types.EndpointResource", "EndpointResource"))),
                    field("Options", stringMap),
                    field("Labels", stringMap, N_LABELS),
                    field("Peers", slice(opaque("network.PeerInfo", "PeerInfo"))),
                    field("Services", map(opaque("network.ServiceInfo", "ServiceInfo")))));

    // --- swarm ---
    GoType version = opaque("swarm.Version", "Version");
    GoType platform =
        struct(
            "swarm.Platform",
            "Platform",
            List.of(field("Architecture", STRING, PL_ARCH), field("OS", STRING, PL_OS)));
    GoType engine =
        struct(
            "swarm.EngineDescription",
            "EngineDescription",
            List.of(
                field("EngineVersion", STRING, ENG_VERSION),
                field("Labels", stringMap),
                field("Plugins", slice(opaque("swarm.PluginDescription", "PluginDescription")))));
    GoType node =
        struct(
            "swarm.Node",
            "Node",
            List.of(
                field("ID", STRING, NODE_ID),
                field("Version", version),
                field("CreatedAt", time()),
                field("UpdatedAt", time()),
                field(
                    "Spec",
                    struct(
                        "swarm.NodeSpec",
                        "NodeSpec",
                        List.of(
                            field("Name", STRING),
                            field("Labels", stringMap, NSPEC_LABELS),
                            field("Role", string("swarm.NodeRole"), NSPEC_ROLE),
                            field(
                                "Availability",
                                string("swarm.NodeAvailability"),
                                NSPEC_AVAILABILITY))),
                    NODE_SPEC),
                field(
                    "Description",
                    struct(
                        "swarm.NodeDescription",
                        "NodeDescription",
                        v3
                            ? List.of(
                                field("Hostname", STRING, ND_HOSTNAME),
                                field("Platform", platform, ND_PLATFORM),
                                field("Resources", opaque("swarm.Resources", "Resources")),
                                field("Engine", engine, ND_ENGINE),
                                field("TLSInfo", opaque("swarm.TLSInfo", "TLSInfo")),
                                field("CSIInfo", slice(opaque("swarm.NodeCSIInfo", "NodeCSIInfo"))))
                            : List.of(
                                field("Hostname", STRING, ND_HOSTNAME),
                                field("Platform", platform, ND_PLATFORM),
                                field("Resources", opaque("swarm.Resources", "Resources")),
                                field("Engine", engine, ND_ENGINE),
                                field("TLSInfo", opaque("swarm.TLSInfo", "TLSInfo")))),
                    NODE_DESCRIPTION),
                field(
                    "Status",
                    struct(
                        "swarm.NodeStatus",
                        "NodeStatus",
                        List.of(
                            field("State", string("swarm.NodeState"), NST_STATE),
                            field("Message", STRING),
                            field("Addr", STRING, NST_ADDR))),
                    NODE_STATUS),
                field(
                    "ManagerStatus",
                    ptr(
                        struct(
                            "swarm.ManagerStatus",
                            "ManagerStatus",
                            List.of(
                                field("Leader", BOOL, MS_LEADER),
                                field(
                                    "Reachability", string("swarm.Reachability"), MS_REACHABILITY),
                                field("Addr", STRING, MS_ADDR)))),
                    NODE_MANAGER)));

    GoType portConfig =
        struct(
            "swarm.PortConfig",
            "PortConfig",
            List.of(
                field("Name", STRING, PC_NAME),
                field(
                    "Protocol",
                    string(v3 ? "network.IPProtocol" : "swarm.PortConfigProtocol"),
                    PC_PROTOCOL),
                field("TargetPort", UINT32),
                field("PublishedPort", UINT32, PC_PUBLISHED),
                field("PublishMode", string("swarm.PortConfigPublishMode"), PC_PUBLISH_MODE)));
    GoType containerSpec =
        struct(
            "swarm.ContainerSpec",
            "ContainerSpec",
            List.of(
                field("Image", STRING, CS_IMAGE),
                field("Labels", stringMap, CS_LABELS),
                field("Command", strings),
                field("Args", strings),
                field("Hostname", STRING, CS_HOSTNAME),
                field("Env", strings),
                field("Dir", STRING),
                field("User", STRING),
                field("Groups", strings)));
    GoType attachmentConfig =
        struct(
            "swarm.NetworkAttachmentConfig",
            "NetworkAttachmentConfig",
            List.of(
                field("Target", STRING),
                field("Aliases", strings),
                field("DriverOpts", stringMap)));
    GoType taskSpec =
        struct(
            "swarm.TaskSpec",
            "TaskSpec",
            List.of(
                field("ContainerSpec", ptr(containerSpec), TS_CONTAINER_SPEC),
                field(
                    "PluginSpec",
                    ptr(
                        v3
                            ? opaque("swarm.RuntimeSpec", "RuntimeSpec")
                            : opaque("runtime.PluginSpec", "PluginSpec"))),
                field(
                    "NetworkAttachmentSpec",
                    ptr(opaque("swarm.NetworkAttachmentSpec", "NetworkAttachmentSpec"))),
                field(
                    "Resources", ptr(opaque("swarm.ResourceRequirements", "ResourceRequirements"))),
                field("RestartPolicy", ptr(opaque("swarm.RestartPolicy", "RestartPolicy"))),
                field("Placement", ptr(opaque("swarm.Placement", "Placement"))),
                field("Networks", slice(attachmentConfig)),
                field("LogDriver", ptr(opaque("swarm.Driver", "Driver"))),
                field("ForceUpdate", UINT64),
                field("Runtime", string("swarm.RuntimeType"))));
    GoType updateConfig =
        struct(
            "swarm.UpdateConfig",
            "UpdateConfig",
            List.of(
                field("Parallelism", UINT64),
                field("Delay", GoType.INT64_DURATION),
                field("FailureAction", STRING),
                field("Monitor", GoType.INT64_DURATION),
                field("MaxFailureRatio", FLOAT32),
                field("Order", STRING)));
    GoType endpointSpec =
        struct(
            "swarm.EndpointSpec",
            "EndpointSpec",
            List.of(
                field("Mode", string("swarm.ResolutionMode")), field("Ports", slice(portConfig))));
    GoType serviceSpec =
        struct(
            "swarm.ServiceSpec",
            "ServiceSpec",
            v3
                ? List.of(
                    field("Name", STRING, SS_NAME),
                    field("Labels", stringMap, SS_LABELS),
                    field("TaskTemplate", taskSpec, SS_TASK_TEMPLATE),
                    field("Mode", serviceMode(), SS_MODE),
                    field("UpdateConfig", ptr(updateConfig)),
                    field("RollbackConfig", ptr(updateConfig)),
                    field("EndpointSpec", ptr(endpointSpec)))
                : List.of(
                    field("Name", STRING, SS_NAME),
                    field("Labels", stringMap, SS_LABELS),
                    field("TaskTemplate", taskSpec, SS_TASK_TEMPLATE),
                    field("Mode", serviceMode(), SS_MODE),
                    field("UpdateConfig", ptr(updateConfig)),
                    field("RollbackConfig", ptr(updateConfig)),
                    field("Networks", slice(attachmentConfig)),
                    field("EndpointSpec", ptr(endpointSpec))));
    GoType service =
        struct(
            "swarm.Service",
            "Service",
            List.of(
                field("ID", STRING, S_ID),
                field("Version", version),
                field("CreatedAt", time()),
                field("UpdatedAt", time()),
                field("Spec", serviceSpec, S_SPEC),
                field("PreviousSpec", ptr(serviceSpec)),
                field(
                    "Endpoint",
                    struct(
                        "swarm.Endpoint",
                        "Endpoint",
                        List.of(
                            field("Spec", endpointSpec),
                            field("Ports", slice(portConfig), E_PORTS),
                            field(
                                "VirtualIPs",
                                slice(
                                    struct(
                                        "swarm.EndpointVirtualIP",
                                        "EndpointVirtualIP",
                                        List.of(
                                            field("NetworkID", STRING, VIP_NETWORK_ID),
                                            field("Addr", ipPrefix, VIP_ADDR)))),
                                E_VIPS))),
                    S_ENDPOINT),
                field(
                    "UpdateStatus",
                    ptr(
                        struct(
                            "swarm.UpdateStatus",
                            "UpdateStatus",
                            List.of(
                                field("State", string("swarm.UpdateState"), US_STATE),
                                field("StartedAt", ptr(time())),
                                field("CompletedAt", ptr(time())),
                                field("Message", STRING)))),
                    S_UPDATE_STATUS),
                field("ServiceStatus", ptr(opaque("swarm.ServiceStatus", "ServiceStatus"))),
                field("JobStatus", ptr(opaque("swarm.JobStatus", "JobStatus")))));

    GoType swarmNetwork =
        struct(
            "swarm.Network",
            "Network",
            List.of(
                field("ID", STRING, SN_ID),
                field("Version", version),
                field("CreatedAt", time()),
                field("UpdatedAt", time()),
                field("Spec", opaque("swarm.NetworkSpec", "NetworkSpec")),
                field("DriverState", opaque("swarm.Driver", "Driver")),
                field("IPAMOptions", ptr(opaque("swarm.IPAMOptions", "IPAMOptions")))));
    List<GoType.Field> taskFields =
        new java.util.ArrayList<>(
            List.of(
                field("ID", STRING, T_ID),
                field("Version", version),
                field("CreatedAt", time()),
                field("UpdatedAt", time()),
                field("Name", STRING),
                field("Labels", stringMap),
                field("Spec", taskSpec, T_SPEC),
                field("ServiceID", STRING, T_SERVICE_ID),
                field("Slot", INT, T_SLOT),
                field("NodeID", STRING, T_NODE_ID),
                field(
                    "Status",
                    struct(
                        "swarm.TaskStatus",
                        "TaskStatus",
                        List.of(
                            field("Timestamp", time()),
                            field("State", string("swarm.TaskState"), TST_STATE),
                            field("Message", STRING),
                            field("Err", STRING),
                            field(
                                "ContainerStatus",
                                ptr(
                                    struct(
                                        "swarm.ContainerStatus",
                                        "ContainerStatus",
                                        List.of(
                                            field("ContainerID", STRING, CST_CONTAINER_ID),
                                            field("PID", INT),
                                            field("ExitCode", INT)))),
                                TST_CONTAINER_STATUS),
                            field(
                                "PortStatus",
                                struct(
                                    "swarm.PortStatus",
                                    "PortStatus",
                                    List.of(field("Ports", slice(portConfig), PS_PORTS))),
                                TST_PORT_STATUS))),
                    T_STATUS),
                field("DesiredState", string("swarm.TaskState"), T_DESIRED_STATE),
                field(
                    "NetworksAttachments",
                    slice(
                        struct(
                            "swarm.NetworkAttachment",
                            "NetworkAttachment",
                            List.of(
                                field("Network", swarmNetwork, NA_NETWORK),
                                field("Addresses", slice(ipPrefix), NA_ADDRESSES)))),
                    T_ATTACHMENTS),
                field(
                    "GenericResources", slice(opaque("swarm.GenericResource", "GenericResource"))),
                field("JobIteration", ptr(version))));
    if (v3) {
      taskFields.add(field("Volumes", slice(opaque("swarm.VolumeAttachment", "VolumeAttachment"))));
    }
    GoType task = struct("swarm.Task", "Task", taskFields);

    return new Schema(
        slice(container), slice(networkSummary), slice(node), slice(service), slice(task));
  }

  private static GoType serviceMode() {
    return struct(
        "swarm.ServiceMode",
        "ServiceMode",
        List.of(
            field(
                "Replicated",
                ptr(
                    struct(
                        "swarm.ReplicatedService",
                        "ReplicatedService",
                        List.of(field("Replicas", ptr(UINT64))))),
                MODE_REPLICATED),
            field("Global", ptr(opaque("swarm.GlobalService", "GlobalService")), MODE_GLOBAL),
            field("ReplicatedJob", ptr(opaque("swarm.ReplicatedJob", "ReplicatedJob"))),
            field("GlobalJob", ptr(opaque("swarm.GlobalJob", "GlobalJob")))));
  }

  // ---- reading slots: absent means Go's zero value ----

  static String str(Object[] o, int slot) {
    Object v = o == null ? null : o[slot];
    return v == null ? "" : (String) v;
  }

  static long num(Object[] o, int slot) {
    Object v = o == null ? null : o[slot];
    return v == null ? 0 : (Long) v;
  }

  static boolean bool(Object[] o, int slot) {
    Object v = o == null ? null : o[slot];
    return v != null && (Boolean) v;
  }

  static Object[] obj(Object[] o, int slot) {
    return o == null ? null : (Object[]) o[slot];
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object[] o, int slot) {
    Object v = o == null ? null : o[slot];
    return v == null ? List.of() : (List<Object>) v;
  }

  @SuppressWarnings("unchecked")
  static java.util.Map<String, Object> mapOf(Object[] o, int slot) {
    Object v = o == null ? null : o[slot];
    return v == null ? java.util.Map.of() : (java.util.Map<String, Object>) v;
  }
}
