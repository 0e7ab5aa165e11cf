package io.kvsync.store.redis.internal;

/** Escapes text for a Redis glob pattern ({@code SCAN MATCH}), so a prefix matches only itself. */
public final class Glob {

    private Glob() {
    }

    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
