package org.jevse.http;

/** A user of the API: a name, a {@link PasswordHash} and a role. */
public record User(String name, String passwordHash, Role role) {

    @Override
    public String toString() {
        return "User[" + name + ", " + role.key() + "]"; // never the hash
    }
}
