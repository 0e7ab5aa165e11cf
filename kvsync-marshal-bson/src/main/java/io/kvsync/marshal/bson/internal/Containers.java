package io.kvsync.marshal.bson.internal;

import java.lang.invoke.MethodHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

/**
 * Which collection or map to build for a declared type: the declared class itself when it can be
 * built with no arguments, else the usual implementation of an interface ({@code List} is an
 * {@link ArrayList}, {@code Set} a {@link LinkedHashSet} so that order survives, {@code SortedSet} a
 * {@link TreeSet}...). Nothing is ever chosen from the bytes.
 */
final class Containers {

    private Containers() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Supplier<Collection<Object>> collection(Class<?> declared, Class<?> elementClass) {
        if (EnumSet.class.isAssignableFrom(declared) && elementClass.isEnum()) {
            return () -> (Collection) EnumSet.noneOf((Class) elementClass);
        }
        if (isAbstract(declared)) {
            if (declared.isAssignableFrom(ArrayList.class)) {
                return ArrayList::new;
            }
            if (declared.isAssignableFrom(LinkedHashSet.class)) {
                return LinkedHashSet::new;
            }
            if (declared.isAssignableFrom(TreeSet.class)) {
                return TreeSet::new;
            }
            if (declared.isAssignableFrom(ArrayDeque.class)) {
                return ArrayDeque::new;
            }
        }
        return (Supplier) instantiator(declared);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Supplier<Map<Object, Object>> map(Class<?> declared, Class<?> keyClass) {
        if (declared == EnumMap.class && keyClass.isEnum()) {
            return () -> new EnumMap(keyClass);
        }
        if (isAbstract(declared)) {
            if (declared.isAssignableFrom(LinkedHashMap.class)) {
                return LinkedHashMap::new;
            }
            if (declared.isAssignableFrom(TreeMap.class)) {
                return TreeMap::new;
            }
            if (declared.isAssignableFrom(ConcurrentHashMap.class)) {
                return ConcurrentHashMap::new;
            }
            if (declared.isAssignableFrom(ConcurrentSkipListMap.class)) {
                return ConcurrentSkipListMap::new;
            }
        }
        return (Supplier) instantiator(declared);
    }

    private static boolean isAbstract(Class<?> type) {
        return type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers());
    }

    private static Supplier<Object> instantiator(Class<?> declared) {
        MethodHandle constructor = Reflection.noArgConstructor(declared);
        if (constructor == null) {
            // Fails on reading only: such a field can still be written.
            return () -> {
                throw new MarshalFailure("cannot build a " + declared.getName()
                        + ": it has no no-argument constructor; declare List, Set, Map or a concrete class");
            };
        }
        return () -> {
            try {
                return (Object) constructor.invokeExact();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw MarshalFailure.of(e);
            }
        };
    }
}
