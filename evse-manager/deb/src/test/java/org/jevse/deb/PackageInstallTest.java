package org.jevse.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.McuEmulator;
import org.jevse.board.serial.Proto;
import org.jevse.board.serial.SocatPair;
import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.junit.jupiter.api.Test;

/**
 * The package on this machine, the way an integrator uses it: {@code apt-get install ./jevse_*.deb}, the jevse
 * user with its groups, the service's command run as systemd would run it (systemd is not PID 1 here), an upgrade
 * that keeps an edited configuration, a remove that keeps /etc and /var/lib, and a purge that leaves the machine
 * as it was found. It installs packages, so it runs as root only (CI does).
 */
class PackageInstallTest {

    private static final String[] APT = {"env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-q",
            "-o", "DPkg::Lock::Timeout=300"};

    private static String[] apt(String... args) {
        String[] cmd = java.util.Arrays.copyOf(APT, APT.length + args.length);
        System.arraycopy(args, 0, cmd, APT.length, args.length);
        return cmd;
    }

    @Test
    void installRunUpgradeRemovePurgeLeavesTheMachineAsFound() throws Exception {
        assumeTrue(Sh.root(), "the install test installs and purges a Debian package: it runs as root only (CI does)");
        Sh.require("apt-get", "apt");
        Sh.require("systemd-analyze", "systemd");
        Sh.require("setpriv", "util-linux");
        Path deb = Sh.deb();
        Map<String, String> before = MachineState.take();
        assumeTrue("absent".equals(before.get("dpkg status")),
                "jevse is already installed on this machine (" + before.get("dpkg status") + "); the test would remove it");
        try {
            Sh.ok(apt("install", deb.toString()));
            theUserIsASystemUserInTheDeviceGroups();
            theConfigurationIsAConffileReadableByTheServiceOnly();
            for (String unit : new String[] {"jevse.service", "jevse-energy-manager.service"}) {
                Sh.Result v = Sh.run("systemd-analyze", "verify", "/lib/systemd/system/" + unit);
                assertEquals(0, v.code(), unit + ": " + v.out());
                assertEquals("", v.out().strip(), unit + ": systemd-analyze verify has no complaint");
            }
            assertTrue(Files.exists(Path.of("/etc/systemd/system/multi-user.target.wants/jevse.service")),
                    "jevse.service is enabled on install");
            assertFalse(Files.exists(Path.of("/etc/systemd/system/multi-user.target.wants/jevse-energy-manager.service")),
                    "the energy manager is enabled only where the site runs it");

            ServiceRun.Result run = ServiceRun.startStop(Path.of("/lib/systemd/system/jevse.service"), "<6>INFO Charger: state Charging");
            System.out.println("jevse.service run as jevse: exit " + run.exitCode() + " " + run.stopMs() + " ms after SIGTERM");
            assertTrue(run.cleanExit(), "the service's stop is clean: " + run);

            String doctor = Sh.ok("setpriv", "--reuid=jevse", "--regid=jevse", "--init-groups", "/usr/bin/jevse", "doctor");
            assertEquals("OK   board: sim: the simulated board uses no device", doctor.strip());

            theServiceStopOpensTheContactorAndShowsX1WithinTimeoutStopSec();

            Path cfg = Path.of("/etc/jevse/jevse.yaml");
            Files.writeString(cfg, Files.readString(cfg) + "# edited by the integrator\n");
            Sh.ok(apt("install", "--reinstall", deb.toString()));
            assertTrue(Files.readString(cfg).endsWith("# edited by the integrator\n"), "an upgrade keeps an edited conffile");

            Sh.ok(apt("remove", "jevse"));
            assertTrue(Files.exists(cfg) && Files.isDirectory(Path.of("/var/lib/jevse")),
                    "remove keeps the configuration and the state");
            assertFalse(Files.exists(Path.of("/usr/bin/jevse")));
        } finally {
            Sh.run(apt("purge", "jevse"));
        }
        assertEquals(before, MachineState.take(), "the purge leaves the machine as the test found it");
    }

