/**
 * The EV-side board-support port, the mirror of {@link org.jevse.board.port.BoardSupport} (EVerest names it
 * {@code ev_board_support}): what a HIL bench drives on the control pilot as the car ({@link EvBoard}) and what it
 * measures of the charger under test ({@link EvMeasurement}). JDK only, like the charger-side port.
 */
package org.jevse.board.ev;
