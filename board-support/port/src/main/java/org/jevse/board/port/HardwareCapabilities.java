package org.jevse.board.port;

/**
 * What a board can do (EVerest evse_board_support HardwareCapabilities, AC import side).
 *
 * @param minCurrentA                        the smallest current per phase the board may offer
 * @param maxCurrentA                        the largest current per phase the hardware carries
 * @param minPhases                          fewest phases the board can switch to
 * @param maxPhases                          most phases the board can switch to
 * @param supportsChangingPhasesWhileCharging whether 1p/3p switching mid-session is safe with this board
 * @param hasRelayFeedback                   the contactor reports PowerOn/PowerOff from a mirror contact
 * @param hasLock                            a connector lock with feedback is fitted
 * @param hasRcd                             an RCD/RDC-DD is fitted and reports trips and self-tests
 * @param connectorType                      tethered cable or socket
 * @param cableRatingA                       the rating of a tethered cable (ignored for a socket)
 */
public record HardwareCapabilities(
        double minCurrentA,
        double maxCurrentA,
        int minPhases,
        int maxPhases,
        boolean supportsChangingPhasesWhileCharging,
        boolean hasRelayFeedback,
        boolean hasLock,
        boolean hasRcd,
        ConnectorType connectorType,
        double cableRatingA) {

    public HardwareCapabilities {
        if (minPhases < 1 || maxPhases > 3 || minPhases > maxPhases) {
            throw new IllegalArgumentException("phases must satisfy 1 <= min <= max <= 3, got " + minPhases + ".." + maxPhases);
        }
        if (minCurrentA < 0 || maxCurrentA < minCurrentA) {
            throw new IllegalArgumentException("currents must satisfy 0 <= min <= max, got " + minCurrentA + ".." + maxCurrentA);
        }
    }

    public boolean canSwitchPhases() {
        return minPhases != maxPhases;
    }
}
