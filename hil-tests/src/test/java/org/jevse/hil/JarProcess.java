package org.jevse.hil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jevse jar as a real process, the way a user runs {@code ./jevse}. The jar is built by the
 * evse-manager module earlier in the same Maven reactor.
 */
final class JarProcess {

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Path jar() {
        Path jar = Path.of("..", "evse-manager", "target", "jevse.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: build evse-manager first (mvn install runs it before hil-tests)");
        }
        return jar;
    }

    static Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx64m", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("jevse-out", ".txt");
        Path err = Files.createTempFile("jevse-err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jevse " + String.join(" ", args) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
