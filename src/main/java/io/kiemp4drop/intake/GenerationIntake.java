package io.kiemp4drop.intake;

import io.kiemp4drop.store.GenerationLedger;
import io.kiemp4drop.validation.GenerationFields;
import io.kiemp4drop.validation.LogSafe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbox CSV files of songs (header row naming musicTaskId and audioId, optionally author and domainName, in any
 * order): each valid row becomes a generation request, once per song; each refused row is logged with its line
 * number and reason, and listed in the file's .errors.txt.
 */
public class GenerationIntake {

    private static final Logger LOG = LoggerFactory.getLogger(GenerationIntake.class);
    private static final List<String> REQUIRED = List.of("musictaskid", "audioid");

    private final GenerationLedger ledger;
    private final boolean enabled;
    private final long maxFileBytes;

    /** @param enabled kie.generate.callback-url is set: without it a CSV file is refused whole */
    public GenerationIntake(GenerationLedger ledger, boolean enabled, long maxFileBytes) {
        this.ledger = ledger;
        this.enabled = enabled;
        this.maxFileBytes = maxFileBytes;
    }

    /** The file read whole as UTF-8 before anything is stored; refused whole when generation is off, too large, not text or without its header. */
    public GenerationCsv fromCsvFile(Exchange exchange) throws IOException {
        String fileName = LogSafe.quote(exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class));
        if (!enabled) {
            throw new InboxFileRefusedException("inbox file " + fileName + " asks for video generation, which needs "
                    + "kie.generate.callback-url; nothing imported");
        }
        long length = exchange.getMessage().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        if (length > maxFileBytes) {
            throw new InboxFileRefusedException("inbox file " + fileName + " has " + length
                    + " bytes, more than kie.inbox.max-file-bytes (" + maxFileBytes + ")");
        }
        List<GenerationCsv.Row> rows = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Map<String, Integer> columns = null;
        try (InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class);
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            int number = 0;
            for (String line; (line = lines.readLine()) != null; ) {
                number++;
                String text = number == 1 ? line.replace("\uFEFF", "") : line;
                if (text.isBlank() || text.strip().startsWith("#")) {
                    continue;
                }
                List<String> fields = GenerationCsv.fields(text);
                if (columns == null) {
                    columns = header(fields, fileName, number);
                    continue;
                }
                String problem = fields == null ? "a quoted field is not closed" : rowProblem(fields, columns);
                if (problem != null) {
                    refused.add("line " + number + ": " + problem);
                } else {
                    rows.add(new GenerationCsv.Row(number, field(fields, columns, "musictaskid"), field(fields, columns, "audioid"),
                            field(fields, columns, "author"), field(fields, columns, "domainname")));
                }
            }
        } catch (CharacterCodingException e) {
            throw new InboxFileRefusedException("inbox file " + fileName + " is not UTF-8 text; nothing imported");
        } catch (InvalidPayloadException e) {
            throw new IOException("inbox file " + fileName + " could not be read", e);
        }
        if (columns == null) {
            throw new InboxFileRefusedException("inbox file " + fileName + " has no header row; nothing imported");
        }
        return new GenerationCsv("inbox file " + fileName, rows, refused);
    }

    /** Each row becomes a request (the same song again is the same request); each refused row gets one line. */
    public Map<String, Integer> register(GenerationCsv csv) {
        int added = 0;
        int known = 0;
        for (GenerationCsv.Row row : csv.rows()) {
            if (ledger.add(row.musicTaskId(), row.audioId(), row.author(), row.domainName()).added()) {
                added++;
            } else {
                known++;
            }
        }
        csv.refused().forEach(line -> LOG.warn("{} {}: refused, listed in its .errors.txt", csv.origin(), line));
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("added", added);
        counts.put("known", known);
        counts.put("refused", csv.refused().size());
        return counts;
    }

    private static Map<String, Integer> header(List<String> fields, String fileName, int number) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; fields != null && i < fields.size(); i++) {
            columns.putIfAbsent(fields.get(i).toLowerCase(Locale.ROOT), i);
        }
        if (!columns.keySet().containsAll(REQUIRED)) {
            throw new InboxFileRefusedException("inbox file " + fileName + " line " + number + ": the header row must name "
                    + "the columns musicTaskId and audioId (and may name author and domainName); nothing imported");
        }
        return columns;
    }

    private static String rowProblem(List<String> fields, Map<String, Integer> columns) {
        String problem = GenerationFields.problemOf(field(fields, columns, "musictaskid"), field(fields, columns, "audioid"),
                field(fields, columns, "author"), field(fields, columns, "domainname"));
        return problem == null ? null : LogSafe.escape(problem);
    }

    private static String field(List<String> fields, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        if (index == null || index >= fields.size()) {
            return null;
        }
        String value = fields.get(index);
        return value.isEmpty() ? null : value;
    }
}
