package org.arca.registry.storage;

import io.micronaut.context.exceptions.ConfigurationException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.arca.core.Digest;
import org.arca.core.OciError;
import org.arca.core.RegistryException;
import org.arca.registry.config.S3Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs and uploads in an S3 bucket (AWS or any S3-compatible service):
 *
 * <pre>
 * blobs/sha256/ab/abcdef…           one object per blob, written once, never changed
 * uploads/&lt;id&gt;/started            marks an upload in progress
 * uploads/&lt;id&gt;/part-000000…       its bytes so far, in parts of exactly {@code partSize}
 * uploads/&lt;id&gt;/tail-000002        the bytes after the last whole part, here after parts 0 and 1
 * &lt;buffers&gt;/&lt;id&gt;-…               while a chunk is written: its tail, in a local file
 * </pre>
 *
 * An upload's bytes are kept as readable objects rather than as parts of an open multipart upload, because the port
 * reads them back (to rebuild a hash after a restart) and cuts them back (after a failed chunk), and parts of an open
 * multipart upload can be neither read nor shortened. While a chunk is written, less than a part is buffered in a
 * local file, bounded by {@code partSize}, so that no part is below S3's 5 MiB minimum and no blob is held in memory;
 * when the chunk ends, that buffer goes to the bucket as the tail, so that another instance can take the upload over
 * (several instances share a bucket, not a disk). A tail names the number of whole parts it follows and counts only
 * while that is still the number of parts, so that a crash between sending a part and replacing the tail never
 * makes a stale tail look like content. Committing is one multipart upload to the blob's key, each part and the tail
 * copied inside the service; an object appears only when that upload completes, so a reader never sees partial
 * content. Upload ids are UUIDs; keys are built only from them and from validated digests.
 */
public final class S3Storage implements BlobStorage, UploadStorage {
  /** S3's smallest part (all but the last part of a multipart upload). */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(S3Storage.class);
  private static final int DELETE_BATCH = 1000; // the most keys one DeleteObjects request takes

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final long partSize;
  private final Path buffers;
  private final S3Presigner presigner;
  private final Duration redirectValidity;
  private volatile boolean batchDeletes = true;

  /**
   * @param buffers a local directory for the bytes of uploads that do not yet fill a part
   */
  public S3Storage(S3Client s3, String bucket, String prefix, long partSize, Path buffers) throws IOException {
    this(s3, bucket, prefix, partSize, buffers, null, null);
  }

  /**
   * A storage that also hands out presigned URLs for pulls ({@link #redirect}).
   *
   * @param presigner signs the URLs; null to hand none out
   * @param redirectValidity how long a handed-out URL stays valid
   */
  public S3Storage(S3Client s3, String bucket, String prefix, long partSize, Path buffers, S3Presigner presigner,
      Duration redirectValidity) throws IOException {
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("arca.storage.s3.part-size is " + partSize + " bytes; S3 needs at least "
          + MIN_PART_SIZE);
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix == null ? "" : prefix;
    this.partSize = partSize;
    this.buffers = buffers;
    this.presigner = presigner;
    this.redirectValidity = redirectValidity;
    Files.createDirectories(buffers);
  }

  /** A presigner for URLs the same service answers, signed with the same credentials as {@code client}'s requests. */
  public static S3Presigner presigner(URI endpoint, String region, boolean pathStyle,
      AwsCredentialsProvider credentials) {
    S3Presigner.Builder builder = S3Presigner.builder()
        .region(Region.of(region.toLowerCase(Locale.ROOT)))
        // the SDK's own S3Configuration, not Arca's settings record of the same name
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
            .pathStyleAccessEnabled(pathStyle).build())
        .credentialsProvider(credentials);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /**
   * Connects to the bucket {@code s3} names and checks that it can be used, so that a wrong setting fails at start-up
   * rather than at the first push; {@code settings} is the configuration prefix the messages name.
   */
  public static S3Storage connect(S3Configuration s3, String settings, Path buffers) throws IOException {
    if (s3.bucket() == null || s3.bucket().isBlank()) {
      throw new ConfigurationException(settings + ".bucket is not set");
    }
    AwsCredentialsProvider credentials = s3.accessKey() == null
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
    S3Client client = client(s3.endpoint(), s3.region(), s3.pathStyle(), credentials);
    try {
      client.headBucket(b -> b.bucket(s3.bucket()));
    } catch (S3Exception e) {
      client.close();
      throw new ConfigurationException(settings + ".bucket '" + s3.bucket() + "' cannot be used: S3 answered "
          + e.statusCode() + (e.statusCode() == 404 ? " (no such bucket; create it first)" : ""), e);
    }
    S3Presigner presigner = s3.redirectPulls()
        ? presigner(s3.endpoint(), s3.region(), s3.pathStyle(), credentials) : null;
    return new S3Storage(client, s3.bucket(), s3.prefix(), s3.partSize(), buffers, presigner, s3.redirectValidity());
  }

