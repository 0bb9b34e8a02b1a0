package org.jevse.board.port;

/**
 * Everything a board reports to the core. A board must report every CP change, even a short one, within 50 ms
 * of it happening (EVerest bring-up guide), and exactly one PowerOn/PowerOff per contactor transition.
 */
public sealed interface BoardEvent {

    /** The control pilot changed state. */
    record CpChanged(CpState state) implements BoardEvent {
    }

    /**
     * Contactor feedback from the mirror contact: {@code closed=true} is EVerest's PowerOn, {@code false} PowerOff.
     * PowerOff also means "not welded".
     */
    record RelayFeedback(boolean closed) implements BoardEvent {
    }

    /** The low half of the PWM does not reach -12 V: the EV's diode is shorted or missing. */
    record DiodeFault() implements BoardEvent {
    }

    /** The proximity pilot was measured (sockets only). */
    record PpAmpacity(Ampacity ampacity) implements BoardEvent {
    }

    /** The RCD or RDC-DD tripped. The hardware has already opened the contactor where it can. */
    record RcdTripped(RcdFault fault, double residualCurrentMa) implements BoardEvent {
    }

    /** Result of an RCD self-test the core asked for. */
    record RcdSelfTestResult(boolean passed) implements BoardEvent {
    }

    /** The connector lock reports its position. */
    record LockFeedback(boolean locked) implements BoardEvent {
    }

    /** A powermeter reading. */
    record PowermeterReading(PowermeterValues values) implements BoardEvent {
    }

    /** The powermeter failed to deliver a reading (timeout, CRC, implausible value). */
    record PowermeterError(String message) implements BoardEvent {
    }
}
