package io.medic.signatures;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signatures a log is matched against: users' signatures first (one with a built-in's id replaces it),
 * then the built-in ones, loaded from {@code builtin-signatures.yaml} in the same format users write.
 */
public final class SignatureCatalog {

    static final String BUILT_IN_RESOURCE = "builtin-signatures.yaml";
    private static final SignatureCatalog BUILT_IN = new SignatureCatalog(loadBuiltIn());

    private final List<Signature> signatures;

    private SignatureCatalog(List<Signature> signatures) {
        this.signatures = List.copyOf(signatures);
    }

    public static SignatureCatalog builtIn() {
        return BUILT_IN;
    }

    /** The built-in catalog plus the signatures of a user's file. */
    public static SignatureCatalog withUserFile(Path file) throws SignatureFileException {
        return BUILT_IN.plus(SignatureFile.read(file));
    }

    /** This catalog with {@code user} signatures in front; a user signature replaces a built-in of the same id. */
    public SignatureCatalog plus(List<Signature> user) {
        Map<String, Signature> byId = new LinkedHashMap<>();
        user.forEach(s -> byId.put(s.id(), s));
        signatures.forEach(s -> byId.putIfAbsent(s.id(), s));
        return new SignatureCatalog(new ArrayList<>(byId.values()));
    }

    public List<Signature> signatures() {
        return signatures;
    }

    private static List<Signature> loadBuiltIn() {
        try (InputStream in = SignatureCatalog.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN_RESOURCE + " is missing from the classpath");
            }
            return SignatureFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SignatureFileException e) {
            throw new IllegalStateException("the built-in catalog is invalid: " + e.getMessage(), e);
        }
    }
}
