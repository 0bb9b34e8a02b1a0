package org.jevse.ocpp.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jevse.ocpp.security.TlsContexts.PemIdentity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS for security profiles 2 and 3 with real handshakes on loopback, using certificates made by openssl: the
 * client trusts only the configured CA (A00.FR.307), checks the host name (A00.FR.308), and presents its
 * certificate when the server asks for one (A00.FR.401).
 */
class TlsContextsTest {
    private static final int IO_TIMEOUT_MS = 20_000; // a guard against a hung test, not an assertion

    @TempDir
    static Path dir;

    private static ExecutorService server;

    @BeforeAll
    static void makeCertificates() throws Exception {
        server = Executors.newSingleThreadExecutor();
        ca("ca-a");
        ca("ca-b");
        leaf("server", "ca-a", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
        leaf("rogue", "ca-b", "localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth");
        leaf("elsewhere", "ca-a", "csms.example", "subjectAltName=DNS:csms.example\nextendedKeyUsage=serverAuth");
        leaf("client", "ca-a", "CP001", "extendedKeyUsage=clientAuth");
        leaf("client-b", "ca-b", "CP001", "extendedKeyUsage=clientAuth");
        // A traditional (SEC1) EC key, which the JDK cannot read.
        openssl("ec", "-in", path("client.key"), "-out", path("client-sec1.key"));
        // An RSA client identity.
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("client-rsa.key"), "-out",
                path("client-rsa.csr"), "-subj", "/CN=CP002");
        sign("client-rsa", "ca-a", "extendedKeyUsage=clientAuth");
    }

    @AfterAll
    static void stopServer() {
        server.shutdownNow();
    }

    private static String path(String name) {
        return dir.resolve(name).toString();
    }

    private static void ca(String name) throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-keyout", path(name + ".key"), "-out", path(name + ".pem"), "-subj", "/CN=" + name,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    }

    private static void leaf(String name, String ca, String cn, String extensions) throws Exception {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                path(name + ".key"), "-out", path(name + ".csr"), "-subj", "/CN=" + cn);
        sign(name, ca, extensions);
    }

    private static void sign(String name, String ca, String extensions) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), "basicConstraints=CA:FALSE\n" + extensions + "\n");
        openssl("x509", "-req", "-in", path(name + ".csr"), "-CA", path(ca + ".pem"), "-CAkey", path(ca + ".key"),
                "-CAcreateserial", "-days", "2", "-extfile", path(name + ".ext"), "-out", path(name + ".pem"));
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> String.join(" ", cmd) + "\n" + out);
    }

    private static SSLContext context(String trusted, String identity) throws Exception {
        Optional<PemIdentity> id = identity == null ? Optional.empty()
                : Optional.of(new PemIdentity(dir.resolve(identity + ".pem"), dir.resolve(identity + ".key")));
        return TlsContexts.create(dir.resolve(trusted + ".pem"), id);
    }

    /**
     * A TLS server on loopback with {@code serverCert}, optionally requiring a client certificate from
     * {@code clientCa}; the client connects to {@code host}, completes the handshake and reads one byte the server
     * writes after its own handshake.
     */
    private static int exchange(String serverCert, String clientCa, SSLContext client, String host) throws Exception {
        SSLContext serverContext = context(clientCa == null ? "ca-a" : clientCa, serverCert);
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(clientCa != null);
            listener.setSoTimeout(IO_TIMEOUT_MS);
            Future<?> accepted = server.submit(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(IO_TIMEOUT_MS);
                    s.startHandshake();
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                    s.getInputStream().read();
                } catch (IOException e) {
                    // The client sees the failure; nothing to do here.
                }
                return null;
            });
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(host, listener.getLocalPort())) {
                socket.setSSLParameters(TlsContexts.clientParameters());
                socket.setSoTimeout(IO_TIMEOUT_MS);
                socket.startHandshake();
                InputStream in = socket.getInputStream();
                int b = in.read();
                socket.getOutputStream().write(1);
                return b;
            } finally {
                accepted.get();
            }
        }
    }

    @Test
    void profileTwoTrustsAServerCertificateFromTheConfiguredCa() throws Exception {
        assertEquals(42, exchange("server", null, context("ca-a", null), "localhost"));
        assertEquals(42, exchange("server", null, context("ca-a", null), "127.0.0.1"));
    }

    @Test
    void profileTwoRefusesAServerCertificateFromAnotherCa() throws Exception {
        assertThrows(SSLHandshakeException.class, () -> exchange("rogue", null, context("ca-a", null), "localhost"));
        // And the other way round: trusting only CA B refuses the CA A server.
        assertThrows(SSLHandshakeException.class, () -> exchange("server", null, context("ca-b", null), "localhost"));
    }

    @Test
    void theServerCertificateMustNameTheHost() throws Exception {
        assertThrows(SSLHandshakeException.class,
                () -> exchange("elsewhere", null, context("ca-a", null), "localhost"));
    }

    @Test
    void profileThreePresentsTheClientCertificate() throws Exception {
        assertEquals(42, exchange("server", "ca-a", context("ca-a", "client"), "localhost"));
        assertEquals(42, exchange("server", "ca-a", context("ca-a", "client-rsa"), "localhost"));
    }

    @Test
    void mutualTlsFailsWithoutAClientCertificate() {
        // TLS 1.3: the client may finish its handshake before the server refuses; the refusal then arrives as an
        // alert on the first read.
        assertThrows(IOException.class, () -> exchange("server", "ca-a", context("ca-a", null), "localhost"));
    }

    @Test
    void mutualTlsFailsWithAClientCertificateFromAnotherCa() {
        assertThrows(IOException.class, () -> exchange("server", "ca-a", context("ca-a", "client-b"), "localhost"));
    }

    @Test
    void onlyTls12AndAboveAreOffered() {
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(TlsContexts.clientParameters().getProtocols()));
        assertEquals("HTTPS", TlsContexts.clientParameters().getEndpointIdentificationAlgorithm());
    }

    @Test
    void unreadableInputsAreReported() throws IOException {
        Path empty = dir.resolve("empty.pem");
        Files.writeString(empty, "");
        assertThrows(GeneralSecurityException.class, () -> TlsContexts.create(empty, Optional.empty()));
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> TlsContexts.create(
                dir.resolve("ca-a.pem"), Optional.of(new PemIdentity(dir.resolve("client.pem"),
                        dir.resolve("client-sec1.key")))));
        assertTrue(e.getMessage().contains("openssl pkcs8"), e.getMessage());
    }
}
