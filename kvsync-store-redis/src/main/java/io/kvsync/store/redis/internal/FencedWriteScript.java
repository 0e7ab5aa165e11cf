package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua script that applies a versioned put or delete to one key only when {@link KvWrite#admit} allows
 * it, atomically on the key's node.
 *
 * <p>{@code KEYS[1]} is the key; {@code ARGV[1]} the new {@link ValueEnvelope} (a versioned value or a
 * tombstone, with or without a claim); {@code ARGV[2]} its time to live in milliseconds, {@code 0} for
 * none; {@code ARGV[3]} the window of {@link KvWrite#uncertainOrder} in microseconds, {@code 0} for
 * none. It returns 1 when it wrote, 0 when it refused; 3 and 2 for the same when the write met another
 * row's claim that another instance stamped within the window. The envelope it writes carries the {@code born} that
 * {@code admit} gives: the held one when two claims of one owner meet and the held entry's is the later,
 * the new write's stamp when it takes the key from another owner. Envelope offsets are those of
 * {@link ValueEnvelope} (1-based here): kind 5, version 6-13, stamp 14-21, born 22-29, origin 30-33, owner
 * length 34-37, owner from 38. The held value's magic is compared with the new envelope's rather than with a
 * literal, because the magic is not valid UTF-8 and so cannot be written in the script's text.
 *
 * <p>Every comparison is byte by byte: versions, stamps and borns are stored so that their bytes order like
 * the numbers, owners in UTF-8 so that their bytes order like their code points. Lua's own string
 * {@code <} is not used because it follows the server's locale.
 */
public final class FencedWriteScript {

    /** The script's source. */
    public static final String SOURCE = String.join("\n",
            // Compares n bytes of a from i with n bytes of b from j: -1, 0 or 1.
            "local function cmp(a, i, b, j, n)",
            "  for k = 0, n - 1 do",
            "    local x, y = string.byte(a, i + k), string.byte(b, j + k)",
            "    if x ~= y then",
            "      if x > y then return 1 else return -1 end",
            "    end",
            "  end",
            "  return 0",
            "end",
            // The owner of a claimed envelope, or nil when it is not one (or is cut short).
            "local function owner(e)",
            "  local kind = string.sub(e, 5, 5)",
            "  if (kind ~= 'v' and kind ~= 't') or string.len(e) < 37 then return nil end",
            "  local len = ((string.byte(e, 34) * 256 + string.byte(e, 35)) * 256 + string.byte(e, 36)) * 256"
                    + " + string.byte(e, 37)",
            "  if string.len(e) < 37 + len then return nil end",
            "  return string.sub(e, 38, 37 + len)",
            "end",
            // Whether two claims of two rows were stamped by two instances less than ARGV[3] microseconds apart
            // (KvWrite.uncertainOrder). Origin 0 is unknown. The stamps' last 7 bytes, as a Lua number, are
            // exact to a few microseconds; stamps whose first bytes differ are years apart.
            "local function uncertain(a, b)",
            "  local window = tonumber(ARGV[3])",
            "  if window == nil or window <= 0 then return false end",
            "  local oa, ob = string.sub(a, 30, 33), string.sub(b, 30, 33)",
            "  if oa == ob or oa == '\\0\\0\\0\\0' or ob == '\\0\\0\\0\\0' or string.byte(a, 14) ~= string.byte(b, 14) then"
                    + " return false end",
            "  local na, nb = 0, 0",
            "  for k = 15, 21 do",
            "    na = na * 256 + string.byte(a, k)",
            "    nb = nb * 256 + string.byte(b, k)",
            "  end",
            "  return math.abs(na - nb) < window",
            "end",
            // The 8 bytes of s from i, plus one (big-endian, with carry).
            "local function inc(s, i)",
            "  local b = {string.byte(s, i, i + 7)}",
            "  for k = 8, 1, -1 do",
            "    if b[k] < 255 then b[k] = b[k] + 1; break end",
            "    b[k] = 0",
            "  end",
            "  return string.char(unpack(b))",
            "end",
            "local new = ARGV[1]",
            "local held = redis.call('GET', KEYS[1])",
            "local born = nil",
            // 1 written, 0 refused; 3 and 2 the same, between two instances' claims too close to be sure of.
            "local doubt = 0",
            "if held and string.len(held) >= 13 and string.sub(held, 1, 4) == string.sub(new, 1, 4) then",
            "  local heldKind = string.sub(held, 5, 5)",
            "  if heldKind == 'V' or heldKind == 'T' or heldKind == 'v' or heldKind == 't' then",
            "    local newKind = string.sub(new, 5, 5)",
            // JPA keeps @Version on delete: a delete of version n removes the value of version n.
            "    local order = cmp(new, 6, held, 6, 8)",
            "    local versionAllows = order > 0 or (order == 0 and (newKind == 'T' or newKind == 't')"
                    + " and (heldKind == 'V' or heldKind == 'v'))",
            "    local mine, theirs = owner(new), owner(held)",
            "    if mine == nil or theirs == nil then",
            "      if not versionAllows then return 0 end",
            "    elseif mine ~= theirs then",
            // Different rows: the later commit wins; in a tie a put wins over a delete, else the owner later
            // in byte order.
            "      if uncertain(new, held) then doubt = 2 end",
            "      local later = cmp(new, 14, held, 14, 8)",
            "      if later == 0 and (newKind == 't') ~= (heldKind == 't') then",
            "        if newKind == 't' then return doubt end",
            "        later = 1",
            "      end",
            "      if later == 0 then",
            "        local n = math.min(string.len(mine), string.len(theirs))",
            "        later = cmp(mine, 1, theirs, 1, n)",
            "        if later == 0 and string.len(mine) > string.len(theirs) then later = 1 end",
            "      end",
            "      if later <= 0 then return doubt end",
            // The row holds the key from this write on: its own older writes stay out (see KvWrite.admit).
            "      born = string.sub(new, 14, 21)",
            // One row: a later incarnation applies, an earlier one is refused, else the version rule.
            "    elseif cmp(new, 22, held, 14, 8) <= 0 then",
            "      if cmp(new, 14, held, 22, 8) < 0 then return 0 end",
            // A later delete of a deleted row is a later incarnation's: born just after the tombstone held.
            "      if newKind == 't' and heldKind == 't' and cmp(new, 14, held, 14, 8) > 0 then",
            "        born = inc(held, 14)",
            "        if cmp(new, 22, born, 1, 8) > 0 then born = nil end",
            "      else",
            "        if not versionAllows then return 0 end",
            "        if cmp(held, 22, new, 22, 8) > 0 then born = string.sub(held, 22, 29) end",
            "      end",
            "    end",
            "  end",
            "end",
            "if born then new = string.sub(new, 1, 21) .. born .. string.sub(new, 30) end",
            "if ARGV[2] == '0' then",
            "  redis.call('SET', KEYS[1], new)",
            "else",
            "  redis.call('SET', KEYS[1], new, 'PX', ARGV[2])",
            "end",
            "return 1 + doubt");

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