    /**
     * The installed service on a serial board (the MCU emulator behind a socat pty, the port given to group
     * dialout as on a Pi), stopped while it charges: the contactor is open and the pilot at X1 as soon as the
     * process has exited, before the MCU's own keepalive watchdog would have done it, and within TimeoutStopSec.
     */
    private static void theServiceStopOpensTheContactorAndShowsX1WithinTimeoutStopSec() throws Exception {
        Path dir = Files.createTempDirectory("jevse-serial");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        JevseConfig defaults = ConfigLoader.defaults();
        try (SocatPair pty = SocatPair.create(dir);
             McuEmulator mcu = new McuEmulator(JSerialCommLink.open(pty.b.toString(), 115200), defaults.board().sim(),
                     230, 5000).start()) {
            Path tty = pty.a.toRealPath();
            Files.setAttribute(tty, "posix:group", tty.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName("dialout"));
            Files.setPosixFilePermissions(tty, PosixFilePermissions.fromString("rw-rw----"));
            Path config = dir.resolve("serial.yaml");
            Files.writeString(config, "evse:\n  disable_authentication: true\nboard:\n  type: serial\n  serial:\n"
                    + "    port: " + pty.a + "\n");
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
            ServiceRun run = ServiceRun.start(Path.of("/lib/systemd/system/jevse.service"), config);
            try {
                run.awaitLog("<6>INFO Charger: state Idle");
                mcu.runScript(EvScript.parse("plugin; iec_wait_pwr_ready; draw_power_regulated 16,3; sleep 600"));
                run.awaitLog("<6>INFO Charger: state Charging");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!mcu.powerAllowed() && System.nanoTime() < deadline) {
                    Thread.sleep(20); // real I/O over the pty: poll with a bound
                }
                assertTrue(mcu.powerAllowed(), "charging: the contactor is closed before the stop");
                ServiceRun.Result stopped = run.stop();
                // The last frames may still be in the pty when the process is gone: give them a bound well inside
                // the MCU's 5 s keepalive watchdog.
                long exited = System.nanoTime();
                while ((mcu.powerAllowed() || mcu.pilotMode() != Proto.PILOT_X1)
                        && System.nanoTime() - exited < TimeUnit.SECONDS.toNanos(2)) {
                    Thread.sleep(5);
                }
                System.out.println("MCU open and X1 " + (System.nanoTime() - exited) / 1_000_000 + " ms after exit");
                boolean open = !mcu.powerAllowed();
                int pilot = mcu.pilotMode();
                long watchdog = mcu.safeStateEntries();
                System.out.println("jevse.service on the serial board: exit " + stopped.exitCode() + " "
                        + stopped.stopMs() + " ms after SIGTERM");
                assertTrue(stopped.cleanExit(), stopped.toString());
                assertTrue(open, "the contactor is open when jevse has exited; its log:\n" + stopped.stderr());
                assertEquals(Proto.PILOT_X1, pilot, "X1 when jevse has exited");
                assertEquals(0, watchdog, "jevse opened it, not the MCU's watchdog");
            } finally {
                run.close();
            }
        } finally {
            Sh.run("rm", "-rf", dir.toString());
        }
    }

    private static void theUserIsASystemUserInTheDeviceGroups() {
        String[] pw = Sh.ok("getent", "passwd", "jevse").strip().split(":");
        assertTrue(Integer.parseInt(pw[2]) < 1000, "a system user: " + String.join(":", pw));
        assertEquals("/var/lib/jevse", pw[5]);
        assertEquals("/usr/sbin/nologin", pw[6]);
        String groups = " " + Sh.ok("id", "-nG", "jevse").strip() + " ";
        assertTrue(groups.contains(" jevse "), groups);
        for (String g : new String[] {"gpio", "spi", "dialout"}) {
            if (Sh.run("getent", "group", g).code() == 0) {
                assertTrue(groups.contains(" " + g + " "), "jevse joins " + g + " where it exists: " + groups);
            }
        }
        assertTrue(Sh.run("getent", "group", "dialout").code() != 0 || groups.contains(" dialout "), groups);
    }

    private static void theConfigurationIsAConffileReadableByTheServiceOnly() throws Exception {
        String conffiles = Sh.ok("dpkg-query", "-W", "-f=${Conffiles}", "jevse");
        assertTrue(conffiles.contains("/etc/jevse/jevse.yaml") && conffiles.contains("/etc/default/jevse"), conffiles);
        Path cfg = Path.of("/etc/jevse/jevse.yaml");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg)));
        assertEquals("jevse", Files.getAttribute(cfg, "posix:group").toString());
        String check = Sh.ok("setpriv", "--reuid=jevse", "--regid=jevse", "--init-groups", "/usr/bin/jevse", "config",
                "check", cfg.toString());
        assertTrue(check.contains("type: sim"), check);
    }
}
