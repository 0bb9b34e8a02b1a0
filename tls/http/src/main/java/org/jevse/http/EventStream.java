package org.jevse.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Server-Sent Events to many clients: every {@link #publish}ed JSON line goes to every open stream as one
 * {@code data:} event. Each client has its own bounded queue and its own small writer thread, so a slow or stalled
 * client never delays the others nor the publisher: when its queue is full it is disconnected (it may reconnect; the
 * browser's EventSource does so by itself). The number of clients is bounded too (503 beyond it). A comment line
 * every {@link #KEEPALIVE_MS} finds clients that went away without closing.
 */
public final class EventStream implements AutoCloseable {
    static final long KEEPALIVE_MS = 15_000;
    static final int QUEUE_EVENTS = 256;
    /** A writer thread needs little stack: it copies bytes to a socket. */
    private static final long WRITER_STACK_BYTES = 128 * 1024;
    private static final String CLOSE = "\u0000close";

    private final int maxClients;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private final class Client implements Runnable {
        final HttpExchange exchange;
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE_EVENTS + 1);

        Client(HttpExchange exchange) {
            this.exchange = exchange;
        }

        void offer(String event) {
            if (!queue.offer(event)) {
                queue.clear(); // too slow: let it go (reconnecting gets the current state again)
                queue.offer(CLOSE);
            }
        }

        @Override
        public void run() {
            try (OutputStream out = exchange.getResponseBody()) {
                while (!closed) {
                    String e = queue.poll(KEEPALIVE_MS, TimeUnit.MILLISECONDS);
                    if (CLOSE.equals(e)) {
                        break;
                    }
                    out.write((e == null ? ": keepalive\n\n" : e).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                clients.remove(this);
                exchange.close();
            }
        }
    }

    public EventStream(int maxClients) {
        this.maxClients = maxClients;
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
            Client c = new Client(ex);
            for (String line : first) {
                c.offer(event(line));
            }
            clients.add(c);
            Thread t = new Thread(null, c, "jevse-events", WRITER_STACK_BYTES);
            t.setDaemon(true);
            t.start();
        }
        return null;
    }

    /** Sends one JSON line to every client (any thread; never blocks). */
    public void publish(String jsonLine) {
        if (clients.isEmpty()) {
            return;
        }
        String e = event(jsonLine);
        for (Client c : clients) {
            c.offer(e);
        }
    }

    public int clients() {
        return clients.size();
    }

    private static String event(String jsonLine) {
        // A JSON line has no newline; one would end the SSE field early, so it is escaped away to be sure.
        return "data: " + jsonLine.replace("\n", "\\n").replace("\r", "") + "\n\n";
    }

    @Override
    public void close() {
        closed = true;
        for (Client c : clients) {
            c.queue.clear();
            c.queue.offer(CLOSE);
        }
    }
}
