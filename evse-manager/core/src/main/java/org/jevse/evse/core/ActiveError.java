package org.jevse.evse.core;

/** An error that is currently raised. */
public record ActiveError(ErrorCode code, boolean fatal, ClearRule clearRule, String detail, long raisedAtMs) {
}