  /**
   * An S3 client as Arca uses it: checksums only where S3 requires them and then as Content-MD5, since many
   * S3-compatible services reject the newer CRC checksums the SDK otherwise sends.
   *
   * @param endpoint the service, or null for AWS
   */
  public static S3Client client(URI endpoint, String region, boolean pathStyle, AwsCredentialsProvider credentials) {
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(region.toLowerCase(Locale.ROOT)))
        .forcePathStyle(pathStyle)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .addPlugin(LegacyMd5Plugin.create())
        .credentialsProvider(credentials);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  private String blobKey(Digest digest) {
    return prefix + "blobs/" + digest.algorithm() + "/" + digest.hex().substring(0, 2) + "/" + digest.hex();
  }

  private String uploadPrefix(String uploadId) {
    if (!isValidId(uploadId)) {
      throw new RegistryException(OciError.BLOB_UPLOAD_UNKNOWN, "unknown upload " + uploadId);
    }
    return prefix + "uploads/" + uploadId + "/";
  }

  private String partKey(String uploadId, int index) {
    return uploadPrefix(uploadId) + String.format("part-%06d", index);
  }

  /** The key of the tail that follows {@code wholeParts} parts. */
  private String tailKey(String uploadId, int wholeParts) {
    return uploadPrefix(uploadId) + String.format("tail-%06d", wholeParts);
  }

  // ---- blobs

  @Override
  public OptionalLong size(Digest digest) throws IOException {
    return objectSize(blobKey(digest));
  }

  @Override
  public InputStream open(Digest digest, long offset) throws IOException {
    if (offset == 0) {
      return get(blobKey(digest), null);
    }
    long size = size(digest).orElseThrow(() -> new NoSuchFileException(blobKey(digest)));
    return open(digest, offset, size - offset);
  }

  @Override
  public InputStream open(Digest digest, long offset, long length) throws IOException {
    if (length <= 0) {
      if (size(digest).isEmpty()) {
        throw new NoSuchFileException(blobKey(digest));
      }
      return InputStream.nullInputStream();
    }
    return get(blobKey(digest), "bytes=" + offset + "-" + (offset + length - 1));
  }

