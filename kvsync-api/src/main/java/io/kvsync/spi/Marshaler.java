package io.kvsync.spi;

/**
 * Turns entities into bytes and back.
 *
 * <p><b>Thread safety.</b> Implementations are safe for concurrent use.
 *
 * <p><b>What every marshaler does.</b> Fields are read directly (getters are not required); fields
 * that are {@code static}, {@code transient} or annotated {@link io.kvsync.api.KvSyncIgnore} are
 * skipped. Reading tolerates schema evolution: unknown fields in the bytes are ignored, fields missing
 * from the bytes keep the value the type's no-argument constructor gives them.
 *
 * <p><b>Safety.</b> {@link #unmarshal} instantiates only the requested type and the declared types of
 * its fields: nothing in the bytes names a class to instantiate.
 *
 * <p>Contract tests: {@code io.kvsync.tck.MarshalerContract} in {@code kvsync-tck}.
 */
public interface Marshaler {

    /** The marshaler's name, as used by the {@code kvsync.marshaler} setting: {@code "bson"}, {@code "json"}. */
    String name();

    /**
     * Encodes {@code value}.
     *
     * @throws io.kvsync.api.MarshalException when the value cannot be encoded (unsupported type,
     *         cycle, a failing field); the message names the class and, where known, the field
     */
    byte[] marshal(Object value);

    /**
     * Decodes {@code bytes} into a new instance of {@code type}.
     *
     * @throws io.kvsync.api.MarshalException when the bytes are corrupted, truncated, written by
     *         another marshaler, or do not fit {@code type}
     */
    <T> T unmarshal(byte[] bytes, Class<T> type);
}
