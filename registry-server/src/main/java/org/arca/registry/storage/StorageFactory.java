package org.arca.registry.storage;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.config.S3Configuration;
import org.arca.registry.config.StorageConfiguration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Blob and upload storage: in the data directory ({@code arca.storage.backend=filesystem}) or in an S3 bucket. */
@Factory
class StorageFactory {
  @Singleton
  @Requires(property = "arca.storage.backend", notEquals = "s3")
  FileSystemStorage fileSystemStorage(ArcaConfiguration config, StorageConfiguration storage) throws IOException {
    if (!"filesystem".equals(storage.backend())) {
      throw new ConfigurationException("arca.storage.backend is '" + storage.backend() + "'; it must be filesystem or s3");
    }
    return new FileSystemStorage(config.dataDir(), storage.zeroCopy());
  }

  @Singleton
  @Requires(property = "arca.storage.backend", value = "s3")
  S3Storage s3Storage(ArcaConfiguration config, S3Configuration s3) throws IOException {
    if (s3.bucket() == null || s3.bucket().isBlank()) {
      throw new ConfigurationException("arca.storage.backend is s3 but arca.storage.s3.bucket is not set");
    }
    AwsCredentialsProvider credentials = s3.accessKey() == null
        ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
    S3Client client = S3Storage.client(s3.endpoint(), s3.region(), s3.pathStyle(), credentials);
    try {
      client.headBucket(b -> b.bucket(s3.bucket()));
    } catch (S3Exception e) {
      client.close();
      throw new ConfigurationException("arca.storage.s3.bucket '" + s3.bucket() + "' cannot be used: S3 answered "
          + e.statusCode() + (e.statusCode() == 404 ? " (no such bucket; create it first)" : ""), e);
    }
    S3Presigner presigner = s3.redirectPulls()
        ? S3Storage.presigner(s3.endpoint(), s3.region(), s3.pathStyle(), credentials) : null;
    return new S3Storage(client, s3.bucket(), s3.prefix(), s3.partSize(), config.dataDir().resolve("upload-buffers"),
        presigner, s3.redirectValidity());
  }
}
