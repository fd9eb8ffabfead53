package io.kopf4j;

import org.slf4j.Logger;

/** Everything a handler may be given, for handlers written as lambdas ({@link Handler}). */
public interface HandlerContext {
    Body body();

    Spec spec();

    Meta meta();

    Status status();

    Patch patch();

    Diff diff();

    Old old();

    New newValue();

    Reason reason();

    Retry retry();

    Started started();

    Runtime runtime();

    Logger logger();

    Memo memo();

    Param param();

    Resource resource();

    Events events();

    Subhandlers subhandlers();

    /** The raw watch event for event handlers ({@link On.Event}, {@code Registry.onEvent}); null for others. */
    default RawEvent rawEvent() {
        return null;
    }
}
