package io.kvsync.marshal.bson.internal;

import org.bson.BsonType;

import java.util.HashMap;
import java.util.Map;

/** An enum as the name of its constant; an unknown name on reading fails, naming the enum. */
final class EnumCodec<E extends Enum<E>> implements Codec<E> {

    private final Class<E> type;
    private final Map<String, E> byName = new HashMap<>();

    EnumCodec(Class<E> type) {
        this.type = type;
        for (E constant : type.getEnumConstants()) {
            byName.put(constant.name(), constant);
        }
    }

    @Override
    public void encode(E value, EncodeContext out) {
        out.writer.writeString(value.name());
    }

    @Override
    public E decode(DecodeContext in) {
        in.expect(BsonType.STRING);
        String name = in.reader.readString();
        E constant = byName.get(name);
        if (constant == null) {
            throw new MarshalFailure("'" + name + "' is not a constant of " + type.getName());
        }
        return constant;
    }

    /** The constant named {@code name}, or null; for enum map keys. */
    E constant(String name) {
        return byName.get(name);
    }
}
