package io.kvsync.engine.internal;

/** The engine's logger name, so that its level can be set apart from the stores' and integrations'. */
final class Loggers {

    static final String ENGINE = "io.kvsync.engine";

    private Loggers() {
    }
}
