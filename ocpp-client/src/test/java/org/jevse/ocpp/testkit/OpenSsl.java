package org.jevse.ocpp.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Certificates for the tests, made by the real openssl in a test's directory. */
public final class OpenSsl {
    private OpenSsl() {
    }

    /** Runs {@code openssl args} in {@code dir}: its output, or an AssertionError naming the command. */
    public static String run(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + ": " + out);
        }
        return out;
    }

    /** A self-signed CA valid for 2 days: {@code name.key} and {@code name.pem} in {@code dir}. */
    public static void ca(Path dir, String name) throws Exception {
        run(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", name + ".key", "-out",
                name + ".pem", "-subj", "/CN=" + name);
    }
}
