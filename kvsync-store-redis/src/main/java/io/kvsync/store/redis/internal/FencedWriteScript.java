package io.kvsync.store.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua script that applies a versioned put or delete to one key only when
 * {@link io.kvsync.spi.KvWrite#supersedes} allows it, atomically on the key's node.
 *
 * <p>{@code KEYS[1]} is the key; {@code ARGV[1]} the new {@link ValueEnvelope} (a versioned value or a
 * tombstone); {@code ARGV[2]} its time to live in milliseconds, {@code 0} for none. It returns 1 when it
 * wrote, 0 when it refused. The held value's magic is compared with the new envelope's rather than with a
 * literal, because the magic is not valid UTF-8 and so cannot be written in the script's text.
 */
public final class FencedWriteScript {

    /** The script's source. */
    public static final String SOURCE = String.join("\n",
            "local new = ARGV[1]",
            "local held = redis.call('GET', KEYS[1])",
            "if held and string.len(held) >= 13 and string.sub(held, 1, 4) == string.sub(new, 1, 4) then",
            "  local heldKind = string.sub(held, 5, 5)",
            "  if heldKind == 'V' or heldKind == 'T' then",
            "    local order = 0",
            "    for i = 6, 13 do",
            "      local a, b = string.byte(new, i), string.byte(held, i)",
            "      if a ~= b then",
            "        if a > b then order = 1 else order = -1 end",
            "        break",
            "      end",
            "    end",
            // JPA keeps @Version on delete: a delete of version n removes the value of version n.
            "    local deletesOwnVersion = order == 0 and string.sub(new, 5, 5) == 'T' and heldKind == 'V'",
            "    if order < 0 or (order == 0 and not deletesOwnVersion) then",
            "      return 0",
            "    end",
            "  end",
            "end",
            "if ARGV[2] == '0' then",
            "  redis.call('SET', KEYS[1], new)",
            "else",
            "  redis.call('SET', KEYS[1], new, 'PX', ARGV[2])",
            "end",
            "return 1");

    /** The script's source as the bytes sent with {@code EVAL}. */
    public static final byte[] SOURCE_BYTES = SOURCE.getBytes(StandardCharsets.UTF_8);

    /** The SHA-1 of the source, in lower-case hex, as {@code EVALSHA} wants it. */
    public static final String SHA1 = sha1(SOURCE_BYTES);

    private FencedWriteScript() {
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-1", e);
        }
    }
}
