package io.kvsync.marshal.bson;

import io.kvsync.api.MarshalException;
import io.kvsync.marshal.bson.internal.BsonMapper;
import io.kvsync.spi.LazyLoadGuard;
import io.kvsync.spi.Marshaler;

import java.util.Objects;

/**
 * The default {@link Marshaler}: each object becomes one BSON document, losslessly.
 *
 * <p><b>What is encoded.</b> Every instance field of the class and its superclasses, read directly,
 * except {@code static}, {@code transient} and {@link io.kvsync.api.KvSyncIgnore} ones. Supported
 * field types: primitives and their wrappers, {@code String}, {@code UUID}, {@code BigDecimal} and
 * {@code BigInteger} (exact, scale kept), {@code Instant}, {@code LocalDate}, {@code LocalTime},
 * {@code LocalDateTime}, {@code OffsetDateTime}, {@code ZonedDateTime} (its region zone kept) and
 * {@code Duration} (all to the nanosecond), enums, {@code byte[]}, arrays, collections, maps keyed
 * by {@code String}, an enum, {@code UUID}, {@code Integer} or {@code Long}, records and classes of
 * your own, nested to any depth up to 200 levels. Nulls are kept.
 *
 * <p><b>Reading</b> tolerates schema evolution: fields the class no longer has are skipped, fields the
 * bytes lack keep what the no-argument constructor (of any visibility) gives them; a record's missing
 * components get null, zero or false. A number may be read into a wider type ({@code int} to
 * {@code long}).
 *
 * <p><b>Safety.</b> Only the requested type and the declared types of its fields (and the type
 * arguments of its collections, maps and arrays) are ever instantiated; nothing in the bytes names a
 * class. A field declared as an interface or abstract class (other than a collection or map) is
 * rejected, and so is a value whose class is a subclass of the declared one.
 *
 * <p><b>ORM proxies.</b> A field whose value the {@link LazyLoadGuard}s on the class path report as
 * unloaded (an uninitialized Hibernate proxy or lazy collection) is left out, so marshaling never runs
 * a query; it reads back as the default. An initialized proxy is written as the object behind it.
 *
 * <p><b>Thread safety.</b> Instances are immutable and safe for concurrent use; the codec of each type
 * is built once, on first use, and cached in the instance.
 *
 * <p><b>Errors.</b> {@link #marshal} and {@link #unmarshal} throw {@link MarshalException}, naming
 * the type and, where known, the field (as a path such as {@code address.lines[2]}): an unsupported
 * field type, a cycle in the object graph, bytes that are corrupt, truncated or written by another
 * marshaler, a value that does not fit the declared type.
 */
public final class BsonMarshaler implements Marshaler {

    /** The name used by the {@code kvsync.marshaler} setting. */
    public static final String NAME = "bson";

    private final BsonMapper mapper;

    private BsonMarshaler(LazyLoadGuard guard) {
        this.mapper = new BsonMapper(guard);
    }

    /** A marshaler with the default settings: every {@link LazyLoadGuard} on the class path. */
    public static BsonMarshaler create() {
        return builder().build();
    }

    /** A builder, for a marshaler with settings of its own. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * @throws MarshalException when {@code value} is null, a field type is unsupported, the object graph
     *         has a cycle, or a field cannot be read
     */
    @Override
    public byte[] marshal(Object value) {
        return mapper.encode(value);
    }

    /**
     * {@inheritDoc}
     *
     * @throws MarshalException when the bytes are not a BSON document of this marshaler, or do not fit
     *         {@code type}
     */
    @Override
    public <T> T unmarshal(byte[] bytes, Class<T> type) {
        return mapper.decode(bytes, type);
    }

    @Override
    public String toString() {
        return "BsonMarshaler";
    }

    /** Settings of a {@link BsonMarshaler}. Not thread-safe; {@link #build()} may be called repeatedly. */
    public static final class Builder {

        private LazyLoadGuard lazyLoadGuard = LazyLoadGuard.installed();

        private Builder() {
        }

        /**
         * Which values count as unloaded ORM proxies (default: {@link LazyLoadGuard#installed()}, every
         * guard on the class path, e.g. Hibernate's).
         *
         * @throws NullPointerException when {@code guard} is null
         */
        public Builder lazyLoadGuard(LazyLoadGuard guard) {
            this.lazyLoadGuard = Objects.requireNonNull(guard, "guard");
            return this;
        }

        /** A new marshaler with these settings. */
        public BsonMarshaler build() {
            return new BsonMarshaler(lazyLoadGuard);
        }
    }
}
