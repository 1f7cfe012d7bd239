package io.medic.detector.client;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * An informer cache that keeps only what the detector reads, so that ten thousand pods stay cheap to hold:
 * {@code metadata.managedFields} and the {@code kubectl.kubernetes.io/last-applied-configuration} annotation
 * are dropped from every object (in real clusters each is often larger than the rest of the object); a pod
 * keeps of its spec only its restart policy and its containers' names and images (the crash rule's inputs;
 * env, volumes and commands are read from the live object by whoever needs them); and the empty lists and
 * maps the model classes allocate by default are released.
 */
final class LeanItemStore<T extends HasMetadata> extends BasicItemStore<T> {

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c.getName().startsWith(MODEL_PACKAGE); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                        f.setAccessible(true);
                        fields.add(f);
                    }
                }
            }
            return fields;
        }
    };

    LeanItemStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public T put(String key, T object) {
        if (object.getMetadata() != null) {
            object.getMetadata().setManagedFields(null);
            Map<String, String> annotations = object.getMetadata().getAnnotations();
            if (annotations != null) {
                annotations.remove(LAST_APPLIED);
            }
        }
        if (object instanceof Pod pod && pod.getSpec() != null) {
            pod.setSpec(essentials(pod.getSpec()));
        }
        release(object);
        return super.put(key, object);
    }

    private static PodSpec essentials(PodSpec spec) {
        PodSpec lean = new PodSpec();
        lean.setRestartPolicy(spec.getRestartPolicy());
        lean.setContainers(namesAndImages(spec.getContainers()));
        lean.setInitContainers(namesAndImages(spec.getInitContainers()));
        return lean;
    }

    private static List<Container> namesAndImages(List<Container> containers) {
        if (containers == null || containers.isEmpty()) {
            return null;
        }
        List<Container> lean = new ArrayList<>(containers.size());
        for (Container c : containers) {
            Container slim = new Container();
            slim.setName(c.getName());
            slim.setImage(c.getImage());
            lean.add(slim);
        }
        return lean;
    }

    /** Sets the empty collections and maps of a model object graph to null (the getters then return null). */
    static void release(Object object) {
        if (object == null || !object.getClass().getName().startsWith(MODEL_PACKAGE)) {
            return;
        }
        try {
            for (Field f : FIELDS.get(object.getClass())) {
                Object value = f.get(object);
                if (value instanceof Collection<?> items) {
                    if (items.isEmpty()) {
                        f.set(object, null);
                    } else {
                        items.forEach(LeanItemStore::release);
                    }
                } else if (value instanceof Map<?, ?> map) {
                    if (map.isEmpty()) {
                        f.set(object, null);
                    }
                } else {
                    release(value);
                }
            }
        } catch (IllegalAccessException | RuntimeException e) {
            // leaving an object as it came is always safe
        }
    }
}
