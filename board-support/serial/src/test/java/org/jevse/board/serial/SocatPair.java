package org.jevse.board.serial;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A pair of connected pseudo-terminals made by socat, for tests over real ttys. Without socat the test is
 * skipped, or fails with a clear message when {@code CI=true} (scripts/install-socat.sh installs it).
 */
public final class SocatPair implements AutoCloseable {

    public final Path a;
    public final Path b;
    private final Process process;

    private SocatPair(Path a, Path b, Process process) {
        this.a = a;
        this.b = b;
        this.process = process;
    }

    public static Path socat() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, "socat");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Creates the pair in {@code dir}, waiting until both links exist. */
    public static SocatPair create(Path dir) throws IOException, InterruptedException {
        Path socat = socat();
        if (socat == null) {
            String msg = "socat is not installed: run scripts/install-socat.sh (apt-get install socat)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg + "; CI=true, so the pty tests must not be skipped");
            }
            assumeTrue(false, msg + "; skipping the tests over pseudo-terminals");
        }
        Path a = dir.resolve("ttyA");
        Path b = dir.resolve("ttyB");
        Process p = new ProcessBuilder(socat.toString(), "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!p.isAlive()) {
                fail("socat exited with " + p.exitValue() + " before creating " + a + " and " + b);
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                fail("socat did not create " + a + " and " + b + " within 10 s");
            }
            Thread.sleep(10);
        }
        return new SocatPair(a, b, p);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
