package io.promsd.web.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.Callback;

/**
 * What a Go TLS server answers a client that speaks plain HTTP to it (crypto/tls reports "looks
 * like HTTP", net/http writes this and closes): {@code HTTP/1.0 400 Bad Request} and {@code Client
 * sent an HTTP request to an HTTPS server.}
 */
final class PlainToTlsConnectionFactory extends AbstractConnectionFactory {
  private static final byte[] ANSWER =
      "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
          .getBytes(StandardCharsets.US_ASCII);

  PlainToTlsConnectionFactory() {
    super("promsd-plain-to-tls");
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    return configure(new Answer(endPoint, connector), connector, endPoint);
  }

  private static final class Answer extends AbstractConnection implements Connection.UpgradeTo {
    Answer(EndPoint endPoint, Connector connector) {
      super(endPoint, connector.getExecutor());
    }

    @Override
    public void onOpen() {
      super.onOpen();
      EndPoint ep = getEndPoint();
      ep.write(Callback.from(ep::close, x -> ep.close()), ByteBuffer.wrap(ANSWER));
    }

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
      // the request the client sent is of no interest: it gets the same answer
    }

    @Override
    public void onFillable() {
      getEndPoint().close();
    }
  }
}
