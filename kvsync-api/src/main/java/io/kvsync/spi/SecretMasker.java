package io.kvsync.spi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides passwords in settings before they reach a log line or an exception message. */
final class SecretMasker {

    static final String MASK = "****";

    /** The user-info part of a URI: {@code scheme://[user:]password@}. */
    private static final Pattern USER_INFO = Pattern.compile("(://)([^@/,\\s]*)@");

    private SecretMasker() {
    }

    static String mask(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("credential")) {
            return MASK;
        }
        Matcher m = USER_INFO.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String userInfo = m.group(2);
            int colon = userInfo.indexOf(':');
            // Redis URIs allow "redis://password@host": user info without a colon is a password too.
            String masked = colon >= 0 ? userInfo.substring(0, colon + 1) + MASK : MASK;
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + masked + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
