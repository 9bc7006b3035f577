package dev.floxj;

/**
 * A failure the user can act on. Its message is one plain sentence that names the file, field or
 * store path concerned and says what to do; the command line prints it without a stack trace.
 */
public class FloxjException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FloxjException(String message) {
    super(message);
  }

  public FloxjException(String message, Throwable cause) {
    super(message, cause);
  }
}
