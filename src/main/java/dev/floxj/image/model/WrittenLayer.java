package dev.floxj.image.model;

/**
 * A layer as a destination stored it: the diff ID (digest of the uncompressed tar, for the
 * config) and the blob's descriptor (digest and size of the stored bytes, compressed or not, for
 * the manifest).
 */
public record WrittenLayer(Digest diffId, Descriptor blob) {}
