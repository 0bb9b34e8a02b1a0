package org.jevse.energy.mqtt;

import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.jevse.tls.PemTls;

/** The CONNECT options of an {@link MqttLink}: the socket (TLS files, packet limit), credentials and last will. */
final class LinkOptions {

    private LinkOptions() {
    }

    /**
     * The options for {@code url}; the TLS files are read first, so a bad file is reported before anything else.
     *
     * @throws IllegalArgumentException with one line naming the URL or file: TLS files with a URL that is not
     *                                  ssl://, or a missing, unreadable or malformed file
     */
    static MqttConnectionOptions of(String url, MqttLink.Tls tls, int maximumPacketSize, String username,
                                    String password, MqttLink.Will will) {
        SocketFactory socketFactory = socketFactory(url, tls, maximumPacketSize);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        // Reconnect fast: a leaf without its parent runs on a lease of a few seconds.
        options.setAutomaticReconnectDelay(1, 5);
        options.setKeepAliveInterval(5);
        options.setConnectionTimeout(5);
        options.setMaximumPacketSize((long) maximumPacketSize);
        if (socketFactory != null) {
            options.setSocketFactory(socketFactory);
        }
        options.setHttpsHostnameVerificationEnabled(true); // the broker's certificate must name the URL's host
        if (username != null && !username.isEmpty()) {
            options.setUserName(username);
            options.setPassword(password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8));
        }
        if (will != null) {
            MqttMessage w = new MqttMessage(will.payload());
            w.setQos(1);
            w.setRetained(true);
            options.setWill(will.topic(), w);
        }
        return options;
    }

    /** The TLS factory for the PEM files (an ssl:// URL only) under the packet limit, or null for Paho's default. */
    private static SocketFactory socketFactory(String url, MqttLink.Tls tls, int maximumPacketSize) {
        SSLSocketFactory tlsFactory = null;
        if (tls != null && tls.any()) {
            if (!url.startsWith("ssl://") && !url.startsWith("wss://")) {
                throw new IllegalArgumentException("TLS files are set but the broker URL " + url
                        + " is not ssl:// (e.g. ssl://host:8883)");
            }
            tlsFactory = PemTls.context(tls.caFile(), tls.certFile(), tls.keyFile()).getSocketFactory();
        }
        SocketFactory limited = PacketLimit.socketFactory(url, tlsFactory, maximumPacketSize);
        return limited != null ? limited : tlsFactory;
    }
}
