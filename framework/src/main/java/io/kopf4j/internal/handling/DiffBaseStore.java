package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.DiffBaseStorage;
import io.kopf4j.internal.model.DiffBaseCodec;
import io.kopf4j.internal.model.Essence;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.ProgressKeys;
import io.kopf4j.internal.registry.RealPatch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The diff base (the essence last handled) of objects, interpreting the {@link DiffBaseStorage} description of the
 * settings through {@link DiffBaseCodec} and {@link Essence}: builds the current essence, fetches the stored one, and
 * writes a new one into the cycle's patch. Kopf: {@code kopf/_cogs/configs/diffbase.py}.
 */
public final class DiffBaseStore {
    /** One storage: where the essence is kept, and what it leaves out. */
    private record Member(DiffBaseCodec codec, Essence essence) {
    }

    private final List<Member> members;

    private DiffBaseStore(List<Member> members) {
        this.members = List.copyOf(members);
    }

    /** The store for a settings' description; the progress store's keys and fields are never essential. */
    public static DiffBaseStore of(DiffBaseStorage description, ProgressStore progress) {
        Objects.requireNonNull(progress, "progress");
        List<Member> members = new ArrayList<>();
        collect(description, progress, members);
        return new DiffBaseStore(members);
    }

    private static void collect(DiffBaseStorage description, ProgressStore progress, List<Member> out) {
        DiffBaseCodec codec;
        if (description instanceof DiffBaseStorage.Annotations) {
            DiffBaseStorage.Annotations a = (DiffBaseStorage.Annotations) description;
            codec = DiffBaseCodec.annotations(ProgressKeys.of(a.prefix(), a.v1()), a.key());
        } else if (description instanceof DiffBaseStorage.Status) {
            codec = DiffBaseCodec.status(FieldPath.parse(((DiffBaseStorage.Status) description).field()));
        } else if (description instanceof DiffBaseStorage.Multi) {
            for (DiffBaseStorage member : ((DiffBaseStorage.Multi) description).storages()) {
                collect(member, progress, out);
            }
            return;
        } else {
            throw new AssertionError(description);
        }
        List<FieldPath> ignored = new ArrayList<>();
        description.ignoredFields().forEach(f -> ignored.add(FieldPath.parse(f)));
        Essence essence = Essence.defaults().withDiffBase(codec)
                .withProgress(progress.annotationPrefixes(), progress.statusFields())
                .withIgnoredFields(ignored);
        out.add(new Member(codec, essence));
    }

    /** The essence of the body now, keeping the handlers' extra fields (e.g. a {@code status.*} field). */
    public ObjectNode build(JsonNode body, Collection<FieldPath> extraFields) {
        ObjectNode essence = members.get(0).essence().build(body, extraFields);
        for (Member member : members.subList(1, members.size())) {
            essence = member.essence().build(essence, extraFields);
        }
        return essence;
    }

    /**
     * The stored essence (without progress records that slipped into it), or null when never handled.
     *
     * @throws IllegalArgumentException when a stored value cannot be read
     */
    public ObjectNode fetch(JsonNode body) {
        return fetch(body, problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /**
     * The stored essence (without progress records that slipped into it), or null when never handled. A stored value
     * that cannot be read counts as absent after {@code corrupt} is told where it is and what is wrong with it.
     */
    public ObjectNode fetch(JsonNode body, Consumer<String> corrupt) {
        for (Member member : members) {
            JsonNode stored = member.codec().fetch(body, corrupt);
            if (stored != null) {
                JsonNode cleared = stored;
                for (Member m : members) {
                    cleared = m.essence().clear(cleared);
                }
                return (ObjectNode) cleared;
            }
        }
        return null;
    }

    /** Writes the essence into the patch, in every storage. */
    public void store(JsonNode body, RealPatch patch, JsonNode essence) {
        for (Member member : members) {
            DiffBaseCodec codec = member.codec();
            if (codec.inAnnotations()) {
                codec.annotationsToStore(body, essence).forEach(patch.metadata().annotations()::put);
            } else {
                ProgressStore.PatchPaths.put(patch, codec.field().keys(), codec.encode(essence));
            }
        }
    }
}
