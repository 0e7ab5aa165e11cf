package io.kvsync.sample;

/** The sample on its embedded default, H2 and the in-memory store: no server needed. */
class EmbeddedSampleTest extends CustomerReplicationScenario {

    @Override
    String expectedStore() {
        return "MemoryKvStore";
    }
}
