package io.kvsync.marshal.bson.internal;

import java.util.UUID;
import java.util.function.Function;

/**
 * Map keys become BSON field names, so a key type needs an exact text form: {@code String}, enums,
 * {@code UUID}, {@code Integer} and {@code Long}.
 */
final class MapKeys {

    private final Function<Object, String> toName;
    private final Function<String, Object> fromName;

    private MapKeys(Function<Object, String> toName, Function<String, Object> fromName) {
        this.toName = toName;
        this.fromName = fromName;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static MapKeys of(Class<?> keyType) {
        if (keyType == String.class) {
            return new MapKeys(key -> (String) key, name -> name);
        }
        if (keyType.isEnum()) {
            EnumCodec<?> constants = new EnumCodec(keyType);
            return new MapKeys(key -> ((Enum<?>) key).name(), name -> {
                Object constant = constants.constant(name);
                if (constant == null) {
                    throw new MarshalFailure("'" + name + "' is not a constant of " + keyType.getName());
                }
                return constant;
            });
        }
        if (keyType == UUID.class) {
            return new MapKeys(Object::toString, UUID::fromString);
        }
        if (keyType == Integer.class) {
            return new MapKeys(Object::toString, Integer::valueOf);
        }
        if (keyType == Long.class) {
            return new MapKeys(Object::toString, Long::valueOf);
        }
        throw new MarshalFailure("map keys of type " + keyType.getName()
                + " are not supported: use String, an enum, UUID, Integer or Long");
    }

    String name(Object key) {
        if (key == null) {
            throw new MarshalFailure("a map holds a null key, which BSON cannot store");
        }
        String name = toName.apply(key);
        if (!TextCodecs.isValidUtf16(name)) {
            throw new MarshalFailure("a map key holds an unpaired surrogate, which a BSON field name cannot store");
        }
        return name;
    }

    Object key(String name) {
        return fromName.apply(name);
    }
}
