package org.jevse.config;

/** A logging threshold: records below it are dropped. The names are syslog's (RFC 5424), lower-cased. */
public enum LogLevel {
    /** Failures only: a part stopped working, a fault cut the power. */
    error,
    /** Safety-relevant events (a power cut for a fault, welding, an RCD trip) and recoverable failures. */
    warning,
    /** Start, stop, connections and sessions. */
    info,
    /** What each part does, for finding a fault. */
    debug,
    /** Everything, including the frames on the wire. */
    trace
}
