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
 * (small heap, serial GC, exit on OutOfMemoryError), read from the launcher itself so the two cannot drift. The jar
 * is built by the evse-manager/app module earlier in the same Maven reactor.
 */
public final class JarProcess {

    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** The launcher's default flags: {@code ${JEVSE_JAVA_OPTS-FLAGS}} (the default of an unset variable). */
    private static final Pattern DEFAULT_OPTS = Pattern.compile("\\$\\{JEVSE_JAVA_OPTS-([^}]*)}");

    private JarProcess() {
    }

    public static Path jar() {
        Path jar = Path.of("..", "evse-manager", "app", "target", "jevse.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " missing: build evse-manager/app first (mvn install runs it before hil-tests)");
        }
        return jar;
    }

    /** The default JVM flags of the {@code ./jevse} launcher (its {@code ${JEVSE_JAVA_OPTS-...}}). */
    public static List<String> launcherFlags() {
        Path launcher = Path.of("..", "jevse").toAbsolutePath().normalize();
        try {
            Matcher m = DEFAULT_OPTS.matcher(Files.readString(launcher));
            if (!m.find()) {
                throw new IllegalStateException(launcher + " has no ${JEVSE_JAVA_OPTS-...} default");
            }
            return Arrays.stream(m.group(1).trim().split("\\s+")).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the launcher " + launcher + ": " + e.getMessage(), e);
        }
    }

    /** The command line of {@code ./jevse ARGS}: java, the launcher's flags, -jar jevse.jar, then the arguments. */
    public static List<String> command(String... args) {
        return command(List.of(), args);
    }

    /** The same with {@code jvmArgs} (system properties of a test hook, say) after the launcher's flags. */
    public static List<String> command(List<String> jvmArgs, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(launcherFlags());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code ./jevse ARGS} with stdout to {@code out} and stderr to {@code err}. */
    public static Process start(Path out, Path err, String... args) throws IOException {
        return new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** Starts {@code ./jevse ARGS} with stdout and stderr into {@code log}; the caller waits for it or stops it. */
    public static Process start(Path log, String... args) throws IOException {
        return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public static Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jevse-out", ".txt");
        Path err = Files.createTempFile("jevse-err", ".txt");
        Process p = start(out, err, args);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("jevse " + String.join(" ", args) + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A kB field of /proc/PID/status (VmRSS:, VmHWM: ...), or 0 once the process is gone. */
    public static long statusKib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
