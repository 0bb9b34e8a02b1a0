package org.jevse.evse.core;

import org.jevse.board.port.BoardCommand;

/** Where the core puts what it decides: board commands, and notifications for everyone else. */
public interface CoreOutput {

    void command(BoardCommand command);

    void notify(Notification notification);
}
