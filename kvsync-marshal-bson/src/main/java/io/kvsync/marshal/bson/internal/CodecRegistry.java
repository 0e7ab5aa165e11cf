package io.kvsync.marshal.bson.internal;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the codec of a type, building it on first use from the declared type alone (never from a
 * value, never from the bytes), and caches it. Lookups are lock-free; building is serialized, since
 * it happens once per type and must see half-built codecs of the types it is building (a type that
 * refers to itself).
 */
final class CodecRegistry {

    private static final Map<Class<?>, Codec<?>> SCALARS = scalars();

    private final Map<Type, Codec<Object>> cache = new ConcurrentHashMap<>();
    /** Codecs made by the build in progress; guarded by {@code this}. Published to {@link #cache} when it succeeds. */
    private final Map<Type, Codec<Object>> building = new HashMap<>();

    /** The codec of {@code type}; fails for a type this marshaler does not support. */
    Codec<Object> codecFor(Type type) {
        Codec<Object> codec = cache.get(type);
        return codec != null ? codec : build(type);
    }

    private synchronized Codec<Object> build(Type type) {
        boolean outermost = building.isEmpty();
        try {
            Codec<Object> codec = resolve(type);
            if (outermost) {
                cache.putAll(building);
            }
            return codec;
        } finally {
            if (outermost) {
                building.clear();
            }
        }
    }

    /** The codec of {@code type}, from the cache, from the build in progress, or new. Holds the lock. */
    private Codec<Object> resolve(Type type) {
        Codec<Object> codec = cache.get(type);
        if (codec == null) {
            codec = building.get(type);
        }
        if (codec == null) {
            codec = create(type);
            building.put(type, codec);
        }
        return codec;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Codec<Object> create(Type type) {
        if (type instanceof WildcardType) {
            throw new MarshalFailure("the wildcard " + type + " has no type to read into; declare the element type");
        }
        if (type instanceof TypeVariable<?> variable) {
            throw new MarshalFailure("the type variable " + variable + " of " + variable.getGenericDeclaration()
                    + " is not bound to a concrete type here; declare the type argument");
        }
        Class<?> raw = Types.raw(type);
        Codec<?> scalar = SCALARS.get(raw);
        if (scalar != null) {
            return (Codec<Object>) scalar;
        }
        if (raw.isArray()) {
            Type component = type instanceof GenericArrayType array ? array.getGenericComponentType() : raw.getComponentType();
            return new ArrayCodec(raw.getComponentType(), resolve(component));
        }
        if (Enum.class.isAssignableFrom(raw)) {
            // A constant with a body has a class of its own, a subclass of the enum.
            return new EnumCodec(raw.isEnum() ? raw : raw.getSuperclass());
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Type element = typeArgument(type, Collection.class, 0, "collection");
            return (Codec) new CollectionCodec(resolve(element), Containers.collection(raw, Types.raw(element)));
        }
        if (Map.class.isAssignableFrom(raw)) {
            Type key = typeArgument(type, Map.class, 0, "map");
            Type value = typeArgument(type, Map.class, 1, "map");
            return (Codec) new MapCodec(MapKeys.of(Types.raw(key)), resolve(value), Containers.map(raw, Types.raw(key)));
        }
        rejectUnsupported(raw);
        CompositeCodec composite = raw.isRecord() ? new RecordCodec(raw) : new ObjectCodec(raw);
        // Registered before its fields are resolved, so that a field of the same type finds it.
        building.put(type, composite);
        composite.initialize(properties(type, raw.isRecord()));
        return composite;
    }

    private List<Property> properties(Type type, boolean record) {
        List<Property> properties = new ArrayList<>();
        for (Members.Member member : Members.of(type)) {
            try {
                Class<?> raw = Types.raw(member.type());
                boolean mayBeProxy = !SCALARS.containsKey(raw) && !raw.isEnum();
                properties.add(new Property(member.field(), resolve(member.type()), !record, mayBeProxy));
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inField(member.field().getName(), member.field().getDeclaringClass());
            }
        }
        return properties;
    }

    private static Type typeArgument(Type type, Class<?> view, int index, String what) {
        Type argument = Types.argument(type, view, index);
        // A variable left unbound means the type was used raw (List rather than List<String>).
        if (argument == null || argument instanceof TypeVariable<?>) {
            throw new MarshalFailure("the raw " + what + " type " + type.getTypeName()
                    + " does not say what it holds; declare its type arguments");
        }
        return argument;
    }

    private static void rejectUnsupported(Class<?> raw) {
        String name = raw.getName();
        if (raw.isPrimitive() || raw == Object.class || name.startsWith("java.") || name.startsWith("javax.")
                || name.startsWith("jdk.") || name.startsWith("sun.")) {
            throw new MarshalFailure("the type " + name + " is not supported; supported are primitives and their"
                    + " wrappers, String, UUID, BigDecimal, BigInteger, java.time values, enums, byte[], arrays,"
                    + " collections, maps, records and classes of your own (or mark the field @KvSyncIgnore)");
        }
        if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
            throw new MarshalFailure("the type " + name + " is abstract: only declared types are instantiated,"
                    + " never a class named by the bytes, so declare a concrete class");
        }
    }

    private static Map<Class<?>, Codec<?>> scalars() {
        Map<Class<?>, Codec<?>> scalars = new HashMap<>();
        scalars.put(int.class, NumberCodecs.INT);
        scalars.put(Integer.class, NumberCodecs.INT);
        scalars.put(long.class, NumberCodecs.LONG);
        scalars.put(Long.class, NumberCodecs.LONG);
        scalars.put(short.class, NumberCodecs.SHORT);
        scalars.put(Short.class, NumberCodecs.SHORT);
        scalars.put(byte.class, NumberCodecs.BYTE);
        scalars.put(Byte.class, NumberCodecs.BYTE);
        scalars.put(char.class, NumberCodecs.CHAR);
        scalars.put(Character.class, NumberCodecs.CHAR);
        scalars.put(double.class, NumberCodecs.DOUBLE);
        scalars.put(Double.class, NumberCodecs.DOUBLE);
        scalars.put(float.class, NumberCodecs.FLOAT);
        scalars.put(Float.class, NumberCodecs.FLOAT);
        scalars.put(boolean.class, NumberCodecs.BOOLEAN);
        scalars.put(Boolean.class, NumberCodecs.BOOLEAN);
        scalars.put(String.class, TextCodecs.STRING);
        scalars.put(UUID.class, TextCodecs.UUID_CODEC);
        scalars.put(byte[].class, BinaryCodecs.BYTES);
        scalars.put(BigInteger.class, BinaryCodecs.BIG_INTEGER);
        scalars.put(BigDecimal.class, BinaryCodecs.BIG_DECIMAL);
        scalars.put(Instant.class, TimeCodecs.INSTANT);
        scalars.put(Duration.class, TimeCodecs.DURATION);
        scalars.put(LocalDate.class, TimeCodecs.LOCAL_DATE);
        scalars.put(LocalTime.class, TimeCodecs.LOCAL_TIME);
        scalars.put(LocalDateTime.class, TimeCodecs.LOCAL_DATE_TIME);
        scalars.put(OffsetDateTime.class, TimeCodecs.OFFSET_DATE_TIME);
        scalars.put(ZonedDateTime.class, TimeCodecs.ZONED_DATE_TIME);
        return Map.copyOf(scalars);
    }
}
