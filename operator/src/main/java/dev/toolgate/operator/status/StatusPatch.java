package dev.toolgate.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;

import java.util.function.Supplier;

/**
 * What a reconciler hands JOSDK to write a status: a new object holding only name, namespace and the status. JOSDK
 * sends it as a server-side apply of the status subresource; the cached object it was derived from would carry
 * {@code metadata.resourceVersion}, which the API server treats as a precondition and answers 409 Conflict as soon as
 * anything else (an earlier status write, a dependent's event) has moved the object on. Without it the apply always
 * lands, and the field manager's ownership of the status fields does the rest.
 */
public final class StatusPatch {
    private StatusPatch() {
    }

    public static <S, R extends CustomResource<?, S>> R of(Supplier<R> empty, R resource, S status) {
        R patch = empty.get();
        patch.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace()).build());
        patch.setStatus(status);
        return patch;
    }
}
