package org.jevse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Live event streams over real sockets: many clients on a few writer threads, and a client that stops reading. */
class EventStreamTest {
    private ApiServer server;
    private EventStream events;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (events != null) {
            events.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(EventStream stream) {
        events = stream;
        server = new ApiServer(new HttpSettings(new ListenAddress("127.0.0.1", 0), true, List.of(), "", "", 1024, 2),
                () -> 0L, line -> { });
        server.route("GET", "/api/v1/events", Role.READ, r -> events.open(r, List.of("{\"hello\":1}")));
        server.start();
    }

    /** A client that sends the request and, if {@code reading}, counts the data lines it gets, checking their order. */
    private final class Client {
        final Socket socket = new Socket();
        final AtomicInteger data = new AtomicInteger();
        final AtomicInteger outOfOrder = new AtomicInteger();

        Client(boolean reading, int receiveBuffer) throws IOException {
            sockets.add(socket);
            socket.setReceiveBufferSize(receiveBuffer);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            if (reading) {
                Thread t = new Thread(this::read, "test-sse-reader");
                t.setDaemon(true);
                t.start();
            }
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("data: {\"n\":")) {
                        int n = Integer.parseInt(line.substring(11, line.indexOf(',')));
                        if (n != data.get()) {
                            outOfOrder.incrementAndGet();
                        }
                        data.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a bound for real sockets, not a timing
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 60 s: " + what);
            Thread.sleep(10);
        }
    }

    private static long writerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("jevse-events")).count();
    }

    @Test
    void fiftyStreamsShareAFewWriterThreads() throws Exception {
        start(new EventStream(50));
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(new Client(true, 64 * 1024));
        }
        await("50 streams open", () -> events.clients() == 50);
        for (int n = 0; n < 20; n++) {
            events.publish("{\"n\":" + n + ",\"text\":\"event " + n + "\"}");
        }
        await("every client got the 20 events", () -> clients.stream().allMatch(c -> c.data.get() == 20));
        assertEquals(0, clients.stream().mapToInt(c -> c.outOfOrder.get()).sum(), "events out of order");
        long threads = writerThreads();
        assertTrue(threads <= EventStream.WRITERS + 1, "writer threads for 50 streams: " + threads);
    }

    @Test
    @Timeout(120) // a publish that blocked on a stalled client would hang here
    void clientsThatStopReadingAreDisconnectedAndTheOthersGetEveryEventInOrder() throws Exception {
        start(new EventStream(3, 1_000));
        // Two clients that never read, with a small receive buffer: once the kernel's buffers are full a write to them
        // blocks, and with both writer threads blocked only the write timeout frees them for the reading client.
        new Client(false, 4096);
        new Client(false, 4096);
        Client reader = new Client(true, 64 * 1024);
        await("3 streams open", () -> events.clients() == 3);
        String pad = "x".repeat(32 * 1024);
        int total = 0;
        for (int batch = 0; batch < 40; batch++) {
            for (int i = 0; i < 20; i++, total++) {
                events.publish("{\"n\":" + total + ",\"pad\":\"" + pad + "\"}");
            }
            int sent = total;
            await("the reading client got " + sent + " events", () -> reader.data.get() == sent);
        }
        await("the stalled clients are disconnected", () -> events.clients() == 1);
        assertEquals(0, reader.outOfOrder.get(), "events out of order");
        assertEquals(total, reader.data.get());
    }
}
