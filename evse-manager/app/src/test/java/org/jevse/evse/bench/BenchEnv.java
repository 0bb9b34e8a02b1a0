package org.jevse.evse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** One line about where a benchmark ran: date, JVM, flags, CPUs, heap. */
final class BenchEnv {
    private BenchEnv() {
    }

    static String describe() {
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        String gcs = String.join(", ", ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(b -> b.getName()).toList());
        return "date " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + "\nJVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("os.arch") + "), " + Runtime.getRuntime().availableProcessors()
                + " CPUs, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, GC: " + gcs
                + "\nJVM flags: " + String.join(" ", rt.getInputArguments());
    }
}
