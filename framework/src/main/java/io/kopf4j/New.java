package io.kopf4j;

/** The state after the change (the new essence, or the field's new value). Kopf: {@code new}. */
public interface New extends View {
}
