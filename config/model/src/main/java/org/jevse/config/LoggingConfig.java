package org.jevse.config;

/**
 * Log levels: one for everything, and one per part of the program that overrides it. A part left empty follows
 * {@code level}. Records go to standard error, one line each (under systemd, into the journal with their priority).
 */
public record LoggingConfig(
        @Key(name = "level", def = "info", jevse = true,
             doc = "The level of every part that has no level of its own: error, warning, info, debug or trace. Safety events (a power cut for a fault, welding, an RCD trip) are logged at warning or above.")
        LogLevel level,
        @Key(name = "core", def = "''", jevse = true,
             doc = "The charger: the core's decisions as the application reports them, sessions, errors (loggers org.jevse.evse). One of error, warning, info, debug, trace; empty: `level`.")
        String core,
        @Key(name = "board", def = "''", jevse = true,
             doc = "The board drivers: simulated, serial MCU, Modbus meter, Raspberry Pi and Pi4J (org.jevse.board, com.pi4j, com.ghgande.j2mod). One of error, warning, info, debug, trace; empty: `level`.")
        String board,
        @Key(name = "energy", def = "''", jevse = true,
             doc = "The energy-tree leaf and the energy manager, with the MQTT client Paho (org.jevse.energy, org.eclipse.paho). One of error, warning, info, debug, trace; empty: `level`.")
        String energy,
        @Key(name = "ocpp", def = "''", jevse = true,
             doc = "The OCPP client with its WebSocket library Java-WebSocket (org.jevse.ocpp, org.java_websocket). One of error, warning, info, debug, trace; empty: `level`.")
        String ocpp,
        @Key(name = "api", def = "''", jevse = true,
             doc = "The local HTTP API and its integrations (org.jevse.evse.app.api). One of error, warning, info, debug, trace; empty: `level`.")
        String api) {

    public LoggingConfig {
        for (String[] part : new String[][] {{"core", core}, {"board", board}, {"energy", energy}, {"ocpp", ocpp},
                {"api", api}}) {
            if (!part[1].isEmpty() && parse(part[1]) == null) {
                throw new IllegalArgumentException(part[0] + ": '" + part[1]
                        + "' is not a level; allowed: error, warning, info, debug, trace, or empty for `level`");
            }
        }
    }

    /** The level of a part: its own when set, else {@link #level()}. */
    public LogLevel levelOf(String partValue) {
        LogLevel own = parse(partValue);
        return own != null ? own : level;
    }

    private static LogLevel parse(String s) {
        for (LogLevel l : LogLevel.values()) {
            if (l.name().equals(s)) {
                return l;
            }
        }
        return null;
    }
}
