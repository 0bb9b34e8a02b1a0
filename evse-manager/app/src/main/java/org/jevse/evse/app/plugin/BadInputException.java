package org.jevse.evse.app.plugin;

/** Bad input from the user (config, script, arguments): reported as one line, exit code 2, nothing started. */
public final class BadInputException extends RuntimeException {
    public BadInputException(String oneLine) {
        super(oneLine);
    }
}