  /** A presigned GET of the blob's object, when this storage was given a presigner; signing asks the service nothing. */
  @Override
  public Optional<URI> redirect(Digest digest) {
    if (presigner == null) {
      return Optional.empty();
    }
    String key = blobKey(digest);
    try {
      return Optional.of(presigner.presignGetObject(b -> b.signatureDuration(redirectValidity)
          .getObjectRequest(r -> r.bucket(bucket).key(key))).url().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("presigned URL for " + key + " is no URI", e);
    }
  }

  @Override
  public void delete(Digest digest) throws IOException {
    call(() -> s3.deleteObject(b -> b.bucket(bucket).key(blobKey(digest))));
  }

  /** In DeleteObjects batches of up to a thousand keys, where the service implements them. */
  @Override
  public void deleteAll(Collection<Digest> digests) throws IOException {
    deleteKeys(digests.stream().map(this::blobKey).toList());
  }

  @Override
  public void forEach(Consumer<Digest> visitor) throws IOException {
    for (S3Object object : list(prefix + "blobs/")) {
      String[] path = object.key().substring(prefix.length() + "blobs/".length()).split("/");
      if (path.length == 3) {
        try {
          visitor.accept(new Digest(path[0], path[2]));
        } catch (RegistryException notABlob) {
          // a stray object is not content; leave it alone
        }
      }
    }
  }

  // ---- uploads

  @Override
  public void create(String uploadId) throws IOException {
    String marker = uploadPrefix(uploadId) + "started";
    call(() -> s3.putObject(b -> b.bucket(bucket).key(marker), RequestBody.empty()));
  }

  @Override
  public long length(String uploadId) throws IOException {
    State state = state(uploadId);
    return state == null ? -1 : state.length();
  }

  @Override
  public Appender append(String uploadId, long offset) throws IOException {
    State state = state(uploadId);
    if (state == null) {
      throw new RegistryException(OciError.BLOB_UPLOAD_UNKNOWN, "upload " + uploadId + " has no data");
    }
    if (state.length() < offset) {
      throw new EOFException("upload " + uploadId + " holds " + state.length() + " bytes, expected " + offset);
    }
    if (state.length() > offset) {
      cut(uploadId, state, offset);
    }
    int wholeParts = (int) (offset / partSize);
    Path buffer = Files.createTempFile(buffers, uploadId + "-", ".tail");
    try {
      if (offset % partSize > 0) {
        try (InputStream tail = get(tailKey(uploadId, wholeParts), null)) {
          Files.copy(tail, buffer, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return new PartAppender(uploadId, wholeParts, buffer);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(buffer);
      throw e;
    }
  }

  /**
   * Writes into a local buffer, sends it as the next part whenever it holds a whole one, and on closing sends what
   * is left as the upload's tail.
   */
  private final class PartAppender implements Appender {
    private final String uploadId;
    private final Path buffer;
    private final FileChannel channel;
    private final int firstPart;
    private int nextPart;
    private boolean written;

    PartAppender(String uploadId, int wholeParts, Path buffer) throws IOException {
      this.uploadId = uploadId;
      this.buffer = buffer;
      this.firstPart = wholeParts;
      this.nextPart = wholeParts;
      this.channel = FileChannel.open(buffer, StandardOpenOption.WRITE);
      channel.position(channel.size());
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
      while (data.hasRemaining()) {
        ByteBuffer slice = data.slice();
        slice.limit((int) Math.min(slice.remaining(), partSize - channel.size()));
        while (slice.hasRemaining()) {
          data.position(data.position() + channel.write(slice));
          written = true;
        }
        if (channel.size() == partSize) {
          String key = partKey(uploadId, nextPart);
          call(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(buffer)));
          nextPart++;
          channel.truncate(0);
          channel.position(0);
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (!channel.isOpen()) {
        return; // closed before (a commit closes its appender, then the chunk does)
      }
      try (channel) {
        if (!written) {
          return;
        }
        if (channel.size() > 0) {
          String key = tailKey(uploadId, nextPart);
          call(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(buffer)));
        }
        if (nextPart > firstPart) {
          deleteKeys(List.of(tailKey(uploadId, firstPart))); // no longer counts; dropped to keep the bucket tidy
        }
      } finally {
        Files.deleteIfExists(buffer);
      }
    }
  }

  @Override
  public void truncate(String uploadId, long size) throws IOException {
    State state = state(uploadId);
    if (state != null && state.length() > size) {
      cut(uploadId, state, size);
    }
  }

  /**
   * Cuts an upload back to {@code size} bytes: the start of the part or tail it ends in becomes the new tail, later
   * parts and other tails go. The new tail is written first, so that a crash midway leaves bytes that still read
   * back correctly up to {@code size}.
   */
  private void cut(String uploadId, State state, long size) throws IOException {
    int keep = (int) (size / partSize);
    long rest = size % partSize;
    if (rest > 0) {
      String from = keep < state.parts() ? partKey(uploadId, keep) : tailKey(uploadId, keep);
      Path buffer = Files.createTempFile(buffers, uploadId + "-", ".cut");
      try {
        try (InputStream in = get(from, "bytes=0-" + (rest - 1))) {
          Files.copy(in, buffer, StandardCopyOption.REPLACE_EXISTING);
        }
        call(() -> s3.putObject(b -> b.bucket(bucket).key(tailKey(uploadId, keep)), RequestBody.fromFile(buffer)));
      } finally {
        Files.deleteIfExists(buffer);
      }
    }
    List<String> drop = new ArrayList<>();
    for (S3Object object : list(uploadPrefix(uploadId))) {
      String name = object.key().substring(uploadPrefix(uploadId).length());
      boolean laterPart = name.startsWith("part-") && partIndex(name) >= keep;
      boolean otherTail = name.startsWith("tail-") && (rest == 0 || partIndex(name) != keep);
      if (laterPart || otherTail) {
        drop.add(object.key());
      }
    }
    // the last parts first, so that a crash midway leaves whole parts from the first one on
    drop.sort(Collections.reverseOrder());
    deleteKeys(drop);
  }

  @Override
  public InputStream read(String uploadId, long length) throws IOException {
    State state = state(uploadId);
    if (state == null) {
      throw new NoSuchFileException("upload " + uploadId);
    }
    InputStream all = new PieceStream(state.parts() + (state.tail() > 0 ? 1 : 0), piece -> piece < state.parts()
        ? get(partKey(uploadId, piece), null) : get(tailKey(uploadId, state.parts()), null));
    return new BoundedInputStream(all, length);
  }

  @Override
  public boolean commit(String uploadId, Digest digest) throws IOException {
    State state = state(uploadId);
    if (state == null) {
      throw new NoSuchFileException("upload " + uploadId);
    }
    String key = blobKey(digest);
    if (objectSize(key).isPresent()) {
      cancel(uploadId); // same digest, same bytes: nothing to write
      return false;
    }
    if (state.parts() == 0 && state.tail() == 0) {
      call(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.empty()));
    } else if (state.parts() == 0) {
      String tail = tailKey(uploadId, 0);
      call(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(tail).destinationBucket(bucket)
          .destinationKey(key)));
    } else {
      completeMultipart(uploadId, state, key);
    }
    cancel(uploadId);
    return true;
  }

  /** Copies the upload's parts and then its tail into a multipart upload of {@code key}, inside the service. */
  private void completeMultipart(String uploadId, State state, String key) throws IOException {
    String multipart = call(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key))).uploadId();
    try {
      List<CompletedPart> done = new ArrayList<>();
      for (int i = 0; i < state.parts(); i++) {
        int number = i + 1;
        String source = partKey(uploadId, i);
        String etag = call(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(source)
            .destinationBucket(bucket).destinationKey(key).uploadId(multipart).partNumber(number)))
            .copyPartResult().eTag();
        done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      if (state.tail() > 0) {
        int number = state.parts() + 1;
        String source = tailKey(uploadId, state.parts());
        String etag = call(() -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(source)
            .destinationBucket(bucket).destinationKey(key).uploadId(multipart).partNumber(number)))
            .copyPartResult().eTag();
        done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      }
      call(() -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(multipart)
          .multipartUpload(CompletedMultipartUpload.builder().parts(done).build())));
    } catch (IOException | RuntimeException e) {
      try {
        call(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(multipart)));
      } catch (IOException | RuntimeException abort) {
        e.addSuppressed(abort);
      }
      throw e;
    }
  }

  @Override
  public void cancel(String uploadId) throws IOException {
    List<String> keys = new ArrayList<>();
    for (S3Object object : list(uploadPrefix(uploadId))) {
      keys.add(object.key());
    }
    // parts first and the marker last, so that a crash in between leaves an upload the purge still finds
    Collections.sort(keys, (a, b) -> Boolean.compare(a.endsWith("/started"), b.endsWith("/started")));
    deleteKeys(keys);
  }

  @Override
  public List<String> modifiedBefore(Instant before) throws IOException {
    Map<String, Instant> lastWritten = new HashMap<>();
    String uploads = prefix + "uploads/";
    for (S3Object object : list(uploads)) {
      String id = object.key().substring(uploads.length()).split("/")[0];
      if (isValidId(id)) {
        lastWritten.merge(id, object.lastModified(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, Instant> upload : lastWritten.entrySet()) {
      Instant written = upload.getValue();
      if (written.isBefore(before) && !bufferedHere(upload.getKey(), before)) {
        stale.add(upload.getKey());
      }
    }
    return stale;
  }

  /** Whether a chunk of the upload is being written on this machine and was written to since {@code before}. */
  private boolean bufferedHere(String uploadId, Instant before) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(buffers, uploadId + "-*")) {
      for (Path file : files) {
        if (Files.getLastModifiedTime(file).toInstant().isAfter(before)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Aborts multipart uploads to blob keys begun before {@code before}: commits a crash cut short. */
  @Override
  public int dropIncompleteCommits(Instant before) throws IOException {
    List<MultipartUpload> incomplete = new ArrayList<>();
    call(() -> {
      s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix + "blobs/")).uploads()
          .forEach(incomplete::add);
      return null;
    });
    int aborted = 0;
    for (MultipartUpload upload : incomplete) {
      if (upload.initiated().isBefore(before)) {
        call(() -> s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
        aborted++;
      }
    }
    return aborted;
  }

  // ---- internals

  private interface PieceOpener {
    InputStream open(int piece) throws IOException;
  }

  /** Pieces read one after the other, each opened only when the one before it is used up: one connection at a time. */
  private static final class PieceStream extends InputStream {
    private final int pieces;
    private final PieceOpener opener;
    private int next;
    private InputStream current;

    PieceStream(int pieces, PieceOpener opener) {
      this.pieces = pieces;
      this.opener = opener;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      while (true) {
        if (current == null) {
          if (next == pieces) {
            return -1;
          }
          current = opener.open(next++);
        }
        int n = current.read(buffer, offset, length);
        if (n >= 0) {
          return n;
        }
        current.close();
        current = null;
      }
    }

    @Override
    public void close() throws IOException {
      if (current != null) {
        current.close();
        current = null;
      }
      next = pieces;
    }
  }

  /** What an upload holds: whole parts from the first on, and the tail that follows them. */
  private record State(int parts, long tail, long partSize) {
    long length() {
      return parts * partSize + tail;
    }
  }

  /** The upload's state, or null when it was never created or is ended. */
  private State state(String uploadId) throws IOException {
    String uploadPrefix = uploadPrefix(uploadId);
    boolean started = false;
    Set<Integer> parts = new HashSet<>();
    Map<Integer, Long> tails = new HashMap<>();
    for (S3Object object : list(uploadPrefix)) {
      String name = object.key().substring(uploadPrefix.length());
      if (name.equals("started")) {
        started = true;
      } else if (name.startsWith("part-")) {
        parts.add(partIndex(name));
      } else if (name.startsWith("tail-")) {
        tails.put(partIndex(name), object.size());
      }
    }
    if (!started) {
      return null;
    }
    int whole = 0;
    while (parts.contains(whole)) {
      whole++; // a gap is what a crash in a cut left: the parts after it no longer count
    }
    return new State(whole, tails.getOrDefault(whole, 0L), partSize);
  }

  /** The number in a part's or tail's name ({@code part-000003}); -1 for a name of another form. */
  private static int partIndex(String name) {
    try {
      return Integer.parseInt(name.substring(name.indexOf('-') + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return -1;
    }
  }

  private OptionalLong objectSize(String key) throws IOException {
    try {
      return OptionalLong.of(call(() -> s3.headObject(b -> b.bucket(bucket).key(key))).contentLength());
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
  }

  private InputStream get(String key, String range) throws IOException {
    return call(() -> s3.getObject(b -> b.bucket(bucket).key(key).range(range)));
  }

  private List<S3Object> list(String keyPrefix) throws IOException {
    List<S3Object> objects = new ArrayList<>();
    call(() -> {
      s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix)).contents().forEach(objects::add);
      return null;
    });
    return objects;
  }

  /**
   * Deletes in batches, as many keys per request as S3 takes; one by one on a service that answers that it does not
   * implement batches (some S3-compatible ones).
   */
  private void deleteKeys(List<String> keys) throws IOException {
    for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH));
      if (batchDeletes) {
        try {
          List<ObjectIdentifier> objects = batch.stream().map(key -> ObjectIdentifier.builder().key(key).build())
              .toList();
          call(() -> s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(objects).quiet(true)
              .build())));
          continue;
        } catch (IOException e) {
          if (!(e.getCause() instanceof S3Exception s3e) || s3e.statusCode() != 501) {
            throw e;
          }
          LOG.info("{} does not implement batch deletes ({}); deleting one object a request", bucket, e.getMessage());
          batchDeletes = false;
        }
      }
      for (String key : batch) {
        call(() -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
      }
    }
  }

  private interface S3Call<T> {
    T run();
  }

  /**
   * Runs a request and turns what the SDK throws into what the port promises: a missing object is a
   * {@link NoSuchFileException}, any other failure an {@link IOException} naming the service's answer.
   */
  private static <T> T call(S3Call<T> request) throws IOException {
    try {
      return request.run();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new NoSuchFileException(e.getMessage());
      }
      throw new IOException("S3 answered " + e.statusCode() + ": " + e.getMessage(), e);
    } catch (SdkException e) {
      throw new IOException("S3 request failed: " + e.getMessage(), e);
    }
  }
}
