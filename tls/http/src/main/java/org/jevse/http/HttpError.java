package org.jevse.http;

/**
 * An answer other than success: the server sends {@code status} with the one-line JSON body
 * {@code {"error": message}}. Handlers throw it; nothing else of an exception ever reaches a client.
 */
public final class HttpError extends RuntimeException {
    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 400 naming the field and what is allowed: {@code "current_limit: 40 is not allowed (0 or 6 to 32 A)"}. */
    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message);
    }
}
