package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.UserInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link UserInfo} injectable, from an admission request's {@code userInfo}. Not API.
 *
 * @param username the user name, or {@code ""}
 * @param uid      the user's uid, or {@code ""}
 * @param groups   the groups
 * @param extra    the extra attributes
 */
record RealUserInfo(String username, String uid, List<String> groups, Map<String, List<String>> extra)
        implements UserInfo {

    RealUserInfo {
        groups = List.copyOf(groups);
        extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    static RealUserInfo of(JsonNode json) {
        List<String> groups = new ArrayList<>();
        json.path("groups").forEach(g -> groups.add(g.asText()));
        Map<String, List<String>> extra = new LinkedHashMap<>();
        json.path("extra").fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> values.add(v.asText()));
            } else if (!e.getValue().isNull()) {
                values.add(e.getValue().asText());
            }
            extra.put(e.getKey(), List.copyOf(values));
        });
        return new RealUserInfo(json.path("username").asText(""), json.path("uid").asText(""), groups, extra);
    }
}
