package io.kopf4j.internal.admission;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate, key and CA files of a webhook server with given certificates: read together, fingerprinted to
 * notice renewals, and turned into the material that is served. Only the fingerprint is kept between checks, not
 * the files' content.
 */
final class WebhookTlsFiles {

    /**
     * The files' content as read at one moment.
     *
     * @param cert the certificate file's bytes
     * @param key the key file's bytes
     * @param ca the CA file's bytes, or null without a CA file
     * @param fingerprint a digest over all of them, to compare with later reads
     */
    record Snapshot(byte[] cert, byte[] key, byte[] ca, byte[] fingerprint) {
        @Override
        public String toString() {
            return "Snapshot[fingerprint]";
        }
    }

    private final Path certFile;
    private final Path pkeyFile;
    private final char[] password;
    private final Path caFile;
    private final byte[] caData;

    WebhookTlsFiles(Path certFile, Path pkeyFile, String password, Path caFile, byte[] caData) {
        this.certFile = certFile;
        this.pkeyFile = pkeyFile;
        this.password = password == null ? null : password.toCharArray();
        this.caFile = caFile;
        this.caData = caData;
    }

    Path certFile() {
        return certFile;
    }

    /**
     * Reads all files.
     *
     * @return their content
     * @throws IllegalArgumentException naming the file that cannot be read
     */
    Snapshot read() {
        byte[] cert = Certificates.readFile(certFile);
        byte[] key = Certificates.readFile(pkeyFile);
        byte[] ca = caFile == null ? null : Certificates.readFile(caFile);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : new byte[][]{cert, key, ca}) {
                int length = part == null ? -1 : part.length;
                digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(length).array());
                if (part != null) {
                    digest.update(part);
                }
            }
            return new Snapshot(cert, key, ca, digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JDK has no SHA-256", e);
        }
    }

    /**
     * Parses the files: the certificate chain, the private key (which must belong to the chain's first
     * certificate), and the CA bundle to report: the given CA data, else the CA file, else the chain's top.
     *
     * @param snapshot the files' content
     * @param alias the name the key manager gives this version
     * @return the material
     * @throws IllegalArgumentException naming the file at fault
     */
    WebhookTlsKeyManager.Material load(Snapshot snapshot, String alias) {
        List<X509Certificate> chain = Certificates.parseCertificates(snapshot.cert(), certFile.toString());
        PrivateKey key = Certificates.parsePrivateKey(snapshot.key(), password, pkeyFile.toString());
        if (!Certificates.matches(key, chain.get(0))) {
            throw new IllegalArgumentException(pkeyFile + ": the private key does not belong to the certificate in "
                    + certFile);
        }
        byte[] bundle;
        if (caData != null) {
            Certificates.parseCertificates(caData, "the webhook server's CA data");
            bundle = caData.clone();
        } else if (snapshot.ca() != null) {
            Certificates.parseCertificates(snapshot.ca(), caFile.toString());
            bundle = snapshot.ca().clone();
        } else {
            bundle = Certificates.pem(List.of(chain.get(chain.size() - 1)));
        }
        return new WebhookTlsKeyManager.Material(alias, key, chain, bundle, snapshot.fingerprint());
    }
}
