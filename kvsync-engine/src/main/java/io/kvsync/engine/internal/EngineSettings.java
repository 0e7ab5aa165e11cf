package io.kvsync.engine.internal;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvSyncConfig;

import java.time.Duration;

/**
 * The engine's tuning, read once from the merged configuration.
 *
 * @param workers         number of worker threads taking batches from the queue
 * @param queueCapacity   bound on distinct pending keys
 * @param offerTimeout    how long an enqueue waits for room before it fails
 * @param batchSize       most writes a worker hands to the store in one call
 * @param batchLinger     how long a worker that has just written a batch waits for more writes
 *                        before it writes one smaller than {@code batchSize}; zero writes at once
 * @param batchStreamLinger without a {@code batchLinger}: how long a worker lingers after a batch while writes
 *                        stream in (its last wait for work was shorter than this); zero never
 * @param initialBackoff  first retry delay after a failed batch
 * @param maxBackoff      cap of the exponentially growing retry delay
 * @param shutdownTimeout how long {@code close()} drains before giving up
 * @param syncTimeout     how long {@code sync()} waits for its writes
 * @param expiration      time to live of every put, or {@code null} for none
 * @param maxValueSize    most bytes one marshaled entity may take; a larger one is refused at enqueue
 * @param clockSkew       how far apart the clocks of two instances sharing a store may be: two rows' claims of
 *                        one key stamped by two instances closer than this are reported as uncertain; zero
 *                        reports none
 */
public record EngineSettings(int workers, int queueCapacity, Duration offerTimeout, int batchSize,
                             Duration batchLinger, Duration batchStreamLinger, Duration initialBackoff,
                             Duration maxBackoff, Duration shutdownTimeout, Duration syncTimeout, Duration expiration,
                             int maxValueSize, Duration clockSkew) {

    public static final String WORKERS = "kvsync.workers";
    public static final String QUEUE_CAPACITY = "kvsync.queue.capacity";
    public static final String OFFER_TIMEOUT = "kvsync.queue.offer-timeout";
    public static final String BATCH_SIZE = "kvsync.batch.size";
    public static final String BATCH_LINGER = "kvsync.batch.linger";
    public static final String BATCH_STREAM_LINGER = "kvsync.batch.stream-linger";
    public static final String INITIAL_BACKOFF = "kvsync.retry.initial-backoff";
    public static final String MAX_BACKOFF = "kvsync.retry.max-backoff";
    public static final String SHUTDOWN_TIMEOUT = "kvsync.shutdown.timeout";
    public static final String SYNC_TIMEOUT = "kvsync.sync.timeout";
    public static final String EXPIRATION = "kvsync.expiration";
    public static final String MAX_VALUE_SIZE = "kvsync.max-value-size";
    public static final String CLOCK_SKEW = "kvsync.clock-skew";

    /** See {@link #clockSkew()}: well above what NTP keeps servers of one network to. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMillis(100);

    /** See {@link #batchLinger()}. */
    public static final Duration DEFAULT_BATCH_LINGER = Duration.ZERO;

    /**
     * See {@link #batchStreamLinger()}: far below any lag that matters, and long enough that a worker of a fast
     * stream takes dozens of writes per wake-up instead of one or two.
     */
    public static final Duration DEFAULT_BATCH_STREAM_LINGER = Duration.ofNanos(50_000);

    /** 16 MiB: far above any sane entity, well below what stores accept (Redis: 512 MB). */
    public static final int DEFAULT_MAX_VALUE_SIZE = 16 * 1024 * 1024;

    public EngineSettings {
        positive(WORKERS, workers);
        positive(QUEUE_CAPACITY, queueCapacity);
        positive(BATCH_SIZE, batchSize);
        positive(MAX_VALUE_SIZE, maxValueSize);
        notNegative(OFFER_TIMEOUT, offerTimeout);
        notNegative(BATCH_LINGER, batchLinger);
        notNegative(BATCH_STREAM_LINGER, batchStreamLinger);
        positive(INITIAL_BACKOFF, initialBackoff);
        positive(MAX_BACKOFF, maxBackoff);
        notNegative(SHUTDOWN_TIMEOUT, shutdownTimeout);
        notNegative(CLOCK_SKEW, clockSkew);
        positive(SYNC_TIMEOUT, syncTimeout);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new KvSyncConfigurationException(MAX_BACKOFF + "=" + maxBackoff + " is shorter than "
                    + INITIAL_BACKOFF + "=" + initialBackoff);
        }
        if (expiration != null && (expiration.isZero() || expiration.isNegative())) {
            expiration = null; // "0" reads naturally as "never expires"
        }
    }

    /** Reads every setting, with the documented defaults for those not set. */
    public static EngineSettings from(KvSyncConfig config) {
        return new EngineSettings(
                config.getInt(WORKERS, 4),
                config.getInt(QUEUE_CAPACITY, 100_000),
                config.getDuration(OFFER_TIMEOUT, Duration.ofSeconds(5)),
                config.getInt(BATCH_SIZE, 512),
                config.getDuration(BATCH_LINGER, DEFAULT_BATCH_LINGER),
                config.getDuration(BATCH_STREAM_LINGER, DEFAULT_BATCH_STREAM_LINGER),
                config.getDuration(INITIAL_BACKOFF, Duration.ofMillis(100)),
                config.getDuration(MAX_BACKOFF, Duration.ofSeconds(5)),
                config.getDuration(SHUTDOWN_TIMEOUT, Duration.ofSeconds(30)),
                config.getDuration(SYNC_TIMEOUT, Duration.ofSeconds(30)),
                config.getDuration(EXPIRATION).orElse(null),
                config.getInt(MAX_VALUE_SIZE, DEFAULT_MAX_VALUE_SIZE),
                config.getDuration(CLOCK_SKEW, DEFAULT_CLOCK_SKEW));
    }

    /** {@link #clockSkew()} in microseconds, the unit of commit stamps. */
    public long clockSkewMicros() {
        return clockSkew.toNanos() / 1_000;
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new KvSyncConfigurationException("setting " + key + "=" + value + " must be positive");
        }
    }

    private static void positive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new KvSyncConfigurationException("setting " + key + "=" + value + " must be positive");
        }
    }

    private static void notNegative(String key, Duration value) {
        if (value.isNegative()) {
            throw new KvSyncConfigurationException("setting " + key + "=" + value + " must not be negative");
        }
    }
}
