package io.kopf4j;

/**
 * The state before the change: the old essence for update handlers, the field's old value for field handlers
 * ({@link View#json()} is {@code null}-node when there was none). Kopf: {@code old}.
 */
public interface Old extends View {
}
