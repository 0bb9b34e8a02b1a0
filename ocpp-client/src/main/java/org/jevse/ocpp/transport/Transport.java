package org.jevse.ocpp.transport;

/** A message channel to the CSMS. Callbacks may come from any thread. */
public interface Transport {

    interface Listener {
        void onOpen();

        void onText(String text);

        /** The connection closed or could not be opened; {@code reason} is for logs. */
        void onClosed(String reason);
    }

    /** Starts one connection attempt; the outcome is reported through the listener. */
    void connect(Listener listener);

    /** Sends one text frame; returns false when not connected. */
    boolean send(String text);

    /** Closes the connection (no reconnect is implied; the client decides). */
    void close();
}
