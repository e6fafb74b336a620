package io.promsd.sd.ec2;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client with no network: the first request is answered with a given status and body,
 * every later one (the next page, a retry) with an empty DescribeInstances page.
 */
final class FakeSdkHttp implements SdkHttpClient {
  static final String EMPTY_PAGE =
      "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
          + "<requestId>r</requestId><reservationSet/></DescribeInstancesResponse>";

  private final int status;
  private final Supplier<InputStream> first;
  final AtomicInteger calls = new AtomicInteger();

  FakeSdkHttp(int status, Supplier<InputStream> first) {
    this.status = status;
    this.first = first;
  }

  FakeSdkHttp(int status, byte[] body) {
    this(status, () -> new ByteArrayInputStream(body));
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        boolean isFirst = calls.getAndIncrement() == 0;
        InputStream body = isFirst ? first.get() : new ByteArrayInputStream(EMPTY_PAGE.getBytes());
        return HttpExecuteResponse.builder()
            .response(
                SdkHttpResponse.builder()
                    .statusCode(isFirst ? status : 200)
                    .putHeader("Content-Type", "text/xml;charset=UTF-8")
                    .build())
            .responseBody(AbortableInputStream.create(body))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  @Override
  public void close() {}
}
