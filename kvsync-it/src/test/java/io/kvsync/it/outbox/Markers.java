package io.kvsync.it.outbox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code name=number} fields of a child's marker line. */
final class Markers {

    private Markers() {
    }

    /** The number after {@code name=} in {@code marker}. */
    static long field(String marker, String name) {
        Matcher matcher = Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "=(-?\\d+)").matcher(marker);
        if (!matcher.find()) {
            throw new AssertionError("no " + name + "= in the marker \"" + marker + "\"");
        }
        return Long.parseLong(matcher.group(1));
    }

    /** The number right after the marker's first word ({@code COMMITTED 320 …} gives 320). */
    static long count(String marker) {
        String[] words = marker.split("\\s+", 3);
        return Long.parseLong(words[1]);
    }
}
