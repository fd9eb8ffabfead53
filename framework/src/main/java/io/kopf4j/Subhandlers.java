package io.kopf4j;

/**
 * Registers sub-handlers from inside a handler, each with its own progress ({@code parent/child} ids). Registered
 * sub-handlers run after the parent returns, with the parent finished only when all of them are; {@link #execute()}
 * runs the ones registered so far at once, inside the parent. Kopf: {@code @kopf.subhandler}, {@code kopf.execute}.
 */
public interface Subhandlers {
    /** Registers a sub-handler under {@code id} (unique within the parent). */
    void register(String id, Handler handler);

    /** Runs the registered sub-handlers now; throws when any of them is not finished yet (to retry the parent). */
    void execute() throws Exception;
}
