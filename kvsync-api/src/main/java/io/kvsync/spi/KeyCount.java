package io.kvsync.spi;

/**
 * The words a store's exception messages use for the keys an operation concerned, such as
 * {@code 3 key(s), the first being "user:1"}: for {@link KvStore} implementors, so that every store
 * names keys alike and a reader can search logs for one wording. Keys are quoted because they may
 * contain the commas and semicolons that separate the parts of a message. Stateless.
 */
public final class KeyCount {

    private KeyCount() {
    }

    /**
     * {@code count} keys and the first of them: {@code 3 key(s), the first being "user:1"}, or
     * {@code 0 key(s)} when there is no first key.
     *
     * @param count    how many keys the operation concerned
     * @param firstKey the first of them, or {@code null} to name none
     */
    public static String describe(int count, String firstKey) {
        return count + " key(s)" + theFirstBeing(firstKey);
    }

    /**
     * The clause that names the first of several keys, to follow a count the caller words itself
     * ({@code 2 of 5 key(s) failed, the first being "user:1"}): {@code , the first being "user:1"}, or
     * the empty string when {@code firstKey} is {@code null}.
     */
    public static String theFirstBeing(String firstKey) {
        return firstKey == null ? "" : ", the first being \"" + firstKey + "\"";
    }
}
