package org.jevse.ocpp.cp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jevse.ocpp.v16.RequestedMessage;

/** What TriggerMessage can send beyond the core messages (the FirmwareManagement profile adds its two). */
public final class Triggers {
    private final Map<RequestedMessage, Runnable> sends = new ConcurrentHashMap<>();

    /** Lets TriggerMessage send {@code message}. */
    public void add(RequestedMessage message, Runnable send) {
        sends.put(message, send);
    }

    /** What sends a triggered {@code message}, or null. */
    Runnable get(RequestedMessage message) {
        return sends.get(message);
    }
}
