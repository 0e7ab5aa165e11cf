package io.kvsync.marshal.json;

import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.Marshaler;
import io.kvsync.spi.MarshalerProvider;

/**
 * Provides the {@link JsonMarshaler} under the name {@code "json"}, found by {@link java.util.ServiceLoader}.
 * Its priority, 10, ranks it below the default BSON marshaler when no {@code kvsync.marshaler} is set.
 *
 * <p>Setting read: {@value #MAX_NESTING_DEPTH} (see {@link JsonMarshaler.Builder#maxNestingDepth(int)}).
 * Thread-safe (stateless).
 */
public final class JsonMarshalerProvider implements MarshalerProvider {

    /** The setting that overrides {@link JsonMarshaler#DEFAULT_MAX_NESTING_DEPTH}. */
    public static final String MAX_NESTING_DEPTH = "kvsync.json.max-nesting-depth";

    /** Called by {@link java.util.ServiceLoader}. */
    public JsonMarshalerProvider() {
    }

    @Override
    public String name() {
        return JsonMarshaler.NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    /**
     * A JSON marshaler configured by {@code config}.
     *
     * @throws io.kvsync.api.KvSyncConfigurationException when {@value #MAX_NESTING_DEPTH} is not an
     *         integer of at least 1
     */
    @Override
    public Marshaler create(KvSyncConfig config) {
        return JsonMarshaler.builder()
                .maxNestingDepth(config.getInt(MAX_NESTING_DEPTH, JsonMarshaler.DEFAULT_MAX_NESTING_DEPTH))
                .build();
    }
}
