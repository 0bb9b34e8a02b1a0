package org.jevse.deb;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs a service's {@code ExecStart} the way systemd.exec(5) would where systemd is not PID 1: as its User and
 * Group with their supplementary groups, no new privileges and no capabilities, in its WorkingDirectory (the
 * StateDirectory, created for the user), with systemd's environment (PATH, HOME, USER, LOGNAME, SHELL,
 * INVOCATION_ID, and JOURNAL_STREAM naming the stream its standard error goes to) plus its EnvironmentFile. The
 * stop is systemd's too: SIGTERM, then at most TimeoutStopSec.
 */
final class ServiceRun {

    record Result(int exitCode, boolean cleanExit, long stopMs, String stderr) {
    }

    /** Starts the unit's command; {@code config} in place of the one it names (null: as written). */
    static ServiceRun start(Path unitFile, Path config) throws Exception {
        return new ServiceRun(unitFile, config);
    }

    /** Starts the unit as written, waits for {@code ready} in its log, stops it. */
    static Result startStop(Path unitFile, String ready) throws Exception {
        ServiceRun run = start(unitFile, null);
        try {
            run.awaitLog(ready);
            return run.stop();
        } finally {
            run.close();
        }
    }

    private final ServiceUnit u;
    private final String exec;
    private final Path log;
    private final Path err;
    private final Process p;

    private ServiceRun(Path unitFile, Path config) throws Exception {
        u = ServiceUnit.read(unitFile);
        String user = u.get("User");
        String home = Sh.ok("getent", "passwd", user).strip().split(":")[5];
        String stateDir = "/var/lib/" + u.get("StateDirectory");
        String mode = u.get("StateDirectoryMode") != null ? u.get("StateDirectoryMode") : "0755";
        Sh.ok("install", "-d", "-o", user, "-g", u.get("Group"), "-m", mode, stateDir);

        log = Files.createTempDirectory("jevse-service");
        err = log.resolve("stderr");
        Files.createFile(err);
        exec = u.get("ExecStart");
        assertTrue(!exec.contains("\"") && !exec.contains("'") && !exec.contains("$"),
                "the test splits ExecStart on spaces: " + exec);
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + user, "--regid=" + u.get("Group"),
                "--init-groups", "--no-new-privs", "--bounding-set=-all", "--inh-caps=-all", "--"));
        for (String arg : exec.split(" +")) {
            cmd.add(config != null && arg.equals("/etc/jevse/jevse.yaml") ? config.toString() : arg);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of(u.get("WorkingDirectory")).toFile())
                .redirectOutput(log.resolve("stdout").toFile()).redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", home);
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("SHELL", "/usr/sbin/nologin");
        env.put("INVOCATION_ID", UUID.randomUUID().toString().replace("-", ""));
        env.put("JOURNAL_STREAM", Files.getAttribute(err, "unix:dev") + ":" + Files.getAttribute(err, "unix:ino"));
        for (String file : u.all("EnvironmentFile")) {
            Path f = Path.of(file.startsWith("-") ? file.substring(1) : file);
            if (!Files.exists(f) && file.startsWith("-")) {
                continue;
            }
            for (String line : Files.readAllLines(f)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                    env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1).replaceAll("^\"|\"$", ""));
                }
            }
        }
        p = pb.start();
    }

    String stderr() throws java.io.IOException {
        return Files.readString(err);
    }

    /** Waits (bounded) until the service's standard error holds {@code text}. */
    void awaitLog(String text) throws Exception {
        // Real I/O: poll the log with a bound, never a fixed sleep.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!stderr().contains(text)) {
            if (!p.isAlive()) {
                fail(exec + " exited with " + p.exitValue() + " before \"" + text + "\":\n" + stderr());
            }
            if (System.nanoTime() > deadline) {
                fail(exec + " did not log \"" + text + "\" within 120 s:\n" + stderr());
            }
            Thread.sleep(100);
        }
    }

    /** systemctl stop: SIGTERM, then at most TimeoutStopSec before systemd would SIGKILL. */
    Result stop() throws Exception {
        long stopS = Long.parseLong(u.get("TimeoutStopSec"));
        long t0 = System.nanoTime();
        p.destroy();
        boolean ended = p.waitFor(stopS, TimeUnit.SECONDS);
        long stopMs = (System.nanoTime() - t0) / 1_000_000;
        if (!ended) {
            fail(exec + " outlived TimeoutStopSec=" + stopS + " after SIGTERM (systemd would SIGKILL it)");
        }
        Set<Integer> success = new HashSet<>(Set.of(0));
        for (String s : u.all("SuccessExitStatus")) {
            for (String code : s.split(" +")) {
                success.add(Integer.parseInt(code));
            }
        }
        return new Result(p.exitValue(), success.contains(p.exitValue()), stopMs, stderr());
    }

    void close() {
        p.destroyForcibly();
        Sh.run("rm", "-rf", log.toString());
    }
}
