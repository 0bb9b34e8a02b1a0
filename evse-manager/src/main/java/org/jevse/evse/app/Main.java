package org.jevse.evse.app;

public final class Main {
    public static void main(String[] args) {
    }
}
