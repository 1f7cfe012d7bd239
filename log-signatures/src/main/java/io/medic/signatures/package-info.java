/**
 * The log signature catalog, shared by the detector and {@code bin/medic signatures}: {@link
 * io.medic.signatures.SignatureCatalog} (built-in signatures plus a user's file, one YAML format, read by
 * {@link io.medic.signatures.SignatureFile}), {@link io.medic.signatures.SignatureMatcher} (normalise, match,
 * fall back to the last exception line), {@link io.medic.signatures.Redactor} and {@link
 * io.medic.signatures.LogTail} (bounded reading of a log's end). Plain Java: no Quarkus, Kafka or Kubernetes.
 */
package io.medic.signatures;
