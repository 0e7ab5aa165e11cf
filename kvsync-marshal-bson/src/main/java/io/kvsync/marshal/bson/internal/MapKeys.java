package io.kvsync.marshal.bson.internal;

import java.util.UUID;
import java.util.function.Function;

/**
 * Map keys are written as text (BSON field names, or strings in the pair form of {@link MapCodec}),
 * so a key type needs an exact text form: {@code String}, enums, {@code UUID}, {@code Integer} and
 * {@code Long}.
 */
final class MapKeys {

    private final Function<Object, String> toName;
    private final Function<String, Object> fromName;

    private final boolean text;

    private MapKeys(Function<Object, String> toName, Function<String, Object> fromName, boolean text) {
        this.toName = toName;
        this.fromName = fromName;
        this.text = text;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static MapKeys of(Class<?> keyType) {
        if (keyType == String.class) {
            return new MapKeys(key -> (String) key, name -> name, true);
        }
        if (keyType.isEnum()) {
            EnumCodec<?> constants = new EnumCodec(keyType);
            return new MapKeys(key -> ((Enum<?>) key).name(), name -> {
                Object constant = constants.constant(name);
                if (constant == null) {
                    throw new MarshalFailure("'" + name + "' is not a constant of " + keyType.getName());
                }
                return constant;
            }, false);
        }
        if (keyType == UUID.class) {
            return new MapKeys(Object::toString, UUID::fromString, false);
        }
        if (keyType == Integer.class) {
            return new MapKeys(Object::toString, Integer::valueOf, false);
        }
        if (keyType == Long.class) {
            return new MapKeys(Object::toString, Long::valueOf, false);
        }
        throw new MarshalFailure("map keys of type " + keyType.getName()
                + " are not supported: use String, an enum, UUID, Integer or Long");
    }

    String name(Object key) {
        if (key == null) {
            throw new MarshalFailure("a map holds a null key, which BSON cannot store");
        }
        return toName.apply(key);
    }

    /**
     * True when every key can be a BSON field name. Only string keys can fail (a NUL or an unpaired
     * surrogate); enum constants, UUIDs and numbers never do.
     */
    boolean allFieldNames(Iterable<Object> keys) {
        if (!text) {
            return true;
        }
        for (Object key : keys) {
            if (key instanceof String name && (name.indexOf('\0') >= 0 || !TextCodecs.isValidUtf16(name))) {
                return false;
            }
        }
        return true;
    }

    Object key(String name) {
        return fromName.apply(name);
    }
}
