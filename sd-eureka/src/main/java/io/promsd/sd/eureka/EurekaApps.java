package io.promsd.sd.eureka;

import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.GoText;
import io.promsd.sd.eureka.GoXml.Kind;
import io.promsd.sd.eureka.GoXml.Token;
import io.promsd.sd.eureka.GoXml.XmlException;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.LabelNames;
import java.util.ArrayList;
import java.util.List;

/**
 * Eureka's {@code /apps} document decoded as Prometheus decodes it ({@code discovery/eureka/
 * client.go}: {@code xml.NewDecoder(body).Decode(&apps)} into {@code Applications}), and the
 * targets it makes of it ({@code discovery/eureka/eureka.go} {@code targetsForApp}).
 *
 * <p>Go's rules kept: elements match by local name, unknown ones are skipped; the first start
 * element is the root, whatever its name, and nothing after it is read; a string field is the
 * character data directly inside its element (nested elements skipped), a repeated element
 * overwrites; numbers and booleans are trimmed and parsed by {@code strconv} (an empty value is
 * zero); {@code metadata} children keep their raw inner XML.
 */
final class EurekaApps {
  private EurekaApps() {}

  static final String PREFIX = "__meta_eureka_";
  static final String INSTANCE = PREFIX + "app_instance_";

  /** A {@code <port>} or {@code <securePort>}. */
  static final class Port {
    long port;
    boolean enabled;
  }

  /** A {@code <dataCenterInfo>}. */
  static final class DataCenter {
    String name = "";
    List<String[]> metadata;
  }

  /** An {@code <instance>}. */
  static final class Instance {
    String hostName = "";
    String homePageUrl = "";
    String statusPageUrl = "";
    String healthCheckUrl = "";
    String ipAddr = "";
    String vipAddress = "";
    String secureVipAddress = "";
    String status = "";
    Port port;
    Port securePort;
    DataCenter dataCenter;
    List<String[]> metadata;
    long countryId;
    String instanceId = "";
  }

  /** An {@code <application>}. */
  static final class App {
    String name = "";
    final List<Instance> instances = new ArrayList<>();
  }

  /**
   * Decodes a body.
   *
   * @throws XmlException with Go's text: {@code EOF} when there is no element at all, {@code XML
   *     syntax error on line N: ...}, {@code strconv.ParseInt: parsing "x": invalid syntax}
   */
  static List<App> decode(String body) throws XmlException {
    GoXml x = new GoXml(body);
    Token t;
    do {
      t = x.next();
      if (t.kind() == Kind.EOF) {
        throw new XmlException("EOF");
      }
    } while (t.kind() != Kind.START);
    List<App> apps = new ArrayList<>();
    while (true) {
      t = x.next();
      if (t.kind() == Kind.END) {
        return apps;
      }
      if (t.kind() != Kind.START) {
        continue;
      }
      switch (t.local()) {
        case "application" -> apps.add(app(x));
        case "versions__delta" -> parseInt(text(x));
        default -> x.skip(); // apps__hashcode and the rest: nothing Prometheus uses
      }
    }
  }

  private static App app(GoXml x) throws XmlException {
    App a = new App();
    while (true) {
      Token t = x.next();
      if (t.kind() == Kind.END) {
        return a;
      }
      if (t.kind() != Kind.START) {
        continue;
      }
      switch (t.local()) {
        case "name" -> a.name = text(x);
        case "instance" -> a.instances.add(instance(x));
        default -> x.skip();
      }
    }
  }

  private static Instance instance(GoXml x) throws XmlException {
    Instance in = new Instance();
    while (true) {
      Token t = x.next();
      if (t.kind() == Kind.END) {
        return in;
      }
      if (t.kind() != Kind.START) {
        continue;
      }
      switch (t.local()) {
        case "hostName" -> in.hostName = text(x);
        case "homePageUrl" -> in.homePageUrl = text(x);
        case "statusPageUrl" -> in.statusPageUrl = text(x);
        case "healthCheckUrl" -> in.healthCheckUrl = text(x);
        case "ipAddr" -> in.ipAddr = text(x);
        case "vipAddress" -> in.vipAddress = text(x);
        case "secureVipAddress" -> in.secureVipAddress = text(x);
        case "status" -> in.status = text(x);
        case "instanceId" -> in.instanceId = text(x);
        case "app", "actionType" -> text(x);
        case "countryId" -> in.countryId = parseInt(text(x));
        case "isCoordinatingDiscoveryServer" -> parseBool(text(x));
        case "port" -> in.port = port(x, t, in.port);
        case "securePort" -> in.securePort = port(x, t, in.securePort);
        case "dataCenterInfo" -> in.dataCenter = dataCenter(x, in.dataCenter);
        case "metadata" -> in.metadata = metadata(x, in.metadata);
        default -> x.skip();
      }
    }
  }

  // A repeated element decodes into the value already there (Go reuses the pointer).
  private static Port port(GoXml x, Token start, Port into) throws XmlException {
    Port p = into == null ? new Port() : into;
    for (String[] a : start.attrs()) {
      if (a[0].equals("enabled")) {
        p.enabled = parseBool(a[1]);
      }
    }
    p.port = parseInt(text(x));
    return p;
  }

