/**
 * The EV side of the serial board protocol: {@link org.jevse.board.serial.ev.SerialEvBoard}, the bench's
 * {@link org.jevse.board.ev.EvBoard} on an EV-side MCU over a UART, and {@link org.jevse.board.serial.ev.EvMcuEmulator},
 * the reference firmware of that MCU. The framing (CRC, sequence numbers) is the charger side's
 * ({@link org.jevse.board.serial.Frame}); the message types are in {@link org.jevse.board.serial.ev.EvProto}.
 */
package org.jevse.board.serial.ev;
