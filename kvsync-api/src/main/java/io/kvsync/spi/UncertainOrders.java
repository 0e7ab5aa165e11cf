package io.kvsync.spi;

/**
 * Where a store tells the engine of the keys whose hand-over it decided between two rows' claims that two
 * instances stamped too close together to be sure which committed first ({@link KvWrite#uncertainOrder}).
 * The store still applies {@link KvWrite#admit}; the engine reports each such key through the report
 * callback, so that it can be checked against the database. Called on the thread that called
 * {@link KvStore#write(java.util.List, UncertainOrders)}, before that call returns.
 */
public interface UncertainOrders {

    /** Nothing is uncertain: a window of zero. */
    UncertainOrders NONE = new UncertainOrders() {
        @Override
        public long windowMicros() {
            return 0;
        }

        @Override
        public void report(KvWrite write, KvWrite.Claim other, boolean applied) {
        }
    };

    /**
     * How far apart the clocks of two instances may be, in stamp units (microseconds): two rows' claims
     * from two instances closer than this are uncertain. {@code 0}: the store need not look.
     */
    long windowMicros();

    /**
     * {@code write}, one of the batch's writes, met another row's claim that another instance stamped
     * within the window.
     *
     * @param write   the write, as given to the store
     * @param other   the claim the store held, when the store can tell it; otherwise {@code null}
     * @param applied whether {@code write} replaced it (its stamp was the later) or was refused
     */
    void report(KvWrite write, KvWrite.Claim other, boolean applied);
}
