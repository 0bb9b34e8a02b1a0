package org.jevse.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JDK server's own bounds on connections and requests (the system properties read once by
 * {@code sun.net.httpserver.ServerConfig}, JDK 17.0.15), set before the first server is made unless the user set them
 * ({@code java -D...} wins). Without them a LAN client may hold any number of connections (each a file descriptor)
 * and keep a worker reading its headers for ever (slowloris): with four workers, four such clients stop the API.
 *
 * <p>{@code sun.net.httpserver.maxRspTime} is what makes the JDK forget an event stream whose client left: JDK 17's
 * server forgets a connection only when its handler throws or its answer ends cleanly, and a stream's handler has
 * returned long before its client leaves, so a later failed write leaves the connection in the server's sets for
 * ever. Its timer closes and forgets every answer older than {@link #MAX_RESPONSE_SECONDS}; {@link EventStream}
 * ends each live stream cleanly at half that age (the client reconnects) and keeps a failed stream's place among its
 * clients until the timer has forgotten it, which bounds the forgotten connections by count.
 *
 * <p>With the streams bounded so, {@code jdk.httpserver.maxConnections} bounds every connection (each a file
 * descriptor) against a flood of idle ones: {@link #MAX_CONNECTIONS} is above what legitimate use can hold at the
 * largest {@code api.max_event_clients} (1000): streams hold at most three times it (live or left, and left at the
 * clean end of their lifetime without taking the last chunk), the workers' queue 260 and idle keep-alive ones 200.
 * Beyond it the JDK closes a new connection at once.
 */
final class ServerLimits {

    /** Seconds from a request's first byte (or its acceptance) to the end of its headers, its time queued included. */
    static final long MAX_REQUEST_SECONDS = 5;
    /** How often idle connections are looked at (the JDK's default, 10 s, would let idle ones live 15 s). */
    static final long IDLE_SWEEP_MS = 1_000;
    /** The most request headers, and their total size: a browser sends about 20 and 2 KiB. */
    static final int MAX_HEADERS = 100;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /**
     * Seconds an answer may take, its sending included: the charge log as CSV over a slow link is the longest normal
     * one (a 3 MB log at 10 KB/s takes 300 s); an event stream ends cleanly at half of it.
     */
    static final long MAX_RESPONSE_SECONDS = 600;
    /** The most connections open at once (see above). */
    static final int MAX_CONNECTIONS = 4096;
    private static final String MAX_RESPONSE_KEY = "sun.net.httpserver.maxRspTime";
    /** How often the JDK's timer looks at answers' ages (its default). */
    private static final String RESPONSE_TIMER_KEY = "sun.net.httpserver.timerMillis";

    private ServerLimits() {
    }

    /** The properties and the values jevse gives them. */
    static Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sun.net.httpserver.maxReqTime", Long.toString(MAX_REQUEST_SECONDS));
        m.put("sun.net.httpserver.clockTick", Long.toString(IDLE_SWEEP_MS));
        m.put("sun.net.httpserver.maxReqHeaders", Integer.toString(MAX_HEADERS));
        m.put("sun.net.httpserver.maxReqHeaderSize", Integer.toString(MAX_HEADER_BYTES));
        m.put(MAX_RESPONSE_KEY, Long.toString(MAX_RESPONSE_SECONDS));
        m.put("jdk.httpserver.maxConnections", Integer.toString(MAX_CONNECTIONS));
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

    /**
     * Milliseconds after an answer's start by which the JDK's timer has closed and forgotten it (the age limit plus
     * one period of its timer), or 0 when the user turned the limit off ({@code -Dsun.net.httpserver.maxRspTime=-1}).
     */
    static long responseForgottenMs() {
        long seconds = Long.getLong(MAX_RESPONSE_KEY, MAX_RESPONSE_SECONDS);
        if (seconds <= 0) {
            return 0;
        }
        long timerMs = Math.max(1, Long.getLong(RESPONSE_TIMER_KEY, 1_000));
        return seconds * 1_000 + timerMs;
    }

    /** Milliseconds after which a live event stream is ended cleanly: half the answers' age limit, 0 for none. */
    static long streamLifetimeMs() {
        long seconds = Long.getLong(MAX_RESPONSE_KEY, MAX_RESPONSE_SECONDS);
        return seconds <= 0 ? 0 : seconds * 1_000 / 2;
    }
}
