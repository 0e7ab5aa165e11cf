package io.kvsync.spi;

/**
 * Tells marshalers which field values they must not touch because touching them would load data: an
 * uninitialized lazy association or proxy of an ORM. Marshalers skip such fields (they are absent from
 * the bytes and keep their defaults when read) and unwrap initialized proxies to the real object.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.kvsync.spi.LazyLoadGuard}); {@code kvsync-engine} registers one for
 * Hibernate, active when Hibernate is on the class path. Marshalers get the combination of every guard
 * from {@link #installed()}. Implementations must be thread-safe and fast: they are asked about every
 * non-primitive field value.
 */
public interface LazyLoadGuard {

    /** Returns {@code true} if reading {@code value} would load data (an uninitialized proxy or collection). */
    boolean isUnloaded(Object value);

    /** Returns the real object behind an initialized proxy, or {@code value} itself. */
    Object unproxy(Object value);

    /** Every guard on the class path combined; a guard that does nothing when there are none. Cached. */
    static LazyLoadGuard installed() {
        return LazyLoadGuards.INSTALLED;
    }
}
