package io.kopf4j.internal.handling;

import io.kopf4j.Memo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A per-object memo: a thread-safe map (no null keys or values). Kopf: {@code kopf.Memo}. */
public final class RealMemo extends ConcurrentHashMap<String, Object> implements Memo {
    private static final long serialVersionUID = 1L;

    public RealMemo() {
    }

    /**
     * A shallow copy of an operator-wide memo, for one object. An empty one takes no table until something is put
     * (an operator keeps one per object it knows).
     */
    public RealMemo(Map<String, Object> base) {
        super();
        if (!base.isEmpty()) {
            putAll(base);
        }
    }
}
