/**
 * Reading image layers: digest-checked blob streams, decompression detected by magic bytes, a streaming tar reader
 * that keeps names and extended attributes as raw bytes, and the flattener that applies layers in order with the
 * whiteout, opaque-directory and hard-link rules of the image spec, as umoci applies them.
 *
 * @see <a href="https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md">image spec: layers</a>
 */
package org.arca.converter.layer;
