package io.promsd.pushgateway.junit;

import io.promsd.pushgateway.Pushgateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * An in-process Push Gateway for a test: started on a free loopback port, emptied before each test,
 * closed after the class (static field) or the test (instance field). Test methods may take the
 * {@link Pushgateway} as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension static PushgatewayExtension gateway = new PushgatewayExtension();
 *
 * @Test void backupReportsSuccess() {
 *   new BackupJob(gateway.url()).run();
 *   PushgatewayAssertions.assertThat(gateway)
 *       .group("job", "backup")
 *       .hasGauge("job_last_success_unixtime");
 * }
 * }</pre>
 */
public final class PushgatewayExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private Pushgateway gateway;
  private boolean perClass;

  /** An extension whose gateway has the real one's defaults and the consistency check on. */
  public PushgatewayExtension() {}

  /** The running gateway. */
  public Pushgateway gateway() {
    if (gateway == null) {
      throw new IllegalStateException("the Push Gateway runs only during a test");
    }
    return gateway;
  }

  /** The gateway's base URL, {@code http://127.0.0.1:PORT}, for a client's address. */
  public URI url() {
    return gateway().uri();
  }

  /** {@link #url()} without the scheme, {@code 127.0.0.1:PORT}, as some clients take it. */
  public String address() {
    URI u = url();
    return u.getHost() + ":" + u.getPort();
  }

  private void start() {
    try {
      gateway = Pushgateway.builder().listenAddress("127.0.0.1:0").jvmMetrics(false).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (gateway == null) {
      start();
    } else {
      gateway.deleteAll();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      close();
    }
  }

  private void close() {
    if (gateway != null) {
      gateway.close();
      gateway = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Pushgateway.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return gateway();
  }
}
