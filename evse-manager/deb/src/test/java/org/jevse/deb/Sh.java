package org.jevse.deb;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the Debian tools the package tests use, and finds the built package. */
final class Sh {
    private Sh() {
    }

    record Result(int code, String out) {
    }

    /** Runs a command to its end (bounded), standard output and error together. */
    static Result run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not end within 10 min");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command that must succeed; returns its output. */
    static String ok(String... cmd) {
        Result r = run(cmd);
        if (r.code() != 0) {
            fail(String.join(" ", cmd) + " exited with " + r.code() + ":\n" + r.out());
        }
        return r.out();
    }

    /**
     * A tool the test needs: missing, the test fails under {@code CI=true} (scripts/ensure-tools.sh test installs
     * it) and is skipped otherwise.
     */
    static void require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        String msg = tool + " is not installed: run scripts/ensure-tools.sh test (apt-get install " + debianPackage + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(msg + "; CI=true, so the package tests must not be skipped");
        }
        assumeTrue(false, msg);
    }

    /** The package the build wrote (mvn verify): the newest jevse_*_all.deb in the module's target folder. */
    static Path deb() throws IOException {
        Path pattern = Path.of(System.getProperty("jevse.deb", "target/jevse_[[version]]_all.deb"));
        try (var files = Files.list(pattern.getParent())) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("jevse_.*_all\\.deb"))
                    .sorted(java.util.Comparator.comparing(Sh::modified).reversed()).toList();
            if (debs.isEmpty()) {
                fail("no jevse_*_all.deb in " + pattern.getParent() + ": build it with mvn verify (or ./scripts/package.sh)");
            }
            return debs.get(0).toAbsolutePath();
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static boolean root() {
        return "0".equals(ok("id", "-u").trim());
    }
}
