package io.kopf4j;

/** Why a change handler runs. Kopf: {@code reason}. */
public enum Reason {
    CREATE, UPDATE, DELETE, RESUME, NOOP
}
