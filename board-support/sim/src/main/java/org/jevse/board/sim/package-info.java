/**
 * The simulated board and its scripted car, for {@code jevse simulate}, {@code jevse run} without hardware, and
 * tests: {@link org.jevse.board.sim.SimulatedBoard} implements the board-support port on an injected scheduler;
 * {@link org.jevse.board.sim.SimulatedEv} is the car; {@link org.jevse.board.sim.EvScript} parses the EV script
 * (EVerest car-simulator words plus our fault injections) and {@link org.jevse.board.sim.EvScriptRunner} plays it.
 */
package org.jevse.board.sim;
