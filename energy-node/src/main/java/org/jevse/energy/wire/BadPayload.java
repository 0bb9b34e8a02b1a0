package org.jevse.energy.wire;

/** A payload that is not valid JSON, not version {@link Wire#VERSION}, or not a valid message. */
public final class BadPayload extends Exception {
    public BadPayload(String message) {
        super(message);
    }
}
