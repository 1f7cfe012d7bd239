package io.medic.planner.client;

import java.nio.file.Path;

/**
 * A migration source's revision files at one commit, materialized as a plain directory the engine reads.
 *
 * @param commit    the commit as the source resolved it (full id where the source knows it), or null for a
 *                  directory source
 * @param contentId identifies the files' content (a git tree id, a hash of a forge listing): equal ids, equal
 *                  revision graphs
 */
public record Versions(String commit, String contentId, Path directory) {
}
