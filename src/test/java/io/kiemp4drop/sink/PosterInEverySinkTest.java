package io.kiemp4drop.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import io.kiemp4drop.model.TaskState;
import io.kiemp4drop.support.Azurite;
import io.kiemp4drop.support.BundleRouteTest;
import io.kiemp4drop.support.RealMp4s;
import io.kiemp4drop.support.S3Server;
import io.kiemp4drop.support.Settings;
import io.kiemp4drop.support.SftpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * A poster frame (Debian's ffmpeg) reaches every built-in sink as a third object, {object name}.jpg with its image
 * content type, before the sidecar: the drop folder, S3 (S3Proxy), SFTP (MINA SSHD) and Azure Blob (Azurite).
 */
@Settings({"kie.sinks=file,s3,sftp,azure-blob", "kie.media.ffmpeg=ffmpeg", "kie.media.poster=true",
        "kie.media.poster-width=200", "kie.s3.bucket=posters", "kie.s3.path-style=true", "kie.s3.auto-create-bucket=true",
        "kie.s3.access-key=" + S3Server.IDENTITY, "kie.s3.secret-key=" + S3Server.CREDENTIAL, "kie.sftp.host=127.0.0.1",
        "kie.sftp.username=" + SftpServer.USER, "kie.sftp.password=" + SftpServer.PASSWORD, "kie.sftp.directory=posters",
        "kie.azure.account=" + Azurite.ACCOUNT, "kie.azure.container=posters", "kie.azure.access-key=" + Azurite.KEY})
class PosterInEverySinkTest extends BundleRouteTest {

    @TempDir
    static Path servers;
    private static S3Server s3;
    private static SftpServer sftp;
    private static Azurite azurite;

    @BeforeAll
    static void startServers() throws Exception {
        s3 = new S3Server(Files.createDirectories(servers.resolve("s3"))).start();
        sftp = new SftpServer(servers.resolve("sftp")).start();
        azurite = new Azurite().start();
        azurite.client().getBlobContainerClient("posters").create();
    }

    @AfterAll
    static void stopServers() throws Exception {
        s3.close();
        sftp.close();
        azurite.close();
    }

    @Override
    protected void moreSettings(Map<String, String> settings) {
        settings.put("kie.s3.endpoint", s3.endpoint());
        settings.put("kie.sftp.port", String.valueOf(sftp.port()));
        try {
            settings.put("kie.sftp.known-hosts-file", sftp.writeKnownHosts(servers.resolve("known_hosts")).toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        settings.put("kie.azure.endpoint", azurite.endpoint());
    }

    @Test
    void thePosterLandsInEverySinkBeforeTheSidecar() throws Exception {
        kie.video("/files/t-p.mp4", Files.readAllBytes(RealMp4s.h264AacFaststart()));
        kie.pendingThen("t-p", 0, kie.success("t-p", "/files/t-p.mp4"));

        startWithTasks("t-p");
        awaitState("t-p", TaskState.DELIVERED);

        assertPoster(Files.readAllBytes(drop().resolve("t-p.jpg")));
        try (S3Client client = s3.client()) {
            ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(b -> b.bucket("posters").key("t-p.jpg"));
            assertThat(object.response().contentType()).isEqualTo("image/jpeg");
            assertPoster(object.asByteArray());
        }
        assertPoster(Files.readAllBytes(sftp.root().resolve("posters/t-p.jpg")));
        assertThat(sftp.writtenFiles()).as("the order the SFTP server saw the uploads in")
                .containsExactly("posters/.t-p.jpg.part", "posters/.t-p.json.part", "posters/.t-p.mp4.part");
        BlobContainerClient container = azurite.client().getBlobContainerClient("posters");
        assertThat(container.getBlobClient("t-p.jpg").getProperties().getContentType()).isEqualTo("image/jpeg");
        assertPoster(container.getBlobClient("t-p.jpg").downloadContent().toBytes());
    }

    private static void assertPoster(byte[] jpeg) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat(image).as("a JPEG javax.imageio can decode").isNotNull();
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(150);
    }
}
