package org.jevse.energy.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.HandshakeCompletedListener;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A TLS socket whose decrypted input goes through a {@link PacketLimit}. Everything else is the JDK's socket: the
 * handshake, SNI and host name verification Paho sets up, timeouts and closing. (The MQTT packets only exist above
 * TLS, so the check cannot sit on the plain socket below it.)
 */
final class LimitedSslSocket extends SSLSocket {

    private final SSLSocket s;
    private final long limit;
    private InputStream limited;

    LimitedSslSocket(SSLSocket s, long limit) {
        this.s = s;
        this.limit = limit;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (limited == null) {
            limited = new PacketLimit(s.getInputStream(), limit);
        }
        return limited;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return s.getOutputStream();
    }

    @Override
    public void connect(SocketAddress endpoint) throws IOException {
        s.connect(endpoint);
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        s.connect(endpoint, timeout);
    }

    @Override
    public void bind(SocketAddress bindpoint) throws IOException {
        s.bind(bindpoint);
    }

    @Override
    public void close() throws IOException {
        s.close();
    }

    /**
     * Never throws. Paho 1.2.5 ({@code TCPNetworkModule.stop}) calls {@code shutdownInput()} and then {@code close()}
     * without a try; the JDK's TLS socket throws from {@code shutdownInput()} when the peer has not sent its
     * close_notify ("closing inbound before receiving peer's close_notify"), which is every lost connection, so
     * {@code close()} would never run and the socket would stay open after each reconnect.
     */
    @Override
    public void shutdownInput() {
        try {
            s.shutdownInput();
        } catch (IOException e) {
            // close() follows and closes both directions
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        s.shutdownOutput();
    }

    @Override
    public boolean isConnected() {
        return s.isConnected();
    }

    @Override
    public boolean isBound() {
        return s.isBound();
    }

    @Override
    public boolean isClosed() {
        return s.isClosed();
    }

    @Override
    public boolean isInputShutdown() {
        return s.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return s.isOutputShutdown();
    }

    @Override
    public InetAddress getInetAddress() {
        return s.getInetAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return s.getLocalAddress();
    }

    @Override
    public int getPort() {
        return s.getPort();
    }

    @Override
    public int getLocalPort() {
        return s.getLocalPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return s.getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return s.getLocalSocketAddress();
    }

    @Override
    public SocketChannel getChannel() {
        return s.getChannel();
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        s.setSoTimeout(timeout);
    }

    @Override
    public int getSoTimeout() throws SocketException {
        return s.getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        s.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return s.getTcpNoDelay();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        s.setKeepAlive(on);
    }

    @Override
    public boolean getKeepAlive() throws SocketException {
        return s.getKeepAlive();
    }

    @Override
    public void setSoLinger(boolean on, int linger) throws SocketException {
        s.setSoLinger(on, linger);
    }

    @Override
    public int getSoLinger() throws SocketException {
        return s.getSoLinger();
    }

    @Override
    public void setReceiveBufferSize(int size) throws SocketException {
        s.setReceiveBufferSize(size);
    }

    @Override
    public int getReceiveBufferSize() throws SocketException {
        return s.getReceiveBufferSize();
    }

    @Override
    public void setSendBufferSize(int size) throws SocketException {
        s.setSendBufferSize(size);
    }

    @Override
    public int getSendBufferSize() throws SocketException {
        return s.getSendBufferSize();
    }

    @Override
    public String toString() {
        return s.toString();
    }

    // SSLSocket

    @Override
    public String[] getSupportedCipherSuites() {
        return s.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
        return s.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
        s.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
        return s.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
        return s.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
        s.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
        return s.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
        return s.getHandshakeSession();
    }

    @Override
    public void addHandshakeCompletedListener(HandshakeCompletedListener listener) {
        s.addHandshakeCompletedListener(listener);
    }

    @Override
    public void removeHandshakeCompletedListener(HandshakeCompletedListener listener) {
        s.removeHandshakeCompletedListener(listener);
    }

    @Override
    public void startHandshake() throws IOException {
        s.startHandshake();
    }

    @Override
    public void setUseClientMode(boolean mode) {
        s.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
        return s.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
        s.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
        return s.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
        s.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
        return s.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
        s.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
        return s.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
        return s.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
        s.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
        return s.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
        return s.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(BiFunction<SSLSocket, List<String>, String> selector) {
        s.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLSocket, List<String>, String> getHandshakeApplicationProtocolSelector() {
        return s.getHandshakeApplicationProtocolSelector();
    }
}
