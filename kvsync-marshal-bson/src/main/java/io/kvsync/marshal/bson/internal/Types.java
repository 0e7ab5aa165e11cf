package io.kvsync.marshal.bson.internal;

import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Generic type arithmetic: raw classes, substitution of type variables (so that {@code Base<ID>}'s
 * field {@code ID id} reads as {@code Long} in {@code User extends Base<Long>}), and type arguments of
 * supertypes (the element type of {@code class Tags extends ArrayList<String>}).
 */
final class Types {

    private Types() {
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType a) {
            return Array.newInstance(raw(a.getGenericComponentType()), 0).getClass();
        }
        if (type instanceof WildcardType w) {
            return raw(w.getUpperBounds()[0]);
        }
        if (type instanceof TypeVariable<?> v) {
            return raw(v.getBounds()[0]);
        }
        throw new MarshalFailure("unsupported kind of type " + type);
    }

    /** The variables of {@code type}'s raw class bound to its arguments; empty for a plain class. */
    static Map<TypeVariable<?>, Type> bindings(Type type) {
        if (!(type instanceof ParameterizedType p)) {
            return Map.of();
        }
        TypeVariable<?>[] variables = raw(p).getTypeParameters();
        Type[] arguments = p.getActualTypeArguments();
        Map<TypeVariable<?>, Type> bindings = new HashMap<>();
        for (int i = 0; i < variables.length; i++) {
            bindings.put(variables[i], arguments[i]);
        }
        return bindings;
    }

    /**
     * Replaces bound type variables in {@code type}; a wildcard becomes its upper bound (what may be
     * read from it). Unbound variables stay, and fail later with a message naming them.
     */
    static Type resolve(Type type, Map<TypeVariable<?>, Type> bindings) {
        if (type instanceof TypeVariable<?> v) {
            Type bound = bindings.get(v);
            return bound == null ? v : resolve(bound, Map.of());
        }
        if (type instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return w;
            }
            return resolve(w.getUpperBounds()[0], bindings);
        }
        if (type instanceof GenericArrayType a) {
            Type component = resolve(a.getGenericComponentType(), bindings);
            return component instanceof Class<?> c ? Array.newInstance(c, 0).getClass() : new ArrayType(component);
        }
        if (type instanceof ParameterizedType p) {
            Type[] arguments = p.getActualTypeArguments().clone();
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = resolve(arguments[i], bindings);
            }
            return new Parameterized(raw(p), p.getOwnerType(), arguments);
        }
        return type;
    }

    /**
     * The parameterization of {@code target} that {@code type} extends or implements, its variables
     * resolved: for {@code Tags extends ArrayList<String>} and {@code Collection}, {@code Collection<String>}.
     * The raw {@code target} when {@code type} uses it raw; null when {@code type} is no subtype.
     */
    static Type supertype(Type type, Class<?> target) {
        Class<?> raw = raw(type);
        if (raw == target) {
            return type;
        }
        if (!target.isAssignableFrom(raw)) {
            return null;
        }
        Map<TypeVariable<?>, Type> bindings = bindings(type);
        for (Type direct : raw.getGenericInterfaces()) {
            Type found = supertype(resolve(direct, bindings), target);
            if (found != null) {
                return found;
            }
        }
        Type superclass = raw.getGenericSuperclass();
        return superclass == null ? null : supertype(resolve(superclass, bindings), target);
    }

    /** Argument {@code index} of {@code type}'s view as {@code target}; null when used raw. */
    static Type argument(Type type, Class<?> target, int index) {
        Type view = supertype(type, target);
        return view instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : null;
    }

    /** A parameterized type built by substitution; equal to the JDK's own for the same type. */
    private static final class Parameterized implements ParameterizedType {
        private final Class<?> raw;
        private final Type owner;
        private final Type[] arguments;

        Parameterized(Class<?> raw, Type owner, Type[] arguments) {
            this.raw = raw;
            this.owner = owner;
            this.arguments = arguments;
        }

        @Override
        public Type[] getActualTypeArguments() {
            return arguments.clone();
        }

        @Override
        public Type getRawType() {
            return raw;
        }

        @Override
        public Type getOwnerType() {
            return owner;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ParameterizedType that
                    && raw.equals(that.getRawType())
                    && Objects.equals(owner, that.getOwnerType())
                    && Arrays.equals(arguments, that.getActualTypeArguments());
        }

        @Override
        public int hashCode() {
            // The JDK's formula, so that equal types from either source share a cache entry.
            return Arrays.hashCode(arguments) ^ Objects.hashCode(owner) ^ raw.hashCode();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(raw.getName()).append('<');
            for (int i = 0; i < arguments.length; i++) {
                text.append(i == 0 ? "" : ", ").append(arguments[i].getTypeName());
            }
            return text.append('>').toString();
        }
    }

    /** A generic array type built by substitution, e.g. {@code List<String>[]}. */
    private static final class ArrayType implements GenericArrayType {
        private final Type component;

        ArrayType(Type component) {
            this.component = component;
        }

        @Override
        public Type getGenericComponentType() {
            return component;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof GenericArrayType that && component.equals(that.getGenericComponentType());
        }

        @Override
        public int hashCode() {
            return component.hashCode();
        }

        @Override
        public String toString() {
            return component.getTypeName() + "[]";
        }
    }
}
