package io.promsd.sd.dns;

import io.promsd.relabel.internal.config.GoText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Prometheus's name lookup for DNS discovery ({@code discovery/dns/dns.go}: {@code
 * lookupWithSearchPath}, {@code lookupFromAnyServer}): resolv.conf is read again for every lookup;
 * each candidate of the search list is asked of every server in order until one gives NOERROR or
 * NXDOMAIN; the first NOERROR wins; NXDOMAIN everywhere is an empty answer; a candidate no server
 * answered viably makes the lookup fail unless a later candidate succeeds.
 *
 * <p>Thread-safe: each lookup has its own {@link DnsClient}.
 */
final class DnsLookup {
  private static final Logger log = LoggerFactory.getLogger(DnsLookup.class);

  /** Where Prometheus reads its resolver settings (a constant in {@code dns.go}). */
  static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

  /** Port 53 of a {@code nameserver} word, as {@code net.JoinHostPort(server, "53")} dials it. */
  static final Function<String, InetSocketAddress> PORT_53 =
      server -> {
        try {
          return new InetSocketAddress(InetAddress.getByName(server), 53);
        } catch (IOException e) {
          return InetSocketAddress.createUnresolved(server, 53);
        }
      };

  private final Path resolvConf;
  private final Function<String, InetSocketAddress> servers;
  private final Duration timeout;

  /**
   * @param resolvConf the file to read the settings from
   * @param servers maps a {@code nameserver} word to the address to ask ({@link #PORT_53}; tests
   *     map to their fakes' ports)
   * @param timeout each exchange's deadline (miekg's 2 s)
   */
  DnsLookup(Path resolvConf, Function<String, InetSocketAddress> servers, Duration timeout) {
    this.resolvConf = resolvConf;
    this.servers = servers;
    this.timeout = timeout;
  }

  /** The lookup Prometheus does: {@code /etc/resolv.conf}, port 53, 2 s. */
  static DnsLookup system() {
    return new DnsLookup(RESOLV_CONF, PORT_53, DnsClient.DEFAULT_TIMEOUT);
  }

  /** Why a name could not be resolved; the message is Prometheus's. */
  static final class LookupException extends Exception {
    private static final long serialVersionUID = 1L;

    LookupException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The answer records for {@code name}; empty when every candidate was NXDOMAIN.
   *
   * @throws LookupException when resolv.conf cannot be read or some candidate got no viable answer
   *     and none succeeded
   */
  List<Record> lookup(String name, int qtype) throws LookupException {
    ResolvConf conf;
    try {
      conf = ResolvConf.parse(Files.readString(resolvConf, StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new LookupException("could not load resolv.conf: " + openError(resolvConf, e), e);
    }
    boolean allResponsesValid = true;
    for (String candidate : conf.nameList(name)) {
      if (Thread.currentThread().isInterrupted()) {
        throw new LookupException("lookup of " + GoText.quote(name) + " cancelled", null);
      }
      Message response = fromAnyServer(candidate, qtype, conf);
      if (response == null) {
        // A later candidate may still succeed, but "does not exist" can no longer be said.
        allResponsesValid = false;
      } else if (response.getRcode() == Rcode.NOERROR) {
        return response.getSection(Section.ANSWER);
      }
    }
    if (allResponsesValid) {
      return List.of();
    }
    throw new LookupException(
        "could not resolve "
            + GoText.quote(name)
            + ": all servers responded with errors to at least one search domain",
        null);
  }

  /** The first NOERROR or NXDOMAIN answer of the servers in order, or null. */
  private Message fromAnyServer(String name, int qtype, ResolvConf conf) {
    DnsClient client = new DnsClient(timeout); // shared by the servers: TCP sticks once chosen
    for (String server : conf.servers()) {
      Message msg;
      try {
        InetSocketAddress addr = servers.apply(server);
        if (addr.isUnresolved()) {
          throw new IOException("dial udp: lookup " + server + ": no such host");
        }
        msg = client.ask(name, qtype, addr);
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          return null; // cancelled: nothing more to ask
        }
        log.warn("DNS resolution failed server={} name={} err={}", server, name, e.getMessage());
        continue;
      }
      int rcode = msg.getRcode();
      if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
        return msg;
      }
    }
    return null;
  }

  /** Go's {@code os.Open} error text. */
  static String openError(Path path, IOException e) {
    String reason;
    if (e instanceof NoSuchFileException) {
      reason = "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (Files.isDirectory(path)) {
      reason = "is a directory";
    } else {
      reason = String.valueOf(e.getMessage());
    }
    return "open " + path + ": " + reason;
  }
}
