package org.jevse.evse.app.plugin;

import java.util.Optional;
import org.jevse.board.time.EventLoop;

/**
 * Something that plugs into a running charger from outside the core: the energy-tree leaf, the OCPP client.
 * It talks to the core only through {@link ChargerAccess#control} and {@link ChargerListener}, on the loop thread.
 */
public interface ChargerPlugin extends AutoCloseable {

    /** Called once, after the charger is built and before it starts. */
    void attach(ChargerAccess charger, EventLoop loop);

    /**
     * This plugin's part of the charger's status (the HTTP and MQTT status), or empty. Called on the readers'
     * threads: build it from immutable snapshots of the plugin's state.
     */
    default Optional<StatusPart> statusPart() {
        return Optional.empty();
    }

    /** True while work is in flight that must not be lost at exit (e.g. queued OCPP transaction messages). */
    default boolean busy() {
        return false;
    }

    /** The longest {@link #close()} may take; the shutdown on SIGTERM waits that long for it. */
    default long closeTimeoutMs() {
        return 0;
    }

    @Override
    default void close() {
    }
}
