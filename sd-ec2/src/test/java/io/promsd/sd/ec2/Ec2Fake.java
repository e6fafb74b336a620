package io.promsd.sd.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A fake EC2 endpoint speaking the EC2 query protocol (API version 2016-11-15) on 127.0.0.1, the
 * twin of {@code testdata/ec2/gen/fake_ec2.py} that promtool was recorded against: it serves the
 * same payload files by the same rules (testdata/ec2/README.md), so replays see what promtool saw.
 * Tests can also swap the pages at any time, make actions fail, and read every request it got.
 *
 * <p>Thread-safe: the server's threads and the test thread share it under its lock.
 */
final class Ec2Fake implements AutoCloseable {
  static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
  private static final Pattern SCOPE =
      Pattern.compile("Credential=([^/]*)/(\\d{8})/([^/]+)/([^/]+)/aws4_request");
  private static final Pattern TOKEN =
      Pattern.compile("<nextToken>(.*?)</nextToken>", Pattern.DOTALL);

  /** One request as received. */
  record Request(
      String action,
      Map<String, String> form,
      String accessKey,
      String region,
      String service,
      String contentType) {}

  /** An error answer: status, AWS code, message; {@code page} 0 means every page. */
  record Failure(int status, String code, String message, int page, int times) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Object lock = new Object();
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, Failure> failures = new HashMap<>();
  private List<String> pages = List.of();
  private Map<String, Integer> pageByToken = Map.of();
  private String zones;

  private Ec2Fake(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
    this.zones = read(Ec2Fixtures.payloads().resolve("availability-zones.xml"));
  }

