package io.github.lossdive.cli;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's result as one CSV file ({@code --output PATH.csv}): a header, then one line per group
 * in the layout of {@link GroupColumns}, the same as a table output's. RFC 4180, through
 * univocity's writer (Spark's own CSV engine): a field with a comma, quote or line break is quoted;
 * a null key is an empty field, an empty string {@code ""}, the text {@code null} stays
 * {@code null}.
 */
final class CsvReport {
  private CsvReport() {}

  static String render(JobResult result) {
    GroupColumns columns = GroupColumns.of(result);
    StringWriter text = new StringWriter();
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.getFormat().setLineSeparator("\n");
    settings.setNullValue(null);
    settings.setEmptyValue("\"\"");
    settings.setQuoteEscapingEnabled(true);
    CsvWriter csv = new CsvWriter(text, settings);
    csv.writeRow(columns.header().toArray());
    for (JobResult.Group g : result.groups()) {
      List<Object> cells = new ArrayList<>();
      for (Object v : columns.values(g)) {
        cells.add(v == null ? null : String.valueOf(v));
      }
      csv.writeRow(cells.toArray());
    }
    csv.close();
    return text.toString();
  }
}
