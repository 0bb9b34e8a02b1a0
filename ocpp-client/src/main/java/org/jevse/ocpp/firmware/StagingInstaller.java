package org.jevse.ocpp.firmware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The default {@link FirmwareInstaller}: verifies that the downloaded package is a non-empty file and stages it
 * into a directory (atomically renamed there, so the directory never holds a half-written package) for the
 * integrator's updater to pick up.
 */
public final class StagingInstaller implements FirmwareInstaller {
    private final Path stagingDir;

    public StagingInstaller(Path stagingDir) {
        this.stagingDir = stagingDir;
    }

    public Path stagingDir() {
        return stagingDir;
    }

    @Override
    public void install(Path downloadedPackage) throws IOException {
        if (!Files.isRegularFile(downloadedPackage) || Files.size(downloadedPackage) == 0) {
            throw new IOException("the firmware package " + downloadedPackage.getFileName() + " is empty");
        }
        Files.createDirectories(stagingDir);
        Files.move(downloadedPackage, stagingDir.resolve(downloadedPackage.getFileName()),
                StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The package is staged once the rename happened (it is atomic: the staged file is whole or absent). */
    @Override
    public boolean installedAfterRestart(Path downloadedPackage) {
        return Files.isRegularFile(stagingDir.resolve(downloadedPackage.getFileName()));
    }
}
