package io.promsd.sd;

/**
 * A listener's registration with a {@link DiscoveryManager}. Closing it stops the listener's
 * dispatcher thread; after {@code close()} returns the listener is not called again (unless the
 * call is {@code close()}'s own caller, the listener itself). Idempotent; throws nothing.
 */
public interface Subscription extends AutoCloseable {
  /** Ends the subscription. */
  @Override
  void close();
}
