package io.kvsync.marshal.bson.internal;

import io.kvsync.api.KvSyncIgnore;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which fields of a type are encoded: every instance field of the class and its superclasses
 * (superclass fields first), except static, transient, synthetic ({@code this$0}) and
 * {@link KvSyncIgnore} ones. Each comes with its type as seen from the requested type, so a field
 * {@code ID id} of {@code Base<ID>} has type {@code Long} in {@code User extends Base<Long>}.
 */
final class Members {

    private Members() {
    }

    record Member(Field field, Type type) {
    }

    static List<Member> of(Type type) {
        Deque<Type> chain = new ArrayDeque<>();
        for (Type current = type; current != null && Types.raw(current) != Object.class
                && Types.raw(current) != Record.class; ) {
            chain.addFirst(current);
            Class<?> raw = Types.raw(current);
            Type superclass = raw.getGenericSuperclass();
            current = superclass == null ? null : Types.resolve(superclass, Types.bindings(current));
        }
        List<Member> members = new ArrayList<>();
        Map<String, Field> byName = new HashMap<>();
        for (Type level : chain) {
            for (Field field : Types.raw(level).getDeclaredFields()) {
                if (!encoded(field)) {
                    continue;
                }
                Field clash = byName.put(field.getName(), field);
                if (clash != null) {
                    throw new MarshalFailure("the field name '" + field.getName() + "' is declared both in "
                            + clash.getDeclaringClass().getName() + " and in " + field.getDeclaringClass().getName()
                            + "; rename one or mark one @KvSyncIgnore");
                }
                members.add(new Member(field, Types.resolve(field.getGenericType(), Types.bindings(level))));
            }
        }
        return members;
    }

    private static boolean encoded(Field field) {
        int modifiers = field.getModifiers();
        return !Modifier.isStatic(modifiers)
                && !Modifier.isTransient(modifiers)
                && !field.isSynthetic()
                && !field.isAnnotationPresent(KvSyncIgnore.class);
    }
}
