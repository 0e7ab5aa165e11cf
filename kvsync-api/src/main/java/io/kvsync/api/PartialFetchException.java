package io.kvsync.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A multi-key fetch found stored bytes it could not read for some keys (corrupted, truncated, written by
 * another marshaler or an incompatible version of the class), and read the others. Nothing read is lost:
 * {@link #fetched()} holds every object that could be read, and {@link #failures()} the error of each key
 * that could not. The message names the type, how many keys failed, and the first few with their causes.
 *
 * <p>Absent keys are neither fetched nor failed, as with a successful fetch. Transient fields make this
 * exception not serializable with its results: {@link #fetched()} and {@link #failures()} are empty on a
 * deserialized copy.
 */
public class PartialFetchException extends MarshalException {

    private static final long serialVersionUID = 1L;
    /** How many failed keys the message names; {@link #failures()} has them all. */
    private static final int NAMED_IN_MESSAGE = 3;

    private final transient Map<String, Object> fetched;
    private final transient Map<String, MarshalException> failures;

    /**
     * @param type     the type the keys were read as
     * @param fetched  the objects read, by key, in the order requested
     * @param failures the error of each key that could not be read, in the order requested; not empty
     */
    public PartialFetchException(Class<?> type, Map<String, ?> fetched, Map<String, MarshalException> failures) {
        super(message(type, fetched.size(), failures), failures.values().iterator().next());
        this.fetched = Collections.unmodifiableMap(new LinkedHashMap<>(fetched));
        this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
    }

    /** Every object that could be read, by key, in the order requested. */
    public Map<String, Object> fetched() {
        return fetched == null ? Map.of() : fetched;
    }

    /** {@link #fetched()}, typed: the objects are instances of the type the fetch asked for. */
    public <T> Map<String, T> fetched(Class<T> type) {
        Map<String, T> typed = new LinkedHashMap<>();
        fetched().forEach((key, value) -> typed.put(key, type.cast(value)));
        return typed;
    }

    /** The error of each key whose bytes could not be read, in the order requested. */
    public Map<String, MarshalException> failures() {
        return failures == null ? Map.of() : failures;
    }

    private static String message(Class<?> type, int fetchedCount, Map<String, MarshalException> failures) {
        StringBuilder message = new StringBuilder("could not read ").append(failures.size()).append(" of ")
                .append(failures.size() + fetchedCount).append(" stored keys as ").append(type.getName())
                .append(" (the other ").append(fetchedCount).append(" were read; see fetched() and failures())");
        int named = 0;
        for (MarshalException failure : failures.values()) {
            if (named++ == NAMED_IN_MESSAGE) {
                message.append("; and ").append(failures.size() - NAMED_IN_MESSAGE).append(" more");
                break;
            }
            message.append("; ").append(failure.getMessage());
        }
        return message.toString();
    }
}
