package io.kiemp4drop.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kiemp4drop.reports.FailureReports;
import io.kiemp4drop.reports.TaskEndings;
import io.kiemp4drop.store.FinalStates;
import io.kiemp4drop.store.TaskReads;
import java.nio.file.Path;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/** Tasks that end without a video: their report in kie.failed.dir, then their final state. */
public class ReportBeans implements CamelConfiguration {

    @BindToRegistry("failureReports")
    public FailureReports failureReports(@PropertyInject("kie.failed.dir") String failedDir, @BeanInject("kieJson") ObjectMapper json) {
        return new FailureReports(Path.of(failedDir), json);
    }

    @BindToRegistry("taskEndings")
    public TaskEndings taskEndings(TaskReads reads, FinalStates finalStates, FailureReports reports) {
        return new TaskEndings(reads, finalStates, reports);
    }
}
