package io.kvsync.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field that marshalers must neither write nor read: it is absent from the stored bytes and
 * keeps its default value in fetched objects. Every {@link io.kvsync.spi.Marshaler} honours it, as it
 * honours {@code transient}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface KvSyncIgnore {
}
