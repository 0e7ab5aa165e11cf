package io.kvsync.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;

/**
 * Turns a version value, as entities hold it, into the {@code long} that fences writes in a store.
 * {@link Syncable#syncVersion()} uses it, and so does the Hibernate integration.
 */
public final class Versions {

    private Versions() {
    }

    /**
     * Numbers as they are; timestamps ({@link java.sql.Timestamp}, {@link Date}, {@link Instant},
     * {@link LocalDateTime} taken as UTC, {@link OffsetDateTime}, {@link ZonedDateTime}) as nanoseconds
     * since the epoch, so that two versions taken in the same millisecond still differ where the
     * database kept more precision.
     *
     * @return the version, or {@link Syncable#UNVERSIONED} for {@code null} and for a type with no order
     */
    public static long toLong(Object version) {
        if (version == null) {
            return Syncable.UNVERSIONED;
        }
        if (version instanceof Number number) {
            return number.longValue();
        }
        if (version instanceof java.sql.Timestamp timestamp) {
            return epochNanos(timestamp.toInstant());
        }
        if (version instanceof Date date) {
            return epochNanos(date.toInstant());
        }
        if (version instanceof Instant instant) {
            return epochNanos(instant);
        }
        if (version instanceof LocalDateTime local) {
            return epochNanos(local.toInstant(ZoneOffset.UTC));
        }
        if (version instanceof OffsetDateTime offset) {
            return epochNanos(offset.toInstant());
        }
        if (version instanceof ZonedDateTime zoned) {
            return epochNanos(zoned.toInstant());
        }
        return Syncable.UNVERSIONED;
    }

    /** Whether {@link #toLong} orders values of {@code type}. */
    public static boolean ordered(Class<?> type) {
        Class<?> boxed = type.isPrimitive() ? boxed(type) : type;
        return Number.class.isAssignableFrom(boxed) || Date.class.isAssignableFrom(boxed)
                || boxed == Instant.class || boxed == LocalDateTime.class || boxed == OffsetDateTime.class
                || boxed == ZonedDateTime.class;
    }

    private static Class<?> boxed(Class<?> primitive) {
        if (primitive == int.class) {
            return Integer.class;
        }
        if (primitive == long.class) {
            return Long.class;
        }
        if (primitive == short.class) {
            return Short.class;
        }
        return primitive == byte.class ? Byte.class : Void.class;
    }

    private static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
