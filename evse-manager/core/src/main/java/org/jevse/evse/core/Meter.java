package org.jevse.evse.core;

import org.jevse.board.port.PowermeterValues;

/** The powermeter's last good reading. */
final class Meter {

    private PowermeterValues last;

    /**
     * Takes a reading. A meter whose import register goes backwards cannot be billed from: the last good value
     * is kept and false returned.
     */
    boolean accept(PowermeterValues v) {
        if (last != null && v.energyImportWh() < last.energyImportWh()) {
            return false;
        }
        last = v;
        return true;
    }

    /** A reading has arrived since start-up. */
    boolean seen() {
        return last != null;
    }

    PowermeterValues last() {
        return last;
    }

    double energyWh() {
        return last == null ? 0 : last.energyImportWh();
    }
}
