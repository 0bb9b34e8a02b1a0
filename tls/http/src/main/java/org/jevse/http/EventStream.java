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

    private final int maxClients;
    private final long writeTimeoutNs;
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
                if (closing) {
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

        /** Hands the client to a writer unless one has it already. */
        void schedule() {
            synchronized (this) {
                if (scheduled || queue.isEmpty() && !closing) {
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
            try {
                while (true) {
                    byte[] e;
                    boolean last;
                    synchronized (this) {
                        if (closing || closed) {
                            break;
                        }
                        e = queue.poll();
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
            end();
        }

        private void notWriting() {
            synchronized (this) {
                writer = null;
            }
            Thread.interrupted(); // an abort that came just after the write ended is not for the next client
        }

        /**
         * Closes the exchange, itself under the write timeout (closing writes the last chunk): the client stays in the
         * list the timer looks at until it is closed.
         */
        private void end() {
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
                clients.remove(this);
            }
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
            c.checkWrite(now);
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
                throw new HttpError(503, "events: " + maxClients + " streams are open already (the most allowed)");
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

    public int clients() {
        return clients.size();
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
