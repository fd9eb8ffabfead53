package io.kopf4j;

import java.util.List;
import java.util.Map;

/**
 * Who sent the API request under admission review, as the API server authenticated them ({@code request.userInfo}).
 * Injected into {@link On.Validate} and {@link On.Mutate} handlers. Kopf: {@code userinfo}.
 */
public interface UserInfo {
    /**
     * The user name, e.g. {@code kubernetes-admin} or {@code system:serviceaccount:ns:name}.
     *
     * @return the name, or {@code ""} when the API server sent none
     */
    String username();

    /**
     * The user's uid.
     *
     * @return the uid, or {@code ""} when the API server sent none
     */
    String uid();

    /**
     * The groups the user is in, e.g. {@code system:authenticated}.
     *
     * @return an immutable list, empty when none
     */
    List<String> groups();

    /**
     * Extra attributes the authenticator provided.
     *
     * @return an immutable map, empty when none
     */
    Map<String, List<String>> extra();
}
