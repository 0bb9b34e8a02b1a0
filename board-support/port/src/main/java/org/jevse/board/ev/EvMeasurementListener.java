package org.jevse.board.ev;

/** Receives an EV-side board's measurements, from any thread. */
@FunctionalInterface
public interface EvMeasurementListener {
    void onMeasurement(EvMeasurement measurement);
}
