package org.jevse.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JDK server's own bounds on connections and requests (the system properties read once by
 * {@code sun.net.httpserver.ServerConfig}, JDK 17.0.15), set before the first server is made unless the user set them
 * ({@code java -D...} wins). Without them a LAN client may hold any number of connections (each a file descriptor)
 * and keep a worker reading its headers for ever (slowloris): with four workers, four such clients stop the API.
 *
 * <p>Not set on purpose:
 * <ul>
 * <li>{@code sun.net.httpserver.maxRspTime}, which would also cut the live event streams (a response that never
 * ends); a stream that stops taking bytes is cut by {@link EventStream}'s write timeout instead.</li>
 * <li>{@code jdk.httpserver.maxConnections}: JDK 17's server counts a connection as open until it forgets it, and it
 * never forgets one whose chunked answer failed after its handler returned, which is how every event stream ends
 * when its client leaves (a closed browser tab). With a limit of N, N such departures would lock everyone out for
 * good; without one, idle connections are still closed {@link #MAX_REQUEST_SECONDS} after they are accepted.</li>
 * </ul>
 */
final class ServerLimits {

    /** Seconds from a request's first byte (or its acceptance) to the end of its headers, its time queued included. */
    static final long MAX_REQUEST_SECONDS = 5;
    /** How often idle connections are looked at (the JDK's default, 10 s, would let idle ones live 15 s). */
    static final long IDLE_SWEEP_MS = 1_000;
    /** The most request headers, and their total size: a browser sends about 20 and 2 KiB. */
    static final int MAX_HEADERS = 100;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private ServerLimits() {
    }

    /** The properties and the values jevse gives them. */
    static Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_SECONDS));
        m.put("sun.net.httpserver.clockTick", Long.toString(IDLE_SWEEP_MS));
        m.put("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_HEADERS));
        m.put("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
        return m;
    }

    /**
     * Sets every property the user has not set. The JDK reads them once, when its first server is made: a later call
     * (a second server in the same process) changes nothing, which is why the values do not depend on one server's
     * settings.
     */
    static synchronized void apply() {
        values().forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }
}