  /** Starts a fake with no instances. */
  static Ec2Fake start() {
    AtomicInteger n = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "promsd-test-ec2-fake-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      Ec2Fake fake = new Ec2Fake(server, executor);
      fake.servePages(List.of(page("")));
      server.createContext("/", fake::handle);
      server.setExecutor(executor);
      server.start();
      return fake;
    } catch (IOException e) {
      executor.shutdownNow();
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL to configure as {@code endpoint}. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Serves the payload folder: its instances-N.xml pages and its availability-zones.xml. */
  Ec2Fake serve(Path dir) {
    List<String> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(p -> p.getFileName().toString().matches("instances-\\d+\\.xml"))
              .sorted(Comparator.comparingInt(Ec2Fake::pageNumber))
              .map(Ec2Fake::read)
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path own = dir.resolve("availability-zones.xml");
    String z =
        Files.exists(own)
            ? read(own)
            : read(Ec2Fixtures.payloads().resolve("availability-zones.xml"));
    synchronized (lock) {
      zones = z;
    }
    return servePages(files);
  }

  /** Serves these DescribeInstances pages (chained by their nextToken elements). */
  Ec2Fake servePages(List<String> xmlPages) {
    Map<String, Integer> byToken = new HashMap<>();
    for (int i = 0; i + 1 < xmlPages.size(); i++) {
      Matcher m = TOKEN.matcher(xmlPages.get(i));
      if (!m.find()) {
        throw new IllegalArgumentException("page " + (i + 1) + " has no nextToken");
      }
      byToken.put(m.group(1), i);
    }
    synchronized (lock) {
      pages = List.copyOf(xmlPages);
      pageByToken = byToken;
    }
    return this;
  }

  /** Serves one page holding one reservation with these instance items. */
  Ec2Fake serveInstances(String... instanceItems) {
    return servePages(List.of(page(reservation("123456789012", instanceItems))));
  }

  /** Makes {@code action} fail; see {@link Failure}. {@code times} below 0 means until cleared. */
  Ec2Fake fail(String action, int status, String code, String message, int page, int times) {
    synchronized (lock) {
      failures.put(action, new Failure(status, code, message, page, times));
    }
    return this;
  }

  /** Makes every call of {@code action} fail until {@link #recover()}. */
  Ec2Fake fail(String action, int status, String code) {
    return fail(action, status, code, "injected by the test", 0, -1);
  }

  /** Ends every injected failure. */
  Ec2Fake recover() {
    synchronized (lock) {
      failures.clear();
    }
    return this;
  }

  /** The requests received so far, in order. */
  List<Request> requests() {
    synchronized (lock) {
      return List.copyOf(requests);
    }
  }

  /** The requests of one action received so far. */
  List<Request> requests(String action) {
    return requests().stream().filter(r -> r.action().equals(action)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- XML builders for live tests ----

  /** A DescribeInstances page; {@code nextToken} null for the last page. */
  static String page(String reservations, String nextToken) {
    return "<DescribeInstancesResponse xmlns=\""
        + NS
        + "\"><requestId>req-1</requestId><reservationSet>"
        + reservations
        + "</reservationSet>"
        + (nextToken == null ? "" : "<nextToken>" + nextToken + "</nextToken>")
        + "</DescribeInstancesResponse>";
  }

  static String page(String reservations) {
    return page(reservations, null);
  }

  static String reservation(String ownerId, String... instanceItems) {
    return "<item><reservationId>r-1</reservationId><ownerId>"
        + ownerId
        + "</ownerId><instancesSet>"
        + String.join("", instanceItems)
        + "</instancesSet></item>";
  }

  /** A running instance with a private IP, in us-east-1a, with one tag. */
  static String instance(String id, String privateIp, String state) {
    return "<item><instanceId>"
        + id
        + "</instanceId><imageId>ami-1</imageId><instanceState><code>16</code><name>"
        + state
        + "</name></instanceState><privateDnsName>ip.ec2.internal</privateDnsName><dnsName/>"
        + "<instanceType>t3.micro</instanceType><placement><availabilityZone>us-east-1a"
        + "</availabilityZone></placement><privateIpAddress>"
        + privateIp
        + "</privateIpAddress><architecture>x86_64</architecture><tagSet><item><key>Name</key>"
        + "<value>"
        + id
        + "</value></item></tagSet></item>";
  }

  // ---- the protocol ----

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, String> form = parseForm(new String(body, StandardCharsets.UTF_8));
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      Matcher m = SCOPE.matcher(auth == null ? "" : auth);
      boolean scoped = m.find();
      String action = form.getOrDefault("Action", "");
      Request req =
          new Request(
              action,
              form,
              scoped ? m.group(1) : null,
              scoped ? m.group(3) : null,
              scoped ? m.group(4) : null,
              ex.getRequestHeaders().getFirst("Content-Type"));
      int status;
      String doc;
      if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/")) {
        status = 400;
        doc = error("InvalidAction", "use POST /");
      } else {
        String[] answer = answer(req);
        status = Integer.parseInt(answer[0]);
        doc = answer[1];
      }
      byte[] out = doc.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/xml;charset=UTF-8");
      ex.sendResponseHeaders(status, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private String[] answer(Request req) {
    synchronized (lock) {
      requests.add(req);
      if (!"2016-11-15".equals(req.form().get("Version"))) {
        return new String[] {"400", error("InvalidParameterValue", "unsupported Version")};
      }
      if (req.action().equals("DescribeAvailabilityZones")) {
        Failure f = takeFailure("DescribeAvailabilityZones", 1);
        if (f != null) {
          return new String[] {Integer.toString(f.status()), error(f.code(), f.message())};
        }
        return new String[] {"200", zones};
      }
      if (!req.action().equals("DescribeInstances")) {
        return new String[] {
          "400",
          error(
              "InvalidAction", "The action " + req.action() + " is not valid for this web service.")
        };
      }
      String token = req.form().getOrDefault("NextToken", "");
      int index = 0;
      if (!token.isEmpty()) {
        Integer prev = pageByToken.get(token);
        if (prev == null) {
          return new String[] {
            "400", error("InvalidParameterValue", "Invalid value '" + token + "' for nextToken")
          };
        }
        index = prev + 1;
      }
      Failure f = takeFailure("DescribeInstances", index + 1);
      if (f != null) {
        return new String[] {Integer.toString(f.status()), error(f.code(), f.message())};
      }
      String text = pages.get(index);
      List<Map.Entry<String, List<String>>> filters = filters(req.form());
      if (filters.isEmpty()) {
        return new String[] {"200", text};
      }
      for (Map.Entry<String, List<String>> e : filters) {
        if (!Ec2FakeFilters.known(e.getKey())) {
          return new String[] {
            "400", error("InvalidParameterValue", "The filter '" + e.getKey() + "' is invalid")
          };
        }
      }
      return new String[] {"200", applyFilters(text, filters)};
    }
  }

  private Failure takeFailure(String action, int page) {
    Failure f = failures.get(action);
    if (f == null || (f.page() != 0 && f.page() != page)) {
      return null;
    }
    if (f.times() > 0) {
      if (f.times() == 1) {
        failures.remove(action);
      } else {
        failures.put(
            action, new Failure(f.status(), f.code(), f.message(), f.page(), f.times() - 1));
      }
    }
    return f;
  }

  static String error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>"
        + code
        + "</Code><Message>"
        + message
        + "</Message></Error></Errors><RequestID>5d0b2a1c-fake-4e2a-9c1d-example</RequestID>"
        + "</Response>";
  }

  static Map<String, String> parseForm(String body) {
    Map<String, String> form = new TreeMap<>();
    if (body.isEmpty()) {
      return form;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      form.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return form;
  }

  /** The filters of a request, in filter-number order: name to values. */
  static List<Map.Entry<String, List<String>>> filters(Map<String, String> form) {
    Map<Integer, Map.Entry<String, List<String>>> byNumber = new TreeMap<>();
    Pattern name = Pattern.compile("Filter\\.(\\d+)\\.Name");
    for (Map.Entry<String, String> e : form.entrySet()) {
      Matcher m = name.matcher(e.getKey());
      if (m.matches()) {
        int n = Integer.parseInt(m.group(1));
        List<String> values = new ArrayList<>();
        for (int j = 1; form.containsKey("Filter." + n + ".Value." + j); j++) {
          values.add(form.get("Filter." + n + ".Value." + j));
        }
        byNumber.put(n, Map.entry(e.getValue(), values));
      }
    }
    return new ArrayList<>(byNumber.values());
  }

  private static String applyFilters(String text, List<Map.Entry<String, List<String>>> filters) {
    try {
      DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
      dbf.setNamespaceAware(true);
      Document doc =
          dbf.newDocumentBuilder()
              .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
      Element rs = child(doc.getDocumentElement(), "reservationSet");
      for (Element res : children(rs, "item")) {
        Element set = child(res, "instancesSet");
        for (Element inst : children(set, "item")) {
          if (!Ec2FakeFilters.matches(filters, res, inst)) {
            set.removeChild(inst);
          }
        }
        if (children(set, "item").isEmpty()) {
          rs.removeChild(res);
        }
      }
      StringWriter w = new StringWriter();
      var t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.transform(new DOMSource(doc), new StreamResult(w));
      return w.toString();
    } catch (Exception e) {
      throw new IllegalStateException("bad payload", e);
    }
  }

  static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getLocalName().equals(name)) {
        out.add(e);
      }
    }
    return out;
  }

  static String text(Element parent, String... path) {
    Element e = parent;
    for (String p : path) {
      e = e == null ? null : child(e, p);
    }
    return e == null ? null : e.getTextContent();
  }

  private static int pageNumber(Path p) {
    String n = p.getFileName().toString();
    return Integer.parseInt(n.substring("instances-".length(), n.length() - ".xml".length()));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The requests as {@code action + form} maps, for comparing with a recording. */
  static List<Map<String, Object>> summary(List<Request> requests) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Request r : requests) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("action", r.action());
      m.put("form", new TreeMap<>(r.form()));
      m.put("scope", List.of(String.valueOf(r.region()), String.valueOf(r.service())));
      out.add(m);
    }
    return out;
  }
}
