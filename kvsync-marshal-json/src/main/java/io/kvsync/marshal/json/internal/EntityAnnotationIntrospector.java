package io.kvsync.marshal.json.internal;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import io.kvsync.api.KvSyncIgnore;

import java.util.List;

/**
 * Jackson's own annotations, plus {@link KvSyncIgnore} as an ignore marker, minus every form of
 * polymorphic type handling: a {@code @JsonTypeInfo} on an entity would otherwise let the stored bytes
 * name the class to instantiate, which the marshaler contract forbids. Thread-safe (stateless).
 */
public final class EntityAnnotationIntrospector extends JacksonAnnotationIntrospector {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean hasIgnoreMarker(AnnotatedMember member) {
        return member.hasAnnotation(KvSyncIgnore.class) || super.hasIgnoreMarker(member);
    }

    @Override
    public JsonTypeInfo.Value findPolymorphicTypeInfo(MapperConfig<?> config, Annotated annotated) {
        return null;
    }

    @Override
    public TypeResolverBuilder<?> findTypeResolver(MapperConfig<?> config, AnnotatedClass type, JavaType baseType) {
        return null;
    }

    @Override
    public TypeResolverBuilder<?> findPropertyTypeResolver(MapperConfig<?> config, AnnotatedMember member, JavaType baseType) {
        return null;
    }

    @Override
    public TypeResolverBuilder<?> findPropertyContentTypeResolver(MapperConfig<?> config, AnnotatedMember member,
            JavaType containerType) {
        return null;
    }

    @Override
    public List<NamedType> findSubtypes(Annotated annotated) {
        return null;
    }
}
