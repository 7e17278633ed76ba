package io.virtpath.remote;

import java.nio.file.Path;

/**
 * The bundle every target runs (built by {@code virtpath bundle}).
 *
 * @param tarball the tar.gz on the controller
 * @param sha256 of the tarball's bytes: the target checks its copy against it
 * @param id the tarball's top directory ("virtpath-bundle-<content hash>"): the cache key in targets
 * @param glibc the oldest glibc its runtime runs on
 * @param treeSha256 the unpacked tree's listing hash ({@link BundleListing}): a target checks its
 *     cached copy against it before every use
 */
public record Bundle(Path tarball, String sha256, long bytes, String id, String glibc, String treeSha256) {}
