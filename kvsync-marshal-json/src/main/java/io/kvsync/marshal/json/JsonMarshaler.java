package io.kvsync.marshal.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.api.MarshalException;
import io.kvsync.marshal.json.internal.EntityMappers;
import io.kvsync.marshal.json.internal.MarshalFailures;
import io.kvsync.spi.LazyLoadGuard;
import io.kvsync.spi.Marshaler;

import java.io.IOException;

/**
 * A {@link Marshaler} that writes entities as UTF-8 JSON with Jackson.
 *
 * <p><b>What is written.</b> Every instance field, inherited ones included, read directly: getters and
 * setters are neither needed nor called. {@code static}, {@code transient} and
 * {@link io.kvsync.api.KvSyncIgnore @KvSyncIgnore} fields are skipped. Records are built through their
 * canonical constructor, other classes through their no-argument constructor (which may be private).
 * {@code java.time} values are ISO-8601 text with every nanosecond digit and, for
 * {@code ZonedDateTime}, the region zone ({@code 2024-10-27T02:30+01:00[Europe/Paris]}); decimals keep
 * their exact digits and scale; NaN and infinities are written as strings.
 *
 * <p><b>What is read.</b> Only the requested type and the declared types of its fields are ever
 * instantiated: there is no default typing, and {@code @JsonTypeInfo} is ignored. Fields missing from
 * the document keep the values the constructor gives them; fields unknown to the type are skipped.
 * Other Jackson annotations on entities ({@code @JsonIgnore}, {@code @JsonProperty}) are honoured.
 *
 * <p><b>ORM proxies.</b> Values that the {@link LazyLoadGuard}s on the class path report as unloaded
 * (Hibernate's uninitialized proxies and lazy collections) are skipped, so marshaling never runs a
 * query; initialized proxies are written as the object behind them.
 *
 * <p><b>Errors.</b> Both methods throw {@link MarshalException} for every failure, naming the class
 * and, where Jackson knows it, the field path. A cycle in the object graph is reported as such once
 * the document would nest deeper than {@link Builder#maxNestingDepth(int)}.
 *
 * <p><b>Thread safety.</b> Instances are immutable and safe for concurrent use; share one.
 */
public final class JsonMarshaler implements Marshaler {

    /** The name matched against the {@code kvsync.marshaler} setting. */
    public static final String NAME = "json";

    /** How deeply documents may nest unless configured otherwise; Jackson's own default. */
    public static final int DEFAULT_MAX_NESTING_DEPTH = 1000;

    private final ObjectMapper mapper;
    private final LazyLoadGuard guard;

    private JsonMarshaler(int maxNestingDepth, LazyLoadGuard guard) {
        this.mapper = EntityMappers.create(maxNestingDepth, guard);
        this.guard = guard;
    }

    /** A marshaler with the default settings. */
    public static JsonMarshaler create() {
        return builder().build();
    }

    /** A builder for a marshaler with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] marshal(Object value) {
        if (value == null) {
            throw new MarshalException("cannot marshal null to JSON: pass the entity to store");
        }
        if (guard.isUnloaded(value)) {
            throw new MarshalException("cannot marshal " + value.getClass().getName() + ": it is an uninitialized "
                    + "lazy proxy, and reading it would load it; replicate the loaded entity instead");
        }
        Object target = guard.unproxy(value);
        try {
            return mapper.writeValueAsBytes(target);
        } catch (IOException | RuntimeException e) {
            throw MarshalFailures.cannotMarshal(value.getClass(), e);
        }
    }

    @Override
    public <T> T unmarshal(byte[] bytes, Class<T> type) {
        if (type == null) {
            throw new MarshalException("cannot unmarshal JSON without a type to read it as");
        }
        if (bytes == null) {
            throw new MarshalException("cannot unmarshal null bytes into " + type.getName());
        }
        T value;
        try {
            value = mapper.readValue(bytes, type);
        } catch (IOException | RuntimeException e) {
            throw MarshalFailures.cannotUnmarshal(type, bytes.length, e);
        }
        if (value == null) {
            throw new MarshalException("cannot unmarshal " + bytes.length + " bytes into " + type.getName()
                    + ": the document is JSON null, which no marshaled entity is");
        }
        return value;
    }

    @Override
    public String toString() {
        return "JsonMarshaler";
    }

    /** Configures a {@link JsonMarshaler}. Not thread-safe; {@link #build()} may be called repeatedly. */
    public static final class Builder {

        private int maxNestingDepth = DEFAULT_MAX_NESTING_DEPTH;
        private LazyLoadGuard lazyLoadGuard = LazyLoadGuard.installed();

        private Builder() {
        }

        /**
         * How many levels of objects and arrays a document may nest, when written and when read
         * (default {@value JsonMarshaler#DEFAULT_MAX_NESTING_DEPTH}). Deeper object graphs fail to
         * marshal; this is also how a cycle is detected, so a much larger limit delays that error and
         * risks a stack overflow first.
         */
        public Builder maxNestingDepth(int depth) {
            this.maxNestingDepth = depth;
            return this;
        }

        /**
         * Which values count as unloaded ORM proxies (default: {@link LazyLoadGuard#installed()}, every
         * guard on the class path, e.g. Hibernate's).
         */
        public Builder lazyLoadGuard(LazyLoadGuard guard) {
            this.lazyLoadGuard = java.util.Objects.requireNonNull(guard, "guard");
            return this;
        }

        /**
         * A new marshaler with these settings.
         *
         * @throws KvSyncConfigurationException when {@code maxNestingDepth} is below 1
         */
        public JsonMarshaler build() {
            if (maxNestingDepth < 1) {
                throw new KvSyncConfigurationException(
                        "JsonMarshaler maxNestingDepth must be at least 1, but was " + maxNestingDepth);
            }
            return new JsonMarshaler(maxNestingDepth, lazyLoadGuard);
        }
    }
}
