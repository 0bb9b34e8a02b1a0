package org.jevse.http;

/** Who makes a request: a logged-in user, or anonymous ({@code role} read where anonymous reading is allowed). */
public record Principal(String name, Role role, boolean anonymous) {

    static final String ANONYMOUS = "anonymous";
}
