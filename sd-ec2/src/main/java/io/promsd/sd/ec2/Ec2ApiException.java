package io.promsd.sd.ec2;

/**
 * A failed EC2 call: the AWS error code when the service answered with one ({@code AuthFailure},
 * {@code UnauthorizedOperation}, {@code RequestLimitExceeded}, …), else empty. The message is the
 * SDK's, which never contains credentials.
 */
final class Ec2ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String errorCode;
  private final int statusCode;

  Ec2ApiException(String message, String errorCode, Throwable cause) {
    this(message, errorCode, 0, cause);
  }

  Ec2ApiException(String message, String errorCode, int statusCode, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode == null ? "" : errorCode;
    this.statusCode = statusCode;
  }

  /** The HTTP status of the answer, or 0 when there was none. */
  int statusCode() {
    return statusCode;
  }

  /** The AWS error code, or {@code ""}. */
  String errorCode() {
    return errorCode;
  }

  /**
   * Whether Prometheus drops its client after this error ({@code discovery/aws/ec2.go}: codes
   * {@code AuthFailure} and {@code UnauthorizedOperation}). EC2 sends {@code AuthFailure} with HTTP
   * 401, whose body the SDK's URL-connection client does not hand to the error parser (the code
   * comes back empty), so a 401 without a code counts as {@code AuthFailure}.
   */
  boolean isAuthError() {
    return errorCode.equals("AuthFailure")
        || errorCode.equals("UnauthorizedOperation")
        || (errorCode.isEmpty() && statusCode == 401);
  }
}
