package org.jevse.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Server-Sent Events to many clients: every {@link #publish}ed JSON line goes to every open stream as one
 * {@code data:} event. The line is encoded once; each client has a bounded queue of those bytes, and a small fixed
 * pool of {@link #WRITERS} writer threads drains the queues that have something (a thread per stream would cost a
 * stack and the kernel's and allocator's per-thread memory for every client: on a Raspberry Pi the resident memory
 * counts). A slow or stalled client never delays the publisher (the charger's loop) and never holds a writer for
 * long: when its queue is full it is disconnected (it may reconnect; the browser's EventSource does so by itself),
 * and a write to it that has not finished after {@link #WRITE_TIMEOUT_MS} is aborted by interrupting its writer,
 * which closes its socket (the JDK server's sockets are NIO channels: an interrupt closes them). The number of
 * clients is bounded too (503 beyond it). A comment line every {@link #KEEPALIVE_MS} finds clients that went away
 * without closing.
 *
 * <p>JDK 17's server forgets a connection only when its handler throws or its answer ends cleanly; a stream's handler
 * returned long before its client leaves, so a stream whose write failed stays in the server's books until the
 * server's answer-age limit ({@code sun.net.httpserver.maxRspTime}, set by {@link ServerLimits}) closes it. Hence a
 * live stream is ended cleanly at half that age, after a {@code retry:} hint that makes an {@code EventSource}
 * reconnect at once, and a stream that did not end cleanly keeps its place among the clients until the server must
 * have forgotten it: the connections the server keeps for departed clients are bounded by the client limit.
 */
public final class EventStream implements AutoCloseable {
    static final long KEEPALIVE_MS = 15_000;
    static final int QUEUE_EVENTS = 256;
    static final int WRITERS = 2;
    static final long WRITE_TIMEOUT_MS = 5_000;
    /** How often the keep-alive and the write timeout are looked at. */
    private static final long TICK_MS = 1_000;
    /** A writer copies bytes to a socket, through TLS with HTTPS: a small stack does. */
    private static final long WRITER_STACK_BYTES = 256 * 1024;
    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);
    /** WHATWG HTML, server-sent events: a {@code retry} field sets the client's reconnection delay (ms). */
    static final byte[] RETRY_NOW = "retry: 1000\n\n".getBytes(StandardCharsets.US_ASCII);

    private final int maxClients;
    private final long writeTimeoutNs;
    /** A live stream is ended cleanly at this age; 0: never. */
    private final long lifetimeNs;
    /** A stream that did not end cleanly keeps its place until this long after its start; 0: not at all. */
    private final long forgottenNs;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor writers;
    private final ScheduledExecutorService timer;
    private long sinceKeepaliveMs;
    private volatile boolean closed;

    /** One open stream: its queue, and whether a writer has it (at most one at a time, so its events keep order). */
    private final class Client {
        final HttpExchange exchange;
        final OutputStream out;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private boolean scheduled;
        private boolean closing;
        /** The stream is at the end of its lifetime: the retry hint is queued last, then it ends cleanly. */
        private boolean expiring;
        /** The stream has ended; when not cleanly, it holds its place until {@code startNs + forgottenNs}. */
        private boolean ended;
        private final long startNs = System.nanoTime();
        /** The writer in a write to this client and since when (the write timeout); null when none. */
        private Thread writer;
        private long writingSinceNs;

        /** {@code first} is queued before the client can get any published event, so it comes first. */
        Client(HttpExchange exchange, List<byte[]> first) {
            this.exchange = exchange;
            this.out = exchange.getResponseBody();
            queue.addAll(first);
        }

        void offer(byte[] event) {
            synchronized (this) {
                if (closing || expiring) {
                    return;
                }
                if (queue.size() >= QUEUE_EVENTS) {
                    queue.clear(); // too slow: let it go (reconnecting gets the current state again)
                    closing = true;
                } else if (event != null) {
                    queue.add(event);
                }
            }
            schedule();
        }

        /** On the timer: at the end of its lifetime the stream gets the retry hint, then ends cleanly. */
        void checkAge(long nowNs) {
            synchronized (this) {
                if (lifetimeNs == 0 || closing || expiring || nowNs - startNs < lifetimeNs) {
                    return;
                }
                expiring = true;
                queue.add(RETRY_NOW);
            }
            schedule();
        }

        /** Hands the client to a writer unless one has it already. */
        void schedule() {
            synchronized (this) {
                if (scheduled || queue.isEmpty() && !closing && !expiring) {
                    return;
                }
                scheduled = true;
            }
            try {
                writers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                clients.remove(this); // the stream is closing: stopping the server closes the connection
            }
        }

        /** On a writer: sends what is queued, flushes once the queue is empty, and ends the stream when asked to. */
        private void drain() {
            boolean clean = false;
            try {
                while (true) {
                    byte[] e;
                    boolean last;
                    synchronized (this) {
                        if (closing || closed) {
                            break;
                        }
                        e = queue.poll();
                        if (e == null && expiring) {
                            clean = true; // the retry hint is written and flushed
                            break;
                        }
                        if (e == null) {
                            scheduled = false;
                            return;
                        }
                        last = queue.isEmpty();
                        writingSinceNs = System.nanoTime();
                        writer = Thread.currentThread();
                    }
                    try {
                        out.write(e);
                        if (last) {
                            out.flush();
                        }
                    } finally {
                        notWriting();
                    }
                }
            } catch (IOException e) {
                // the client went away, or its write was aborted
            }
            end(clean);
        }

        private void notWriting() {
            synchronized (this) {
                writer = null;
            }
            Thread.interrupted(); // an abort that came just after the write ended is not for the next client
        }

        /**
         * Closes the exchange, itself under the write timeout (closing writes the last chunk): the client stays in the
         * list the timer looks at until it is closed, and after that, unless it ended {@code clean}ly, until the
         * server must have forgotten its connection ({@link #forgotten}).
         */
        private void end(boolean clean) {
            synchronized (this) {
                closing = true;
                queue.clear();
                writingSinceNs = System.nanoTime();
                writer = Thread.currentThread();
            }
            try {
                exchange.close();
            } finally {
                notWriting();
                synchronized (this) {
                    ended = true;
                }
                if (clean || forgottenNs == 0) {
                    clients.remove(this);
                }
            }
        }

        /** An ended stream whose connection the server has closed and forgotten by now (its age limit). */
        synchronized boolean forgotten(long nowNs) {
            return ended && nowNs - startNs > forgottenNs;
        }

        synchronized boolean live() {
            return !ended;
        }

        /** On the timer: aborts a write that takes too long (the interrupt closes the socket). */
        void checkWrite(long nowNs) {
            synchronized (this) {
                if (writer != null && nowNs - writingSinceNs > writeTimeoutNs) {
                    closing = true;
                    writer.interrupt();
                }
            }
        }
    }

    public EventStream(int maxClients) {
        this(maxClients, WRITE_TIMEOUT_MS);
    }

    EventStream(int maxClients, long writeTimeoutMs) {
        this.maxClients = maxClients;
        this.writeTimeoutNs = TimeUnit.MILLISECONDS.toNanos(writeTimeoutMs);
        this.lifetimeNs = TimeUnit.MILLISECONDS.toNanos(ServerLimits.streamLifetimeMs());
        // One more tick of this stream's own timer, which looks at the ages.
        long forgottenMs = ServerLimits.responseForgottenMs();
        this.forgottenNs = forgottenMs == 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(forgottenMs + TICK_MS);
        AtomicInteger n = new AtomicInteger();
        // The task queue holds at most one task per client (a client is scheduled once until its queue is drained).
        this.writers = new ThreadPoolExecutor(WRITERS, WRITERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(r, "jevse-events-" + n.incrementAndGet()));
        writers.allowCoreThreadTimeOut(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "jevse-events-timer"));
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(null, r, name, WRITER_STACK_BYTES);
        t.setDaemon(true);
        return t;
    }

    private void tick() {
        // The write timeout is about a socket that does not take bytes: real time, not the charger's clock.
        long now = System.nanoTime();
        for (Client c : clients) {
            if (c.forgotten(now)) {
                clients.remove(c);
            } else {
                c.checkWrite(now);
                c.checkAge(now);
            }
        }
        sinceKeepaliveMs += TICK_MS;
        if (sinceKeepaliveMs >= KEEPALIVE_MS) {
            sinceKeepaliveMs = 0;
            for (Client c : clients) {
                c.offer(KEEPALIVE);
            }
        }
    }

    /**
     * Turns the request into a stream: sends the headers and {@code first} (JSON lines, e.g. the current status),
     * then every later {@link #publish}. Returns null: the server must not answer this request again.
     */
    public Response open(Request request, List<String> first) throws IOException {
        if (closed) {
            throw new HttpError(503, "events: the server is stopping");
        }
        synchronized (clients) {
            if (clients.size() >= maxClients) {
                String which = departed() == 0 ? "are open already"
                        : "are open or were left less than " + TimeUnit.NANOSECONDS.toSeconds(forgottenNs) + " s ago";
                throw new HttpError(503, "events: " + maxClients + " streams " + which + " (the most allowed)");
            }
            HttpExchange ex = request.exchange();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.getResponseHeaders().set("X-Accel-Buffering", "no");
            ex.sendResponseHeaders(200, 0);
            Client c = new Client(ex, first.stream().map(EventStream::event).toList());
            clients.add(c);
            c.schedule();
        }
        return null;
    }

    /** Sends one JSON line to every client (any thread; never blocks on a client). */
    public void publish(String jsonLine) {
        if (clients.isEmpty()) {
            return;
        }
        byte[] e = event(jsonLine);
        for (Client c : clients) {
            c.offer(e);
        }
    }

    /** The live streams. */
    public int clients() {
        return (int) clients.stream().filter(Client::live).count();
    }

    /** The streams that ended without a clean end and keep their place until the server has forgotten them. */
    int departed() {
        return clients.size() - clients();
    }

    private static byte[] event(String jsonLine) {
        // A JSON line has no newline; one would end the SSE field early, so it is escaped away to be sure.
        return ("data: " + jsonLine.replace("\n", "\\n").replace("\r", "") + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Stops sending. A writer blocked on a socket is interrupted (which closes that socket); the other connections
     * are closed by stopping the server ({@link ApiServer#close}), which never waits for a client.
     */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        writers.shutdownNow();
        for (Client c : clients) {
            synchronized (c) {
                c.queue.clear();
                c.closing = true;
            }
        }
        clients.clear();
    }
}
