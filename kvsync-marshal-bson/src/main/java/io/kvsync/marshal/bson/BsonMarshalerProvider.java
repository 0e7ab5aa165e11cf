package io.kvsync.marshal.bson;

import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.Marshaler;
import io.kvsync.spi.MarshalerProvider;

/**
 * Makes {@link BsonMarshaler}s for {@code kvsync.marshaler=bson}. Its priority, {@value #PRIORITY},
 * outranks the JSON marshaler's, so BSON is chosen when no marshaler is named. It reads no settings
 * and throws nothing. Thread-safe; found by {@link java.util.ServiceLoader}.
 */
public final class BsonMarshalerProvider implements MarshalerProvider {

    /** Higher than the JSON marshaler's 10: BSON is the default. */
    public static final int PRIORITY = 100;

    /** Called by {@link java.util.ServiceLoader}. */
    public BsonMarshalerProvider() {
    }

    @Override
    public String name() {
        return BsonMarshaler.NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Marshaler create(KvSyncConfig config) {
        return BsonMarshaler.create();
    }
}
