package io.promsd.sd.internal.httpclient;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Collects a response body into bytes, failing with {@code response body larger than <max> bytes}
 * (an {@link IOException}) once it passes the limit, so that a huge or endless answer is an error,
 * never an out-of-memory. A transport failure while reading fails the body with that failure.
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final long max;
  private final Function<Throwable, Throwable> broken;
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private final List<ByteBuffer> parts = new ArrayList<>();
  private long size;
  private Flow.Subscription subscription;

  /** A body of at most {@code max} bytes. */
  public BoundedBody(long max) {
    this(max, t -> t);
  }

  /** As {@link #BoundedBody(long)}, a failure while reading passed through {@code broken}. */
  public BoundedBody(long max, Function<Throwable, Throwable> broken) {
    this.max = max;
    this.broken = broken;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer b : items) {
      size += b.remaining();
      parts.add(b);
    }
    if (size > max) {
      parts.clear();
      subscription.cancel();
      result.completeExceptionally(new TooLarge(max));
    }
  }

  @Override
  public void onError(Throwable t) {
    parts.clear();
    result.completeExceptionally(broken.apply(t));
  }

  @Override
  public void onComplete() {
    if (result.isDone()) {
      return;
    }
    byte[] out = new byte[(int) size];
    int at = 0;
    for (ByteBuffer b : parts) {
      int n = b.remaining();
      b.get(out, at, n);
      at += n;
    }
    parts.clear();
    result.complete(out);
  }

  /** A body longer than the limit. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long max) {
      super("response body larger than " + max + " bytes");
    }
  }
}
