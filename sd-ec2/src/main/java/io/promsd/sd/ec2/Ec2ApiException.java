package io.promsd.sd.ec2;

/**
 * A failed EC2 call: the AWS error code when the service answered with one ({@code AuthFailure},
 * {@code UnauthorizedOperation}, {@code RequestLimitExceeded}, …), else empty. The message is the
 * SDK's, which never contains credentials.
 */
final class Ec2ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String errorCode;

  Ec2ApiException(String message, String errorCode, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode == null ? "" : errorCode;
  }

  /** The AWS error code, or {@code ""}. */
  String errorCode() {
    return errorCode;
  }

  /** Whether Prometheus drops its client after this error ({@code discovery/aws/ec2.go}). */
  boolean isAuthError() {
    return errorCode.equals("AuthFailure") || errorCode.equals("UnauthorizedOperation");
  }
}
