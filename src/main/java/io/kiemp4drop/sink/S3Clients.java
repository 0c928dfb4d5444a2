package io.kiemp4drop.sink;

import java.net.URI;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the S3 client the sink and the aws2-s3 endpoint share, from the kie.s3.* settings. */
public final class S3Clients {

    private S3Clients() {
    }

    /**
     * @param checksum {@code when-supported} (the SDK default) or {@code when-required}, for S3-compatible
     *                 servers that reject the SDK's flexible-checksum headers
     */
    public static S3Client create(String region, String endpoint, boolean pathStyle, String accessKey, String secretKey,
            String checksum) {
        boolean whenRequired = switch (checksum.trim().toLowerCase(Locale.ROOT)) {
            case "when-supported" -> false;
            case "when-required" -> true;
            default -> throw new IllegalArgumentException(
                    "kie.s3.checksum must be when-supported or when-required, not '" + checksum + "'");
        };
        AwsCredentialsProvider credentials = accessKey.isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        var builder = S3Client.builder()
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                .credentialsProvider(credentials)
                .requestChecksumCalculation(whenRequired ? RequestChecksumCalculation.WHEN_REQUIRED
                        : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(whenRequired ? ResponseChecksumValidation.WHEN_REQUIRED
                        : ResponseChecksumValidation.WHEN_SUPPORTED);
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.trim()));
        }
        return builder.build();
    }
}
