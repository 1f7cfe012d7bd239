package io.medic.detector.config;

import io.medic.detector.domain.CrashRule;
import io.medic.detector.domain.IncidentBook;
import io.medic.signatures.SignatureCatalog;
import io.medic.signatures.SignatureFileException;
import io.medic.signatures.SignatureMatcher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The detector's plain-Java parts, built once from its configuration. */
@ApplicationScoped
public class DetectorBeans {

    @Produces
    @Singleton
    IncidentBook incidentBook(DetectorConfig config) {
        return new IncidentBook(config.escalationThresholds());
    }

    @Produces
    @Singleton
    CrashRule crashRule(DetectorConfig config) {
        return new CrashRule(config.restartThreshold(), config.quietPeriod());
    }

    /** The built-in catalog plus {@code medic.detector.signatures-file}; an invalid file stops the detector with its reason. */
    @Produces
    @Singleton
    SignatureMatcher signatureMatcher(DetectorConfig config) {
        SignatureCatalog catalog = SignatureCatalog.builtIn();
        if (config.signaturesFile().isPresent()) {
            try {
                catalog = SignatureCatalog.withUserFile(config.signaturesFile().get());
            } catch (SignatureFileException e) {
                throw new IllegalStateException("medic.detector.signatures-file is invalid: " + e.getMessage(), e);
            }
        }
        return new SignatureMatcher(catalog, config.excerptMaxBytes());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
