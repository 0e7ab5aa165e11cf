package io.kvsync.marshal.json.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import io.kvsync.spi.LazyLoadGuard;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes every bean property ask the {@link LazyLoadGuard} first: an unloaded value (an ORM proxy or
 * lazy collection nobody initialized) is skipped instead of being read, which would run a query or
 * write a hollow proxy; an initialized proxy is written as the object behind it. Thread-safe.
 */
public final class LazyLoadGuardModifier extends BeanSerializerModifier {

    private static final long serialVersionUID = 1L;

    private final LazyLoadGuard guard;

    public LazyLoadGuardModifier(LazyLoadGuard guard) {
        this.guard = guard;
    }

    @Override
    public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription description,
                                                     List<BeanPropertyWriter> properties) {
        List<BeanPropertyWriter> guarded = new ArrayList<>(properties.size());
        for (BeanPropertyWriter property : properties) {
            boolean primitive = property.getType().isPrimitive();
            guarded.add(primitive ? property : new GuardedPropertyWriter(property, guard));
        }
        return guarded;
    }

    /** A property writer that skips unloaded values and writes initialized proxies as their target. */
    static final class GuardedPropertyWriter extends BeanPropertyWriter {

        private static final long serialVersionUID = 1L;

        private final transient LazyLoadGuard guard;

        GuardedPropertyWriter(BeanPropertyWriter base, LazyLoadGuard guard) {
            super(base);
            this.guard = guard;
        }

        @Override
        public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider provider) throws Exception {
            Object value = get(bean);
            if (value == null) {
                super.serializeAsField(bean, gen, provider);
                return;
            }
            if (guard.isUnloaded(value)) {
                return;
            }
            Object target = guard.unproxy(value);
            if (target == value) {
                super.serializeAsField(bean, gen, provider);
                return;
            }
            gen.writeFieldName(getName());
            provider.findTypedValueSerializer(target.getClass(), true, this).serialize(target, gen, provider);
        }
    }
}
