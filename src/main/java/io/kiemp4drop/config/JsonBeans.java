package io.kiemp4drop.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/** JSON where Java writes or reads it itself (sidecars, reports, stored records, record-info answers, callbacks). */
public class JsonBeans implements CamelConfiguration {

    /** The one ObjectMapper of the bundle's beans. Reading is bounded: a hostile answer cannot nest or grow without limit. */
    @BindToRegistry("kieJson")
    public ObjectMapper kieJson() {
        return new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxStringLength(64 * 1024)
                        .maxNumberLength(32)
                        .build())
                .build());
    }
}
