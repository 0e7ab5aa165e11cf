package io.kvsync.tck;

import io.kvsync.spi.KvWrite;
import io.kvsync.spi.KvWrite.Delete;
import io.kvsync.spi.KvWrite.Put;

import java.time.Duration;

/** Short factories for the writes the contract suites issue, with text values for readable failures. */
final class StoreWrites {

    private StoreWrites() {
    }

    static KvWrite put(String key, String value) {
        return Put.of(key, StoreTestData.bytes(value));
    }

    static KvWrite put(String key, String value, long version) {
        return new Put(key, StoreTestData.bytes(value), null, version);
    }

    static KvWrite putExpiring(String key, String value, Duration ttl) {
        return new Put(key, StoreTestData.bytes(value), ttl, KvWrite.UNVERSIONED);
    }

    static KvWrite delete(String key) {
        return Delete.of(key);
    }

    static KvWrite delete(String key, long version) {
        return new Delete(key, version);
    }

    static KvWrite put(String key, String value, long version, KvWrite.Claim claim) {
        return new Put(key, StoreTestData.bytes(value), null, version, claim);
    }

    static KvWrite delete(String key, long version, KvWrite.Claim claim) {
        return new Delete(key, version, claim);
    }
}
