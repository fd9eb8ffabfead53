package io.kopf4j.embedded.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes-aware version ordering: GA before beta before alpha, higher numbers first, others last by name. Not API. */
final class KubeVersions {
    private static final Pattern KUBE = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    private KubeVersions() {
    }

    /** Negative when {@code a} is preferred over {@code b}. */
    static int compare(String a, String b) {
        Matcher ma = KUBE.matcher(a);
        Matcher mb = KUBE.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
            return ka == kb ? a.compareTo(b) : (ka ? -1 : 1);
        }
        int stageA = stage(ma.group(2));
        int stageB = stage(mb.group(2));
        if (stageA != stageB) {
            return Integer.compare(stageA, stageB);
        }
        int major = Integer.compare(Integer.parseInt(mb.group(1)), Integer.parseInt(ma.group(1)));
        if (major != 0) {
            return major;
        }
        if (ma.group(3) == null) {
            return 0;
        }
        return Integer.compare(Integer.parseInt(mb.group(3)), Integer.parseInt(ma.group(3)));
    }

    private static int stage(String s) {
        return s == null ? 0 : s.equals("beta") ? 1 : 2;
    }
}
