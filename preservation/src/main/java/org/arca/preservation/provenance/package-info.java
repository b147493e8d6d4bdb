/**
 * The provenance graph of images: records of what each image was made from (base images, build materials, the image
 * a SIF was converted from, the images a composition took layers from), the store the server keeps them in, the
 * recorder that derives them from labels and attestations, and ancestor/descendant queries.
 */
package org.arca.preservation.provenance;
