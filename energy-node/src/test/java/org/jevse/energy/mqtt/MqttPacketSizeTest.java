package org.jevse.energy.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.jevse.tls.PemTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Maximum Packet Size every link announces (MQTT 5 §3.1.2.11.4): the real broker never delivers more, the link
 * never publishes more, and a broker that sends more anyway loses the connection before the packet is read.
 */
class MqttPacketSizeTest {

    static final int LIMIT = MqttLink.DEFAULT_MAXIMUM_PACKET_SIZE;
    final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    MqttLink link(MosquittoProcess broker, String id, int maximumPacketSize) {
        MqttLink l = new MqttLink(broker.url(), id, "", "", null, null, maximumPacketSize);
        open.add(l);
        return l;
    }

    /** A subscriber on t/#: it has subscribed once a probe it publishes itself comes back. */
    static void startSubscribed(MqttLink sub, List<byte[]> got) throws InterruptedException {
        sub.subscribe("t/#", (topic, payload, expiry) -> got.add(payload));
        sub.start();
        assertTrue(BrokerTests.await(10_000, () -> {
            sub.publish("t/probe", new byte[] {1}, 0, false, 0);
            return got.stream().anyMatch(p -> p.length == 1);
        }), "the subscriber receives");
    }

    @Test
    void mosquittoDropsForTheLinkEveryMessageAboveTheSizeItAnnouncedAndKeepsTheConnection() throws Exception {
        MosquittoProcess broker = BrokerTests.startBroker();
        open.add(broker);
        List<byte[]> got = new CopyOnWriteArrayList<>();
        MqttLink sub = link(broker, "small", LIMIT);
        AtomicInteger connects = new AtomicInteger();
        sub.onConnect(connects::incrementAndGet);
        startSubscribed(sub, got);
        MqttLink flooder = link(broker, "flooder", 64 << 20);
        flooder.start();
        assertTrue(BrokerTests.await(10_000, flooder::isConnected));

        for (int size : new int[] {LIMIT, 1 << 20, 16 << 20, 1000}) {
            assertTrue(flooder.publish("t/a", new byte[size], 1, false, 0), "sent " + size);
        }
        assertTrue(BrokerTests.await(10_000, () -> got.stream().anyMatch(p -> p.length == 1000)), "the last arrives");
        assertEquals(List.of(1, 1000), got.stream().map(p -> p.length).distinct().sorted().toList(),
                "only what fits: the probes and the 1000 bytes");
        assertTrue(sub.isConnected());
        assertEquals(1, connects.get(), "never reconnected");
    }

    @Test
    void aLinkDoesNotPublishWhatWouldNotFitTheSizeItAnnouncedAndStaysConnected() throws Exception {
        MosquittoProcess broker = BrokerTests.startBroker();
        open.add(broker);
        List<byte[]> got = new CopyOnWriteArrayList<>();
        startSubscribed(link(broker, "sub", 1 << 20), got);
        MqttLink small = link(broker, "small", 8192);
        AtomicInteger connects = new AtomicInteger();
        small.onConnect(connects::incrementAndGet);
        small.start();
        assertTrue(BrokerTests.await(10_000, small::isConnected));

        assertFalse(small.publish("t/a", new byte[8192], 0, false, 0), "8192 bytes and a header do not fit 8192");
        assertTrue(small.publish("t/a", new byte[8000], 0, false, 0));
        assertTrue(BrokerTests.await(10_000, () -> got.stream().anyMatch(p -> p.length == 8000)));
        assertTrue(got.stream().noneMatch(p -> p.length == 8192), "the refused one never went out");
        assertTrue(small.isConnected());
        assertEquals(1, connects.get(), "never reconnected");
    }

    /** Over tcp:// and over ssl:// (the check sits above TLS there), with the test certificates of MqttTlsTest. */
    @ParameterizedTest(name = "{0}://")
    @ValueSource(strings = {"tcp", "ssl"})
    void aBrokerThatSendsALargerPacketAnywayLosesTheConnectionBeforeThePacketIsRead(String scheme) throws Exception {
        LogLines log = new LogLines(MqttLink.class);
        open.add(log);
        boolean tls = scheme.equals("ssl");
        try (ServerSocket server = tls
                ? PemTls.context(MqttTlsTest.res("ca.pem"), MqttTlsTest.res("server.pem"), MqttTlsTest.res("server.key"))
                        .getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())
                : new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(20_000);
            MqttLink link = new MqttLink(scheme + "://127.0.0.1:" + server.getLocalPort(), "victim", "", "", null,
                    tls ? new MqttLink.Tls(MqttTlsTest.res("ca.pem"), "", "") : null, LIMIT);
            open.add(link);
            link.subscribe("t/#", (topic, payload, expiry) -> { });
            link.start();
            try (Socket s = server.accept()) {
                s.setSoTimeout(20_000);
                byte[] connect = readPacket(s.getInputStream());
                assertEquals(LIMIT, maximumPacketSize(connect), "CONNECT announces the maximum packet size");
                OutputStream out = s.getOutputStream();
                out.write(new byte[] {0x20, 0x03, 0x00, 0x00, 0x00}); // CONNACK: success, no properties
                // A PUBLISH of 256 MiB: the largest remaining length MQTT can express, and a few bytes of it.
                out.write(new byte[] {0x30, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0x00, 0x03, 't', '/', 'a'});
                out.flush();
                assertTrue(closedByClient(s.getInputStream()), "the client closes the connection");
            }
            assertTrue(BrokerTests.await(20_000, () -> log.any("above the maximum packet size of " + LIMIT
                    + " bytes this client announced")), "warned: " + log.lines());
            try (Socket again = server.accept()) {
                assertTrue(readPacket(again.getInputStream())[0] == 0x10, "and reconnects (CONNECT)");
            }
        }
    }

    /** Reads until the client closes; packets it sends meanwhile (SUBSCRIBE) are ignored. */
    static boolean closedByClient(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        try {
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the client
        }
    }

    /** One MQTT packet: fixed header and body. */
    static byte[] readPacket(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        int type = in.readUnsignedByte();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        in.readFully(body);
        byte[] p = new byte[body.length + 1];
        p[0] = (byte) type;
        System.arraycopy(body, 0, p, 1, body.length);
        return p;
    }

    /** The Maximum Packet Size property (0x27) of a CONNECT packet as {@link #readPacket} returns it, or -1. */
    static long maximumPacketSize(byte[] connect) {
        int i = 1 + 2 + 4 + 1 + 1 + 2; // type; protocol name "MQTT"; version; flags; keep alive
        int propertiesLength = 0;
        for (int shift = 0; ; shift += 7) {
            int b = connect[i++] & 0xff;
            propertiesLength |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        int end = i + propertiesLength;
        while (i < end) {
            int id = connect[i++] & 0xff;
            switch (id) {
                case 0x27 -> {
                    return ((connect[i] & 0xffL) << 24) | ((connect[i + 1] & 0xffL) << 16)
                            | ((connect[i + 2] & 0xffL) << 8) | (connect[i + 3] & 0xffL);
                }
                case 0x11 -> i += 4; // session expiry interval
                case 0x21, 0x22 -> i += 2; // receive maximum, topic alias maximum
                case 0x17, 0x19 -> i += 1; // request problem / response information
                default -> {
                    return -1; // user properties or authentication: not sent by the link
                }
            }
        }
        return -1;
    }
}
