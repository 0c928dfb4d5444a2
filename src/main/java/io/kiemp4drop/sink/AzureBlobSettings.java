package io.kiemp4drop.sink;

import io.kiemp4drop.validation.ConfigurationProblem;

/**
 * Where the Azure Blob sink writes: kie.azure.account, kie.azure.container, kie.azure.endpoint (empty: the
 * account's public Blob endpoint, or a connection string's) and kie.azure.prefix. Holds no credential. Checked once at start-up.
 */
public record AzureBlobSettings(String account, String container, String endpoint, String prefix) {

    /** @throws ConfigurationProblem without an account or a container (exit code 2) */
    public static AzureBlobSettings of(String account, String container, String endpoint, String prefix) {
        if (account == null || account.isBlank()) {
            throw new ConfigurationProblem("the azure-blob sink needs kie.azure.account");
        }
        if (container == null || container.isBlank()) {
            throw new ConfigurationProblem("the azure-blob sink needs kie.azure.container");
        }
        return new AzureBlobSettings(account.strip(), container.strip(), endpoint == null ? "" : endpoint.strip(),
                prefix == null ? "" : prefix);
    }

    /** The Blob service URL: kie.azure.endpoint, or the account's public endpoint. */
    public String url() {
        return endpoint.isEmpty() ? "https://" + account + ".blob.core.windows.net" : endpoint;
    }
}
