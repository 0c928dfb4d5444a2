package io.kiemp4drop.embed;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * One kie.ai source: its options are the Kamelet's properties (see the Kamelet for their meaning and defaults).
 * The defaults here are the bundle's, for a route that uses {@code kie-mp4:} directly.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "kie-mp4", title = "kie.ai music videos", syntax = "kie-mp4:name",
        consumerOnly = true, category = {Category.CLOUD})
public class KieSourceEndpoint extends DefaultEndpoint {

    @UriPath(description = "Names this source in logs")
    @Metadata(required = true)
    private final String name;
    @UriParam(label = "security", secret = true)
    @Metadata(required = true)
    private String apiKey;
    @UriParam
    private String taskIds;
    @UriParam(defaultValue = "https://api.kie.ai")
    private String baseUrl;
    @UriParam(defaultValue = "30s")
    private String pollPeriod;
    @UriParam(defaultValue = "2")
    private String maxRequestsPerSecond;
    @UriParam(defaultValue = "./kie-state")
    private String stateDir = "./kie-state";
    @UriParam(label = "store")
    private String jdbcUrl;
    @UriParam(label = "store")
    private String username;
    @UriParam(label = "store,security", secret = true)
    private String password;
    @UriParam(label = "security", defaultValue = "false")
    private String allowHttp;
    @UriParam(label = "security")
    private String allowedHosts;
    @UriParam(defaultValue = "{taskId}")
    private String objectName;
    @UriParam
    private String maxBytes;
    @UriParam
    private String notifyUri;
    @UriParam(defaultValue = "30s")
    private String retryDelay;

    KieSourceEndpoint(String uri, KieSourceComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = new KieSourceConsumer(this, processor, settings());
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("kie-mp4 is a source: use it in from, not in to");
    }

    SourceSettings settings() {
        return new SourceSettings(name, apiKey, taskIds, baseUrl, pollPeriod, maxRequestsPerSecond, stateDir, jdbcUrl,
                username, password, allowHttp, allowedHosts, objectName, maxBytes, notifyUri, retryDelay);
    }

    public String getName() {
        return name;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getTaskIds() {
        return taskIds;
    }

    public void setTaskIds(String taskIds) {
        this.taskIds = taskIds;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getPollPeriod() {
        return pollPeriod;
    }

    public void setPollPeriod(String pollPeriod) {
        this.pollPeriod = pollPeriod;
    }

    public String getMaxRequestsPerSecond() {
        return maxRequestsPerSecond;
    }

    public void setMaxRequestsPerSecond(String maxRequestsPerSecond) {
        this.maxRequestsPerSecond = maxRequestsPerSecond;
    }

    public String getStateDir() {
        return stateDir;
    }

    public void setStateDir(String stateDir) {
        this.stateDir = stateDir;
    }

    public String getJdbcUrl() {
        return jdbcUrl;
    }

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getAllowHttp() {
        return allowHttp;
    }

    public void setAllowHttp(String allowHttp) {
        this.allowHttp = allowHttp;
    }

    public String getAllowedHosts() {
        return allowedHosts;
    }

    public void setAllowedHosts(String allowedHosts) {
        this.allowedHosts = allowedHosts;
    }

    public String getObjectName() {
        return objectName;
    }

    public void setObjectName(String objectName) {
        this.objectName = objectName;
    }

    public String getMaxBytes() {
        return maxBytes;
    }

    public void setMaxBytes(String maxBytes) {
        this.maxBytes = maxBytes;
    }

    public String getNotifyUri() {
        return notifyUri;
    }

    public void setNotifyUri(String notifyUri) {
        this.notifyUri = notifyUri;
    }

    public String getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(String retryDelay) {
        this.retryDelay = retryDelay;
    }
}
