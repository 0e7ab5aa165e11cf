package io.kvsync.hibernate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text form of a change's retired keys in the outbox table: each name and key as its length, a colon
 * and its characters, so that any character may appear in a key. {@code null} for none.
 */
final class RetiredKeys {

    private RetiredKeys() {
    }

    static String encode(Map<String, String> keys) {
        if (keys.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        keys.forEach((name, key) -> text.append(name.length()).append(':').append(name)
                .append(key.length()).append(':').append(key));
        return text.toString();
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not what {@link #encode} writes
     */
    static Map<String, String> decode(String text) {
        Map<String, String> keys = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return keys;
        }
        int[] at = {0};
        while (at[0] < text.length()) {
            String name = next(text, at);
            keys.put(name, next(text, at));
        }
        return keys;
    }

    private static String next(String text, int[] at) {
        if (at[0] >= text.length()) {
            throw new IllegalArgumentException("an encoded key list is cut short at offset " + at[0] + ": " + text);
        }
        int colon = text.indexOf(':', at[0]);
        if (colon <= at[0]) {
            throw new IllegalArgumentException("not an encoded key list at offset " + at[0] + ": " + text);
        }
        int length;
        try {
            length = Integer.parseInt(text, at[0], colon, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an encoded key list at offset " + at[0] + ": " + text, e);
        }
        int end = colon + 1 + length;
        if (length < 0 || end > text.length()) {
            throw new IllegalArgumentException("an encoded key list is cut short at offset " + at[0] + ": " + text);
        }
        at[0] = end;
        return text.substring(colon + 1, end);
    }
}