  private static DataCenter dataCenter(GoXml x, DataCenter into) throws XmlException {
    DataCenter d = into == null ? new DataCenter() : into;
    while (true) {
      Token t = x.next();
      if (t.kind() == Kind.END) {
        return d;
      }
      if (t.kind() != Kind.START) {
        continue;
      }
      switch (t.local()) {
        case "name" -> d.name = text(x);
        case "metadata" -> d.metadata = metadata(x, d.metadata);
        default -> x.skip();
      }
    }
  }

  /** Every child element as (local name, raw inner XML), appended ({@code xml:",any"}). */
  private static List<String[]> metadata(GoXml x, List<String[]> into) throws XmlException {
    List<String[]> items = into == null ? new ArrayList<>() : into;
    while (true) {
      Token t = x.next();
      if (t.kind() == Kind.END) {
        return items;
      }
      if (t.kind() != Kind.START) {
        continue;
      }
      int from = x.offset();
      int depth = 0;
      while (true) {
        int before = x.offset();
        Token c = x.next();
        if (c.kind() == Kind.START) {
          depth++;
        } else if (c.kind() == Kind.END) {
          if (depth == 0) {
            items.add(new String[] {t.local(), x.raw(from, before)});
            break;
          }
          depth--;
        }
      }
    }
  }

  /** The character data directly inside the element just started; nested elements skipped. */
  private static String text(GoXml x) throws XmlException {
    String first = null;
    StringBuilder sb = null;
    while (true) {
      Token t = x.next();
      switch (t.kind()) {
        case END -> {
          return sb != null ? sb.toString() : first != null ? first : "";
        }
        case START -> x.skip();
        case TEXT -> {
          // One run of text is the common case: no copying.
          if (first == null) {
            first = t.text();
          } else {
            if (sb == null) {
              sb = new StringBuilder(first);
            }
            sb.append(t.text());
          }
        }
        default -> {
          // comments, processing instructions
        }
      }
    }
  }

  /** Go's {@code strconv.ParseInt(strings.TrimSpace(s), 10, 64)}; empty is 0. */
  static long parseInt(String raw) throws XmlException {
    if (raw.isEmpty()) {
      return 0;
    }
    String s = raw.strip();
    int i = 0;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      neg = s.charAt(0) == '-';
      i = 1;
    }
    if (i >= s.length()) {
      throw new XmlException("strconv.ParseInt: parsing " + GoText.quote(s) + ": invalid syntax");
    }
    long v = 0;
    boolean overflow = false;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new XmlException("strconv.ParseInt: parsing " + GoText.quote(s) + ": invalid syntax");
      }
      if (!overflow) {
        try {
          v = Math.addExact(Math.multiplyExact(v, 10), neg ? -(c - '0') : (c - '0'));
        } catch (ArithmeticException e) {
          overflow = true;
        }
      }
    }
    if (overflow) {
      throw new XmlException(
          "strconv.ParseInt: parsing " + GoText.quote(s) + ": value out of range");
    }
    return v;
  }

  /** Go's {@code strconv.ParseBool(strings.TrimSpace(s))}; empty is false. */
  static boolean parseBool(String raw) throws XmlException {
    if (raw.isEmpty()) {
      return false;
    }
    String s = raw.strip();
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default ->
          throw new XmlException(
              "strconv.ParseBool: parsing " + GoText.quote(s) + ": invalid syntax");
    };
  }

  /** The targets of every instance of every application, in order. */
  static List<Labels> targets(List<App> apps) {
    List<Labels> out = new ArrayList<>();
    for (App app : apps) {
      for (Instance t : app.instances) {
        Labels.Builder b = Labels.builder();
        String port = t.port != null ? Long.toString(t.port.port) : "80";
        b.set("__address__", GoNet.joinHostPort(t.hostName, port));
        b.set("instance", t.instanceId);
        b.set(PREFIX + "app_name", app.name);
        b.set(INSTANCE + "hostname", t.hostName);
        b.set(INSTANCE + "homepage_url", t.homePageUrl);
        b.set(INSTANCE + "statuspage_url", t.statusPageUrl);
        b.set(INSTANCE + "healthcheck_url", t.healthCheckUrl);
        b.set(INSTANCE + "ip_addr", t.ipAddr);
        b.set(INSTANCE + "vip_address", t.vipAddress);
        b.set(INSTANCE + "secure_vip_address", t.secureVipAddress);
        b.set(INSTANCE + "status", t.status);
        b.set(INSTANCE + "country_id", Long.toString(t.countryId));
        b.set(INSTANCE + "id", t.instanceId);
        if (t.port != null) {
          b.set(INSTANCE + "port", Long.toString(t.port.port));
          b.set(INSTANCE + "port_enabled", Boolean.toString(t.port.enabled));
        }
        if (t.securePort != null) {
          b.set(INSTANCE + "secure_port", Long.toString(t.securePort.port));
          b.set(INSTANCE + "secure_port_enabled", Boolean.toString(t.securePort.enabled));
        }
        if (t.dataCenter != null) {
          b.set(INSTANCE + "datacenterinfo_name", t.dataCenter.name);
          if (t.dataCenter.metadata != null) {
            for (String[] m : t.dataCenter.metadata) {
              b.set(INSTANCE + "datacenterinfo_metadata_" + LabelNames.sanitize(m[0]), m[1]);
            }
          }
        }
        if (t.metadata != null) {
          for (String[] m : t.metadata) {
            b.set(INSTANCE + "metadata_" + LabelNames.sanitize(m[0]), m[1]);
          }
        }
        out.add(b.build());
      }
    }
    return out;
  }
}
