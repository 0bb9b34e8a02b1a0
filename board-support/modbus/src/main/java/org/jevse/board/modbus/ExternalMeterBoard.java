package org.jevse.board.modbus;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Consumer;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.BoardEventListener;
import org.jevse.board.port.BoardSupport;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PowerReason;

/**
 * A board whose meter readings come from an external meter instead of its own: every command goes to the board;
 * the board's own PowermeterReading/PowermeterError events are dropped and the external meter's are reported.
 */
public final class ExternalMeterBoard implements BoardSupport {

    private final BoardSupport board;
    private final ModbusPowermeter meter;
    private volatile BoardEventListener listener = e -> { };

    /** @param meterFactory builds the meter around the sink this board gives it */
    public ExternalMeterBoard(BoardSupport board, Function<Consumer<BoardEvent>, ModbusPowermeter> meterFactory) {
        this.board = Objects.requireNonNull(board, "board");
        this.meter = meterFactory.apply(e -> listener.onBoardEvent(e));
        board.setListener(e -> {
            if (!(e instanceof BoardEvent.PowermeterReading) && !(e instanceof BoardEvent.PowermeterError)) {
                listener.onBoardEvent(e);
            }
        });
    }

    public BoardSupport board() {
        return board;
    }

    public ModbusPowermeter meter() {
        return meter;
    }

    @Override
    public HardwareCapabilities capabilities() {
        return board.capabilities();
    }

    @Override
    public void setListener(BoardEventListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void start() {
        board.start();
        meter.start();
    }

    @Override
    public void pilotPwm(double dutyPercent) {
        board.pilotPwm(dutyPercent);
    }

    @Override
    public void pilotX1() {
        board.pilotX1();
    }

    @Override
    public void pilotF() {
        board.pilotF();
    }

    @Override
    public void allowPower(boolean on, PowerReason reason) {
        board.allowPower(on, reason);
    }

    @Override
    public void switchPhases(int phases) {
        board.switchPhases(phases);
    }

    @Override
    public void setOverCurrentLimit(double amps) {
        board.setOverCurrentLimit(amps);
    }

    @Override
    public void lockConnector(boolean locked) {
        board.lockConnector(locked);
    }

    @Override
    public void rcdSelfTest() {
        board.rcdSelfTest();
    }

    @Override
    public void rcdReset() {
        board.rcdReset();
    }

    @Override
    public void close() {
        meter.close();
        board.close();
    }
}
