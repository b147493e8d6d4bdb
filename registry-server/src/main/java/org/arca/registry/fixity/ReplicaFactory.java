package org.arca.registry.fixity;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import org.arca.registry.config.ArcaConfiguration;
import org.arca.registry.config.S3Configuration;
import org.arca.registry.storage.FileSystemStorage;
import org.arca.registry.storage.S3Storage;

/** The replica store named by {@code arca.fixity.replica.backend}; no bean when it is unset. */
@Factory
class ReplicaFactory {
  @Singleton
  @Requires(property = "arca.fixity.replica.backend")
  Replica replica(ReplicaConfiguration replica, ArcaConfiguration config) throws IOException {
    switch (replica.backend()) {
      case "filesystem" -> {
        if (replica.path() == null) {
          throw new ConfigurationException("arca.fixity.replica.backend is filesystem but arca.fixity.replica.path"
              + " is not set");
        }
        if (replica.path().toAbsolutePath().normalize().equals(config.dataDir().toAbsolutePath().normalize())) {
          throw new ConfigurationException("arca.fixity.replica.path is the data directory; a replica must be"
              + " another copy");
        }
        FileSystemStorage storage = new FileSystemStorage(replica.path());
        return new Replica("replica:" + replica.path().toAbsolutePath().normalize(), storage, storage);
      }
      case "s3" -> {
        S3Storage storage = S3Storage.connect(new S3Configuration(replica.bucket(), replica.endpoint(),
            replica.region(), replica.pathStyle(), replica.accessKey(), replica.secretKey(), replica.prefix(),
            replica.partSize(), false, Duration.ZERO), "arca.fixity.replica", config.dataDir().resolve("replica-upload-buffers"));
        return new Replica("replica:s3://" + replica.bucket() + "/" + replica.prefix(), storage, storage);
      }
      default -> throw new ConfigurationException("arca.fixity.replica.backend is '" + replica.backend()
          + "'; it must be filesystem or s3");
    }
  }
}
