package org.jevse.hil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the built jevse jar as a real process, the way a user runs {@code ./jevse}: with the launcher's JVM flags
 * (its small heap among them), read from the {@code jevse} script itself so that the two cannot drift apart. The
 * jar is built by the evse-manager module earlier in the same Maven reactor.
 */
public final class JarProcess {
    /** The launcher's default flags: {@code opts="${JEVSE_JAVA_OPTS-FLAGS}"} (the default of an unset variable). */
    private static final Pattern LAUNCHER_OPTS = Pattern.compile("opts=\"\\$\\{JEVSE_JAVA_OPTS-([^}]*)}\"");

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private JarProcess() {
    }

    public static Path jar() {
        Path jar = Path.of("..", "evse-manager", "target", "jevse.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: build evse-manager first (mvn install runs it before hil-tests)");
        }
        return jar;
    }

    /** The JVM flags of {@code ./jevse} (e.g. -XX:+UseSerialGC -Xmx64m ...). */
    public static List<String> launcherFlags() {
        Path launcher = Path.of("..", "jevse").toAbsolutePath().normalize();
        try {
            Matcher m = LAUNCHER_OPTS.matcher(Files.readString(launcher));
            if (!m.find()) {
                throw new IllegalStateException(launcher + " has no opts=\"${JEVSE_JAVA_OPTS-...}\" line");
            }
            return List.of(m.group(1).trim().split("\\s+"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the launcher " + launcher + ": " + e.getMessage(), e);
        }
    }

    /** The command line: java, the launcher's flags, -jar jevse.jar, then {@code args}. */
    public static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(launcherFlags());
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** Starts jevse with stdout and stderr into {@code log}; the caller waits for it or stops it. */
    public static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public static Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jevse-out", ".txt");
        Path err = Files.createTempFile("jevse-err", ".txt");
        Process p = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jevse " + String.join(" ", args) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The resident set size of a running process in KiB (VmRSS of /proc/PID/status), or -1 when it is gone. */
    public static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
