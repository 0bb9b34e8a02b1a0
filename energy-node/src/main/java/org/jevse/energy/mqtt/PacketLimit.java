package org.jevse.energy.mqtt;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The client's own check of the Maximum Packet Size it announces in CONNECT (MQTT 5 §3.1.2.11.4), on the bytes as
 * they arrive: a fixed header that announces a larger packet ends the connection before any of it is read.
 *
 * <p>A conforming broker never sends such a packet (§3.1.2.11.4: "The Server MUST NOT send packets exceeding
 * Maximum Packet Size to the Client"); Mosquitto drops the message for that client. Paho v5 1.2.5 does not protect
 * the client from a broker that does: {@code MqttInputStream.readMqttWireMessage} allocates a buffer of the
 * announced length (up to 256 MiB) before it compares, and it compares with the broker's limit from CONNACK rather
 * than the client's ({@code ClientState.getIncomingMaximumPacketSize} returns the outgoing one). So the bound is
 * kept here, below Paho, for tcp:// and ssl:// connections.
 */
final class PacketLimit extends FilterInputStream {

    /** A packet above the limit; Paho treats it as a lost connection and reconnects. */
    static final class TooLarge extends IOException {
        TooLarge(long size, long limit) {
            super("the broker sent a packet of " + size + " bytes, above the maximum packet size of " + limit
                    + " bytes this client announced; connection closed");
        }
    }

    private enum Where { TYPE, LENGTH, BODY }

    private final long limit;
    private Where where = Where.TYPE;
    private long length;
    private int lengthBytes;
    private long remaining;

    PacketLimit(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            see(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        int i = 0;
        while (i < n) {
            if (where == Where.BODY) {
                int body = (int) Math.min(remaining, n - i);
                i += body;
                remaining -= body;
                if (remaining == 0) {
                    where = Where.TYPE;
                }
            } else {
                see(buf[off + i] & 0xff);
                i++;
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Every byte goes through the framing: skip by reading.
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void see(int b) throws IOException {
        switch (where) {
            case TYPE -> {
                where = Where.LENGTH;
                length = 0;
                lengthBytes = 0;
            }
            case LENGTH -> {
                // MQTT 5 §1.5.5: a Variable Byte Integer, 7 bits a byte, least significant first, at most 4 bytes.
                length |= (long) (b & 0x7f) << (7 * lengthBytes);
                lengthBytes++;
                if ((b & 0x80) != 0) {
                    if (lengthBytes == 4) {
                        throw new IOException("the broker sent a malformed remaining length; connection closed");
                    }
                    return;
                }
                long size = 1 + lengthBytes + length;
                if (size > limit) {
                    throw new TooLarge(size, limit);
                }
                remaining = length;
                where = remaining == 0 ? Where.TYPE : Where.BODY;
            }
            case BODY -> {
                if (--remaining == 0) {
                    where = Where.TYPE;
                }
            }
        }
    }

    /**
     * The socket factory for {@code url}: plain sockets for tcp://, the TLS factory (or the JVM's default) for
     * ssl://, each reading through a {@link PacketLimit}; null for other schemes (ws://, wss://: the MQTT packets
     * are inside WebSocket frames there, so only the broker's honouring of the announced maximum bounds them).
     */
    static SocketFactory socketFactory(String url, SSLSocketFactory tls, long limit) {
        if (url.startsWith("tcp://")) {
            return new Plain(limit);
        }
        if (url.startsWith("ssl://")) {
            return new Tls(tls != null ? tls : (SSLSocketFactory) SSLSocketFactory.getDefault(), limit);
        }
        return null;
    }

    /** tcp://: Paho calls {@code createSocket()} and connects it itself. */
    private static final class Plain extends SocketFactory {
        private final long limit;

        Plain(long limit) {
            this.limit = limit;
        }

        @Override
        public Socket createSocket() {
            return new Socket() {
                private InputStream limited;

                @Override
                public synchronized InputStream getInputStream() throws IOException {
                    if (limited == null) {
                        limited = new PacketLimit(super.getInputStream(), limit);
                    }
                    return limited;
                }
            };
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket s = createSocket();
            s.connect(new java.net.InetSocketAddress(host, port));
            return s;
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            Socket s = createSocket();
            s.bind(new java.net.InetSocketAddress(localHost, localPort));
            s.connect(new java.net.InetSocketAddress(host, port));
            return s;
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            Socket s = createSocket();
            s.connect(new java.net.InetSocketAddress(host, port));
            return s;
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            Socket s = createSocket();
            s.bind(new java.net.InetSocketAddress(localAddress, localPort));
            s.connect(new java.net.InetSocketAddress(address, port));
            return s;
        }
    }

    /** ssl://: Paho needs an {@link SSLSocketFactory} whose sockets are {@link SSLSocket}s. */
    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory inner;
        private final long limit;

        Tls(SSLSocketFactory inner, long limit) {
            this.inner = inner;
            this.limit = limit;
        }

        private Socket wrap(Socket s) {
            return new LimitedSslSocket((SSLSocket) s, limit);
        }

        @Override
        public Socket createSocket() throws IOException {
            return wrap(inner.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return wrap(inner.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return wrap(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return wrap(inner.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return wrap(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return wrap(inner.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return inner.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return inner.getSupportedCipherSuites();
        }
    }
}
