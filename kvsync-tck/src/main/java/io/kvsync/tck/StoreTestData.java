package io.kvsync.tck;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/** Keys and values for the contract suites. */
final class StoreTestData {

    private StoreTestData() {
    }

    /**
     * A key prefix no other test uses, so that tests against one shared server (Redis, a Hazelcast
     * cluster) cannot see each other's keys and need no flushing.
     */
    static String uniquePrefix() {
        return "kvsync-tck:" + UUID.randomUUID() + ":";
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Bytes of every value in an order that repeats nowhere, so that a store which truncates, reorders
     * or re-encodes a chunk (e.g. as text) is caught. Seeded, so that a failure can be reproduced.
     */
    static byte[] pseudoRandom(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }
}
