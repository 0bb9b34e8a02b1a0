package org.jevse.energy.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A real Mosquitto broker as a child process on a free loopback port, for tests, the fleet simulation's broker mode
 * and benchmarks (Debian package {@code mosquitto}; scripts/install-mosquitto.sh installs it). It can be killed and
 * restarted on the same port to test broker outages.
 */
public final class MosquittoProcess implements AutoCloseable {

    private final Path binary;
    private final int port;
    private final Path dir;
    private final TlsListener tls;
    private Process process;

    private MosquittoProcess(Path binary, int port, Path dir, TlsListener tls) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
        this.tls = tls;
    }

    /**
     * A TLS listener: the broker's certificate and key (PEM), and the CA that client certificates must chain to.
     *
     * @param requireCertificate true: only clients with a certificate signed by {@code caFile} may connect
     */
    public record TlsListener(Path caFile, Path certFile, Path keyFile, boolean requireCertificate) {
    }

    /**
     * The mosquitto binary: the system property {@code jevse.mosquitto} if set (a path; one that is not executable
     * counts as missing, which is how the "missing on CI" failure is checked), else PATH or /usr/sbin (Debian installs
     * it there, outside a normal user's PATH).
     */
    public static Optional<Path> binary() {
        String forced = System.getProperty("jevse.mosquitto");
        if (forced != null && !forced.isEmpty()) {
            Path p = Path.of(forced);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : (path + ":/usr/sbin:/usr/local/sbin").split(":")) {
            if (!d.isEmpty()) {
                Path p = Path.of(d, "mosquitto");
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Starts a broker on a free loopback port and waits (up to 10 s) until it accepts connections. */
    public static MosquittoProcess start() throws IOException {
        return start(null);
    }

    /**
     * Starts a broker on a free loopback port, with a TLS listener if {@code tls} is not null (then {@link #url()} is
     * ssl://127.0.0.1:PORT), and waits (up to 10 s) until it accepts TCP connections.
     */
    public static MosquittoProcess start(TlsListener tls) throws IOException {
        Path bin = binary().orElseThrow(() -> new IOException(
                "mosquitto is not installed: run scripts/install-mosquitto.sh (Debian package mosquitto)"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MosquittoProcess m = new MosquittoProcess(bin, port, Files.createTempDirectory("jevse-mosquitto"), tls);
        m.startProcess();
        return m;
    }

    public int port() {
        return port;
    }

    /** tcp://127.0.0.1:PORT, or ssl://127.0.0.1:PORT with a TLS listener. */
    public String url() {
        return (tls == null ? "tcp" : "ssl") + "://127.0.0.1:" + port;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Kills the broker at once (SIGKILL): clients see the connection drop without any goodbye. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Starts it again on the same port. */
    public void restart() throws IOException {
        startProcess();
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startProcess() throws IOException {
        Path conf = dir.resolve("mosquitto.conf");
        // allow_anonymous is required in 2.x once a listener is declared; nothing persists between restarts.
        List<String> lines = new java.util.ArrayList<>(List.of("listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                // stdout (captured below), not a file: as root, mosquitto drops to its own user and could not write it.
                "persistence false", "log_dest stdout", "max_queued_messages 10000"));
        if (tls != null) {
            // Options of the listener above: they must follow its line.
            lines.addAll(List.of("cafile " + tls.caFile().toAbsolutePath(),
                    "certfile " + tls.certFile().toAbsolutePath(), "keyfile " + tls.keyFile().toAbsolutePath(),
                    "require_certificate " + tls.requireCertificate()));
        }
        lines.add("");
        Files.writeString(conf, String.join("\n", lines));
        process = new ProcessBuilder(binary.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + "; see " + dir);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
        process.destroyForcibly();
        throw new IOException("mosquitto did not accept connections on port " + port + " within 10 s");
    }
}
